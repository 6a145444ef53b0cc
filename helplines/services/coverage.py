"""How much of the directory holds today: the counts an organizer (and a release note) looks at."""

from dataclasses import asdict, dataclass
from datetime import date

from django.utils import timezone

from core.errors import GreenroomError
from helplines.models import Country, CrisisLine


@dataclass
class Coverage:
    countries: int  # countries with a page of their own (researched)
    vetted_lines: int
    vetted_24_7_general: int  # vetted crisis lines open 24/7 for everyone
    lines_due: int  # vetted lines due for re-check
    print_without_override: int  # countries whose card prints with no line due for re-check

    def as_dict(self) -> dict:
        return asdict(self)


def coverage(today: date | None = None) -> Coverage:
    from helplines.services.directory import printable_lines

    today = today or timezone.localdate()
    vetted = CrisisLine.objects.vetted().filter(section=CrisisLine.Section.CRISIS)
    general = [l for l in vetted.filter(hours_24_7=True) if not l.audiences or "general" in l.audiences]
    printable = 0
    for code in Country.objects.values_list("code", flat=True):
        try:
            directory = printable_lines(code, "en", today=today)
        except GreenroomError:
            continue
        printable += not any(line.due_for_recheck for line in directory.lines)
    return Coverage(
        countries=Country.objects.count(),
        vetted_lines=vetted.count(),
        vetted_24_7_general=len(general),
        lines_due=vetted.due_for_recheck(today).count(),
        print_without_override=printable,
    )


def coverage_by_country(today: date | None = None) -> list[dict]:
    """Per researched country: its vetted crisis lines (keys), those due, and whether its card prints without an override."""
    from helplines.services.directory import printable_lines

    today = today or timezone.localdate()
    rows = []
    for country in Country.objects.order_by("code"):
        vetted = list(
            CrisisLine.objects.vetted().filter(country=country, section=CrisisLine.Section.CRISIS).order_by("display_order", "id")
        )
        try:
            printed = printable_lines(country.code, "en", today=today).lines
            prints = not any(line.due_for_recheck for line in printed)
        except GreenroomError:
            prints = False
        rows.append(
            {
                "code": country.code,
                "name": country.name,
                "vetted": [l.key for l in vetted],
                "due": [l.key for l in vetted if l.due_for_recheck(today)],
                "24_7_general": [l.key for l in vetted if l.hours_24_7 and (not l.audiences or "general" in l.audiences)],
                "prints_without_override": prints,
            }
        )
    return rows
