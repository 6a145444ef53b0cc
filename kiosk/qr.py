"""QR codes drawn on the server as SVG, so kiosk and admin pages need no script to show one."""

import base64
from functools import lru_cache

import qrcode
import qrcode.image.svg


def qr_svg(data: str) -> str:
    """An SVG QR code (white quiet zone included) of `data`."""
    image = qrcode.make(
        data,
        image_factory=qrcode.image.svg.SvgPathFillImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        box_size=10,
        border=4,
    )
    return image.to_string(encoding="unicode")


@lru_cache(maxsize=64)  # the help page's QR is the same on every kiosk page load
def qr_data_uri(data: str) -> str:
    """The same QR code as a data: URI for an <img> (the CSP allows data: images)."""
    return "data:image/svg+xml;base64," + base64.b64encode(qr_svg(data).encode()).decode()
