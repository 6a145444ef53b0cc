"""QR codes for a batch's short URL: a vector path for PDFs, a PNG and an SVG for signage.

Error correction Q (a card survives a bent corner or a coffee ring), a 4-module quiet zone.
"""

from __future__ import annotations

import io

import qrcode
import qrcode.constants
from qrcode.image.svg import SvgPathFillImage

QUIET_ZONE = 4  # modules, the minimum the standard asks for


def matrix(data: str) -> list[list[bool]]:
    """The code's modules without the quiet zone, row by row from the top."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_Q, border=0)
    code.add_data(data)
    code.make(fit=True)
    return code.get_matrix()


def draw_form(canvas, name: str, data: str, size: float, dark=None, light=None) -> None:
    """Define form XObject `name`: the code, quiet zone included, `size` points square at (0, 0).

    The dark modules are one path (a rectangle per horizontal run), filled once, in `dark`
    (black by default; 100 % K for a print shop) on `light` (white).
    """
    rows = matrix(data)
    n = len(rows)
    modules = n + 2 * QUIET_ZONE
    m = size / modules
    canvas.beginForm(name, 0, 0, size, size)
    if light is None:
        canvas.setFillColorRGB(1, 1, 1)
    else:
        canvas.setFillColor(light)
    canvas.rect(0, 0, size, size, stroke=0, fill=1)
    if dark is None:
        canvas.setFillColorRGB(0, 0, 0)
    else:
        canvas.setFillColor(dark)
    path = canvas.beginPath()
    for r, row in enumerate(rows):
        y = size - (QUIET_ZONE + r + 1) * m
        c = 0
        while c < n:
            if row[c]:
                start = c
                while c < n and row[c]:
                    c += 1
                path.rect((QUIET_ZONE + start) * m, y, (c - start) * m, m)
            else:
                c += 1
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.endForm()


def module_count(data: str) -> int:
    """Modules across, the quiet zone included."""
    return len(matrix(data)) + 2 * QUIET_ZONE


def png(data: str, box_size: int = 20) -> bytes:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_Q, border=QUIET_ZONE, box_size=box_size)
    code.add_data(data)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return buffer.getvalue()


def svg(data: str) -> bytes:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_Q, border=QUIET_ZONE, image_factory=SvgPathFillImage)
    code.add_data(data)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer)
    return buffer.getvalue()
