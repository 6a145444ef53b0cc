"""Fonts and text fitting for cards: every character in a font that has it, every line inside its box.

The fonts are TrueType files shipped in `printables/fonts/` (Noto Sans for Latin, Greek and
Cyrillic; Noto Sans Arabic; IPAexGothic for Japanese; NanumSquare for Korean), registered once per process and
subset by reportlab when a PDF embeds them. Each language has a chain of fonts: a run of text
is set in the first font of the chain that has its glyphs, so a Japanese name on an English card
still prints, and a character no font has is left out rather than printed as an empty box.

Text is wrapped at spaces (and between CJK characters, with the usual line-start rules), and a
paragraph that would need more lines than allowed is shortened with an ellipsis. Nothing here
ever draws outside the width it is given: `wrap` either fits or says it did not.

Right-to-left text (Arabic) is wrapped in logical order, then each line is shaped (letters
joined into their contextual forms by arabic-reshaper, vowel marks kept) and put in display order by python-bidi;
runs of digits are isolated first, so "116 123" and "0800 58 58 58" keep reading left to right.
Widths are always measured on the shaped line, so what is measured is what is drawn.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"

# name → (file, draw with a stroke to embolden: the Japanese font has a single weight)
FONT_FILES = {
    "GR-Sans": "NotoSans-Regular.ttf",
    "GR-Sans-Bold": "NotoSans-Bold.ttf",
    "GR-Gothic-JA": "ipaexg.ttf",
    "GR-Gothic-KO": "NanumSquareR.ttf",
    "GR-Gothic-KO-Bold": "NanumSquareB.ttf",
    "GR-Arabic": "NotoSansArabic-Regular.ttf",
    "GR-Arabic-Bold": "NotoSansArabic-Bold.ttf",
}
RTL_LANGUAGES = ("ar",)


@dataclass(frozen=True)
class Face:
    font: str
    fake_bold: bool = False  # fill + thin stroke, for a font without a bold weight


_AR, _AR_B = Face("GR-Arabic"), Face("GR-Arabic-Bold")
_LATIN = (Face("GR-Sans"), Face("GR-Gothic-JA"), Face("GR-Gothic-KO"), _AR)
_LATIN_BOLD = (Face("GR-Sans-Bold"), Face("GR-Gothic-JA", True), Face("GR-Gothic-KO-Bold"), _AR_B)
_JA = (Face("GR-Gothic-JA"), Face("GR-Sans"), Face("GR-Gothic-KO"), _AR)
_JA_BOLD = (Face("GR-Gothic-JA", True), Face("GR-Sans-Bold"), Face("GR-Gothic-KO-Bold"), _AR_B)
_KO = (Face("GR-Gothic-KO"), Face("GR-Sans"), Face("GR-Gothic-JA"), _AR)
_KO_BOLD = (Face("GR-Gothic-KO-Bold"), Face("GR-Sans-Bold"), Face("GR-Gothic-JA", True), _AR_B)
# Arabic text with Latin names and digits: Noto Sans for those (Noto Sans Arabic's Latin is
# the same design), the Arabic face for the letters.
_ARABIC = (_AR, Face("GR-Sans"), Face("GR-Gothic-JA"), Face("GR-Gothic-KO"))
_ARABIC_BOLD = (_AR_B, Face("GR-Sans-Bold"), Face("GR-Gothic-JA", True), Face("GR-Gothic-KO-Bold"))


def is_rtl(language: str) -> bool:
    return (language or "en").split("-")[0].lower() in RTL_LANGUAGES


def chain_for(language: str, bold: bool = False) -> tuple[Face, ...]:
    base = (language or "en").split("-")[0].lower()
    if base == "ja":
        return _JA_BOLD if bold else _JA
    if base == "ko":
        return _KO_BOLD if bold else _KO
    if base in RTL_LANGUAGES:
        return _ARABIC_BOLD if bold else _ARABIC
    return _LATIN_BOLD if bold else _LATIN


@lru_cache(maxsize=None)
def register_fonts() -> None:
    for name, filename in FONT_FILES.items():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))


@lru_cache(maxsize=None)
def _coverage(font: str) -> frozenset[int]:
    register_fonts()
    return frozenset(pdfmetrics.getFont(font).face.charToGlyph)


def has_glyph(font: str, char: str) -> bool:
    return ord(char) in _coverage(font)


def clean(text: str) -> str:
    """NFC, single spaces, no control characters."""
    text = unicodedata.normalize("NFC", text or "")
    text = "".join(" " if unicodedata.category(c) in ("Zs", "Cc") else c for c in text)
    return " ".join(text.split())


def runs(text: str, chain: tuple[Face, ...]) -> list[tuple[Face, str]]:
    """Split text into runs, each in the first face of the chain that has its characters."""
    out: list[tuple[Face, str]] = []
    for char in text:
        face = next((f for f in chain if has_glyph(f.font, char)), None)
        if face is None:
            continue  # no font has it: leave it out rather than print an empty box
        if out and out[-1][0] == face:
            out[-1] = (face, out[-1][1] + char)
        else:
            out.append((face, char))
    return out


_RTL_CHARS = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
# A number as a whole: digits with the spaces, dashes, dots and slashes inside it.
_NUMBER = re.compile(r"[+]?\d[\d\u00a0 ().\-\u2013/]*\d|\d")
_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069\u200e\u200f\u202a\u202b\u202c\u202d\u202e"))


@lru_cache(maxsize=1)
def _reshaper():
    """arabic-reshaper, keeping the vowel marks (harakat): its default drops them, and "صباحًا"
    (in the morning) would print as "صباحا". Noto Sans Arabic's marks have no width, so each
    sits over the letter it follows."""
    import arabic_reshaper

    return arabic_reshaper.ArabicReshaper(configuration={"delete_harakat": False})


@lru_cache(maxsize=4096)
def visual(text: str, rtl: bool = False) -> str:
    """The line as it is drawn, left to right: shaped and in display order when it holds
    right-to-left letters (or the card is right-to-left); unchanged otherwise."""
    if not _RTL_CHARS.search(text):
        return text
    from bidi import get_display

    isolated = _NUMBER.sub(lambda m: "\u2066" + m.group(0) + "\u2069", text)
    shaped = _reshaper().reshape(isolated)
    return get_display(shaped, base_dir="R" if rtl else None).translate(_BIDI_CONTROLS)


def width(text: str, chain: tuple[Face, ...], size: float) -> float:
    return sum(pdfmetrics.stringWidth(t, f.font, size) for f, t in runs(visual(text, _rtl_chain(chain)), chain))


def _rtl_chain(chain) -> bool:
    return chain[0].font.startswith("GR-Arabic")


# --- line breaking -------------------------------------------------------------------------

# No line may start with these (Japanese kinsoku shori, plus Latin closing punctuation).
_NO_START = set("/、。，．・：；？！゛゜ヽヾゝゞ々ー）］｝」』〉》】〕’”!),.:;?]}…ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ")
_NO_END = set("（［｛「『〈《【〔‘“([{")


def _is_cjk(char: str) -> bool:
    cp = ord(char)
    return (
        0x3000 <= cp <= 0x30FF  # CJK punctuation, hiragana, katakana
        or 0x3400 <= cp <= 0x9FFF  # CJK ideographs
        or 0xF900 <= cp <= 0xFAFF
        or 0xFF00 <= cp <= 0xFFEF  # full-width forms
    )


def tokens(text: str, extra_breaks: str = "", *, keep_digit_groups: bool = False, cjk_breaks: bool = True) -> list[str]:
    """Pieces between which a line may break; each keeps its trailing spaces.

    Breaks: after spaces, after `extra_breaks` characters, around CJK characters (never before a
    character that may not start a line, never after one that may not end it). With
    keep_digit_groups a space between two digits does not break ("0800 111 0 111" stays whole).
    """
    out: list[str] = []
    cur = ""
    for i, char in enumerate(text):
        cur += char
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if not nxt:
            break
        if nxt == " ":
            continue  # spaces stay with the piece before them
        if char == " ":
            before = cur.rstrip()[-1:]
            breakable = not (keep_digit_groups and before.isdigit() and nxt.isdigit())
        else:
            breakable = char in extra_breaks or (
                cjk_breaks
                and (_is_cjk(char) or _is_cjk(nxt))
                and not (char.isascii() and char.isalnum())
                and not (nxt.isascii() and nxt.isalnum())
            )  # "10日" and "QRコード" stay whole
        if breakable and nxt not in _NO_START and char not in _NO_END:
            out.append(cur)
            cur = ""
    if cur:
        out.append(cur)
    return out


ELLIPSIS = "…"


@dataclass(frozen=True)
class Wrapped:
    lines: tuple[str, ...]
    fits: bool  # False when a piece could not be placed within the width (never for shortened text)
    shortened: bool = False


def _shorten(line: str, chain, size: float, max_width: float) -> str:
    line = line.rstrip()
    while line and width(line + ELLIPSIS, chain, size) > max_width:
        line = line[:-1].rstrip()
    return line + ELLIPSIS


def wrap(
    text: str,
    chain: tuple[Face, ...],
    size: float,
    max_width: float,
    max_lines: int | None = None,
    *,
    extra_breaks: str = "",
    keep_digit_groups: bool = False,
    cjk_breaks: bool = True,
    may_split_words: bool = True,
) -> Wrapped:
    """Greedy line filling. With max_lines, overflow is shortened with an ellipsis."""
    text = clean(text)
    lines: list[str] = []
    cur = ""
    fits = True
    for tok in tokens(text, extra_breaks, keep_digit_groups=keep_digit_groups, cjk_breaks=cjk_breaks):
        if width((cur + tok).rstrip(), chain, size) <= max_width:
            cur += tok
            continue
        if cur:
            lines.append(cur.rstrip())
            cur = ""
        if width(tok.rstrip(), chain, size) <= max_width:
            cur = tok
            continue
        if not may_split_words:
            fits = False
            cur = tok
            continue
        for char in tok:  # a single word wider than the box: break it where it must
            if cur and width((cur + char).rstrip(), chain, size) > max_width:
                lines.append(cur.rstrip())
                cur = ""
            cur += char
    if cur.strip():
        lines.append(cur.rstrip())
    if max_lines is not None and len(lines) > max_lines:
        kept = lines[:max_lines]
        kept[-1] = _shorten(kept[-1], chain, size, max_width)
        return Wrapped(tuple(kept), fits, shortened=True)
    return Wrapped(tuple(lines), fits)


def draw_line(canvas, text: str, chain, size: float, x: float, y: float, *, align: str = "left", max_width=None):
    """Draw one line with its runs; align is relative to x (left), the centre, or the right end."""
    parts = runs(visual(text, _rtl_chain(chain)), chain)
    total = sum(pdfmetrics.stringWidth(t, f.font, size) for f, t in parts)
    if align == "center":
        x -= total / 2
    elif align == "right":
        x -= total
    for face, t in parts:
        if face.fake_bold:
            canvas.saveState()
            canvas.setLineWidth(size * 0.035)
            canvas.setStrokeColor(canvas._fillColorObj)
            tx = canvas.beginText(x, y)
            tx.setTextRenderMode(2)
            tx.setFont(face.font, size)
            tx.textOut(t)
            canvas.drawText(tx)
            canvas.restoreState()
        else:
            canvas.setFont(face.font, size)
            canvas.drawString(x, y, t)
        x += pdfmetrics.stringWidth(t, face.font, size)
    if DRAW_LOG is not None:
        DRAW_LOG.extend((f.font, t) for f, t in parts)
    return total


#: Tests set this to a list to see every (font, text) run drawn; None in normal use.
DRAW_LOG: list | None = None
