"""Pictures on image slides: which formats a deck can hold, and how large a picture may be.

Only the picture's header is read to check it (Pillow opens images lazily), so a PNG that
declares 60,000 × 60,000 pixels is refused without decoding a single pixel.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path

from talkgen import limits
from talkgen.errors import Problem
from talkgen.inputs import InputError, check_regular

# What python-pptx (and PowerPoint, Keynote, LibreOffice, Google Slides) show as they are.
DECK_FORMATS = ("PNG", "JPEG", "GIF", "BMP", "TIFF")
# What talkgen turns into PNG for the deck (Pillow decodes it).
CONVERTED_FORMATS = ("WEBP",)
_FORMAT_HINT = "save it as PNG or JPEG"
_SCALE_HINT = "scale it down to the size it is shown (1920 pixels wide fills a slide)"


def check_image(path: Path, where: Path, line: int | None) -> str:
    """The image format of the file at `path` (a Pillow format name such as "PNG"), checked to
    be one a deck can show and within the size limits. `InputError` located at `where`:`line`
    (the reference to it in talk.yaml) otherwise."""
    from PIL import Image, UnidentifiedImageError

    name = path.name
    status = check_regular(path, line)
    if status.st_size > limits.IMAGE_FILE_SIZE.value:
        raise InputError(
            limits.IMAGE_FILE_SIZE.problem(
                where, line, f"image '{name}' is {status.st_size:,} bytes", _FORMAT_HINT
            )
        )
    if path.suffix.lower() in (".svg", ".svgz"):
        raise InputError(
            Problem(
                where,
                line,
                f"image '{name}' is an SVG drawing, which a deck cannot hold as a picture",
                "export it as PNG (in Inkscape: File › Export) at the size it is shown",
            )
        )
    try:
        with warnings.catch_warnings():
            # Pillow warns past about 89 million pixels; the image size limit below says more.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as picture:
                kind, (width, height) = picture.format or "", picture.size
    except Image.DecompressionBombError:
        # Pillow refuses to open pictures far past its own bound (about 179 million pixels).
        raise InputError(
            limits.IMAGE_PIXELS.problem(
                where, line, f"image '{name}' is far too large", _SCALE_HINT
            )
        ) from None
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise InputError(
            Problem(where, line, f"image '{name}' is not a picture talkgen can read", _FORMAT_HINT)
        ) from exc
    if kind not in DECK_FORMATS + CONVERTED_FORMATS:
        raise InputError(
            Problem(
                where,
                line,
                f"image '{name}' is a {kind or 'kind of'} picture that decks cannot hold",
                _FORMAT_HINT,
            )
        )
    if width * height > limits.IMAGE_PIXELS.value:
        raise InputError(
            limits.IMAGE_PIXELS.problem(
                where,
                line,
                f"image '{name}' is {width:,} × {height:,} pixels",
                _SCALE_HINT,
            )
        )
    if width < 1 or height < 1:
        raise InputError(Problem(where, line, f"image '{name}' has no pixels", _FORMAT_HINT))
    return kind


def deck_picture(path: Path) -> Path | bytes:
    """The picture as the deck takes it: the file itself, or PNG bytes for a format decks
    cannot hold (WebP). The file was checked by `check_image` when the talk was loaded."""
    from PIL import Image

    with Image.open(path) as picture:
        if picture.format in DECK_FORMATS:
            return path
        buffer = io.BytesIO()
        picture.save(buffer, format="PNG")
    return buffer.getvalue()
