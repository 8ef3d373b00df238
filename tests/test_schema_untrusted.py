"""A schema file from elsewhere: its regex cues cannot exhaust memory when compiled, and its ids are checked whole."""

from __future__ import annotations

import pytest
import regex
from click.testing import CliRunner

from argmine.backends.cues import CueMatcher
from argmine.cli import main
from argmine.errors import SchemaError
from argmine.schema import MAX_REGEX_ADDED, Cue, Schema, Theme, load_schema, regex_added_items

#: Patterns the regex package would take gigabytes to compile (writing each counted repeat out as its copies):
#: a test that compiled one would not fail, it would exhaust the machine's memory.
HUGE = ("(a{3000}){3000}", "(a{20000}){20000}")


@pytest.fixture
def compiled(monkeypatch) -> list[str]:
    """The patterns the regex package is asked to compile; one of :data:`HUGE` fails the test at once instead."""
    seen: list[str] = []
    real = regex.compile

    def compile_(pattern, *args, **kwargs):
        assert pattern not in HUGE, f"regex.compile({pattern!r}) was called: the size check must come first"
        seen.append(pattern)
        return real(pattern, *args, **kwargs)

    monkeypatch.setattr(regex, "compile", compile_)
    return seen


def write(tmp_path, cues: str, negative: str = "[]", theme_id: str = '"privacy"'):
    p = tmp_path / "s.toml"
    p.write_text(f'[schema]\nid = "x"\n[[themes]]\nid = {theme_id}\nname_en = "privacy"\ncues = {cues}\n'
                 f'[sentiment]\npositive = ["好"]\nnegative = {negative}\n', encoding="utf-8")
    return p


@pytest.mark.parametrize("pattern", HUGE)
def test_a_regex_cue_too_large_to_compile_is_one_line_naming_the_schema_theme_and_cue(tmp_path, compiled, pattern):
    schema = write(tmp_path, f'["隐私", {{term = "{pattern}", regex = true}}]')
    (tmp_path / "doc.txt").write_text("支付宝的社交功能让人担心隐私泄露。", encoding="utf-8")
    for command in (["classify", str(tmp_path / "doc.txt"), "--model", "lexicon", "-q"],
                    ["export", str(tmp_path / "doc.txt"), "--format", "csv", "--no-predictions", "-o", str(tmp_path / "x.csv")]):
        r = CliRunner().invoke(main, [*command, "--schema", str(schema)])
        assert r.exit_code == 2, r.output
        added = regex_added_items(pattern)
        assert r.output.strip().splitlines() == [
            f"argmine: error: {schema}: theme 'privacy', cue 2: bad regex '{pattern}': its counted repeats, written out, "
            f"add {added:,} pattern items, more than the 100,000 that the regex cues of a schema may add (the regex "
            "package copies the part before a {n} n times when it compiles the pattern); lower the counts, or write + "
            "for a run of any length"]
        assert pattern not in compiled


def test_the_regex_cues_of_a_schema_are_bounded_together(tmp_path, compiled):
    # each adds 10,197 items, well under the bound alone: ten of them, across a theme and [sentiment], pass it
    cues = [f'{{term = "(a{{100}}){{100}}{i}", regex = true}}' for i in range(10)]
    path = write(tmp_path, "[" + ", ".join(cues[:6]) + "]", negative="[" + ", ".join(cues[6:]) + "]")
    with pytest.raises(SchemaError) as e:
        load_schema(path)
    assert str(e.value) == (
        f"{path}: [sentiment].negative, cue 4: bad regex '(a{{100}}){{100}}9': its counted repeats, written out, add "
        "10,197 pattern items (101,970 with those of the regex cues before it), more than the 100,000 that the regex "
        "cues of a schema may add (the regex package copies the part before a {n} n times when it compiles the "
        "pattern); lower the counts, or write + for a run of any length")
    assert "(a{100}){100}9" not in compiled
    # nine load
    schema = load_schema(write(tmp_path, "[" + ", ".join(cues[:6]) + "]", negative="[" + ", ".join(cues[6:9]) + "]"))
    assert sum(c.regex for c in schema.negative_cues + schema.themes[0].cues) == 9


@pytest.mark.parametrize("pattern,added", [
    ("电池.{0,4}(起火|爆炸)", 0),
    (r"\d{4}", 3),
    ("a{0,100000}", 0),  # an open or optional count adds no copy, however large
    ("a{2,}", 1),
    ("(?:ab){3}", 4),
    ("(ab){3}", 6),  # the group is an item too
    ("[ab]{3}", 2),
    ("a|b{3}|c", 2),
    ("(?=a{3})", 2),
    ("(a)(?(1)b{3}|c{4})", 5),
    # the outer group 4 times (3 more), {3} 4 times (3), the inner group 12 times (11), {2} 12 times (11), a 24 times (23)
    ("((a{2}){3}){4}", 3 + 3 + 11 + 11 + 23),
])
def test_regex_added_items_counts_the_copies_of_counted_repeats(pattern, added):
    assert regex_added_items(pattern) == added


def test_legitimate_regex_cues_still_load(tmp_path):
    schema = load_schema(write(tmp_path, r'''["隐私", {term = "电池.{0,4}(起火|爆炸)", regex = true}, {term = '\d{4}年', regex = true},
                                      {term = "泄露.{0,100000}", regex = true}, {term = "(?<![一两几])个资", regex = true}]'''))
    assert [c.term for c in schema.themes[0].cues if c.regex] == ["电池.{0,4}(起火|爆炸)", r"\d{4}年", "泄露.{0,100000}", "(?<![一两几])个资"]
    assert MAX_REGEX_ADDED == 100_000


def test_a_schema_built_in_python_is_bounded_before_the_matcher_compiles_it(compiled):
    theme = Theme("privacy", "", "privacy", "", cues=(Cue("隐私"), Cue(HUGE[0], regex=True)))
    with pytest.raises(SchemaError) as e:
        CueMatcher(Schema("x", "1", "", "", (theme,), source="mine.toml"))
    assert str(e.value).startswith("mine.toml: theme 'privacy', cue 2: bad regex '(a{3000}){3000}': its counted repeats, "
                                   "written out, add 9,005,997 pattern items, more than the 100,000")
    assert HUGE[0] not in compiled
    # a pattern in the regex package's own syntax, which no schema file holds (re cannot read it), still matches
    theme = Theme("privacy", "", "privacy", "", cues=(Cue(r"\p{Han}{2}泄露", regex=True),))
    hits = CueMatcher(Schema("x", "1", "", "", (theme,), source="mine.toml")).match("担心隐私泄露")
    assert [h.matched for h in hits] == ["隐私泄露"]


def test_a_regex_cue_nested_too_deeply_is_one_line_not_a_recursion_error(tmp_path):
    pattern = "(" * 2000 + "a" + ")" * 2000
    with pytest.raises(SchemaError) as e:
        load_schema(write(tmp_path, f'[{{term = "{pattern}", regex = true}}]'))
    assert str(e.value).startswith(f"{tmp_path / 's.toml'}: theme 'privacy', cue 1: bad regex '((((")
    assert str(e.value).endswith("))))': its groups are nested too deeply for Python's re to read; nest fewer groups "
                                 "(a few levels are plenty)")


@pytest.mark.parametrize("theme_id", [r'"privacy\n"', r'"privacy\r\n"', '"""privacy\n"""'])
def test_a_theme_id_ending_in_a_line_break_is_refused(tmp_path, theme_id):
    path = write(tmp_path, '["隐私"]', theme_id=theme_id)
    with pytest.raises(SchemaError) as e:
        load_schema(path)
    found = "'privacy\\r\\n'" if "\\r" in theme_id else "'privacy\\n'"
    assert str(e.value) == (
        f"{path}: theme 1: id must be a lowercase identifier other than 'other' (^[a-z][a-z0-9_]*$: a-z, 0-9 and _, "
        f"starting with a letter, e.g. price_rise), found {found}; use id = \"privacy\"")
