"""Offsets in UTF-16 code units, as doccano counts them.

Python indexes strings by code point; doccano's editor indexes by UTF-16 code
unit (JavaScript's string index), so every character outside the Basic
Multilingual Plane (emoji, 𠮷) counts twice there.  ``\\r\\n`` is two units in
both.  :class:`Utf16Offsets` converts one text's offsets both ways.  (Label
Studio counts code points, as Python does; only the regions of argmine's older
Label Studio exports, which counted UTF-16 code units, are read through this map.)

>>> m = Utf16Offsets("a😀b")
>>> m.to_utf16(2), m.from_utf16(3)
(3, 2)
"""

from __future__ import annotations

from bisect import bisect_left

from .errors import AlignmentError


class Utf16Offsets:
    """Two-way offset map between code points and UTF-16 code units of ``text``.

    >>> Utf16Offsets("𠮷野家").to_utf16(3)
    4
    """

    def __init__(self, text: str):
        self.text = text
        # Code-point positions of the characters that take two UTF-16 units.
        self._wide = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]

    @property
    def utf16_length(self) -> int:
        """Length of the text in UTF-16 code units."""
        return len(self.text) + len(self._wide)

    def to_utf16(self, offset: int) -> int:
        """The UTF-16 offset of code-point ``offset`` (0..len(text))."""
        if not 0 <= offset <= len(self.text):
            raise AlignmentError(
                f"offset {offset} is out of range for a text of {len(self.text)} characters"
            )
        return offset + bisect_left(self._wide, offset)

    def from_utf16(self, offset: int) -> int:
        """The code-point offset of UTF-16 ``offset``; it must not split a surrogate pair."""
        if not 0 <= offset <= self.utf16_length:
            raise AlignmentError(
                f"UTF-16 offset {offset} is out of range for a text of "
                f"{self.utf16_length} UTF-16 code units"
            )
        # Binary search for the code point whose UTF-16 start is ``offset``.
        lo, hi = 0, len(self.text)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.to_utf16(mid) < offset:
                lo = mid + 1
            else:
                hi = mid
        if self.to_utf16(lo) != offset:
            raise AlignmentError(
                f"UTF-16 offset {offset} falls inside the surrogate pair of "
                f"{self.text[lo - 1]!r}; offsets must count whole characters"
            )
        return lo


def to_utf16(text: str, offset: int) -> int:
    """Code-point offset -> UTF-16 offset in ``text``.

    >>> to_utf16("😀😀", 1)
    2
    """
    return Utf16Offsets(text).to_utf16(offset)


def from_utf16(text: str, offset: int) -> int:
    """UTF-16 offset -> code-point offset in ``text``.

    >>> from_utf16("😀😀", 2)
    1
    """
    return Utf16Offsets(text).from_utf16(offset)
