"""Hostile content: limits, special files, confinement and addresses, each a located exit 2
that leaves out/, HOME and the working folder as they were (see tests/hostile.py)."""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from hostile import Sandbox
from PIL import Image

from talkgen import limits
from talkgen.content.privacy import personal_data

REPO = Path(__file__).resolve().parents[1]
THEME = "themes/01-informal-mentoring.md"
BOMB = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}' if prev else 'lol'] * 9)}]\n"
    for prev, name in zip(["", "a", "b", "c", "d", "e", "f", "g"], "abcdefgh", strict=False)
)


def test_alias_bomb_in_theme_front_matter_is_refused(sandbox: Sandbox) -> None:
    sandbox.edit(THEME, "---\n", "---\n" + BOMB.replace("\n", "\n", 1))
    err = sandbox.refused("validate", "{c}")
    assert f"{THEME}:" in err
    assert "values in a YAML file with its aliases expanded (200,000 values)" in err


def test_alias_bomb_in_talk_yaml_is_refused(sandbox: Sandbox) -> None:
    sandbox.write("talk.yaml", (sandbox.content / "talk.yaml").read_text() + BOMB)
    err = sandbox.refused("build", "{c}", "--out", "{o}")
    assert "talk.yaml:" in err and "aliases expand to too many values" in err


def test_small_aliases_still_work(sandbox: Sandbox) -> None:
    sandbox.edit("talk.yaml", "title: ", "x-anchor: &note Said twice\ntitle: ")
    err = sandbox.refused("validate", "{c}")
    assert "x-anchor" in err  # only the unknown key is wrong: the alias itself is fine


def test_nesting_deeper_than_the_limit_is_refused(sandbox: Sandbox) -> None:
    sandbox.edit("talk.yaml", "title: ", "summary: " + "[" * 500 + "]" * 500 + "\ntitle: ")
    err = sandbox.refused("validate", "{c}")
    assert "nesting depth (40 levels)" in err


def test_an_alias_inside_its_own_anchor_is_refused(sandbox: Sandbox) -> None:
    sandbox.edit("talk.yaml", "title: ", "summary: &loop [1, *loop]\ntitle: ")
    assert "an alias refers to the value it is part of" in sandbox.refused("validate", "{c}")


def test_a_fifo_among_the_themes_is_refused_without_waiting(sandbox: Sandbox) -> None:
    os.mkfifo(sandbox.content / "themes" / "06-x.md")
    done = subprocess.run(
        [sys.executable, "-m", "talkgen", "validate", str(sandbox.content)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=sandbox.cwd,
    )
    assert done.returncode == 2, done.stderr
    assert "themes/06-x.md: is a named pipe (FIFO), not a file talkgen can read" in done.stderr


def test_a_device_as_the_deny_list_is_refused(sandbox: Sandbox) -> None:
    (sandbox.content / "deny-list.txt").unlink()
    os.symlink("/dev/zero", sandbox.content / "deny-list.txt")
    err = sandbox.refused("validate", "{c}")
    assert "deny-list.txt" in err and "outside the content folder" in err


def test_a_file_over_its_size_limit_is_refused_before_it_is_read(sandbox: Sandbox) -> None:
    quotes = sandbox.content / "quotes.yaml"
    with quotes.open("a", encoding="utf-8") as handle:
        handle.write("#" + "x" * (limits.FILE_SIZES[".yaml"].value + 10) + "\n")
    err = sandbox.refused("validate", "{c}")
    assert "quotes.yaml: the file is" in err and "YAML file size (5 MB)" in err


def test_a_quote_of_twenty_thousand_words_is_refused(sandbox: Sandbox) -> None:
    words = " ".join(["word"] * 20_000)
    sandbox.edit(
        "quotes.yaml",
        "  text: Nobody ever called it mentoring, but that is exactly what it was.",
        f"  text: {words}",
    )
    err = sandbox.refused("build", "{c}", "--out", "{o}")
    assert "quotes.yaml:" in err and "length of a quote (5,000 characters)" in err
    assert "length of a quote (5,000 characters) — shorten it" in err  # not "a smaller number"


def test_a_fifty_megabyte_quote_is_refused_by_the_file_size(sandbox: Sandbox) -> None:
    sandbox.write("quotes.yaml", "- id: q1\n  text: " + "a" * (50 * 1024 * 1024) + "\n")
    assert "YAML file size (5 MB)" in sandbox.refused("build", "{c}", "--out", "{o}")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "    seconds: 25",
            "    seconds: 1e999",
            "outline entry 1: seconds: 'inf' is not a finite number",
        ),
        ("    seconds: 25", "    seconds: 100000", "seconds on one slide (3,600 seconds)"),
        (
            "    theme: informal-mentoring\n",
            "    theme: informal-mentoring\n    weight: 1e308\n",
            "slide weight (1,000)",
        ),
        ('duration: "10:00"', 'duration: "99999999:00:00"', "talk duration (8 hours)"),
        ("  web: https://", "  web: javascript:alert(1)//", "is not a web or mail address"),
        ("    url: https://", "    url: file:///etc/passwd#", "is not a web or mail address"),
        (
            "speaker: ",
            f"slides_url: https://example.org/{'a' * 5000}\nspeaker: ",
            "length of a web address (2,000 characters)",
        ),
        (
            "speaker: ",
            f"slides_url: https://example.org/{'ā' * 1900}\nspeaker: ",
            "too long for the QR code",
        ),
        ("subtitle: ", f"subtitle: {'x' * 600} ", "title, name or label (500 characters)"),
    ],
)
def test_numbers_and_addresses_out_of_bounds(
    sandbox: Sandbox, old: str, new: str, expected: str
) -> None:
    sandbox.edit("talk.yaml", old, new)
    err = sandbox.refused("build", "{c}", "--out", "{o}")
    assert "talk.yaml:" in err and expected in err


def test_a_bare_web_address_gets_https(sandbox: Sandbox) -> None:
    from talkgen.content import load_talk

    sandbox.edit("talk.yaml", "  web: https://", "  web: ")
    assert load_talk(sandbox.content).info.contact.web.startswith("https://example.org/")


def test_too_many_slides_is_refused(sandbox: Sandbox) -> None:
    extra = "".join("  - kind: text\n    title: t\n" for _ in range(limits.SLIDES.value))
    sandbox.edit("talk.yaml", "  - kind: conclusion\n", extra + "  - kind: conclusion\n")
    assert "slides in a talk (300 slides)" in sandbox.refused("validate", "{c}")


def test_too_many_themes_for_the_default_outline_is_refused(sandbox: Sandbox) -> None:
    text = (sandbox.content / "talk.yaml").read_text()
    sandbox.write("talk.yaml", text[: text.index("outline:")])
    for n in range(limits.SLIDES.value):
        sandbox.write(f"themes/9{n:04d}.md", f"---\nid: t{n}\ntitle: Theme {n}\n---\nText.\n")
    err = sandbox.refused("validate", "{c}")
    assert "slides in a talk (300 slides)" in err and "talk.yaml" in err


@pytest.mark.parametrize("values", ["[nan, inf]", "[1e999, 1]", "[.nan, 1]"])
def test_inline_chart_values_must_be_finite(sandbox: Sandbox, values: str) -> None:
    sandbox.write(
        "charts.yaml",
        f"- id: d\n  type: donut\n  categories: [a, b]\n  series:\n"
        f"    - name: n\n      values: {values}\n",
    )
    err = sandbox.refused("validate", "{c}")
    assert "charts.yaml:" in err and "values" in err


@pytest.mark.parametrize("cell", ["nan", "inf", "1e999", "-1e308"])
def test_csv_chart_values_must_be_finite(sandbox: Sandbox, cell: str) -> None:
    sandbox.write("data/d.csv", f"x,y\na,{cell}\nb,2\n")
    sandbox.write("charts.yaml", "- id: d\n  type: bar\n  csv: data/d.csv\n")
    err = sandbox.refused("validate", "{c}")
    assert "data/d.csv:2:" in err and "is not a number" in err


# -- confinement ---------------------------------------------------------------------------------


def _outside(sandbox: Sandbox, name: str, content: bytes) -> Path:
    path = sandbox.root / name
    path.write_bytes(content)
    return path


@pytest.mark.parametrize("how", ["relative", "absolute", "symlink"])
def test_chart_csv_outside_the_content_folder_is_not_read(sandbox: Sandbox, how: str) -> None:
    outside = _outside(sandbox, "outside.csv", b"x,y\nSECRET,1\n")
    written = {"relative": "../outside.csv", "absolute": str(outside), "symlink": "data/l.csv"}
    if how == "symlink":
        (sandbox.content / "data").mkdir()
        os.symlink(outside, sandbox.content / "data" / "l.csv")
    sandbox.write("charts.yaml", f"- id: d\n  type: bar\n  csv: {written[how]}\n")
    err = sandbox.refused("build", "{c}", "--out", "{o}")
    assert "charts.yaml:3:" in err and "SECRET" not in err
    assert ("absolute path" if how == "absolute" else "outside the content folder") in err


def test_a_symlink_inside_the_content_folder_is_followed(sandbox: Sandbox) -> None:
    from talkgen.content import load_talk

    sandbox.write("data/real.csv", "x,y\na,1\nb,2\n")
    os.symlink("real.csv", sandbox.content / "data" / "link.csv")
    sandbox.write("charts.yaml", "- id: d\n  type: bar\n  csv: data/link.csv\n")
    assert load_talk(sandbox.content).chart("d").categories == ["a", "b"]


def test_a_theme_file_linking_outside_is_not_read(sandbox: Sandbox) -> None:
    outside = _outside(sandbox, "secret.md", b"---\nid: secret\ntitle: SECRET\n---\n")
    os.symlink(outside, sandbox.content / "themes" / "06-secret.md")
    err = sandbox.refused("validate", "{c}")
    assert "06-secret.md: is a link to a file outside the content folder" in err


def _png_declaring(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )


def _image_slide(sandbox: Sandbox, image: str) -> None:
    sandbox.edit(
        "talk.yaml",
        "  - kind: conclusion\n",
        f"  - kind: image\n    image: {image}\n    alt: A picture\n  - kind: conclusion\n",
    )


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("a.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>', "is an SVG drawing"),
        ("huge.png", _png_declaring(60_000, 60_000), "image size (40,000,000 pixels)"),
        ("big.png", _png_declaring(9_000, 9_000), "is 9,000 × 9,000 pixels"),
        ("fake.png", b"\x89PNG\r\n\x1a\n", "is not a picture talkgen can read"),
        ("a.pdf", b"%PDF-1.4\n", "is not a picture talkgen can read"),
    ],
)
def test_image_slides_refuse_what_a_deck_cannot_hold(
    sandbox: Sandbox, name: str, content: bytes, expected: str
) -> None:
    sandbox.write(f"img/{name}", content)
    _image_slide(sandbox, f"img/{name}")
    err = sandbox.refused("build", "{c}", "--out", "{o}")
    assert re.search(r"talk\.yaml:\d+: outline slide \d+ \(image\): image", err)
    assert expected in err


@pytest.mark.parametrize("written", ["../outside.png", "/etc/hostname", "img/link.png"])
def test_image_outside_the_content_folder_is_not_read(sandbox: Sandbox, written: str) -> None:
    outside = sandbox.root / "outside.png"
    Image.new("RGB", (4, 4)).save(outside)
    (sandbox.content / "img").mkdir()
    os.symlink(outside, sandbox.content / "img" / "link.png")
    _image_slide(sandbox, written)
    err = sandbox.refused("build", "{c}", "--out", "{o}")
    assert "absolute path" in err or "outside the content folder" in err


def test_a_webp_image_passes_the_checks(sandbox: Sandbox) -> None:
    from talkgen.content import load_talk
    from talkgen.content.images import deck_picture

    Image.new("RGB", (8, 6), "red").save(sandbox.content / "pic.webp")
    _image_slide(sandbox, "pic.webp")
    load_talk(sandbox.content)
    png = deck_picture(sandbox.content / "pic.webp")
    assert isinstance(png, bytes) and png.startswith(b"\x89PNG")


# -- text patterns in linear time ----------------------------------------------------------------


@pytest.mark.parametrize(
    "token", ["a" * 90_000, "1" * 90_000, "1-" * 45_000, "a@" * 45_000, "a." * 45_000 + "@"]
)
def test_personal_data_patterns_do_not_backtrack(token: str) -> None:
    # Before the patterns were bounded, "a" * 90,000 took about two minutes.
    assert personal_data(token + " x", ["Smith"]) is not None


def test_personal_data_patterns_still_find_what_they_should() -> None:
    found = personal_data("Mail jo.bloggs@example.co.nz or ring +64 21 555 0199", [])
    assert any("jo.bloggs@example.co.nz" in f for f in found)
    assert any("phone" in f for f in found)
    assert not personal_data("From 1999-2003 we met 12 times.", [])


def test_every_limit_is_documented_with_its_value() -> None:
    page = (REPO / "docs" / "limits.md").read_text(encoding="utf-8")
    for limit in limits.ALL:
        shown = str(limit).removeprefix(limit.name).strip(" ()")
        assert f"| {limit.name} | {shown}" in page, f"{limit} is not in docs/limits.md"


@pytest.mark.slow
def test_a_webp_image_slide_builds_into_the_deck_as_png(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The deck's charts start Chrome: HOME and the working folder stay empty (the sandbox checks)
    # and Chrome's throw-away profile, under talkgen's cache folder, is gone afterwards.
    from pptx import Presentation

    cache = sandbox.root / "cache"
    monkeypatch.setenv("TALKGEN_CACHE_DIR", str(cache))
    Image.new("RGB", (80, 60), "red").save(sandbox.content / "pic.webp")
    _image_slide(sandbox, "pic.webp")
    out = sandbox.root / "built"
    result = sandbox.talkgen("deck", "{c}", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert (cache / "chromium").is_dir(), "Chrome did not run (its disk cache is not there)"
    assert not list((cache / "chromium-profiles").iterdir()), "Chrome's profile was left"
    deck = Presentation(str(next(out.glob("*.pptx"))))
    pictures = [
        shape.image
        for slide in deck.slides
        for shape in slide.shapes
        if shape.shape_type == 13 and shape.name.startswith("Image")
    ]
    assert [p.content_type for p in pictures] == ["image/png"]
    assert pictures[0].size == (80, 60)
