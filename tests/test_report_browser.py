"""The HTML report in a real browser: headless Debian Chromium driven by Selenium.

Needs ``apt-get install -y chromium chromium-driver`` (and a CJK font for a
readable screenshot: ``fonts-noto-cjk``; without one the fonts of the
``plot`` extra are handed to Chromium through fontconfig).  Skipped with the
reason when Chromium is absent, unless ``CI`` is set: then it fails.

Screenshots and timings go to ``$ARGMINE_ARTIFACTS`` (default
``tests/artifacts/``, git-ignored); load times are logged, not asserted.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import time
from pathlib import Path

import pytest


pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpora"
CHROMIUM = os.environ.get("ARGMINE_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("ARGMINE_CHROMEDRIVER", "/usr/bin/chromedriver")
ARTIFACTS = Path(os.environ.get("ARGMINE_ARTIFACTS", ROOT / "tests" / "artifacts"))
INSTALL = "apt-get install -y chromium chromium-driver fonts-noto-cjk && pip install selenium"
FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--window-size=1280,1600", "--lang=zh-CN",
)
SCRIPT_INJECTION = "<script>window.__pwned=1;alert(1)</script>"
IMG_INJECTION = "<img src=x onerror=\"window.__pwned=2\">"
#: 5 MB of UTF-8 input for the load-time log (the corpus repeated).
BIG_BYTES = 5 * 1024 * 1024


def _missing() -> str | None:
    if importlib.util.find_spec("selenium") is None:
        return "selenium is not installed"
    for exe in (CHROMIUM, CHROMEDRIVER):
        if not (Path(exe).is_file() and os.access(exe, os.X_OK)):
            return f"{exe} not found"
    return None


def _require_browser() -> None:
    why = _missing()
    if why is None:
        return
    message = f"{why}; install with: {INSTALL}"
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but the browser test cannot run: {message}")
    pytest.skip(message)


def _fontconfig(tmp: Path) -> dict[str, str]:
    """Environment for Chromium: the system fonts plus the CJK fonts of the plot extra, if installed."""
    spec = importlib.util.find_spec("mplfonts")
    if spec is None or not spec.submodule_search_locations:
        return {}
    fonts = Path(list(spec.submodule_search_locations)[0]) / "fonts"
    conf = tmp / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{fonts}</dir>\n  <cachedir>{tmp / 'fc-cache'}</cachedir>\n</fontconfig>\n",
        encoding="utf-8",
    )
    return {"FONTCONFIG_FILE": str(conf)}


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    _require_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    tmp = tmp_path_factory.mktemp("chromium")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp / 'profile'}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    env = {**os.environ, **_fontconfig(tmp)}
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER, env=env), options=options)
    driver.set_page_load_timeout(120)
    try:
        yield driver
    finally:
        driver.quit()


def _model():
    """The packaged model when it is built, else the ``lexicon`` backend."""
    from argmine.classify import MODEL_CONFIG, default_model_path

    return None if (default_model_path() / MODEL_CONFIG).is_file() else "lexicon"


def corpus_analysis():
    """``argmine.analyze`` on ``corpora/`` plus a hostile comment document, through the real pipeline."""
    import argmine

    hostile = argmine.Document(
        id="hostile", text=f"评论:{SCRIPT_INJECTION}财不外露。\n评论:{IMG_INJECTION}支付宝功能太多了。\n",
        source="hostile.txt", encoding="utf-8",
    )
    return argmine.analyze([CORPUS, hostile], model=_model())


def _load(driver, path: Path) -> float:
    t0 = time.perf_counter()
    driver.get(path.resolve().as_uri())
    driver.execute_script("return document.readyState")
    return time.perf_counter() - t0


def _console_errors(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


def test_report_in_chromium(browser, tmp_path, record_property):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    from argmine.report import write_report

    analysis = corpus_analysis()
    path = write_report(analysis, tmp_path / "report.html")
    seconds = _load(browser, path)
    print(f"report load: {path.stat().st_size / 1e6:.2f} MB in {seconds:.2f} s ({len(analysis.units)} units)")
    record_property("load_seconds", round(seconds, 3))

    assert _console_errors(browser) == []
    assert browser.execute_script("return window.__pwned") is None
    bars = browser.find_elements(By.CSS_SELECTOR, "#chart-themes rect.bar")
    assert [b.get_attribute("data-theme") for b in bars] == list(analysis.schema.theme_ids)
    assert all(float(b.get_attribute("width")) > 0 and b.is_displayed() for b in bars)
    kinds = browser.find_elements(By.CSS_SELECTOR, "#chart-kinds rect.bar")
    assert len(kinds) == len(analysis.schema.theme_ids) * len([k for k, n in analysis.totals["by_kind"].items() if n])

    # The injected comment is on the page as text.
    hostile = browser.find_element(By.ID, "doc-hostile").text
    assert SCRIPT_INJECTION in hostile and IMG_INJECTION in hostile
    assert browser.find_elements(By.CSS_SELECTOR, "#documents img") == []

    # Hovering a themed unit shows its scores in the tooltip.
    unit = next(cu for cu in analysis.units if cu.prediction.themes)
    element = browser.find_element(By.ID, f"u-{unit.unit.id.replace('#', '%23')}")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    tooltip = browser.find_element(By.ID, "tooltip")
    assert not tooltip.is_displayed()
    ActionChains(browser).move_to_element(element).perform()
    assert tooltip.is_displayed()
    text = tooltip.text
    for theme, score in unit.prediction.scores.items():
        assert f"{round(score, 3):.3f}" in text, (theme, score, text)
    assert unit.unit.id in text and unit.prediction.sentiment in text
    # Fixed labels are in Chinese and English; the model's internal "polarity" feature is named for a reader.
    zh = {"positive": "正面", "neutral": "中性", "negative": "负面"}[unit.prediction.sentiment]
    assert f"情感 sentiment: {zh} {unit.prediction.sentiment}" in text
    assert {"title": "标题 title", "body": "正文 body", "comment": "评论 comment"}[unit.unit.kind] in text
    if any(e.term == "polarity" for e in unit.prediction.evidence):
        assert "通用情感模型 polarity model" in text
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    assert browser.save_screenshot(str(ARTIFACTS / "report_corpus_tooltip.png"))

    # The dropped-furniture toggle hides and shows the greyed spans.
    if analysis.dropped:
        dropped = browser.find_element(By.CSS_SELECTOR, ".dropped")
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", dropped)
        assert dropped.is_displayed()
        browser.find_element(By.ID, "show-dropped").click()
        assert not dropped.is_displayed()
        browser.find_element(By.ID, "show-dropped").click()
        assert dropped.is_displayed()

    assert _console_errors(browser) == []
    browser.execute_script("window.scrollTo(0, 0)")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "report_corpus.png"
    assert browser.save_screenshot(str(shot))
    shutil.copy(path, ARTIFACTS / "report_corpus.html")
    _log(f"corpus report: {path.stat().st_size} bytes, load {seconds:.2f} s, screenshot {shot}")


def test_report_for_5mb_input_loads(browser, tmp_path, record_property):
    """Log size and load time of the report for 5 MB of input (the corpus repeated); the sample note shows."""
    from selenium.webdriver.common.by import By

    import argmine
    from argmine.report import write_report

    texts = [p.read_text("utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    big = tmp_path / "big"
    big.mkdir()
    size, i = 0, 0
    while size < BIG_BYTES:
        text = texts[i % len(texts)]
        (big / f"{i:04d}.txt").write_text(text, encoding="utf-8")
        size += len(text.encode("utf-8"))
        i += 1
    t0 = time.perf_counter()
    analysis = argmine.analyze([big], model=_model())
    t_analyze = time.perf_counter() - t0
    t0 = time.perf_counter()
    path = write_report(analysis, tmp_path / "big.html")
    t_write = time.perf_counter() - t0
    seconds = _load(browser, path)
    mb = path.stat().st_size / 1e6
    record_property("load_seconds_5mb", round(seconds, 3))
    _log(f"5 MB input ({size} bytes, {len(analysis.documents)} documents, {len(analysis.units)} units): "
         f"analyze {t_analyze:.1f} s, report {mb:.2f} MB written in {t_write:.1f} s, browser load {seconds:.2f} s")
    assert mb < 20
    assert browser.find_element(By.ID, "sample-note").is_displayed()
    assert len(browser.find_elements(By.CSS_SELECTOR, "#chart-themes rect.bar")) == len(analysis.schema.theme_ids)
    assert _console_errors(browser) == []


def test_report_long_strings_keyboard_and_print_in_chromium(browser, tmp_path):
    """A 600-character URL and a 400-character id wrap (the page is as wide as the window); Tab to a unit
    with a theme opens its tooltip, Escape closes it; printing hides the controls and keeps the colours."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    from argmine.aggregate import Analysis
    from argmine.backends.base import Prediction
    from argmine.classify import ClassifiedUnit
    from argmine.report import write_report
    from argmine.schema import load_schema
    from argmine.types import Document, Unit

    schema = load_schema()
    doc = Document("L" * 400, "支付宝的红包让社交很方便https://example.com/" + "a" * 600 + "。")
    unit = ClassifiedUnit(Unit.from_source(doc.text, doc=doc.id, n=1, start=0, end=len(doc.text), kind="comment"),
                          Prediction(("pro_social",), {t: 0.9 if t == "pro_social" else 0.1 for t in schema.theme_ids},
                                     "positive", 0.5))
    path = write_report(Analysis.from_units([unit], schema, documents=[doc], n_boot=100), tmp_path / "long.html")
    _load(browser, path)
    assert browser.execute_script("return document.documentElement.scrollWidth") == \
        browser.execute_script("return document.documentElement.clientWidth")
    tooltip = browser.find_element(By.ID, "tooltip")
    browser.execute_script("document.getElementById('show-dropped').focus()")
    ActionChains(browser).send_keys(Keys.TAB).perform()
    assert browser.execute_script("return document.activeElement.className").startswith("u ")
    assert tooltip.is_displayed() and "支持社交化 (pro social)" in tooltip.text
    ActionChains(browser).send_keys(Keys.ESCAPE).perform()
    assert not tooltip.is_displayed()
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert not browser.find_element(By.ID, "show-dropped").is_displayed()
        assert browser.execute_script("return getComputedStyle(document.querySelector('#heatmap td.cell')).printColorAdjust"
                                      " || getComputedStyle(document.querySelector('#heatmap td.cell')).webkitPrintColorAdjust") == "exact"
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert _console_errors(browser) == []


def test_report_focused_tooltip_stays_under_a_resting_pointer_in_chromium(browser, tmp_path):
    """Focusing a unit scrolls the page and Chromium fires mouseover for what lies under the still pointer:
    the focused unit's tooltip stays (not another unit's, not hidden); a real pointer movement hands it back to
    the pointer, and Escape closes it."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.actions.action_builder import ActionBuilder
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    from argmine.aggregate import Analysis
    from argmine.backends.base import Prediction
    from argmine.classify import ClassifiedUnit
    from argmine.report import write_report
    from argmine.schema import load_schema
    from argmine.types import Document, Unit

    schema = load_schema()
    line = "支付宝的红包让社交很方便，大家都在用，朋友之间发红包、转账、聊天都很顺手，比微信还好用。" * 3
    doc = Document("wall", "\n".join(f"{n}.{line}" for n in range(1, 81)) + "\n")
    units, start = [], 0
    for n in range(1, 81):
        end = doc.text.index("\n", start)
        units.append(ClassifiedUnit(
            Unit.from_source(doc.text, doc=doc.id, n=n, start=start, end=end, kind="comment"),
            Prediction(("pro_social",), {t: 0.9 if t == "pro_social" else 0.1 for t in schema.theme_ids},
                       "positive", 0.5)))
        start = end + 1
    path = write_report(Analysis.from_units(units, schema, documents=[doc], n_boot=100), tmp_path / "wall.html")
    _load(browser, path)
    tooltip = browser.find_element(By.ID, "tooltip")
    rest = ActionBuilder(browser)
    rest.pointer_action.move_to_location(400, 800)  # the mouse rests in the middle of the window
    rest.perform()
    for n in (40, 80, 1, 60):
        # as Tab does: the focus scrolls the page, the text under the still pointer changes
        browser.execute_script("document.getElementById(arguments[0]).focus()", f"u-wall%23{n}")
        time.sleep(0.3)
        assert browser.execute_script("return document.activeElement.id") == f"u-wall%23{n}"
        assert tooltip.is_displayed(), n
        assert tooltip.text.startswith(f"wall#{n} "), (n, tooltip.text[:20])
    # It follows its unit when the page scrolls (the tooltip is fixed).
    gap = "return document.activeElement.getBoundingClientRect().top - arguments[0].getBoundingClientRect().top"
    before = browser.execute_script(gap, tooltip)
    browser.execute_script("window.scrollBy(0, 60)")
    time.sleep(0.3)
    assert tooltip.text.startswith("wall#60 ") and browser.execute_script(gap, tooltip) == pytest.approx(before, abs=1)
    under = browser.execute_script("var e = document.elementFromPoint(405, 800); return e && e.closest('.u') && e.closest('.u').id")
    assert under and under != "u-wall%2360"
    ActionChains(browser).move_by_offset(5, 0).perform()  # a real movement: hover takes over
    assert tooltip.is_displayed() and tooltip.text.startswith(under[2:].replace("%23", "#") + " ")
    ActionChains(browser).send_keys(Keys.ESCAPE).perform()
    assert not tooltip.is_displayed()
    assert _console_errors(browser) == []


#: Counts the script below finds broken across lines (``353`` as 3/5/3).
_BROKEN_COUNTS = """
    var out = [];
    document.querySelectorAll('#heatmap td').forEach(function (c) {
      var t = c.firstChild, tops = {};
      for (var i = 0; i < t.length; i++) {
        var r = document.createRange(); r.setStart(t, i); r.setEnd(t, i + 1);
        tops[Math.round(r.getBoundingClientRect().top)] = 1;
      }
      if (Object.keys(tops).length > 1) out.push(t.data);
    });
    return out;"""
#: A4 (8.27 in) less Chromium's default print margins (0.4 in each side), in CSS px: the width a printout lays out in.
A4_PRINTABLE_PX = round((8.27 - 2 * 0.4) * 96)


def _thirty_themes_report(tmp_path: Path, docs: tuple[tuple[str, int, bool], ...]) -> Path:
    """A report with 30 themes; per ``(id, units, every)`` a document whose unit k carries every theme, or the first
    1 + k % 30 of them."""
    from argmine.aggregate import Analysis
    from argmine.backends.base import Prediction
    from argmine.classify import ClassifiedUnit
    from argmine.report import write_report
    from argmine.schema import parse_schema
    from argmine.types import Document, Unit

    schema = parse_schema({"schema": {"id": "thirty"},
                           "themes": [{"id": f"t{i:02d}", "name_zh": f"主题{i}_支付宝社交", "name_en": f"theme number {i}"}
                                      for i in range(30)]})
    ids = schema.theme_ids
    documents, units = [], []
    for d, n, every in docs:
        doc = Document(d, "支付宝。" * n)
        documents.append(doc)
        units += [ClassifiedUnit(Unit.from_source(doc.text, doc=d, n=k + 1, start=4 * k, end=4 * k + 4, kind="comment"),
                                 Prediction(tuple(ids if every else ids[:1 + k % 30]), {t: 0.9 for t in ids}, "neutral", 0.0))
                  for k in range(n)]
    return write_report(Analysis.from_units(units, schema, documents=documents, n_boot=100), tmp_path / "thirty.html")


def test_report_heat_map_counts_stay_whole_with_30_themes_in_chromium(browser, tmp_path):
    """With 30 themes in a 1280 px window no heat-map count breaks inside its digits (``353`` on one line, not
    3/5/3), and the page is no wider than the window: the map scrolls sideways inside its box."""
    from selenium.webdriver.common.by import By

    _load(browser, _thirty_themes_report(tmp_path, (("000_56ce5e623d6356aa", 353, False), ("short", 12, False))))
    assert browser.find_elements(By.CSS_SELECTOR, "#heatmap td")  # the map is there
    assert browser.execute_script(_BROKEN_COUNTS) == []
    assert browser.execute_script("return document.documentElement.scrollWidth") == \
        browser.execute_script("return document.documentElement.clientWidth")
    assert _console_errors(browser) == []


def test_report_heat_map_prints_every_column_on_a4_in_chromium(browser, tmp_path):
    """Printed on A4, a 30-theme heat map keeps every column within the paper's width (none runs off the edge, as
    themes 26-29 once did) and still breaks no count, four-digit counts in every column included."""
    _load(browser, _thirty_themes_report(tmp_path, (("https://example.com/" + "a" * 250, 1200, True),
                                                     ("长" * 120, 353, False), ("x", 12, False))))
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": A4_PRINTABLE_PX, "height": 1123, "deviceScaleFactor": 1, "mobile": False})
    try:
        page = browser.execute_script("return document.documentElement.clientWidth")
        outside = browser.execute_script("""
            var out = [], page = arguments[0];
            document.querySelectorAll('#heatmap th, #heatmap td').forEach(function (c) {
              var b = c.getBoundingClientRect();
              if (b.left < 0 || b.right > page + 0.5) out.push(c.textContent.slice(0, 12) + ' ' + Math.round(b.right));
            });
            return out;""", page)
        broken = browser.execute_script(_BROKEN_COUNTS)
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert page <= A4_PRINTABLE_PX
    assert outside == []
    assert broken == []
    assert _console_errors(browser) == []


def _units_report(tmp_path: Path, name: str, *, lengths=(1, 4, 8, 12), n: int = 24, schema=None, dropped: bool = False,
                  docs: int = 1, themes=None) -> Path:
    """A hand-made report: per document, ``n`` units of ``lengths`` sentences in turn, with one theme, two or none in
    turn (or ``themes(doc number, unit number)``), positive, negative or neutral in turn; with ``dropped``, a reply
    button cleaning dropped before each document's last unit."""
    from argmine.aggregate import Analysis
    from argmine.backends.base import Prediction
    from argmine.classify import ClassifiedUnit
    from argmine.report import write_report
    from argmine.schema import load_schema
    from argmine.types import Document, Dropped, Unit

    schema = schema or load_schema()
    ids = schema.theme_ids
    turns = [ids[:1], ids[1:3] if len(ids) > 2 else ids[:1], ()]
    sentence = "支付宝的红包让社交很方便，大家都在用。"
    documents, units, drops = [], [], []
    for d in range(docs):
        pieces = [sentence * lengths[k % len(lengths)] for k in range(n)]
        text = "\n".join(pieces[:-1]) + "\n我要回帖\n" + pieces[-1] + "\n"
        doc = Document(f"d{d}", text)
        documents.append(doc)
        start = 0
        for k, piece in enumerate(pieces):
            start = text.index(piece, start)
            carried = tuple(themes(d, k) if themes else turns[(k + d) % 3])
            units.append(ClassifiedUnit(
                Unit.from_source(text, doc=doc.id, n=k + 1, start=start, end=start + len(piece), kind="comment"),
                Prediction(carried, {t: 0.9 if t in carried else 0.1 for t in ids},
                           ("positive", "negative", "neutral")[k % 3], (0.5, -0.5, 0.0)[k % 3])))
            start += len(piece)
        if dropped:
            at = text.index("我要回帖")
            drops.append(Dropped(doc.id, at, at + 4, "我要回帖", "reply_button", "reply button"))
    return write_report(Analysis.from_units(units, schema, documents=documents, dropped=drops, n_boot=100),
                        tmp_path / f"{name}.html")


def _hover(browser, element) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    ActionChains(browser).move_to_element(element).perform()


def test_report_legend_keys_open_no_tooltip_in_chromium(browser, tmp_path):
    """The documents legend's tinted keys are no units: hovering one opened unit #1's tooltip (its themes shown as
    the key's), and on a page without units it threw a TypeError."""
    from selenium.webdriver.common.by import By

    from argmine.aggregate import Analysis
    from argmine.report import write_report
    from argmine.schema import load_schema
    from argmine.types import Document

    empty = write_report(Analysis.from_units([], load_schema(), documents=[Document("e", "责任编辑：张三\n")], n_boot=100),
                         tmp_path / "empty.html")
    for path in (_units_report(tmp_path, "legend", n=6), empty):
        _load(browser, path)
        _console_errors(browser)
        keys = browser.find_elements(By.CSS_SELECTOR, "#documents p.legend > span:not([class]) > span")
        assert len(keys) == 5  # four themes and "other"
        tooltip = browser.find_element(By.ID, "tooltip")
        for key in keys:
            _hover(browser, key)
            assert not tooltip.is_displayed(), (path.name, key.text, tooltip.text[:40])
        assert _console_errors(browser) == []


#: For each unit with a theme, focused in turn: where its tooltip lies against it and the window.
_FOCUS_EACH = """
    var out = [], pad = 0.5;
    document.querySelectorAll('.u[tabindex]').forEach(function (u) {
      u.focus();
      var t = document.getElementById('tooltip').getBoundingClientRect(), r = u.getBoundingClientRect();
      out.push({id: u.id, shown: !document.getElementById('tooltip').hidden,
                over: t.left < r.right - pad && r.left < t.right - pad && t.top < r.bottom - pad && r.top < t.bottom - pad,
                inside: t.left >= -pad && t.top >= -pad && t.right <= innerWidth + pad && t.bottom <= innerHeight + pad,
                room: r.height + t.height + 4 <= innerHeight});
    });
    return out;"""


@pytest.mark.parametrize("width, height, mobile", [(375, 700, True), (1280, 560, False)])
def test_report_focused_tooltip_never_covers_its_unit_in_chromium(browser, tmp_path, width, height, mobile):
    """Tab (or a tap) to a unit, on a phone or a desktop: its tooltip lies in the window and hides none of the unit's
    text (below it, above its top, beside it, or the page scrolls on until it fits below), for units of one line to
    many; it covered a unit near the window's bottom (flipped above the unit's bottom, not its top)."""
    path = _units_report(tmp_path, "focus")
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
    try:
        _load(browser, path)
        placed = browser.execute_script(_FOCUS_EACH)
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert len(placed) == 16 and all(p["shown"] and p["room"] for p in placed)
    assert [p["id"] for p in placed if p["over"] or not p["inside"]] == []
    assert _console_errors(browser) == []


def _rgba(css: str) -> tuple[float, float, float, float]:
    """A computed CSS colour, ``rgb(…)`` or ``rgba(…)``, as (r, g, b, alpha)."""
    values = [float(v) for v in re.findall(r"[\d.]+", css)]
    return tuple(values) if len(values) == 4 else (*values[:3], 1.0)


def _over_white(css: str) -> tuple[float, float, float]:
    r, g, b, a = _rgba(css)
    return tuple(a * c + (1 - a) * 255 for c in (r, g, b))


def _contrast(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    """WCAG 2 contrast ratio of two sRGB colours (channels 0-255)."""
    def lum(rgb):
        lin = [c / 255 / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb[:3]]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    x, y = sorted((lum(a), lum(b)))
    return (y + 0.05) / (x + 0.05)


def test_report_text_meets_wcag_aa_contrast_in_chromium(browser, tmp_path):
    """Contrast, from the computed styles: heat-map counts on their shades (a dark theme colour at 4/5 of the top
    share gave 4.08:1), the dropped furniture and its reason on both stripes (2.0-2.7:1), and the tooltip's
    sentiment in words (the green of the marks, 3.8:1): each at least 4.5:1."""
    from selenium.webdriver.common.by import By

    from argmine.schema import parse_schema

    schema = parse_schema({"schema": {"id": "heat"}, "themes": [
        {"id": "privacy", "name_zh": "隐私", "name_en": "privacy", "color": "#264653"},
        {"id": "pro_social", "name_zh": "社交", "name_en": "social", "color": "#e9c46a"}]})
    # privacy on every unit of d0, on 4 of 5 of d1: its shade there is 0.85 x 4/5 (alpha 0xad), the worst for #222
    path = _units_report(tmp_path, "contrast", lengths=(1,), n=5, schema=schema, dropped=True, docs=2,
                         themes=lambda d, k: ("privacy",) if d == 0 or k < 4 else ("pro_social",))
    _load(browser, path)
    style = "var s = getComputedStyle(arguments[0]); return [s.color, s.backgroundColor, s.backgroundImage];"
    ratios = {}
    for i, cell in enumerate(browser.find_elements(By.CSS_SELECTOR, "#heatmap td.cell")):
        ink, fill, _ = browser.execute_script(style, cell)
        ratios[f"cell {i} {cell.get_attribute('title')} {fill}"] = _contrast(_over_white(ink), _over_white(fill))
    assert len(ratios) == 4 and any("4 of 5" in k for k in ratios)
    dropped = browser.find_element(By.CSS_SELECTOR, ".doc .dropped")
    ink, _, stripes = browser.execute_script(style, dropped)
    stripes = {tuple(float(v) for v in c) for c in re.findall(r"rgb\((\d+), (\d+), (\d+)\)", stripes)}
    assert len(stripes) == 2
    reason_ink = browser.execute_script(style, dropped.find_element(By.CSS_SELECTOR, ".reason"))[0]
    for stripe in stripes:
        ratios[f"dropped on {stripe}"] = _contrast(_over_white(ink), stripe)
        ratios[f"reason on {stripe}"] = _contrast(_over_white(reason_ink), stripe)
    _hover(browser, browser.find_element(By.CSS_SELECTOR, ".u.s-pos[tabindex]"))
    words = browser.find_element(By.CSS_SELECTOR, "#tooltip .tt-positive")
    ink, paper, _ = browser.execute_script(style, browser.find_element(By.ID, "tooltip"))
    ratios["tooltip positive"] = _contrast(_over_white(browser.execute_script(style, words)[0]), _over_white(paper))
    assert {k: round(v, 2) for k, v in ratios.items() if v < 4.5} == {}


def test_report_without_javascript_in_chromium(browser, tmp_path):
    """With JavaScript off the "show dropped page furniture" checkbox still hides and shows the dropped spans, and
    the hint that promises a tooltip is not shown (it did nothing, and the hint showed)."""
    from selenium.webdriver.common.by import By

    path = _units_report(tmp_path, "nojs", n=3, dropped=True)
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        _load(browser, path)
        assert browser.find_element(By.ID, "argmine-data")  # the page is there
        dropped = browser.find_element(By.CSS_SELECTOR, ".doc .dropped")
        toggle = browser.find_element(By.ID, "show-dropped")
        assert dropped.is_displayed() and toggle.is_selected()
        assert not browser.find_element(By.ID, "unit-hint").is_displayed()
        toggle.click()
        assert not toggle.is_selected() and not dropped.is_displayed()
        assert not browser.find_element(By.CSS_SELECTOR, "#documents .legend .dropped").is_displayed()
        toggle.click()
        assert dropped.is_displayed()
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
    _load(browser, path)
    assert browser.find_element(By.ID, "unit-hint").is_displayed()  # with the script, the hint shows


#: Each chart's drawn width over its own (viewBox) width, and whether its box scrolls it; the page's overflow.
_CHART_SCALE = """
    var out = {charts: [], pageWider: document.documentElement.scrollWidth > document.documentElement.clientWidth};
    document.querySelectorAll('svg.chart').forEach(function (svg) {
      var box = svg.parentElement;
      out.charts.push({scale: svg.getBoundingClientRect().width / svg.viewBox.baseVal.width,
                       right: svg.getBoundingClientRect().right, scrolls: box.scrollWidth > box.clientWidth,
                       scroller: getComputedStyle(box).overflowX});
    });
    return out;"""


def test_report_charts_keep_their_type_size_on_a_phone_and_fit_the_paper_in_chromium(browser, tmp_path):
    """On a 375 px phone a chart keeps its size (its 10-13 px type was drawn at 36%, 4-5 px) and scrolls sideways in
    its box, the page no wider than the window; printed on A4 it fits the page, its means and intervals in words."""
    path = _units_report(tmp_path, "phone", n=6)
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": 375, "height": 700, "deviceScaleFactor": 2, "mobile": True})
    try:
        _load(browser, path)
        phone = browser.execute_script(_CHART_SCALE)
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert len(phone["charts"]) == 2 and not phone["pageWider"]
    assert all(c["scale"] == pytest.approx(1, abs=0.01) and c["scrolls"] and c["scroller"] == "auto"
               for c in phone["charts"]), phone
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": A4_PRINTABLE_PX, "height": 1123, "deviceScaleFactor": 1, "mobile": False})
    try:
        paper = browser.execute_script(_CHART_SCALE)
        means = browser.execute_script("return Array.from(document.querySelectorAll('#chart-themes .mean-text'),"
                                       " function (t) { return t.getBoundingClientRect().width > 0 ? t.textContent : ''; })")
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert all(c["right"] <= A4_PRINTABLE_PX + 0.5 and not c["scrolls"] for c in paper["charts"]), paper
    assert len(means) == 4 and all(re.fullmatch(r"[-+]\d\.\d\d( \[.*\])?†?‡?|n/a", m) for m in means), means  # with the tables' marks


def test_report_prints_each_units_themes_in_words_in_chromium(browser, tmp_path):
    """On paper (no tooltip, tints near the same grey) each unit with a theme is preceded by its theme names; on
    screen it is not (the tooltip and the legend say it there)."""
    from selenium.webdriver.common.by import By

    path = _units_report(tmp_path, "print_tags", n=3)
    _load(browser, path)
    before = "return getComputedStyle(arguments[0], '::before').content"
    units = browser.find_elements(By.CSS_SELECTOR, ".u")
    assert [browser.execute_script(before, u) for u in units] == ["none"] * 3
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        printed = [browser.execute_script(before, u) for u in units]
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert printed == ['"[\u2068支持社交化\u2069] "', '"[\u2068隐私与安全担忧\u2069 · \u2068品牌错位\u2069] "', "none"]


def _log(line: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with open(ARTIFACTS / "report_timings.log", "a", encoding="utf-8") as fh:
        fh.write(f"{time.strftime('%Y-%m-%dT%H:%M:%S')} {line}\n")
    print(line)


def _tall_tooltips_report(tmp_path: Path) -> Path:
    """Units under three long Traditional theme names, each with 30 cues (each cue found 3 times): their tooltips
    are taller than a window, as QA 37 found for a 217-character unit."""
    from argmine.aggregate import Analysis
    from argmine.backends.base import Evidence, Prediction
    from argmine.classify import ClassifiedUnit
    from argmine.report import write_report
    from argmine.types import Document, Unit
    from tests.test_report import ALIKE

    ids = ALIKE.theme_ids
    pieces = ["我支持重啟核三廠，因為夏季尖峰缺電，電網不穩定。" * (1 + 3 * (k % 2)) for k in range(8)]
    text = "\n".join(pieces) + "\n"
    units, start = [], 0
    for k, piece in enumerate(pieces):
        start = text.index(piece, start)
        cues = tuple(Evidence(ids[j % 3], f"詞{j}", 0.5) for j in range(30) for _ in range(3))
        units.append(ClassifiedUnit(Unit.from_source(text, doc="tw", n=k + 1, start=start, end=start + len(piece), kind="body"),
                                    Prediction(ids, {t: 0.912 for t in ids}, "positive", 0.5, cues)))
        start += len(piece)
    doc = Document("tw", text)
    return write_report(Analysis.from_units(units, ALIKE, documents=[doc], n_boot=100), tmp_path / "tall.html")


@pytest.mark.parametrize("width, height, mobile", [(500, 557, True), (1280, 560, False)])
def test_report_tooltip_taller_than_the_window_keeps_its_top_in_it_and_off_its_unit_in_chromium(browser, tmp_path,
                                                                                                 width, height, mobile):
    """A tooltip taller than the window (long theme names, many cues) was placed with its top above the window,
    where a fixed tooltip cannot be scrolled to, and over its unit (QA 37 #1): it is never taller than the window,
    scrolls inside, is cut to the room above or below a unit, and lists a cue found several times once (×3)."""
    path = _tall_tooltips_report(tmp_path)
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
    try:
        _load(browser, path)
        placed = browser.execute_script(_FOCUS_EACH)
        scrolls = browser.execute_script(
            "var t = document.getElementById('tooltip'); return [t.scrollHeight > t.clientHeight,"
            " getComputedStyle(t).overflowY, t.querySelectorAll('.tt-evidence li').length, t.textContent]")
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert len(placed) == 8 and all(p["shown"] for p in placed)
    assert [p["id"] for p in placed if p["over"] or not p["inside"]] == []
    assert scrolls[:3] == [True, "auto", 30] and "詞0 ×3 → " in scrolls[3]
    assert _console_errors(browser) == []


def test_report_tooltip_scores_are_never_broken_inside_in_chromium(browser, tmp_path):
    """With long theme names the score column was squeezed by the page's overflow-wrap:anywhere, and 0.912 read
    0. / 91 / 2 on three lines (QA 37 #2): a score stays on one line."""
    path = _tall_tooltips_report(tmp_path)
    _load(browser, path)
    lines = browser.execute_script("""
        document.querySelector('.u[tabindex]').focus();
        return Array.from(document.querySelectorAll('#tooltip td.num')).map(function (c) {
          var r = document.createRange(); r.selectNodeContents(c);
          return [c.textContent, r.getClientRects().length];
        });""")
    assert lines == [["0.912", 1]] * 3
    assert _console_errors(browser) == []
