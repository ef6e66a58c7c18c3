"""A wider corpus of hostile input, of the same kinds as the hostile-input issue's examples, made
in the tests: other non-finite numbers in every numeric field, other image formats and bombs,
other link schemes, other path escapes, other spreadsheet-formula starters, other output-folder
traps, special files in every folder talkgen reads, and deep nesting in every structured reader.
Each runs through the commands a user would use; every result is a success or exit 2 with
located messages, never an internal error (exit 1), a hang, a read outside the folders given,
or a live link."""

from __future__ import annotations

import csv
import json
import os
import signal
import socket
import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import Result
from hostile import Sandbox, snapshot
from PIL import Image
from qda_samples import NS, write_zip
from template_damage import no_chart_talk

from talkgen.content.markdown import markdown_blocks
from talkgen.spreadsheet import safe_cell
from talkgen.style import TEMPLATES

THEME = "themes/01-informal-mentoring.md"
QUOTE = "  text: Nobody ever called it mentoring, but that is exactly what it was."
# What a failed command may print on standard error besides located problems.
HANG_SECONDS = 60


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    """Fail a test whose command blocks (a FIFO opened for reading waits for a writer)."""

    def stop(signum, frame):  # noqa: ARG001
        raise TimeoutError(f"the command did not finish in {HANG_SECONDS} s")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(HANG_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def outcome(sandbox: Sandbox, *args: str, reports: bool = False) -> Result:
    """Run a command that may succeed or refuse the input, but nothing else: exit 0, or exit 2
    with located messages, no traceback and out/ untouched (HOME and the working folder are
    checked by the sandbox). With `reports`, exit 2 may come with a report written (`timing`
    writes its report and exits 2 when it skipped a damaged rehearsal line)."""
    result = sandbox.talkgen(*args)
    assert result.exit_code in (0, 2), (result.exit_code, result.output, result.stderr)
    assert "Traceback" not in result.output + result.stderr
    assert "internal error" not in result.stderr
    if result.exit_code == 2 and not reports:
        assert snapshot(sandbox.out) == sandbox.out_before, "out/ changed"
        located = [
            line for line in result.stderr.splitlines() if " — " in line and "warning:" not in line
        ]
        assert located, result.stderr
    return result


def refused(sandbox: Sandbox, *args: str) -> str:
    """As `Sandbox.refused`: exit 2, located, out/ untouched; also never "internal error"."""
    err = sandbox.refused(*args)
    assert "internal error" not in err
    return err


TIMING = ("timing", "{c}", "--out", "{o}")


def first_fast(values: list) -> list:
    """`values` for a parametrized grid: the first runs in the fast tier, the rest are marked
    slow (each takes a fraction of a second, but the grids hold hundreds)."""
    return [values[0], *(pytest.param(v, marks=pytest.mark.slow) for v in values[1:])]


# -- non-finite and out-of-range numbers in every numeric field ---------------------------------

NON_FINITE = [
    ".nan",
    ".NaN",
    ".inf",
    "-.inf",
    "+.inf",
    "1e999",
    "-1e999",
    "1e400",
    "0x7fffffffffffffffff",
]
NUMERIC_FIELDS = {
    "outline seconds": ("    seconds: 25", "    seconds: {v}"),
    "outline weight": (
        "    theme: informal-mentoring\n",
        "    theme: informal-mentoring\n    weight: {v}\n",
    ),
    "pace": ("pace: 130 ", "pace: {v} "),
    "privacy min_group": ("slug: ", "privacy:\n  min_group: {v}\nslug: "),
    "privacy max_quotes": ("slug: ", "privacy:\n  max_quotes: {v}\nslug: "),
    "duration": ('duration: "10:00"', "duration: {v}"),
}


@pytest.mark.parametrize("value", NON_FINITE)
def test_a_non_finite_number_in_an_inline_chart_is_refused(sandbox: Sandbox, value: str) -> None:
    sandbox.write(
        "charts.yaml",
        "- id: d\n  type: bar\n  categories: [a, b]\n  series:\n"
        f"    - name: n\n      values: [{value}, 1]\n",
    )
    assert "charts.yaml:" in refused(sandbox, *TIMING)


@pytest.mark.parametrize(
    "cell", ["nan", "NaN", "-nan", "inf", "-inf", "Infinity", "-Infinity", "1e999", "1e-999999"]
)
def test_a_non_finite_number_in_a_chart_csv_is_refused_or_read(sandbox: Sandbox, cell: str) -> None:
    sandbox.write("data/d.csv", f"x,y\na,{cell}\nb,2\n")
    sandbox.write("charts.yaml", "- id: d\n  type: bar\n  csv: data/d.csv\n")
    result = outcome(sandbox, *TIMING)
    if cell != "1e-999999":  # a tiny number is a number (zero)
        assert result.exit_code == 2 and "data/d.csv:2:" in result.stderr


@pytest.mark.parametrize(
    "value", ["NaN", "-Infinity", "1e999", "-1e999", "-5", "1e308", '"10"', "true", "null", "[]"]
)
def test_a_rehearsal_time_that_is_not_a_time_is_a_damaged_line(
    sandbox: Sandbox, value: str
) -> None:
    _rehearsal(sandbox, f'{{"event": "show", "slide": 2, "t": {value}}}')
    result = outcome(sandbox, *TIMING, reports=True)
    assert "2026-11-25-1830.jsonl:2:" in result.stderr


@pytest.mark.parametrize("pace", ["nan", "inf", "-inf", "1e999", "-130", "0", "1e308", "x"])
def test_a_pace_option_that_is_not_a_pace_is_refused(sandbox: Sandbox, pace: str) -> None:
    result = sandbox.talkgen("timing", "{c}", "--out", "{o}", "--pace", pace)
    assert result.exit_code == 2, (result.exit_code, result.stderr)
    assert "Traceback" not in result.output + result.stderr and "--pace" in result.stderr


def _rehearsal(sandbox: Sandbox, *lines: str) -> Path:
    start = {
        "event": "start",
        "started": "2026-11-25T18:30:05+00:00",
        "talk": "twitter-mentoring",
        "slides": [{"number": 1, "key": "title", "title": "Mentoring on Twitter"}],
    }
    folder = sandbox.out / "rehearsals"
    folder.mkdir(exist_ok=True)
    path = folder / "2026-11-25-1830.jsonl"
    path.write_text(
        "\n".join([json.dumps(start), *lines, '{"event": "finish", "t": 30}']) + "\n",
        encoding="utf-8",
    )
    return path


# -- image formats and bombs ---------------------------------------------------------------------


def _png(width: int, height: int, data: bytes = b"") -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + body))
        return struct.pack(">I", len(body)) + kind + body + crc

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(data))
        + chunk(b"IEND", b"")
    )


def _saved(kind: str, size: tuple[int, int] = (40, 30), **options) -> bytes:
    import io

    out = io.BytesIO()
    Image.new("RGB", size, "red").save(out, kind, **options)
    return out.getvalue()


def _declaring(kind: str, width: int, height: int) -> bytes:
    """A small file of `kind` whose header declares `width` × `height` pixels."""
    if kind == "png":
        return _png(width, height)
    if kind == "gif":
        raw = bytearray(_saved("GIF"))
        raw[6:10] = struct.pack("<HH", width, height)  # the logical screen
        at = raw.index(b"\x2c")  # the image descriptor: left, top, width, height
        raw[at + 5 : at + 9] = struct.pack("<HH", width, height)
        return bytes(raw)
    if kind == "bmp":
        info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 24, 0, 0, 0, 0, 0, 0)
        return b"BM" + struct.pack("<IHHI", 54 + len(info), 0, 0, 54) + info
    if kind == "jpeg":
        raw = bytearray(_saved("JPEG"))
        at = raw.index(b"\xff\xc0") + 5
        raw[at : at + 4] = struct.pack(">HH", height, width)
        return bytes(raw)
    if kind == "tiff":
        entries = [(256, 4, width), (257, 4, height), (258, 3, 8), (259, 3, 1), (262, 3, 1),
                   (273, 4, 8), (277, 3, 1), (278, 4, height), (279, 4, 1)]  # fmt: skip
        ifd = struct.pack("<H", len(entries)) + b"".join(
            struct.pack("<HHII", tag, kind_, 1, value) for tag, kind_, value in entries
        )
        return b"II*\x00" + struct.pack("<I", 10) + b"\x00\x00" + ifd + b"\x00" * 4
    if kind == "webp":
        raw = bytearray(_saved("WEBP", lossless=True))
        bits = (width - 1) | ((height - 1) << 14)
        raw[21:25] = struct.pack("<I", bits)
        return bytes(raw)
    raise AssertionError(kind)


IMAGES = {
    "svgz": ("a.svgz", zlib.compress(b"<svg xmlns='http://www.w3.org/2000/svg'/>")),
    "svg named png": ("a.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
    "ico": ("a.ico", _saved("ICO")),
    "pdf named jpg": ("a.jpg", b"%PDF-1.7\n%%EOF\n"),
    "empty png": ("a.png", b""),
    "text named gif": ("a.gif", b"hello"),
    "heic bytes": ("a.heic", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00heicmif1"),
    "avif bytes": ("a.avif", b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf"),
    "eps": ("a.eps", b"%!PS-Adobe-3.0 EPSF-3.0\n"),
    "truncated png": ("a.png", _saved("PNG")[:40]),
    "png declaring 2^31 wide": ("a.png", _png(2**31 - 1, 1)),
    "png declaring 0 x 0": ("a.png", _png(0, 0)),
    "png of 10,000 x 10,000 (a real bomb)": (
        "a.png",
        _png(10_000, 10_000, b"\x00" + bytes(30_000)),
    ),
    "gif declaring 65,535 x 65,535": ("a.gif", _declaring("gif", 65_535, 65_535)),
    "bmp declaring 60,000 x 60,000": ("a.bmp", _declaring("bmp", 60_000, 60_000)),
    "bmp declaring negative height": ("a.bmp", _declaring("bmp", 10, -60_000)),
    "jpeg declaring 65,000 x 65,000": ("a.jpg", _declaring("jpeg", 65_000, 65_000)),
    "tiff declaring 60,000 x 60,000": ("a.tif", _declaring("tiff", 60_000, 60_000)),
    "webp declaring 16,384 x 16,384": ("a.webp", _declaring("webp", 16_384, 16_384)),
    "png named jpg (a real picture)": ("a.jpg", _saved("PNG")),
    "animated gif": (
        "a.gif",
        _saved("GIF", save_all=True, append_images=[Image.new("RGB", (40, 30))] * 50),
    ),
    "cmyk jpeg": ("a.jpg", b""),  # made in the test (needs CMYK)
    "16-bit png": ("a.png", b""),  # made in the test
}


def _image_slide(sandbox: Sandbox, image: str) -> None:
    sandbox.edit(
        "talk.yaml",
        "  - kind: conclusion\n",
        f"  - kind: image\n    image: {image}\n    alt: A picture\n  - kind: conclusion\n",
    )


def _put_image(sandbox: Sandbox, kind: str) -> str:
    """Write the picture `kind` of IMAGES into the content folder; returns its name."""
    name, data = IMAGES[kind]
    path = sandbox.content / name
    if kind == "cmyk jpeg":
        Image.new("CMYK", (40, 30), (0, 100, 100, 0)).save(path, "JPEG")
    elif kind == "16-bit png":
        Image.new("I;16", (40, 30), 3000).save(path, "PNG")
    else:
        path.write_bytes(data)
    return name


@pytest.mark.parametrize("kind", IMAGES)
def test_an_image_of_any_format_is_used_or_refused(sandbox: Sandbox, kind: str) -> None:
    name = _put_image(sandbox, kind)
    _image_slide(sandbox, name)
    result = outcome(sandbox, *TIMING)
    assert "Warning" not in result.output + result.stderr  # Pillow's bomb warning stays quiet
    legitimate = ("animated gif", "cmyk jpeg", "16-bit png", "bmp declaring negative height")
    if "real picture" not in kind and kind not in legitimate:
        assert result.exit_code == 2 and f"{name}" in result.stderr, result.stderr


@pytest.mark.slow
@pytest.mark.parametrize(
    "kind", ["png named jpg (a real picture)", "animated gif", "cmyk jpeg", "16-bit png"]
)
def test_an_unusual_but_real_picture_builds_into_the_deck(sandbox: Sandbox, kind: str) -> None:
    from pptx import Presentation

    no_chart_talk(sandbox.content)
    name = _put_image(sandbox, kind)
    sandbox.edit(
        "talk.yaml",
        "- kind: contact\n",
        f"- kind: image\n  image: {name}\n  alt: A picture\n  notes: A picture.\n- kind: contact\n",
    )
    out = sandbox.root / "built"
    result = outcome(sandbox, "deck", "{c}", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert len(Presentation(str(out / "twitter-mentoring.pptx")).slides) == 7


# -- link schemes -------------------------------------------------------------------------------

BAD_ADDRESSES = [
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "JAVASCRIPT:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "\\tjavascript:alert(1)",
    "\\x01javascript:alert(1)",
    "java\\tscript:alert(1)",
    "file:///etc/passwd",
    "FILE://localhost/etc/passwd",
    "ftp://example.org/x",
    "smb://server/share",
    "about:blank",
    "blob:https://example.org/x",
    "jar:file:///x!/y",
    "view-source:https://example.org",
    "intent://x#Intent;end",
    "\\u2028javascript:alert(1)",
]
ADDRESS_FIELDS = {
    "slides_url": ("speaker: ", 'slides_url: "{v}"\nspeaker: '),
    "contact.web": ("  web: https://example.org/twitter-mentoring", '  web: "{v}"'),
    "a reference": ("    url: https://example.org/twitter-mentoring", '    url: "{v}"'),
}


def _grid(fields: dict, values: list[str], expected: str) -> list:
    """(old, new, value, expected) for every field × value; all but the first value slow."""
    return [
        pytest.param(*fields[name], value, expected, id=f"{name}-{value!r}", marks=marks)
        for name in fields
        for value, marks in zip(values, [(), *[pytest.mark.slow] * len(values)], strict=False)
    ]


@pytest.mark.parametrize(
    ("old", "new", "value", "expected"),
    _grid(NUMERIC_FIELDS, NON_FINITE, "talk.yaml:")
    + _grid(ADDRESS_FIELDS, BAD_ADDRESSES, "is not a web or mail address"),
)
def test_a_talk_field_out_of_bounds_is_refused(
    sandbox: Sandbox, old: str, new: str, value: str, expected: str
) -> None:
    # Non-finite numbers in every numeric field, other schemes in every address field.
    sandbox.edit("talk.yaml", old, new.format(v=value))
    err = refused(sandbox, *TIMING)
    assert "talk.yaml:" in err and expected in err


MARKDOWN_LINKS = [
    "[x](JAVASCRIPT:alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x]( javascript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "[x](vbscript:msgbox)",
    "[x](file:///etc/passwd)",
    "[x](%6Aavascript:alert(1))",
    "<javascript:alert(1)>",
    "<JAVASCRIPT:alert(1)>",
    "<file:///etc/passwd>",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "<a href='javascript:alert(1)'>x</a>",
    "![x](javascript:alert(1))",
    "[x](java\tscript:alert(1))",
]


def _append(sandbox: Sandbox, name: str, paragraph: str) -> None:
    """Add a paragraph at the end of a content file (a theme's summary)."""
    text = (sandbox.content / name).read_text(encoding="utf-8")
    sandbox.write(name, text.rstrip("\n") + "\n\n" + paragraph + "\n")


def _links(blocks: list) -> list[str]:
    found = []

    def walk(node) -> None:
        if isinstance(node, dict):
            if "url" in node:
                found.append(node["url"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(blocks)
    return found


@pytest.mark.parametrize("text", MARKDOWN_LINKS)
def test_a_markdown_link_of_another_scheme_is_not_live(text: str) -> None:
    for url in _links(markdown_blocks(f"See {text} here.")):
        assert url.split(":", 1)[0].lower() in ("http", "https", "mailto"), url


@pytest.mark.slow
def test_no_link_of_another_scheme_is_live_in_the_deck_or_the_handout(sandbox: Sandbox) -> None:
    import pdfplumber

    no_chart_talk(sandbox.content)
    links = " ".join(MARKDOWN_LINKS).replace("\n", " ") + " [ok](https://example.org/ok)"
    _append(sandbox, THEME, links)
    out = sandbox.root / "built"
    result = outcome(sandbox, "build", "{c}", "--out", str(out), "--only", "deck,handout")
    assert result.exit_code == 0, result.stderr
    targets = []
    with zipfile.ZipFile(next(out.glob("*.pptx"))) as deck:
        for name in deck.namelist():
            if name.endswith(".rels"):
                rels = deck.read(name).decode()
                targets += [t for t in rels.split('Target="')[1:] if 'TargetMode="External"' in t]
    for target in targets:
        assert target.lower().startswith(("http", "mailto")), target
    with pdfplumber.open(next(out.glob("*-handout.pdf"))) as pdf:
        uris = [a.get("uri") or "" for page in pdf.pages for a in page.annots]
    assert uris and all(u.lower().startswith(("http", "mailto")) for u in uris), uris


# -- paths that leave the content folder ---------------------------------------------------------


def _secret(sandbox: Sandbox, name: str, data: bytes) -> Path:
    path = sandbox.root / "secret" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    return path


ESCAPES = [
    "../secret/{n}",
    "themes/../../secret/{n}",
    "./../secret/{n}",
    "{abs}",
    "data/../../secret/{n}",
    "link/{n}",
    "data/link-{n}",
]


def _escape(sandbox: Sandbox, how: str, name: str, data: bytes) -> str:
    secret = _secret(sandbox, name, data)
    (sandbox.content / "data").mkdir(exist_ok=True)
    os.symlink(secret.parent, sandbox.content / "link")  # a folder link out
    os.symlink(secret, sandbox.content / "data" / f"link-{name}")
    return how.format(n=name, abs=secret)


@pytest.mark.parametrize("how", first_fast(ESCAPES))
def test_an_image_path_out_of_the_content_folder_is_refused(sandbox: Sandbox, how: str) -> None:
    written = _escape(sandbox, how, "s.png", _saved("PNG"))
    _image_slide(sandbox, written)
    err = refused(sandbox, *TIMING)
    assert "outside the content folder" in err or "absolute path" in err


@pytest.mark.parametrize("how", first_fast(ESCAPES))
def test_a_chart_csv_out_of_the_content_folder_is_refused(sandbox: Sandbox, how: str) -> None:
    written = _escape(sandbox, how, "s.csv", b"x,y\nSECRET,1\n")
    sandbox.write("charts.yaml", f"- id: d\n  type: bar\n  csv: {written}\n")
    err = refused(sandbox, *TIMING)
    assert "SECRET" not in err
    assert "outside the content folder" in err or "absolute path" in err


@pytest.mark.parametrize(
    "name", ["talk.yaml", "quotes.yaml", "participants.csv", "coding.csv", "deny-list.txt"]
)
def test_a_content_file_linking_out_of_the_folder_is_refused(sandbox: Sandbox, name: str) -> None:
    secret = _secret(sandbox, name, (sandbox.content / name).read_bytes())
    (sandbox.content / name).unlink()
    os.symlink(secret, sandbox.content / name)
    err = refused(sandbox, *TIMING)
    assert f"{name}: is a link to a file outside the content folder" in err


def test_a_themes_folder_linking_out_of_the_content_folder_is_refused(sandbox: Sandbox) -> None:
    import shutil

    secret = sandbox.root / "secret-themes"
    shutil.move(sandbox.content / "themes", secret)
    os.symlink(secret, sandbox.content / "themes")
    assert "outside the content folder" in refused(sandbox, *TIMING)


# -- spreadsheet formulas in every CSV talkgen writes ---------------------------------------------

FORMULAS = [
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(1)",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "＝1+1",
    "＋1+1",
    "－1+1",
    "＠SUM(1)",
    '=HYPERLINK("http://x","y")',
    "=cmd|' /C calc'!A0",
]


def _evaluated(cell: str) -> bool:
    """Whether a spreadsheet could take the cell as a formula."""
    return (
        cell[:1] in "=+-@\t\r\n＝＋－＠"
        and cell != ""
        and not cell.lstrip("+-").replace(".", "").isdigit()
    )


@pytest.mark.parametrize("formula", FORMULAS)
def test_a_formula_in_a_cell_is_neutralised(formula: str) -> None:
    cell = safe_cell(formula)
    assert cell.startswith("'"), cell


@pytest.mark.parametrize("formula", FORMULAS)
def test_an_imported_name_or_tag_is_never_a_formula_in_the_csv_files(
    tmp_path: Path, formula: str
) -> None:
    from click.testing import CliRunner

    from talkgen.cli import cli

    table = tmp_path / "highlights.csv"
    with table.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["document", "tag", "content"])
        writer.writerow([f"{formula} doc", f"{formula} tag", "We rely on each other a lot."])
        writer.writerow(["Interview 2", "networks", "Twitter, mostly, and more than that."])
    result = CliRunner().invoke(
        cli, ["import", "highlights", str(table), "--into", str(tmp_path / "talk")]
    )
    assert result.exit_code in (0, 2), result.output
    if result.exit_code == 2:
        return
    written = [p for p in tmp_path.rglob("*.csv") if p != table]
    assert written
    for path in written:
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.reader(handle):
                for cell in row:
                    assert not _evaluated(cell), (path.name, cell)


# -- output-folder traps ---------------------------------------------------------------------


@pytest.mark.parametrize("command", ["timing", "build", "deck", "handout", "charts", "validate"])
def test_an_output_folder_that_is_a_file_is_refused(sandbox: Sandbox, command: str) -> None:
    target = sandbox.root / "out.txt"
    target.write_text("mine", encoding="utf-8")
    result = sandbox.talkgen(command, "{c}", "--out", str(target))
    assert result.exit_code == 2 and "Traceback" not in result.output + result.stderr
    assert "is a file" in result.stderr and target.read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize("where", ["content", "themes", "data"])
def test_an_output_folder_reaching_into_the_content_by_a_link_is_refused(
    sandbox: Sandbox, where: str
) -> None:
    (sandbox.content / "data").mkdir(exist_ok=True)
    target = {"content": sandbox.content, "themes": sandbox.content / "themes"}.get(
        where, sandbox.content / "data"
    )
    link = sandbox.root / "linked-out"
    os.symlink(target, link)
    before = snapshot(sandbox.content)
    err = refused(sandbox, "build", "{c}", "--out", str(link), "--only", "timing")
    assert "inside the content folder" in err
    assert snapshot(sandbox.content) == before


@pytest.mark.parametrize("where", ["/", "/etc", "/dev", "/proc", "/usr/share", "/dev/null"])
@pytest.mark.parametrize("command", ["build", "timing"])
def test_a_system_folder_as_the_output_folder_is_refused(
    sandbox: Sandbox, where: str, command: str
) -> None:
    args = ("--only", "timing") if command == "build" else ()
    result = sandbox.talkgen(command, "{c}", "--out", where, *args)
    assert result.exit_code == 2 and "Traceback" not in result.output + result.stderr
    assert f"{where}: the output folder is " in result.stderr
    assert "a folder of the operating system — give --out a folder of your own" in result.stderr
    assert not Path(where, "timing.md").exists()


def test_an_output_folder_holding_the_content_folder_keeps_the_content(sandbox: Sandbox) -> None:
    before = snapshot(sandbox.content)
    result = outcome(sandbox, "build", "{c}", "--out", str(sandbox.root), "--only", "timing")
    assert result.exit_code == 0, result.stderr
    assert snapshot(sandbox.content) == before


# -- special files in every folder talkgen reads ---------------------------------------------------


def _special(path: Path, kind: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() or path.is_symlink():
        path.unlink()
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))
        server.close()
    elif kind == "device":
        os.symlink("/dev/zero", path)
    elif kind == "folder":
        path.mkdir()


SPECIAL_KINDS = ["fifo", "socket", "device", "folder"]
CONTENT_FILES = [
    "talk.yaml",
    "quotes.yaml",
    "participants.csv",
    "coding.csv",
    "deny-list.txt",
    "charts.yaml",
    "themes/06-x.md",
    "data/d.csv",
    "pic.png",
    "talks/other.yaml",
]


@pytest.mark.parametrize("kind", first_fast(SPECIAL_KINDS))
@pytest.mark.parametrize("name", CONTENT_FILES)
def test_a_special_file_in_the_content_folder_is_refused_at_once(
    sandbox: Sandbox, name: str, kind: str
) -> None:
    if name == "data/d.csv":
        sandbox.write("charts.yaml", "- id: d\n  type: bar\n  csv: data/d.csv\n")
    if name == "pic.png":
        _image_slide(sandbox, "pic.png")
    _special(sandbox.content / name, kind)
    outcome(sandbox, *TIMING)


@pytest.mark.parametrize("kind", SPECIAL_KINDS)
def test_a_special_file_among_the_rehearsals_is_reported(sandbox: Sandbox, kind: str) -> None:
    _rehearsal(sandbox, '{"event": "show", "slide": 1, "t": 2}')
    _special(sandbox.out / "rehearsals" / "2026-11-26-0900.jsonl", kind)
    outcome(sandbox, *TIMING, reports=True)
    outcome(sandbox, "rehearsals", "{c}", "--out", "{o}", reports=True)


@pytest.mark.parametrize("kind", first_fast(SPECIAL_KINDS))
@pytest.mark.parametrize(
    "option", ["--template", "--from-pptx", "--handout-template", "qdpx", "highlights"]
)
def test_a_special_file_given_on_the_command_line_is_refused(
    sandbox: Sandbox, option: str, kind: str
) -> None:
    given = sandbox.root / f"given-{kind}"
    _special(given, kind)
    command = {
        "--template": ("validate", "{c}", "--template", str(given)),
        "--from-pptx": ("timing", "{c}", "--out", "{o}", "--from-pptx", str(given)),
        "--handout-template": ("handout", "{c}", "--out", "{o}", "--handout-template", str(given)),
        "qdpx": ("import", "qdpx", str(given), "--into", str(sandbox.root / "imported")),
        "highlights": ("import", "highlights", str(given), "--into", str(sandbox.root / "imp")),
    }[option]
    result = sandbox.talkgen(*command)
    assert result.exit_code == 2, (result.exit_code, result.stderr)
    assert "Traceback" not in result.output + result.stderr
    assert snapshot(sandbox.out) == sandbox.out_before


# -- deep nesting in every structured reader ----------------------------------------------------

DEEP = 100_000


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("talk.yaml", "x-deep: " + "[" * DEEP + "]" * DEEP + "\n"),
        ("talk.yaml", "x-deep:\n" + "".join("  " * n + "- \n" for n in range(2000))),
        ("talk.yaml", "x-deep: " + "{a: " * 5000 + "1" + "}" * 5000 + "\n"),
        ("quotes.yaml", "- " * 5000 + "x\n"),
        ("charts.yaml", "- id: d\n  type: bar\n  categories: " + "[" * DEEP + "]" * DEEP + "\n"),
        (THEME, "---\nx: " + "[" * DEEP + "]" * DEEP + "\n---\n"),
        (THEME, "---\nid: x\ntitle: X\n---\n" + "> " * DEEP + "deep\n"),
        (THEME, "---\nid: x\ntitle: X\n---\n" + "".join("  " * n + "- a\n" for n in range(3000))),
        (THEME, "---\nid: x\ntitle: X\n---\n" + "*" * DEEP + "a" + "*" * DEEP + "\n"),
        (THEME, "---\nid: x\ntitle: X\n---\n" + "[" * DEEP + "a" + "](b)" * DEEP + "\n"),
        ("talks/deep.yaml", "[" * DEEP + "]" * DEEP + "\n"),
    ],
)
def test_deep_nesting_in_a_content_file_is_refused_or_read(
    sandbox: Sandbox, name: str, text: str
) -> None:
    if name == "talk.yaml":
        sandbox.write(name, text + (sandbox.content / name).read_text(encoding="utf-8"))
    else:
        sandbox.write(name, text)
    outcome(sandbox, *TIMING)


@pytest.mark.parametrize(
    "name", [".talkgen-build.json", "charts/.talkgen-cache.json", "rehearsals/deep.jsonl"]
)
def test_deep_nesting_in_a_record_in_the_output_folder_is_passed_over(
    sandbox: Sandbox, name: str
) -> None:
    path = sandbox.out / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("[" * DEEP + "]" * DEEP, encoding="utf-8")
    outcome(sandbox, "build", "{c}", "--out", "{o}", "--only", "timing", reports=True)


def test_deep_xml_in_a_qdpx_project_is_refused(sandbox: Sandbox) -> None:
    deep = "<x>" * DEEP + "</x>" * DEEP
    project = f'<?xml version="1.0"?><Project xmlns="{NS}" name="d">{deep}<Sources/></Project>'
    qdpx = write_zip(sandbox.root / "deep.qdpx", {"project.qde": project})
    result = sandbox.talkgen("import", "qdpx", str(qdpx), "--into", str(sandbox.root / "imp"))
    assert result.exit_code == 2 and "Traceback" not in result.stderr, result.stderr


@pytest.mark.parametrize("option", ["--template", "--from-pptx"])
def test_deep_xml_in_a_pptx_is_refused(sandbox: Sandbox, option: str) -> None:
    deep = "<p:grpSp>" * 50_000 + "</p:grpSp>" * 50_000
    pptx = sandbox.root / "deep.pptx"
    with zipfile.ZipFile(TEMPLATES / "default.pptx") as source, zipfile.ZipFile(pptx, "w") as out:
        for info in source.infolist():
            raw = source.read(info.filename)
            if info.filename.startswith("ppt/slideLayouts/slideLayout1.xml"):
                raw = raw.replace(b"</p:spTree>", deep.encode() + b"</p:spTree>")
            out.writestr(info.filename, raw)
    command = (
        ("validate", "{c}", "--template", str(pptx))
        if option == "--template"
        else ("timing", "{c}", "--out", "{o}", "--from-pptx", str(pptx))
    )
    outcome(sandbox, *command)


# -- the same variants through the slower commands ---------------------------------------------

DEEP_MARKDOWN = {
    "block quotes 100,000 deep": "> " * DEEP + "deep",
    "lists 3,000 deep": "".join("  " * n + "- a\n" for n in range(3000)),
    "emphasis 100,000 deep": "*" * DEEP + "a" + "*" * DEEP,
    "links 100,000 deep": "[" * DEEP + "a" + "](https://example.org)" * DEEP,
}


@pytest.mark.slow
@pytest.mark.parametrize("kind", DEEP_MARKDOWN)
def test_deep_markdown_in_a_theme_builds_the_deck_and_the_handout(
    sandbox: Sandbox, kind: str
) -> None:
    no_chart_talk(sandbox.content)
    _append(sandbox, THEME, DEEP_MARKDOWN[kind])
    out = sandbox.root / "built"
    outcome(sandbox, "build", "{c}", "--out", str(out), "--only", "deck,handout")


VALIDATE_SAMPLE = {
    "seconds .nan": ("talk.yaml", "    seconds: 25", "    seconds: .nan"),
    "pace 1e999": ("talk.yaml", "pace: 130 ", "pace: 1e999 "),
    "min_group .inf": ("talk.yaml", "slug: ", "privacy:\n  min_group: .inf\nslug: "),
    "slides_url JAVASCRIPT:": ("talk.yaml", "speaker: ", 'slides_url: "JAVASCRIPT:x"\nspeaker: '),
    "reference data:": (
        "talk.yaml",
        "    url: https://example.org/twitter-mentoring",
        '    url: "data:text/html,x"',
    ),
    "quote of 5,001 characters": ("quotes.yaml", QUOTE, "  text: " + "a" * 5001),
}


@pytest.mark.slow
@pytest.mark.parametrize("kind", VALIDATE_SAMPLE)
def test_the_variants_are_refused_by_validate_and_build_too(sandbox: Sandbox, kind: str) -> None:
    name, old, new = VALIDATE_SAMPLE[kind]
    sandbox.edit(name, old, new)
    for command in (("validate", "{c}"), ("build", "{c}", "--out", "{o}")):
        err = refused(sandbox, *command)
        assert f"{name}:" in err
