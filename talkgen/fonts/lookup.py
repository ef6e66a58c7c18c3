"""Finding fonts by family name, and the font that will draw each piece of text.

Fonts come from two places: the metric-compatible fonts shipped in this folder (Carlito,
Liberation Sans), which win so that fitting gives the same answer on every machine, and every font
fontconfig knows (Debian's Noto families from `scripts/install`, or anything the user installs).
fontconfig is asked through its command-line tools (`fc-list`, `fc-scan`), which come with every
font package on Debian and with Homebrew's fontconfig: one call lists every face with its family
names, style and the characters it covers (about 30 ms), and the result is kept for the process.
Its Python bindings were passed over: `python-fontconfig` is unmaintained and needs compiling.

The public surface is small:
- `find_font(family, bold, italic)`: the face of a family or of its metric twin
  (Calibri -> Carlito), or None;
- `fallback_chain(primary, language)`: the ordered faces that draw text, the primary first;
- `split_by_font(text, chain)`: the text cut into runs, each with the face that draws it;
- `missing_characters(text)`: the characters no installed font can draw.
"""

from __future__ import annotations

import bisect
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import regex

SHIPPED = Path(str(resources.files("talkgen") / "fonts"))

# Families with the same advance widths as a common proprietary font, so text measured with the
# twin fits when the proprietary font draws it (sources: the Carlito, Caladea and Liberation
# projects' own descriptions; Debian packages fonts-crosextra-carlito, fonts-crosextra-caladea,
# fonts-liberation2). LibreOffice makes the same substitutions.
METRIC_TWINS = {
    "calibri": "Carlito",
    "cambria": "Caladea",
    "arial": "Liberation Sans",
    "helvetica": "Liberation Sans",
    "arial narrow": "Liberation Sans Narrow",
    "times new roman": "Liberation Serif",
    "times": "Liberation Serif",
    "courier new": "Liberation Mono",
    "courier": "Liberation Mono",
}

# After the primary font, in this order: fonts for other scripts and emoji, all from Debian
# (fonts-noto-core, fonts-noto-cjk, fonts-noto-color-emoji). Any other installed font that covers
# a character still draws it when none of these does. `fonts.fallback` in style.yaml overrides it.
DEFAULT_FALLBACK = (
    "Noto Sans",
    "Noto Sans CJK SC",
    "Noto Sans Arabic",
    "Noto Sans Hebrew",
    "Noto Sans Devanagari",
    "Noto Sans Bengali",
    "Noto Sans Tamil",
    "Noto Sans Thai",
    "Noto Sans Symbols",
    "Noto Sans Symbols2",
    "Noto Sans Math",
    "Noto Color Emoji",
)
EMOJI_FAMILY = "Noto Color Emoji"

# The CJK face whose glyph shapes a language expects (Han characters differ between them).
_CJK_BY_LANGUAGE = {
    "ja": "Noto Sans CJK JP",
    "ko": "Noto Sans CJK KR",
    "zh-hant": "Noto Sans CJK TC",
    "zh-tw": "Noto Sans CJK TC",
    "zh-hk": "Noto Sans CJK HK",
    "zh-mo": "Noto Sans CJK HK",
}

# Default_Ignorable_Code_Point (Unicode DerivedCoreProperties.txt): joiners, variation selectors,
# bidi controls, tags. They draw nothing, so no font needs to "cover" them.
_IGNORABLE = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160),
    (0x17B4, 0x17B5), (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E),
    (0x2060, 0x206F), (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)  # fmt: skip

_FIELDS = "%{family}\t%{color}\t%{weight}\t%{slant}\t%{index}\t%{file}\t%{charset}\n"
_BOLD_WEIGHT = 200  # fontconfig's FC_WEIGHT_BOLD; regular is 80
_CLUSTER = regex.compile(r"\X")


class FontconfigMissing(RuntimeError):
    """fontconfig's tools (fc-list, fc-scan) are not installed, so no font can be looked up."""


@dataclass(frozen=True)
class FontFace:
    """One installed face: its family name, file, index inside a collection (.ttc), style, and the
    code points it draws (as sorted inclusive ranges)."""

    family: str
    path: Path
    index: int = 0
    bold: bool = False
    italic: bool = False
    shipped: bool = False  # one of talkgen's own font files
    # Colour glyphs (bitmaps or layers, as emoji fonts have): drawn in text by Typst, Chrome,
    # LibreOffice, but not turned into outlines, so not usable for the text of an SVG image.
    color: bool = False
    names: tuple[str, ...] = field(default=(), repr=False, compare=False)
    weight: float = 80  # fontconfig's scale: 80 regular, 200 bold (ExtraLight is 40)
    ranges: tuple[tuple[int, int], ...] = field(default=(), repr=False, compare=False)

    def covers(self, char: str) -> bool:
        """Whether the face has a glyph for the single character `char`."""
        point = ord(char)
        i = bisect.bisect_right(self.ranges, (point, 0x110000)) - 1
        return i >= 0 and self.ranges[i][0] <= point <= self.ranges[i][1]

    def draws(self, cluster: str) -> bool:
        """Whether the face draws every visible character of `cluster` (a grapheme cluster)."""
        return all(self.covers(char) or is_ignorable(char) for char in cluster)


def face_at(path: Path, index: int = 0) -> FontFace | None:
    """The shipped or installed face in the file `path` (at `index` in a collection), if any."""
    resolved = Path(path).resolve()
    return next(
        (f for f in _installed() if f.path.resolve() == resolved and f.index == index), None
    )


def metric_twin(family: str) -> str:
    """The open family with `family`'s widths (Calibri -> Carlito), or `family` itself."""
    return METRIC_TWINS.get(family.strip().lower(), family.strip())


def find_font(family: str, bold: bool = False, italic: bool = False) -> FontFace | None:
    """The face that stands for `family` in measuring and typesetting: the family itself when
    installed or shipped, else its metric twin; the closest weight and slant to `bold`/`italic`.
    None when neither is available."""
    for name in dict.fromkeys([family.strip(), metric_twin(family)]):
        faces = _faces_of(name.lower())
        if faces:
            # Among faces of the same boldness, the one nearest regular (or bold) weight: a
            # family's ExtraLight face is not bold either, but measures far narrower.
            target = _BOLD_WEIGHT if bold else 80
            return min(
                faces,
                key=lambda f: (
                    (f.bold != bold) * 2 + (f.italic != italic),
                    abs(f.weight - target),
                ),
            )
    return None


def fallback_chain(
    primary: str = "Carlito",
    language: str | None = None,
    fallback: Sequence[str] | None = None,
    bold: bool = False,
    italic: bool = False,
) -> tuple[FontFace, ...]:
    """The faces that draw text, in order: `primary` (or its twin), then the `fallback` families
    (DEFAULT_FALLBACK when None) that are installed, with the CJK face for `language` (a BCP 47
    tag: ja, ko, zh-Hant ...) put first among the CJK faces. Families not installed are skipped."""
    names = list(DEFAULT_FALLBACK if fallback is None else fallback)
    cjk = _cjk_family(language)
    if cjk:
        first = next((i for i, name in enumerate(names) if "CJK" in name), 0)
        names.insert(first, cjk)
    names.insert(0, primary)
    chain: list[FontFace] = []
    for name in names:
        face = find_font(name, bold, italic)
        if face is not None and face not in chain:
            chain.append(face)
    return tuple(chain)


def font_for(cluster: str, chain: Sequence[FontFace]) -> FontFace | None:
    """The face that draws the grapheme cluster `cluster`: emoji sequences (with a variation
    selector 16, a skin tone, a joiner or a flag) prefer the emoji font; otherwise the first face
    of `chain` that draws it, then any installed face that does. None when no font can."""
    if _wants_emoji(cluster):
        emoji = find_font(EMOJI_FAMILY)
        if emoji is not None and emoji.draws(cluster):
            return emoji
    for face in chain:
        if face.draws(cluster):
            return face
    for face in _installed():
        if face.draws(cluster):
            return face
    return None


def split_by_font(text: str, chain: Sequence[FontFace]) -> list[tuple[str, FontFace | None]]:
    """`text` cut into runs, each with the face that will draw it (by grapheme cluster, so a base
    letter and its marks, or an emoji and its skin tone, stay together). Spaces and ignorable
    characters join the run before them. The face is None for text that no font can draw."""
    runs: list[tuple[str, FontFace | None]] = []
    for cluster in _CLUSTER.findall(text):
        face = (
            runs[-1][1]
            if runs and (cluster.isspace() or all(map(is_ignorable, cluster)))
            else font_for(cluster, chain)
        )
        if runs and runs[-1][1] == face:
            runs[-1] = (runs[-1][0] + cluster, face)
        else:
            runs.append((cluster, face))
    return runs


def faces_for(texts: Iterable[str], chain: Sequence[FontFace]) -> list[FontFace]:
    """Every face needed to draw `texts` with `chain`, in chain order then first use."""
    used: dict[FontFace, None] = {}
    for text in texts:
        for _, face in split_by_font(text, chain):
            if face is not None:
                used[face] = None
    return sorted(used, key=lambda f: chain.index(f) if f in chain else len(chain))


def family_files(faces: Iterable[FontFace]) -> list[Path]:
    """The files of every style (regular, bold, italic, bold italic) of the faces' families, for
    a typesetter that picks the style itself (Typst). A collection (.ttc) is listed once."""
    files: dict[Path, None] = {}
    for face in faces:
        for bold in (False, True):
            for italic in (False, True):
                styled = find_font(face.family, bold, italic)
                if styled is not None:
                    files[styled.path] = None
    return list(files)


def missing_characters(text: str) -> list[str]:
    """The distinct characters of `text` that no shipped or installed font can draw, in order of
    first appearance (whitespace, control and ignorable characters are never missing)."""
    return [char for char in dict.fromkeys(text) if not _drawable(char)]


def is_ignorable(char: str) -> bool:
    """Whether `char` is a Default_Ignorable_Code_Point (drawn as nothing: joiners, variation
    selectors, bidi marks, tags)."""
    point = ord(char)
    return any(start <= point <= end for start, end in _IGNORABLE)


@cache
def _drawable(char: str) -> bool:
    if char.isspace() or ord(char) < 0x20 or 0x7F <= ord(char) < 0xA0 or is_ignorable(char):
        return True
    return any(face.covers(char) for face in _installed())


def _wants_emoji(cluster: str) -> bool:
    return any(
        char == "\ufe0f" or char == "\u200d" or 0x1F3FB <= ord(char) <= 0x1F3FF  # skin tones
        or 0x1F1E6 <= ord(char) <= 0x1F1FF  # regional indicators (flags)
        for char in cluster
    )  # fmt: skip


def _cjk_family(language: str | None) -> str | None:
    if not language:
        return None
    tag = language.lower().replace("_", "-")
    for prefix in sorted(_CJK_BY_LANGUAGE, key=len, reverse=True):
        if tag == prefix or tag.startswith(prefix + "-"):
            return _CJK_BY_LANGUAGE[prefix]
    return None


def _faces_of(family: str) -> list[FontFace]:
    return _by_family().get(family, [])


@cache
def _by_family() -> dict[str, list[FontFace]]:
    """Faces by lower-cased family name; shipped faces replace installed ones of that family."""
    families: dict[str, list[FontFace]] = {}
    shipped = {name.lower() for face in _shipped() for name in face.names}
    for face in (*_shipped(), *_installed()):
        for name in face.names:
            key = name.lower()
            if face.shipped or key not in shipped:
                families.setdefault(key, []).append(face)
    return families


@cache
def _shipped() -> tuple[FontFace, ...]:
    files = sorted(str(path) for path in SHIPPED.glob("*.tt[fc]"))
    return _parse(_fontconfig("fc-scan", "--format", _FIELDS, *files), shipped=True)


@cache
def _installed() -> tuple[FontFace, ...]:
    """Every face fontconfig knows, shipped ones first, in a stable order."""
    faces = _parse(_fontconfig("fc-list", "--format", _FIELDS), shipped=False)
    return (*_shipped(), *sorted(faces, key=lambda f: (f.family, str(f.path), f.index)))


def _fontconfig(tool: str, *args: str) -> str:
    if shutil.which(tool) is None:
        raise FontconfigMissing(
            f"{tool} not found — install fontconfig (Debian: apt-get install fontconfig; "
            "scripts/install does)"
        )
    return subprocess.run(
        [tool, *args], capture_output=True, text=True, check=True, encoding="utf-8"
    ).stdout


def _parse(listing: str, *, shipped: bool) -> tuple[FontFace, ...]:
    faces = []
    for line in listing.splitlines():
        parts = line.split("\t")
        if len(parts) != 7 or not parts[5]:
            continue
        families, color, weight, slant, index, file, charset = parts
        names = tuple(n.replace("\\-", "-") for n in regex.split(r"(?<!\\),", families) if n)
        if not names:
            continue
        faces.append(
            FontFace(
                family=names[0],
                path=Path(file),
                index=int(index or 0),
                bold=_number(weight) >= _BOLD_WEIGHT,
                italic=_number(slant) > 0,
                shipped=shipped,
                color=color.strip().lower() == "true",
                names=names,
                ranges=_ranges(charset),
                weight=_number(weight),
            )
        )
    return tuple(faces)


def _number(value: str) -> float:
    # Variable fonts report a range such as "[40 210]"; take its low end (the default instance).
    try:
        return float(value.strip("[]").split()[0])
    except (ValueError, IndexError):
        return 0.0


def _ranges(charset: str) -> tuple[tuple[int, int], ...]:
    ranges = []
    for item in charset.split():
        start, _, end = item.partition("-")
        ranges.append((int(start, 16), int(end or start, 16)))
    return tuple(sorted(ranges))
