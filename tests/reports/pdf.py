"""Reading the PDFs the portal renders, as a reader (text, outline, metadata, files) and as a picture."""

import io
import json
import re
from pathlib import Path

import pypdfium2
from PIL import Image, ImageChops, ImageStat
from pypdf import PdfReader

REFERENCE_DIR = Path(__file__).parent / "reference"


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def text_of(pdf: bytes) -> str:
    """The text of every page, pages joined by form feeds, runs of white space made single spaces."""
    pages = [" ".join(page.extract_text().split()) for page in reader(pdf).pages]
    return "\f".join(pages)


def in_order(text: str, *needles: str) -> bool:
    """Do all `needles` occur in `text`, one after the other?"""
    position = 0
    for needle in needles:
        found = text.find(needle, position)
        if found < 0:
            return False
        position = found + len(needle)
    return True


def outline_titles(pdf: bytes) -> list[str]:
    """The bookmarks, depth first, as their titles."""
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader(pdf).outline)
    return titles


def embedded_files(pdf: bytes) -> dict[str, bytes]:
    """Every file the PDF carries (its attachments), by name."""
    return {name: contents[0] for name, contents in reader(pdf).attachments.items()}


def embedded_data(pdf: bytes) -> dict:
    """The report's own data of an archival PDF (reports.documents.DATA_FILE_NAME)."""
    files = embedded_files(pdf)
    assert list(files) == ["report-data.json"], list(files)
    return json.loads(files["report-data.json"])


def fonts_of(pdf: bytes) -> dict[str, bool]:
    """The fonts the pages use: base font name -> embedded?"""
    fonts = {}
    for page in reader(pdf).pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font.get("/BaseFont"))] = embedded
    return fonts


def xmp_of(pdf: bytes) -> str:
    """The XMP metadata stream as text ("" when there is none)."""
    metadata = reader(pdf).trailer["/Root"].get("/Metadata")
    return metadata.get_object().get_data().decode("utf-8", "replace") if metadata is not None else ""


def pdf_conformance(pdf: bytes) -> dict[str, str]:
    """The PDF/A part and conformance and the PDF/UA part declared in the XMP metadata."""
    xmp = xmp_of(pdf)
    found = {}
    for key in ("pdfaid:part", "pdfaid:conformance", "pdfuaid:part"):
        match = re.search(rf"{key}(?:=\"|>)([^\"<]+)", xmp)
        if match:
            found[key] = match.group(1)
    return found


def first_page_png(pdf: bytes, *, scale: float = 1.0) -> Image.Image:
    """The first page as an RGB image (72 dpi at scale 1)."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        return document[0].render(scale=scale).to_pil().convert("RGB")
    finally:
        document.close()


def image_difference(a: Image.Image, b: Image.Image) -> float:
    """How different two page images are: the share of pixels that differ visibly (0 same, 1 all)."""
    if a.size != b.size:
        return 1.0
    difference = ImageChops.difference(a.convert("L"), b.convert("L")).point(lambda v: 255 if v > 48 else 0)
    return ImageStat.Stat(difference).mean[0] / 255


def matches_reference(pdf: bytes, name: str, *, tolerance: float = 0.02, update: bool = False) -> float:
    """Compare the first page with `reference/<name>.png` and return the difference.

    With `update` (or when the reference does not exist yet and REPORTS_UPDATE_REFERENCES=1) the reference is
    written instead; a missing reference otherwise fails, so that a broken layout cannot pass unseen.
    """
    import os

    image = first_page_png(pdf)
    path = REFERENCE_DIR / f"{name}.png"
    if update or os.environ.get("REPORTS_UPDATE_REFERENCES") == "1":
        REFERENCE_DIR.mkdir(exist_ok=True)
        image.save(path, optimize=True)
        return 0.0
    assert path.exists(), f"No reference image {path}: make it with REPORTS_UPDATE_REFERENCES=1 and look at it"
    difference = image_difference(image, Image.open(path).convert("RGB"))
    assert difference <= tolerance, f"The first page differs from {path.name} by {difference:.3%}"
    return difference
