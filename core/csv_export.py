"""The one CSV writer of every export (sign-ups, stock ledger, impact figures and tables, any later one).

Text typed by the public, a kiosk or an organizer (names, reasons, SKUs, titles) can start with
`=`, `+`, `-`, `@`, a tab or a carriage return, and a spreadsheet then runs it as a formula
(`=HYPERLINK("http://…","Open")`). Such a text cell is written with a leading apostrophe, which
spreadsheets show as plain text. Numbers stay numbers (a stock change of -3 is not text).
Files start with a BOM so spreadsheet programs read them as UTF-8.
"""

import csv
import io
import re

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A bare international number (+447911123456) holds nothing a spreadsheet could run, and a quote
# in front would spoil it for every program that reads the file (the open crisis-line data).
_E164 = re.compile(r"^\+[1-9][0-9]{5,14}$")


def safe_cell(value):
    """The value, or "'" + value when a spreadsheet would read the text as a formula."""
    if isinstance(value, str) and value.lstrip(" ")[:1] in FORMULA_STARTS and not _E164.match(value):
        return "'" + value
    return value


class SafeWriter:
    """`csv.writer` whose rows pass through `safe_cell`; `writerow` returns what it wrote."""

    def __init__(self, file, **kwargs):
        self._writer = csv.writer(file, **kwargs)

    def writerow(self, row):
        return self._writer.writerow([safe_cell(cell) for cell in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(file, **kwargs) -> SafeWriter:
    return SafeWriter(file, **kwargs)


class _Line:
    def write(self, value):
        return value


_line_writer = SafeWriter(_Line())


def csv_line(row) -> str:
    """One CSV line (for streamed responses)."""
    return _line_writer.writerow(row)


def csv_text(header, rows, *, bom: bool = True) -> str:
    out = io.StringIO()
    writer = SafeWriter(out)
    writer.writerow(header)
    writer.writerows(rows)
    return (BOM if bom else "") + out.getvalue()
