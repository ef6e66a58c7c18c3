"""The .pptx file: saving the deck reproducibly and atomically (the geometry stage opens the
template, `talkgen.geometry.open_template`).

python-pptx stamps every zip member with the current time, so two builds of the same talk differ
byte for byte. We rewrite the zip with a fixed timestamp and the members in python-pptx's own
order, so the same input gives the same file (and a reviewer's diff shows only real changes).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from pptx.presentation import Presentation

from talkgen.atomic import write_bytes

# The earliest time a zip file can hold; any fixed value would do.
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def pptx_bytes(presentation: Presentation) -> bytes:
    """The presentation as .pptx bytes that depend only on its content."""
    raw = io.BytesIO()
    presentation.save(raw)
    fixed = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(fixed, "w") as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(member.filename))
    return fixed.getvalue()


def save_presentation(presentation: Presentation, target: Path) -> Path:
    """Write the presentation to `target` atomically and reproducibly; returns the target."""
    return write_bytes(target, pptx_bytes(presentation))
