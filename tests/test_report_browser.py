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


def _log(line: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with open(ARTIFACTS / "report_timings.log", "a", encoding="utf-8") as fh:
        fh.write(f"{time.strftime('%Y-%m-%dT%H:%M:%S')} {line}\n")
    print(line)
