"""What may be typed into a text field: one rule, used by every door.

Control characters (other than tab, and line breaks where a field has several lines), lone
surrogates and the NUL character are refused: nobody types them, and they break calendar
files, CSV cells, printed cards and the database. Single-line fields (titles, names) also refuse
line breaks and the text-direction controls (U+202A–U+202E, U+2066–U+2069) that make a name
read backwards at check-in. Descriptions keep their line breaks (written out escaped wherever a
format needs it, e.g. iCalendar).

Models carry `ONE_LINE` / `SEVERAL_LINES` as field validators (so the admin's forms refuse too),
the API's write schemas check every string field with `problem()` (api/fields.WriteSchema), and
services with their own checks call `check()`.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

from core.errors import GreenroomError

BIDI_CONTROLS = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
LINE_BREAKS = frozenset("\n\r\u2028\u2029")


def problem(value: str, *, multi_line: bool = False) -> str | None:
    """What is wrong with `value` as typed text, in words, or None."""
    for char in value:
        if char == "\t":
            continue
        if char in LINE_BREAKS:
            if multi_line:
                continue
            return "must be a single line (no line breaks)"
        if not multi_line and char in BIDI_CONTROLS:
            return f"must not contain text-direction controls (U+{ord(char):04X})"
        category = unicodedata.category(char)
        if category == "Cc":
            return f"must not contain control characters (U+{ord(char):04X})"
        if category == "Cs":
            return "must not contain a lone surrogate (broken Unicode)"
    return None


def check(value: str, field: str, *, multi_line: bool = False) -> str:
    """`value` if it is acceptable typed text, else a 422 naming `field`."""
    found = problem(value, multi_line=multi_line)
    if found:
        raise GreenroomError(f"{field}: {found}.", code="invalid", status=422, fields=[{"field": field, "message": found}])
    return value


@deconstructible
class TypedText:
    """A model field validator: `validators=[ONE_LINE]` or `[SEVERAL_LINES]`."""

    def __init__(self, multi_line: bool = False):
        self.multi_line = multi_line

    def __call__(self, value):
        if isinstance(value, str):
            found = problem(value, multi_line=self.multi_line)
            if found:
                raise ValidationError(f"This field {found}.", code="invalid_text")

    def __eq__(self, other):
        return isinstance(other, TypedText) and other.multi_line == self.multi_line


ONE_LINE = TypedText(multi_line=False)
SEVERAL_LINES = TypedText(multi_line=True)
