"""Issue 6: a thousand crisis cards (fronts and backs) in one PDF — time and bytes, per card.

Aim: under 1 ms per card and 300 KB for the whole file. The faces and the QR code are drawn once
as form XObjects, so a page is ten placements; fonts are subset when embedded.
"""
import statistics
import time
from datetime import date

from bench.common import Row

CARDS = 1000
URL = "https://help.soundmind.example/h/k7m2p9q"


def _directories():
    from helplines.printable import PrintableDirectory, PrintableLine

    gb = PrintableDirectory("GB", "en", "999 or 112", [
        PrintableLine(1, "Samaritans", "116 123", verified_on=date(2025, 6, 1)),
        PrintableLine(2, "Shout 85258", "85258", sms="Text SHOUT to 85258", verified_on=date(2025, 6, 1)),
        PrintableLine(3, "CALM (Campaign Against Living Miserably)", "0800 58 58 58", hours="17:00–midnight"),
    ], checked_on=date(2025, 6, 1))
    jp = PrintableDirectory("JP", "ja", "119 または 110", [
        PrintableLine(1, "よりそいホットライン", "0120-279-338"),
        PrintableLine(2, "いのちの電話", "0120-783-556", hours="毎日 16:00〜21:00（毎月10日は24時間）"),
    ], checked_on=date(2024, 9, 1))
    return {"GB/en": gb, "JP/ja": jp}


def run():
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greenroom.settings")
    django.setup()
    from printables import pdf, typesetting

    typesetting.register_fonts()
    rows = []
    for label, directory in _directories().items():
        for layout in ("card-a4-10up", "card-letter-10up"):
            pdf.render(directory, URL, layout, 10)  # warm: font files parsed once per process
            times = []
            for _ in range(5):
                started = time.perf_counter()
                data = pdf.render(directory, URL, layout, CARDS)
                times.append(time.perf_counter() - started)
            best, median = min(times), statistics.median(times)
            name = f"{label} {layout} ×{CARDS}"
            rows.append(Row("cards", f"{name} time", round(median * 1000, 1), "ms", f"best {best * 1000:.1f} ms, 5 runs"))
            rows.append(Row("cards", f"{name} per card", round(median * 1000 / CARDS, 3), "ms", "aim < 1"))
            rows.append(Row("cards", f"{name} size", round(len(data) / 1024, 1), "KB", f"{len(data) / CARDS:.0f} B/card; aim < 300 KB"))
    return rows
