"""JSON helpers shared by the readers of input, gold files and labelling tools' exports."""

from __future__ import annotations

import json
from typing import Any


def loads(text: str) -> Any:
    """``json.loads``; JSON nested too deeply to parse is a :class:`json.JSONDecodeError` too (not a RecursionError).

    >>> try:
    ...     loads("[" * 100_000 + "]" * 100_000)
    ... except json.JSONDecodeError as e:
    ...     json_reason(e)
    'nested too deeply at column 1'
    """
    try:
        return json.loads(text)
    except RecursionError:
        raise json.JSONDecodeError("nested too deeply", text, 0) from None


def json_reason(e: json.JSONDecodeError) -> str:
    """Why one line is not valid JSON, and where: ``e.msg`` alone ends in a dangling "at".

    The place is a column of the line (counted in characters from 1), or its end.

    >>> def reason(line):
    ...     try:
    ...         json.loads(line)
    ...     except json.JSONDecodeError as e:
    ...         return json_reason(e)
    >>> reason('{"text": "a'), reason('{"text": }'), reason('{"text": "a"\\n')
    ('Unterminated string starting at column 10', 'Expecting value at column 10', "Expecting ',' delimiter at the end of the line")
    """
    msg = e.msg[: -len(" at")] if e.msg.endswith(" at") else e.msg
    return f"{msg} at the end of the line" if e.pos >= len(e.doc.rstrip()) else f"{msg} at column {e.pos + 1}"
