"""The feeds' fast VEVENT writer gives exactly icalendar's bytes, awkward text included."""

from datetime import datetime, timedelta, timezone

import pytest

from calendars.ical import EventFacts, event_component, event_ical

UTC = timezone.utc

TEXTS = [
    "Plain",
    "Commas, semicolons; back\\slashes and a\nnew line",
    "Über-long café workshop · 漢字とかな · " * 6,
    "x" * 73 + "\\;" + "y" * 80,
    "Emoji 🎧🎸 " * 20,
    "",
]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("geo", [None, (40.79, -73.92), (-33.8688, 151.2093)])
@pytest.mark.parametrize("tzid", ["America/New_York", "UTC", "Etc/GMT+3"])
def test_writer_matches_icalendar(text, geo, tzid):
    start = datetime(2031, 3, 9, 6, 30, tzinfo=UTC)
    facts = EventFacts(
        uid="session-8d3c1a2e-0f4b-4c1e-9d1a-1c2b3d4e5f60@greenroom",
        sequence=3,
        created=datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC),
        last_modified=datetime(2031, 1, 2, 3, 4, 5, tzinfo=UTC),
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        tzid=tzid,
        summary=text or "Untitled",
        description=text,
        location=f"{text}, 1 Main St, New York, United States",
        geo=geo,
        url="https://wellness.example.org/a/gov-ball/#session-12",
        category="Festival booth, outdoor",
        status="CANCELLED",
        transparent=bool(geo),
    )
    assert event_ical(facts) == event_component(facts).to_ical()


def test_writer_matches_icalendar_on_random_text():
    import random

    alphabet = 'ab ,;:\\^\n"é·漢🎧'
    rng = random.Random(8)
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(60, 260)))
        start = datetime(2031, 10, 26, 0, 30, tzinfo=UTC)
        facts = EventFacts(
            uid="activation-1@greenroom",
            sequence=0,
            created=start,
            last_modified=start,
            starts_at=start,
            ends_at=start + timedelta(hours=3),
            tzid="Europe/London",
            summary=text,
            description=text,
            location=text,
            geo=None,
            url="https://example.org/a/x/",
            category=text[:30],
            status="CONFIRMED",
            transparent=False,
        )
        assert event_ical(facts) == event_component(facts).to_ical(), text
