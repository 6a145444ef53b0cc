"""Emergency numbers for every ISO 3166 country, from the curated table `data/emergency.csv`.

Each row names the number to show first, the police, ambulance and fire numbers where a source
names them, the country's time zone for opening hours, and the source the row rests on. Numbers
are never guessed from libphonenumber's list of short codes: where no national source was read,
the row says so and shows 112, which GSM phones route to the local emergency service
(3GPP TS 22.101), with a note that the local number was not confirmed.
"""

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from helplines.links import emergency_tel

TABLE = Path(__file__).resolve().parent / "data" / "emergency.csv"
COLUMNS = ["country", "first", "police", "ambulance", "fire", "also", "time_zone", "confirmed", "source", "note"]


@dataclass(frozen=True)
class Emergency:
    country: str
    first: str  # the number to show first, e.g. "112"
    police: list[str] = field(default_factory=list)
    ambulance: list[str] = field(default_factory=list)
    fire: list[str] = field(default_factory=list)
    also: list[str] = field(default_factory=list)
    time_zone: str = "UTC"
    confirmed: bool = False  # a national source names the numbers (else: the 112 fallback)
    source: str = ""
    note: str = ""

    @property
    def numbers(self) -> list[str]:
        """Every number, the first one first, each once."""
        seen, result = set(), []
        for n in [self.first, *self.police, *self.ambulance, *self.fire, *self.also]:
            if n and n not in seen:
                seen.add(n)
                result.append(n)
        return result

    @property
    def general(self) -> list[str]:
        """The first number, and any other that answers for police, ambulance and fire alike (GB 999 and 112)."""
        return [n for n in self.numbers if n == self.first or len(self.services_of(n)) == 3]

    def services_of(self, number: str) -> list[str]:
        return [
            name
            for name, numbers in (("police", self.police), ("ambulance", self.ambulance), ("fire", self.fire))
            if number in numbers
        ]

    @property
    def links(self) -> list[dict]:
        return [{"dial": n, "tel": emergency_tel(n), "services": self.services_of(n)} for n in self.numbers]


def _split(cell: str) -> list[str]:
    return [n.strip() for n in (cell or "").split("/") if n.strip()]


@lru_cache(maxsize=1)
def table() -> dict[str, Emergency]:
    with TABLE.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    result = {}
    for row in rows:
        cc = row["country"].strip().upper()
        result[cc] = Emergency(
            country=cc,
            first=row["first"].strip(),
            police=_split(row["police"]),
            ambulance=_split(row["ambulance"]),
            fire=_split(row["fire"]),
            also=_split(row["also"]),
            time_zone=row["time_zone"].strip() or "UTC",
            confirmed=row["confirmed"].strip() == "yes",
            source=row["source"].strip(),
            note=row["note"].strip(),
        )
    return result


def emergency_for(country: str) -> Emergency:
    """The table's row for `country` (every ISO 3166-1 code has one)."""
    cc = country.upper()
    row = table().get(cc)
    if row is None:
        return Emergency(
            country=cc,
            first="112",
            time_zone="UTC",
            source="3GPP TS 22.101 (GSM phones route 112)",
            note="No national source read: 112 from a mobile phone",
        )
    return row
