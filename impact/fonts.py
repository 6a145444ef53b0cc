"""The report PDF's fonts: the cards' own TrueType fonts (printables/typesetting.py), registered once.

`report_fonts()` is the one place the PDF gets its fonts from. With the cards' fonts, a session
title in Japanese or Korean prints in a font that has its characters; without them (an
installation without printables' font files) it falls back to reportlab's built-in Helvetica,
which covers Latin text only.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape


@dataclass(frozen=True)
class ReportFonts:
    regular: str
    bold: str
    embedded: bool  # True: the cards' TrueType fonts (subset into the PDF)

    def markup(self, text: str, bold: bool = False) -> str:
        """Text as Paragraph markup, each run in a font that has its characters."""
        text = text or ""
        if not self.embedded:
            return escape(text)
        from printables import typesetting

        chain = typesetting.chain_for("en", bold=bold)
        return "".join(f'<font face="{face.font}">{escape(run)}</font>' for face, run in typesetting.runs(text, chain))

    def font_for(self, text: str, bold: bool = False) -> str:
        """One font for a short string drawn in a chart: the first in the chain with all its characters."""
        if not self.embedded:
            return self.bold if bold else self.regular
        from printables import typesetting

        for face in typesetting.chain_for("en", bold=bold):
            if all(typesetting.has_glyph(face.font, c) for c in text if not c.isspace()):
                return face.font
        return self.bold if bold else self.regular


@lru_cache(maxsize=None)
def report_fonts() -> ReportFonts:
    try:
        from printables import typesetting

        typesetting.register_fonts()
    except (ImportError, AttributeError, OSError):
        return ReportFonts(regular="Helvetica", bold="Helvetica-Bold", embedded=False)
    return ReportFonts(regular="GR-Sans", bold="GR-Sans-Bold", embedded=True)
