"""Looking at PDFs the way a person and a phone would: poppler renders and extracts, zxing-cpp scans."""

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from PIL import Image

needs_poppler = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs Debian's poppler-utils")


def render_pages(pdf: bytes, dpi: int = 150, first: int | None = None, last: int | None = None) -> list[Image.Image]:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(pdf)
        args = ["pdftoppm", "-r", str(dpi), "-png"]
        if first:
            args += ["-f", str(first)]
        if last:
            args += ["-l", str(last)]
        subprocess.run([*args, str(src), str(Path(tmp) / "page")], check=True, capture_output=True)
        pages = sorted(Path(tmp).glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        return [Image.open(p).convert("RGB") for p in pages]


def text_of(pdf: bytes, *pages: int) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(pdf)
        args = ["pdftotext", "-enc", "UTF-8"]
        if pages:
            args += ["-f", str(pages[0]), "-l", str(pages[-1])]
        return subprocess.run([*args, str(src), "-"], check=True, capture_output=True).stdout.decode()


def fonts_of(pdf: bytes) -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(pdf)
        out = subprocess.run(["pdffonts", str(src)], check=True, capture_output=True).stdout.decode()
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        # name type... encoding emb sub uni object ID
        rows.append({"name": parts[0], "type": " ".join(parts[1:-6]), "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return rows


def boxes_of(pdf: bytes) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(pdf)
        return subprocess.run(
            ["pdfinfo", "-box", "-f", "1", "-l", "2", str(src)], check=True, capture_output=True
        ).stdout.decode()


def scan(image: Image.Image) -> list:
    """Every QR code a decoder finds on the image, as (text, centre x, centre y) in pixels."""
    import zxingcpp

    found = []
    for result in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
        pos = result.position
        cx = (pos.top_left.x + pos.bottom_right.x) / 2
        cy = (pos.top_left.y + pos.bottom_right.y) / 2
        found.append((result.text, cx, cy))
    return found
