"""What a printed crisis card may say: the contract between the directory and the printer.

`helplines.services.directory.printable_directory(country, language)` answers only `vetted` lines,
in display order, with what a card prints for each, in these shapes; printables only reads them.
"""

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class PrintableLine:
    line_id: int
    name: str  # in the card's language where the directory has it
    dial: str  # the number as printed, e.g. "116 123" or "0800 32 123"
    sms: str | None = None  # as text, e.g. "Text SHOUT to 85258"
    hours: str | None = None  # None when 24/7
    group: str | None = None  # lines "shown together" share a group (Belgium's nl/fr lines)
    verified_on: date | None = None
    due_for_recheck: bool = False  # verified over 365 days ago, or never
    tel: str | None = None  # tel: link from the structured number (None for a text-only number)
    sms_link: str | None = None  # sms: link with the keyword as body
    for_everyone: bool = True  # False for a line limited to an audience (children, youth, LGBTQ+)


@dataclass(frozen=True)
class PrintableDirectory:
    country: str  # ISO 3166-1 alpha-2
    language: str
    emergency: str  # e.g. "112" or "999 or 112"
    lines: list[PrintableLine] = field(default_factory=list)
    checked_on: date | None = None  # the oldest check among the lines printed; None if any was never checked
    unchecked: int = 0  # printed lines never checked ("not yet checked")
    held: list[str] = field(default_factory=list)  # lines held from print runs (wrong-number reports)
