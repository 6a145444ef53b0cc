"""Issues 6 and 20: a thousand crisis cards (fronts and backs) in one PDF — time and bytes, per card,
for each print profile: `office` (RGB) and `press` (PDF/X-4, CMYK, output intent embedded).

Aim (issue 20): at most 0.2 ms per card for 1,000 press cards and 300 KB per 1,000 cards. The
faces and the QR code are drawn once as form XObjects, so a page is ten placements; fonts are
subset when embedded; a press file adds its ICC profile (about 62 KB compressed) once.
Times are CPU time of this process (the machine is shared, so wall time says more about the
neighbours than about us); the best of five runs and the median are both shown.
"""

import statistics
import time
from datetime import date

from bench.common import Row

CARDS = 1000
URL = "https://help.soundmind.example/h/k7m2p9q"


def _directories():
    from helplines.printable import PrintableDirectory, PrintableLine

    eg = PrintableDirectory(
        "EG",
        "ar",
        "123 أو 122",
        [
            PrintableLine(1, "الخط الساخن للصحة النفسية", "16328"),
            PrintableLine(2, "الأمانة العامة للصحة النفسية", "0800 888 0700", hours="من 9 صباحًا إلى 5 مساءً"),
        ],
        checked_on=date(2025, 6, 1),
    )
    gb = PrintableDirectory(
        "GB",
        "en",
        "999 or 112",
        [
            PrintableLine(1, "Samaritans", "116 123", verified_on=date(2025, 6, 1)),
            PrintableLine(2, "Shout 85258", "85258", sms="Text SHOUT to 85258", verified_on=date(2025, 6, 1)),
            PrintableLine(3, "CALM (Campaign Against Living Miserably)", "0800 58 58 58", hours="17:00–midnight"),
        ],
        checked_on=date(2025, 6, 1),
    )
    jp = PrintableDirectory(
        "JP",
        "ja",
        "119 または 110",
        [
            PrintableLine(1, "よりそいホットライン", "0120-279-338"),
            PrintableLine(2, "いのちの電話", "0120-783-556", hours="毎日 16:00〜21:00（毎月10日は24時間）"),
        ],
        checked_on=date(2024, 9, 1),
    )
    return {"GB/en": gb, "JP/ja": jp, "EG/ar": eg}


def run():
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greenroom.settings")
    django.setup()
    from printables import pdf, typesetting

    typesetting.register_fonts()
    rows = []
    for label, directory in _directories().items():
        layouts = ("card-a4-10up", "card-letter-10up") if label == "GB/en" else ("card-a4-10up",)
        for layout in layouts:
            for profile in ("office", "press"):
                pdf.render(directory, URL, layout, 10, profile=profile)  # warm: font files parsed once per process
                times = []
                for _ in range(5):
                    started = time.process_time()
                    data = pdf.render(directory, URL, layout, CARDS, profile=profile)
                    times.append(time.process_time() - started)
                best, median = min(times), statistics.median(times)
                name = f"{label} {layout} {profile} ×{CARDS}"
                rows.append(
                    Row(
                        "cards",
                        f"{name} per card",
                        round(median * 1000 / CARDS, 3),
                        "ms",
                        f"best {best * 1000 / CARDS:.3f} ms; aim ≤ 0.2",
                    )
                )
                rows.append(
                    Row(
                        "cards", f"{name} size", round(len(data) / 1024, 1), "KB", f"{len(data) / CARDS:.0f} B/card; aim ≤ 300 KB"
                    )
                )
    return rows
