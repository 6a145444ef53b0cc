"""A picture of one page of a PDF (a sheet's front or back), for the admin: poppler's pdftoppm when the machine has it."""

import shutil
import subprocess
import tempfile
from pathlib import Path


class PreviewUnavailable(Exception):
    pass


def page_png(pdf: bytes, page: int = 1, dpi: int = 100) -> bytes:
    if shutil.which("pdftoppm") is None:
        raise PreviewUnavailable("Previews need pdftoppm (Debian's poppler-utils); the PDF itself is fine.")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "sheet.pdf"
        src.write_bytes(pdf)
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                str(dpi),
                "-png",
                "-f",
                str(page),
                "-l",
                str(page),
                "-singlefile",
                str(src),
                str(Path(tmp) / "sheet"),
            ],
            check=True,
            capture_output=True,
            timeout=60,
        )
        return (Path(tmp) / "sheet.png").read_bytes()
