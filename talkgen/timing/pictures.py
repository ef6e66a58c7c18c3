"""The built deck's slides as pictures for the browser rehearsal view, cached by the deck's bytes.

LibreOffice turns the deck into a PDF and pdftoppm each page into a PNG (the same converters as
the handout's slide pages, `talkgen.handout.slides`). That takes seconds, so the pictures are
kept in talkgen's cache folder (`<cache>/slides/<sha256 of the deck>/`): the same deck is drawn
once, a rebuilt deck (any change to its bytes) is drawn again. Each picture is matched to its
slide by the slide's name in the deck, which talkgen sets to the slide's key, so a picture never
lands on another slide even when the deck is older than the outline.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

# Wide enough for a full-screen projector window at 1080p, small enough to draw quickly.
PICTURE_WIDTH_PX = 1600
INDEX = "slides.json"
# A drawing in progress: `.drawing-<process id>-<random>`, renamed to the deck's fingerprint
# when complete; one whose process is gone (killed outright) is removed by the next drawing.
DRAWING_PREFIX = ".drawing-"


@dataclass(frozen=True)
class SlidePictures:
    """Pictures of a deck's slides: slide key -> PNG file, and the deck's fingerprint."""

    fingerprint: str
    by_key: dict[str, Path]


def deck_fingerprint(deck: Path) -> str:
    """The SHA-256 of the deck's bytes, as hex."""
    digest = hashlib.sha256()
    with open(deck, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _slide_keys(deck: Path) -> list[str]:
    """Each slide's name in the deck, in order ("" for a slide without one)."""
    from pptx import Presentation

    return [slide.name or "" for slide in Presentation(str(deck)).slides]


def slide_pictures(deck: Path, cache_root: Path | None) -> SlidePictures:
    """The deck's slides as PNGs, from the cache when this deck was drawn before.

    `cache_root` is talkgen's cache folder (None: draw into a temporary folder that lives as
    long as the process). Raises `EnvironmentProblem` when LibreOffice or pdftoppm is missing
    or fails (see `talkgen.handout.slides`)."""
    from talkgen.handout.slides import deck_to_pdf, slide_images

    fingerprint = deck_fingerprint(deck)
    base = cache_root / "slides" if cache_root is not None else Path(tempfile.gettempdir())
    folder = base / fingerprint[:32]
    cached = _read_index(folder)
    if cached is not None:
        return SlidePictures(fingerprint, cached)
    base.mkdir(parents=True, exist_ok=True)
    _remove_abandoned(base)
    work = Path(tempfile.mkdtemp(prefix=f"{DRAWING_PREFIX}{os.getpid()}-", dir=base))
    try:
        pdf = deck_to_pdf(deck, work)
        pages = slide_images(pdf, work / "pages", width_px=PICTURE_WIDTH_PX)
        keys = _slide_keys(deck)
        ready = work / "ready"
        ready.mkdir()
        index: dict[str, str] = {}
        for number, (page, key) in enumerate(zip(pages, keys, strict=False), start=1):
            name = f"slide-{number:02d}.png"
            os.replace(page, ready / name)
            if key:
                index[key] = name
        (ready / INDEX).write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
        try:
            os.replace(ready, folder)
        except OSError:  # another run drew the same deck at the same moment: use theirs
            if _read_index(folder) is None:
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return SlidePictures(fingerprint, _read_index(folder) or {})


def _remove_abandoned(base: Path) -> None:
    """Remove the drawings in `base` whose process no longer runs (killed while drawing)."""
    from talkgen.processes import process_running

    for folder in base.glob(f"{DRAWING_PREFIX}*"):
        pid = folder.name.removeprefix(DRAWING_PREFIX).split("-")[0]
        if folder.is_dir() and not folder.is_symlink() and not process_running(pid):
            shutil.rmtree(folder, ignore_errors=True)


def _read_index(folder: Path) -> dict[str, Path] | None:
    """The cached pictures in `folder` (key -> PNG), or None when it is not a complete drawing."""
    from talkgen.inputs import read_record

    index = read_record(folder / INDEX)
    if not isinstance(index, dict):
        return None
    pictures = {str(k): folder / str(v) for k, v in index.items() if isinstance(v, str)}
    if not all(p.is_file() and p.parent == folder for p in pictures.values()):
        return None
    return pictures
