"""Running talkgen on hostile input the way a user would, and checking it did no harm.

`Sandbox` gives a copy of the example talk, a last-good `out/` to compare against, and fresh
folders for HOME and the working folder: after a command, `out/` must be byte-identical and
HOME and the working folder empty (nothing read from or written outside the given folders).
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from talkgen.cli import cli

EXAMPLE = Path(__file__).resolve().parents[1] / "content"


def pptx_with_bomb(path: Path, size: int) -> Path:
    """Our template with one extra part of `size` zero bytes (it packs about 1000 to 1)."""
    import zipfile

    from talkgen.style import TEMPLATES

    shutil.copy(TEMPLATES / "default.pptx", path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as package:
        with package.open("ppt/media/bomb.bin", "w", force_zip64=True) as part:
            chunk = bytes(1 << 20)
            for _ in range(size >> 20):
                part.write(chunk)
    return path


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` by relative path, with a digest of its bytes."""
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        if p.is_file()
        else "folder"
        for p in sorted(folder.rglob("*"))
    }


@dataclass
class Sandbox:
    """A content folder to spoil, its out/ (holding a last good build), HOME and a cwd."""

    root: Path
    content: Path
    out: Path
    home: Path
    cwd: Path

    def write(self, name: str, text: str | bytes) -> Path:
        """Write a content file (text as UTF-8)."""
        path = self.content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, str):
            text = text.encode("utf-8")
        path.write_bytes(text)
        return path

    def edit(self, name: str, old: str, new: str) -> None:
        """Replace `old` (which must be there) by `new` in a content file."""
        path = self.content / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def talkgen(self, *args: str) -> Result:
        """Run the CLI with the content folder and `--out` filled in where `{c}`/`{o}` appear,
        and check that nothing was left in HOME or the working folder (Chrome, LibreOffice and
        Typst included: their profiles and caches go under talkgen's cache folder or a
        temporary one)."""
        before = snapshot(self.out)
        words = [a.replace("{c}", str(self.content)).replace("{o}", str(self.out)) for a in args]
        result = CliRunner().invoke(cli, words)
        assert not list(self.home.iterdir()), "talkgen wrote into HOME"
        assert not list(self.cwd.iterdir()), "talkgen wrote into the working folder"
        self.out_before = before
        return result

    def refused(self, *args: str) -> str:
        """Run a command that must fail on the input: exit 2, one located line per problem,
        no traceback, out/ unchanged. Returns standard error."""
        result = self.talkgen(*args)
        assert result.exit_code == 2, (result.exit_code, result.output, result.stderr)
        assert "Traceback" not in result.output + result.stderr
        assert snapshot(self.out) == self.out_before, "out/ changed"
        # Problems name a file in the sandbox (absolute: the working folder is elsewhere);
        # other lines are progress.
        errors = [
            line
            for line in result.stderr.strip().splitlines()
            if line.startswith((str(self.root), "talkgen:")) and "warning:" not in line
        ]
        assert errors, "no error message"
        for line in errors:
            assert " — " in line and ": " in line, f"not `file:line: what — fix`: {line}"
        return result.stderr


@pytest.fixture
def sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Sandbox:
    """A copy of the example talk with a fake last-good out/, HOME and cwd fresh and empty."""
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    out = tmp_path / "out"
    (out / "charts").mkdir(parents=True)
    (out / "lightning.pptx").write_bytes(b"last good deck")
    (out / "charts" / "prevalence.png").write_bytes(b"last good chart")
    home, cwd = tmp_path / "home", tmp_path / "cwd"
    home.mkdir()
    cwd.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(cwd)
    return Sandbox(tmp_path, content, out, home, cwd)
