"""Print profiles: the inks a card is drawn with, and turning a `press` file into PDF/X-4.

`office` is RGB for desk printers, as the cards always were. `press` is for a print shop:
every colour is DeviceCMYK, text, QR modules and crop marks are 100 % K only (no rich black to
blur when the plates are off register), the brand colour is a defined CMYK build, and the file
carries what a PDF/X-4 preflight asks for: an output intent with an embedded ICC profile
(FOGRA39L coated, CC0, see `icc/LICENSE-FOGRA39L.txt`), XMP metadata naming PDF/X-4 and
matching the document information, and TrimBox/BleedBox on every page.
"""

from __future__ import annotations

import io
import uuid
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

from reportlab.lib.colors import CMYKColor, HexColor, black, white

PROFILES = ("office", "press")
ICC_PATH = Path(__file__).resolve().parent / "icc" / "FOGRA39L-coated.icc"
OUTPUT_CONDITION = "FOGRA39"  # ICC registry name of the characterization the profile is built from
OUTPUT_CONDITION_TEXT = "Offset printing, ISO 12647-2:2004/Amd 1, coated paper (FOGRA39L)"

# Roles, not colours: a face asks for "brand" or "ink" and the profile says what that is.
OFFICE = {
    "brand": HexColor("#0B5E5A"),  # bands and stripes
    "brand_text": HexColor("#0B5E5A"),  # headlines and numbers
    "ink": HexColor("#161616"),
    "muted": HexColor("#3A3A3A"),
    "paper": white,
    "qr": black,
    "marks": black,
}
PRESS = {
    # #0B5E5A through FOGRA39L, relative colorimetric: C89 M29 Y53 K45 (216 % total ink)
    "brand": CMYKColor(0.89, 0.29, 0.53, 0.45),
    "brand_text": CMYKColor(0, 0, 0, 1),
    "ink": CMYKColor(0, 0, 0, 1),
    "muted": CMYKColor(0, 0, 0, 0.8),
    "paper": CMYKColor(0, 0, 0, 0),
    "qr": CMYKColor(0, 0, 0, 1),
    "marks": CMYKColor(0, 0, 0, 1),
}


def palette(profile: str) -> dict:
    return PRESS if profile == "press" else OFFICE


@lru_cache(maxsize=1)
def icc_profile() -> bytes:
    return ICC_PATH.read_bytes()


def _pdf_date(when: datetime) -> str:
    return when.strftime("D:%Y%m%d%H%M%S+00'00'")


def _xmp(title: str, when: datetime, document_id: str) -> str:
    stamp = when.strftime("%Y-%m-%dT%H:%M:%S+00:00")
    esc = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{esc}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>Greenroom</rdf:li></rdf:Seq></dc:creator>
   <xmp:CreateDate>{stamp}</xmp:CreateDate>
   <xmp:ModifyDate>{stamp}</xmp:ModifyDate>
   <xmp:MetadataDate>{stamp}</xmp:MetadataDate>
   <xmp:CreatorTool>Greenroom printables</xmp:CreatorTool>
   <pdf:Producer>Greenroom printables (ReportLab, pikepdf)</pdf:Producer>
   <pdf:Trapped>False</pdf:Trapped>
   <xmpMM:DocumentID>uuid:{document_id}</xmpMM:DocumentID>
   <xmpMM:InstanceID>uuid:{document_id}</xmpMM:InstanceID>
   <xmpMM:VersionID>1</xmpMM:VersionID>
   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>
   <pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def make_pdfx4(data: bytes, title: str, when: datetime | None = None) -> bytes:
    """A ReportLab CMYK file made PDF/X-4: output intent, XMP, boxes on every page, PDF 1.6.

    The document id is derived from the content, so the same batch prints the same bytes.
    """
    import pikepdf
    from pikepdf import Array, Dictionary, Name

    when = (when or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    pdf = pikepdf.open(io.BytesIO(data))
    icc = pdf.make_stream(icc_profile())
    icc.N = 4
    pdf.Root.OutputIntents = Array(
        [
            pdf.make_indirect(
                Dictionary(
                    Type=Name.OutputIntent,
                    S=Name.GTS_PDFX,
                    OutputConditionIdentifier=OUTPUT_CONDITION,
                    OutputCondition=OUTPUT_CONDITION_TEXT,
                    RegistryName="http://www.color.org",
                    Info="FOGRA39L coated (CC0), built with ArgyllCMS",
                    DestOutputProfile=icc,
                )
            )
        ]
    )
    document_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"greenroom:{title}:{len(data)}"))
    metadata = pdf.make_stream(_xmp(title, when, document_id).encode("utf-8"))
    metadata.Type = Name.Metadata
    metadata.Subtype = Name.XML
    pdf.Root.Metadata = metadata
    info = pdf.trailer.Info
    stamp = _pdf_date(when)
    info.Title = title
    info.Creator = "Greenroom printables"
    info.Producer = "Greenroom printables (ReportLab, pikepdf)"
    info.CreationDate = stamp
    info.ModDate = stamp
    info.Trapped = Name("/False")
    for key in ("Author", "Subject", "Keywords"):
        if key in info:
            del info[key]
    for page in pdf.pages:
        media = page.obj.MediaBox
        if "/TrimBox" not in page.obj:
            page.obj.TrimBox = media
        if "/BleedBox" not in page.obj:
            page.obj.BleedBox = media
    out = io.BytesIO()
    pdf.save(
        out, min_version="1.6", deterministic_id=True, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate
    )
    return out.getvalue()
