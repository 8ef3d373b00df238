"""Typed exceptions and every user-facing message, kept in one place.

Library code raises these; only the CLI prints them (one line each) and
chooses the exit code.  Messages say what was expected, what was found and
how to fix it, so that tests and users can grep for them.
"""

from __future__ import annotations


class ArgmineError(Exception):
    """Base class of every error argmine raises on purpose."""


class InputError(ArgmineError):
    """An input file or record cannot be read.

    ``source`` names the file (and record) so that the CLI can report it and
    carry on with the other inputs.  ``count`` is the number of records the
    error stands for (one line can summarise many records of a file).
    """

    def __init__(self, source: str, message: str, *, count: int = 1):
        self.source = source
        self.message = message
        self.count = count
        super().__init__(f"{source}: {message}")


class SchemaError(ArgmineError):
    """A schema file is missing, malformed or inconsistent."""


class ModelError(ArgmineError):
    """A model directory cannot be loaded, or a model is used before fitting."""


class AnnotationError(ArgmineError):
    """An annotation record cannot be mapped back to a unit or validated."""

    def __init__(self, source: str, message: str):
        self.source = source
        self.message = message
        super().__init__(f"{source}: {message}")


class AlignmentError(ArgmineError):
    """A span does not align with the text it claims to come from."""


class MissingDependency(ArgmineError, ImportError):
    """An optional dependency is not installed; the message names the command."""


# --- messages -------------------------------------------------------------

E_MISSING = "no such file or directory; check the path"
E_EMPTY = "file is empty; there is nothing to segment (remove it or add text)"
E_EMPTY_HTML = "HTML page shows no text (only markup, scripts or styles); there is nothing to segment"
E_BINARY = "looks like binary data ({what}), not text; pass only text, JSONL or CSV files"
E_NUL_BYTES = (
    "looks like binary data (contains NUL bytes), not text; if it is UTF-16 text "
    "without a byte-order mark, pass --encoding utf-16-le (or utf-16-be), "
    "otherwise pass only text, JSONL or CSV files"
)
E_UNDECODABLE = (
    "cannot be decoded as UTF-8, UTF-16, GB18030 or Big5; "
    "pass --encoding NAME if you know its encoding"
)
E_FORCED_ENCODING = "is not valid {encoding}: {reason}; drop --encoding to detect it, or pass the right one"
E_UNKNOWN_ENCODING = "unknown encoding {encoding!r}; use a Python codec name such as utf-8, gb18030 or big5"
E_JSON_LINE = "line {line}: not valid JSON ({reason}); fix or remove that line"
E_JSON_NOT_OBJECT = "line {line}: expected a JSON object, found {found}; each line must be one object"
E_NO_TEXT_FIELD = (
    "{where}: has no {field!r} field (fields: {fields}); pass --text-field NAME"
)
E_NO_COLUMN = "has no {field!r} column (columns: {columns}); pass --{option} NAME"
E_MORE_WITHOUT_FIELD = "... and {n} more {records} without a {field!r} field; pass --{option} NAME"
E_TEXT_NOT_STRING = "{where}: field {field!r} is {found}, expected a string"
E_CSV = "row {line}: {reason}"
E_CSV_LINE = "line {line}: {reason}"
W_STDIN_TEXT = (
    "standard input is read as plain text, but {why}; "
    "pass --input-format jsonl, csv or tsv to read it as a table"
)
E_NO_INPUTS = "no input files matched; check the paths and the --include/--exclude globs"


def missing_dependency(package: str, extra: str) -> MissingDependency:
    """Build the error raised when an optional dependency is absent."""
    return MissingDependency(
        f"this feature needs {package!r}, which is not installed; "
        f"run: pip install 'argmine[{extra}]'"
    )

# --- annotations (gold JSONL, exporters, importers) -------------------------

E_GOLD_FIELD = "field {field!r} is {found}; expected {expected} (see annotations/README.md for the record format)"
E_GOLD_MISSING = "missing field(s) {fields}; each gold record needs id, doc, start, end, text, themes, sentiment"
E_GOLD_OFFSETS = "offsets {start}..{end} do not span the {n} characters of text {text!r}; fix start/end or text"
E_TRUNCATED_JSON = "not valid JSON ({reason}); the file looks truncated or edited by hand: export it again from the tool"
E_BAD_LABEL = "{reason}; use the labels of the schema (argmine/schemas/*.toml) or pass --schema"
E_UNMAPPED = "cannot be mapped to a unit: {reason}"
E_TEXT_MISMATCH = (
    "text mismatch for unit {unit} ({doc} {start}..{end}): the record has {found!r} "
    "but the source has {expected!r}; the source changed since export: run 'argmine realign' or export again"
)
E_OUT_OF_RANGE = "offsets {start}..{end} are out of range for {doc!r} ({length} {unit_name}); the record does not belong to this document"
E_NO_LABEL = "{what} was not labelled; label it in the tool or leave the unit out"
E_UNKNOWN_FORMAT = "unknown format {name!r}; expected one of: {choices}"
E_NEEDS_DOCUMENTS = "format {name!r} needs the whole documents (level {level!r}); pass documents= (the CLI does this)"


class ReportError(ArgmineError):
    """A report or chart cannot be written (bad output path or format)."""


E_NO_CJK_FONT = (
    "no font with Chinese glyphs found for the chart; run: pip install 'argmine[plot]' "
    "(ships Noto Sans CJK SC), or apt-get install -y fonts-noto-cjk, "
    "or set ARGMINE_CJK_FONT=/path/to/a/cjk/font.otf"
)
E_GLYPHS_MISSING = "font {font} cannot draw some characters of the chart ({details}); set ARGMINE_CJK_FONT to a font that has them"
E_PLOT_FORMAT = "{path}: cannot tell the chart format from the suffix; use one of {formats}"
E_REPORT_LIMIT = "--{option} must be a positive number, found {value!r}"

# polarity model (argmine/polarity.py)
E_POLARITY_UNFITTED = "this PolarityModel is not fitted yet; call fit(texts, labels) or PolarityModel.load(DIR) first"
E_POLARITY_PARAM = "PolarityModel parameter {name}={value!r} is invalid; expected {expected}"
E_POLARITY_TEXT = "text {index}: expected a str, found {found}"
E_POLARITY_LABEL = "label {index}: {found!r} is not a polarity; use 1/0 or 'positive'/'negative'"
E_POLARITY_LENGTHS = "got {n} {what} for {m} texts; pass one per text"
E_POLARITY_ONE_CLASS = "training labels contain only one class; a polarity model needs both positive and negative texts"
E_POLARITY_NO_MODEL = "{path}: not a directory; a polarity model directory holds config.json, vocab.json and weights.safetensors"
E_POLARITY_BAD_FILES = "{path}: not a polarity model ({reason}); rebuild it with scripts/build_polarity.py"
E_REVIEW_CSV = "row {line}: {reason}"
