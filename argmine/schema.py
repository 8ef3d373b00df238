"""Stance-theme schemas: themes, cue lexicons and label sets, as data.

A schema is a TOML file.  The default one (``schemas/alipay.toml``) follows
the project's annotation guide for the debate on Alipay's social features;
``--schema FILE`` points every command at another debate.

>>> from argmine.schema import load_schema
>>> schema = load_schema()
>>> schema.theme_ids
('pro_social', 'privacy', 'brand_fit', 'bloat')
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .errors import SchemaError

DEFAULT_SENTIMENTS = ("positive", "neutral", "negative")
#: Name of the pseudo-theme for units that carry no theme.
OTHER = "other"
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Cue:
    """One lexicon entry: a literal term (or a regex) that signals a theme or a polarity."""

    term: str
    weight: float = 1.0
    regex: bool = False


@dataclass(frozen=True)
class Theme:
    """A stance theme: id, names, definition, display colour and cue lexicon."""

    id: str
    name_zh: str
    name_en: str
    description: str
    color: str = "#888888"
    cues: tuple[Cue, ...] = ()

    @property
    def label(self) -> str:
        """``中文 (english)`` for tables and charts."""
        return f"{self.name_zh} ({self.name_en})" if self.name_zh else self.name_en


@dataclass(frozen=True)
class Schema:
    """A whole schema: what the target is, its themes and its label sets."""

    id: str
    version: str
    target: str
    description: str
    themes: tuple[Theme, ...]
    sentiments: tuple[str, ...] = DEFAULT_SENTIMENTS
    negations: tuple[str, ...] = ()
    negation_window: int = 4
    positive_cues: tuple[Cue, ...] = ()
    negative_cues: tuple[Cue, ...] = ()
    source: str = "<default>"
    extra: dict = field(default_factory=dict)

    @property
    def theme_ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.themes)

    def theme(self, theme_id: str) -> Theme:
        """Look up a theme by id; raise :class:`SchemaError` naming the valid ids."""
        for t in self.themes:
            if t.id == theme_id:
                return t
        raise SchemaError(
            f"unknown theme {theme_id!r} in schema {self.id!r}; "
            f"expected one of: {', '.join(self.theme_ids)} (or {OTHER!r} for none)"
        )

    def validate_themes(self, themes) -> tuple[str, ...]:
        """Check a label set; ``other`` alone (or nothing) means no theme."""
        out = []
        for t in themes:
            if t == OTHER:
                continue
            self.theme(t)
            if t not in out:
                out.append(t)
        return tuple(sorted(out, key=self.theme_ids.index))

    def validate_sentiment(self, value: str) -> str:
        if value not in self.sentiments:
            raise SchemaError(
                f"unknown sentiment {value!r} in schema {self.id!r}; "
                f"expected one of: {', '.join(self.sentiments)}"
            )
        return value


def _cues(raw, where: str) -> tuple[Cue, ...]:
    out = []
    for i, item in enumerate(raw or []):
        if isinstance(item, str):
            out.append(Cue(item))
        elif isinstance(item, dict) and isinstance(item.get("term"), str):
            regex = bool(item.get("regex", False))
            if regex:
                try:
                    re.compile(item["term"])
                except re.error as e:
                    raise SchemaError(f"{where}[{i}]: bad regex {item['term']!r}: {e}") from None
            out.append(Cue(item["term"], float(item.get("weight", 1.0)), regex))
        else:
            raise SchemaError(
                f"{where}[{i}]: expected a string or a table with 'term' (and optional 'weight', 'regex'), found {item!r}"
            )
    return tuple(out)


def parse_schema(data: dict, source: str = "<string>") -> Schema:
    """Validate a parsed TOML mapping and build a :class:`Schema`."""
    try:
        meta = data["schema"]
        raw_themes = data["themes"]
    except KeyError as e:
        raise SchemaError(f"{source}: missing table [{e.args[0]}]; see argmine/schemas/alipay.toml") from None
    if not isinstance(raw_themes, list) or not raw_themes:
        raise SchemaError(f"{source}: [[themes]] must list at least one theme")
    themes, seen = [], set()
    for i, t in enumerate(raw_themes):
        tid = t.get("id")
        if not isinstance(tid, str) or not _ID.match(tid) or tid == OTHER:
            raise SchemaError(
                f"{source}: themes[{i}].id must be a lowercase identifier other than {OTHER!r}, found {tid!r}"
            )
        if tid in seen:
            raise SchemaError(f"{source}: theme id {tid!r} appears twice")
        seen.add(tid)
        themes.append(
            Theme(
                id=tid,
                name_zh=str(t.get("name_zh", "")),
                name_en=str(t.get("name_en", tid)),
                description=str(t.get("description", "")).strip(),
                color=str(t.get("color", "#888888")),
                cues=_cues(t.get("cues"), f"{source}: themes[{i}].cues"),
            )
        )
    labels = data.get("labels", {})
    sentiments = tuple(labels.get("sentiment", DEFAULT_SENTIMENTS))
    if set(sentiments) != set(DEFAULT_SENTIMENTS):
        raise SchemaError(
            f"{source}: [labels].sentiment must be {list(DEFAULT_SENTIMENTS)} (in any order), found {list(sentiments)}"
        )
    lex = data.get("sentiment", {})
    return Schema(
        id=str(meta.get("id", "schema")),
        version=str(meta.get("version", "1")),
        target=str(meta.get("target", "")),
        description=str(meta.get("description", "")).strip(),
        themes=tuple(themes),
        sentiments=sentiments,
        negations=tuple(lex.get("negations", ())),
        negation_window=int(lex.get("negation_window", 4)),
        positive_cues=_cues(lex.get("positive"), f"{source}: sentiment.positive"),
        negative_cues=_cues(lex.get("negative"), f"{source}: sentiment.negative"),
        source=source,
        extra={k: v for k, v in data.items() if k not in {"schema", "themes", "labels", "sentiment"}},
    )


def load_schema(path: str | Path | None = None) -> Schema:
    """Load a schema file; ``None`` gives the packaged default (Alipay).

    Raises :class:`SchemaError` with the file name for a missing file or bad TOML.
    """
    if path is None:
        text = resources.files("argmine.schemas").joinpath("alipay.toml").read_text("utf-8")
        source = "argmine/schemas/alipay.toml"
    else:
        p = Path(path)
        try:
            text = p.read_text("utf-8")
        except FileNotFoundError:
            raise SchemaError(f"{p}: schema file not found; check the --schema path") from None
        except UnicodeDecodeError:
            raise SchemaError(f"{p}: schema file is not UTF-8 TOML") from None
        source = str(p)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise SchemaError(f"{source}: not valid TOML ({e})") from None
    return parse_schema(data, source)
