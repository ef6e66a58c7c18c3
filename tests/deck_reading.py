"""Reading a built deck back for the deck tests: python-pptx, raw XML, and LibreOffice's PDF."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

P = "http://schemas.openxmlformats.org/presentationml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"p": P, "a": A}
# The layouts of python-pptx's stock template (and PowerPoint's own names) for the example's kinds.
STOCK_LAYOUTS = {
    "title": "Title Slide",
    "method": "Two Content",
    "overview": "Title Only",
    "theme": "Two Content",
    "quote": "Title and Content",
    "conclusion": "Title and Content",
    "contact": "Title and Content",
}
IMAGE_NAME = re.compile(r"\.(png|jpe?g|gif|svg|bmp|tiff?)$", re.IGNORECASE)


def slide_xml(deck: Path, number: int) -> etree._Element:
    """The XML of slide `number` (1-based, in presentation order) read straight from the zip."""
    with zipfile.ZipFile(deck) as package:
        rels = etree.fromstring(package.read("ppt/_rels/presentation.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels}
        presentation = etree.fromstring(package.read("ppt/presentation.xml"))
        slide_id = presentation.findall("p:sldIdLst/p:sldId", NS)[number - 1]
        rid = slide_id.get(f"{{{R}}}id")
        return etree.fromstring(package.read("ppt/" + targets[rid]))


def shape_text(shape) -> str:
    """All the text of a shape, paragraphs joined by newlines ('' when it has none)."""
    return shape.text_frame.text if shape.has_text_frame else ""


def pictures(slide) -> list:
    """The picture shapes of a slide."""
    return [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]


def alt_text(shape) -> str | None:
    """A shape's alt text (`descr`), read from the XML."""
    return shape._element.find(".//p:cNvPr", NS).get("descr")


def run_sizes(shape) -> list[float]:
    """The point sizes set on the runs of a shape."""
    return [r.font.size.pt for p in shape.text_frame.paragraphs for r in p.runs if r.font.size]


def open_deck(path: Path):
    """The deck opened with python-pptx."""
    return Presentation(str(path))


# LibreOffice's PDF export of the notes pages (each slide above its speaker notes) instead of the
# slides: its filter option ExportNotesPages (and ExportOnlyNotesPages, so only those pages).
NOTES_PAGES = (
    'pdf:impress_pdf_Export:{"ExportNotesPages":{"type":"boolean","value":"true"},'
    '"ExportOnlyNotesPages":{"type":"boolean","value":"true"}}'
)


def soffice_pdf(deck: Path, out_dir: Path, export: str = "pdf") -> Path:
    """The deck converted to PDF by LibreOffice, with a private profile (so a running or stale
    instance cannot block it); `export` is the filter with its options (`NOTES_PAGES`), or
    another format (`png`: the first slide, drawn as on screen)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) is needed: apt-get install libreoffice-impress"
    profile = out_dir / "lo-profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            export,
            "--outdir",
            str(out_dir),
            str(deck),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    made = out_dir / f"{deck.stem}.{export.split(':')[0]}"
    assert made.is_file(), f"LibreOffice wrote no {made.suffix}"
    return made


def stand_in_charts(boxes: dict, folder: Path) -> dict:
    """Stand-in charts (flat PNGs, no browser) with one PNG per box at 2x, as the charts stage
    makes them (96 CSS px per inch): chart id -> RenderedChart, for `boxes` as
    `Geometry.chart_boxes()` gives them."""
    from PIL import Image

    from talkgen.charts.model import RenderedChart, SlidePNG

    charts = {}
    for chart_id, sizes in boxes.items():
        pngs = []
        for n, (width, height) in enumerate(sizes):
            box_px = (round(width * 96), round(height * 96))
            path = folder / f"{chart_id}-{n}.png"
            Image.new("RGB", (box_px[0] * 2, box_px[1] * 2), "#0072B2").save(path)
            pngs.append(SlidePNG(path, box_px))
        first = pngs[0].path
        charts[chart_id] = RenderedChart(
            chart_id, chart_id, f"Chart {chart_id}", None, first, first, first, slide_pngs=(*pngs,)
        )
    return charts
