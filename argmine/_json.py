"""JSON helpers shared by the readers of input, gold files and labelling tools' exports."""

from __future__ import annotations

import json
import re
import sys
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
    except json.JSONDecodeError:
        raise
    except ValueError as e:  # an integer longer than Python converts (sys.get_int_max_str_digits)
        raise _too_long(text, e) from None


#: A JSON string (skipped: digits inside it are text) or a number, as the JSON grammar writes them.
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?')


def _too_long(text: str, e: ValueError) -> json.JSONDecodeError:
    """The :class:`json.JSONDecodeError` for an integer too long to convert, at the place it starts.

    >>> json_reason(_too_long('{"id": ' + "7" * 5000 + "}", ValueError()))
    'an integer of 5000 digits, more than the 4300 Python reads at column 8'
    """
    limit = sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else 4300
    for m in _TOKEN.finditer(text):
        number = m.group().lstrip("-")
        if number.isdigit() and len(number) > limit:
            return json.JSONDecodeError(f"an integer of {len(number)} digits, more than the {limit} Python reads", text, m.start())
    return json.JSONDecodeError(str(e), text, 0)


def json_lines(text: str) -> list[str]:
    r"""The lines of a JSON Lines text: split at LF, CRLF or CR only.

    ``str.splitlines`` also splits at U+2028, U+2029, U+0085 and other breaks that
    JSON writers (``json.dumps(ensure_ascii=False)``, pandas, doccano) leave raw
    inside strings; a raw CR or LF cannot be inside a JSON string, so these
    splits never cut a record.

    >>> json_lines('{"text": "a\u2028b"}\r\n{"text": "c"}\n')
    ['{"text": "a\u2028b"}', '{"text": "c"}', '']
    """
    return re.split(r"\r\n|\r|\n", text)


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
