"""The deck's thumbnail (`docProps/thumbnail.jpeg`): the picture Finder, Quick Look, Explorer and
file pickers show for the file before anyone opens it.

PowerPoint writes slide 1 there, 256 px wide at the slide's aspect. We do the same with
LibreOffice when it is installed (its PNG export draws the first slide); without it, or when it
fails, a title card is drawn with Pillow in the template's colours and the shipped fonts, so the
preview is never the blank page python-pptx's template carries. LibreOffice takes a few seconds,
so its picture is kept in talkgen's cache under the digest of the deck it was drawn from: a
rebuild of an unchanged deck (`talkgen watch`, the tests) reuses it.
"""

from __future__ import annotations

import hashlib
import io
import subprocess
import tempfile
from pathlib import Path
from typing import Literal

from PIL import Image, ImageDraw, ImageFont
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.presentation import Presentation

from talkgen.deck import xml
from talkgen.deck.fit import font_measure
from talkgen.processes import find_libreoffice, run_tool

# What PowerPoint writes: 256 px wide, the height from the slide's aspect.
WIDTH_PX = 256
# LibreOffice starts in a few seconds; drawing one slide takes well under a minute.
RENDER_TIMEOUT_SECONDS = 120
# Bump when the picture for the same deck would change (size, export options).
_CACHE_VERSION = b"thumbnail-2"

ThumbnailSource = Literal["slide", "card"]

# Relationships slide 1's picture does not depend on (its notes; a slide's comments).
_NOT_DRAWN = {RT.NOTES_SLIDE, RT.COMMENTS, RT.SLIDE}


def thumbnail_size(presentation: Presentation, width_px: int = WIDTH_PX) -> tuple[int, int]:
    """(width, height) in px of the thumbnail for the presentation's slide size."""
    height = round(width_px * presentation.slide_height / presentation.slide_width)
    return width_px, max(1, height)


def set_thumbnail(presentation: Presentation, picture: Image.Image) -> None:
    """Make `picture` the package's thumbnail: JPEG, as PowerPoint writes it (PNG when the
    template's thumbnail part is a PNG; any other kind is replaced by a JPEG part)."""
    kind = xml.package_part_type(presentation, RT.THUMBNAIL)
    raw = io.BytesIO()
    if kind == CT.PNG:
        picture.save(raw, "PNG", optimize=True)
    else:
        kind = kind if kind in (CT.JPEG, "image/jpg") else CT.JPEG
        picture.convert("RGB").save(raw, "JPEG", quality=90)
    xml.set_package_part(
        presentation, RT.THUMBNAIL, "/docProps/thumbnail.jpeg", kind, raw.getvalue()
    )


def title_card(presentation: Presentation, title: str, byline: str) -> Image.Image:
    """A thumbnail-sized title card: the title and byline set in the template's heading and
    body fonts (the shipped metric twins) in its theme colours, an accent rule under the title."""
    width, height = thumbnail_size(presentation)
    colours = xml.theme_colours(presentation)
    background = colours.get("lt1", "#FFFFFF")
    ink = colours.get("dk1", "#000000")
    accent = colours.get("accent1", ink)
    heading_family, body_family = xml.theme_fonts(presentation)
    card = Image.new("RGB", (width, height), background)
    draw = ImageDraw.Draw(card)
    margin = round(width * 0.075)
    room = width - 2 * margin
    heading_path = font_measure(heading_family, bold=True).path
    size, lines = _fit(draw, title, heading_path, room, round(height * 0.16), max_lines=3)
    font = ImageFont.truetype(str(heading_path), size)
    line_height = round(size * 1.15)
    y = round(height * 0.5) - line_height * len(lines)
    for line in lines:
        draw.text((margin, y), line, font=font, fill=ink)
        y += line_height
    y += round(height * 0.03)
    draw.rectangle((margin, y, margin + round(width * 0.12), y + max(2, height // 60)), fill=accent)
    y += round(height * 0.07)
    body_path = font_measure(body_family).path
    small, byline_lines = _fit(draw, byline, body_path, room, round(height * 0.075), max_lines=2)
    small_font = ImageFont.truetype(str(body_path), small)
    for line in byline_lines:
        draw.text((margin, y), line, font=small_font, fill=ink)
        y += round(small * 1.2)
    return card


def slide_one_digest(presentation: Presentation) -> str:
    """A digest of everything slide 1 is drawn from: its own XML and the parts it reaches
    (layout, master, theme, pictures), not its notes, and the slide size. Two decks with the
    same digest have the same thumbnail, however their other slides differ."""
    digest = hashlib.sha256(_CACHE_VERSION)
    digest.update(f"{presentation.slide_width}x{presentation.slide_height}".encode())
    if not len(presentation.slides):
        return digest.hexdigest()
    seen: set[str] = set()
    waiting = [presentation.slides[0].part]
    while waiting:
        part = waiting.pop()
        if str(part.partname) in seen:
            continue
        seen.add(str(part.partname))
        digest.update(str(part.partname).encode() + b"\0" + part.blob)
        for rel in part.rels.values():
            if not rel.is_external and rel.reltype not in _NOT_DRAWN:
                waiting.append(rel.target_part)
    return digest.hexdigest()


def first_slide(
    deck: bytes, size: tuple[int, int], key: str, cache: Path | None
) -> Image.Image | None:
    """Slide 1 of the .pptx `deck` as LibreOffice draws it, `size` px, or None when LibreOffice
    is not installed or cannot draw it (the caller then keeps the title card). `cache` is a
    folder to keep pictures in between runs under `key` (`slide_one_digest`; None: no cache)."""
    key = hashlib.sha256(f"{key}:{size}".encode()).hexdigest()
    kept = cache / f"{key}.png" if cache is not None else None
    if kept is not None and kept.is_file():
        try:
            return Image.open(io.BytesIO(kept.read_bytes())).convert("RGB")
        except OSError:
            pass  # a damaged cache entry is drawn again
    soffice = find_libreoffice()
    if soffice is None:
        return None
    with tempfile.TemporaryDirectory(prefix="talkgen-thumbnail-") as work:
        folder = Path(work)
        source = folder / "deck.pptx"
        source.write_bytes(deck)
        # Drawn at twice the size and scaled down: LibreOffice's small renders are poorly hinted.
        width, height = size[0] * 2, size[1] * 2
        export = (
            'png:impress_png_Export:{"PixelWidth":{"type":"long","value":"'
            f'{width}"}},"PixelHeight":{{"type":"long","value":"{height}"}}}}'
        )
        command = [
            str(soffice),
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            export,
            "--outdir",
            str(folder),
            str(source),
        ]
        try:
            run_tool(command, RENDER_TIMEOUT_SECONDS, home=folder / "profile")
            picture = Image.open(folder / "deck.png")
            picture.load()
        except (OSError, subprocess.SubprocessError):
            return None
    picture = picture.convert("RGB")
    if picture.size != size:
        picture = picture.resize(size, Image.LANCZOS)
    if kept is not None:
        try:
            kept.parent.mkdir(parents=True, exist_ok=True)
            picture.save(kept, "PNG")
        except OSError:
            pass  # no cache this time; the picture is still good
    return picture


def _fit(
    draw: ImageDraw.ImageDraw, text: str, font_path: Path, room: int, size: int, max_lines: int
) -> tuple[int, list[str]]:
    """The largest size up to `size` px at which `text` wraps into `max_lines` lines of at
    most `room` px (the last line cut with an ellipsis at the smallest size), and the lines."""
    words = text.split() or [""]
    for trial in range(max(size, 6), 5, -1):  # at least one trial, however flat the card
        font = ImageFont.truetype(str(font_path), trial)
        lines = _wrap(draw, words, font, room)
        if len(lines) <= max_lines:
            return trial, lines
    lines = lines[:max_lines]
    lines[-1] = lines[-1].rstrip(".,;: ") + "…"
    return 6, lines


def _wrap(draw: ImageDraw.ImageDraw, words: list[str], font, room: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in words:
        trial = f"{line} {word}".strip()
        if line and draw.textlength(trial, font=font) > room:
            lines.append(line)
            line = word
        else:
            line = trial
    lines.append(line)
    return lines
