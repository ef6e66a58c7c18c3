"""`watch_and_build`: rebuild the talk whenever a content or template file is saved.

A content error is shown and the watch goes on; Ctrl-C ends it cleanly.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import watchfiles

from talkgen.build import BuildOptions, BuildResult, build_talk
from talkgen.content.collect import is_scratch_file
from talkgen.errors import TalkgenError

# Editors save in bursts (temp file, rename, chmod): wait this long for quiet before rebuilding.
DEBOUNCE_MS = 300
IDLE_TICK_MS = 250


def watch_and_build(
    folder: Path,
    options: BuildOptions,
    on_build: Callable[[BuildResult], None],
    on_error: Callable[[TalkgenError], None],
    on_change: Callable[[list[Path]], None] = lambda paths: None,
    stop_event=None,
    talk_names: list[str | None] | None = None,
) -> None:
    """Build once, then again after every change under `folder` or the templates in use;
    `talk_names` are the talks of a study to build each time (default: the single talk)."""
    from talkgen.style import TEMPLATES

    content = Path(folder).resolve()
    templates = {
        (TEMPLATES / "style.yaml").resolve(),
        Path(options.template or TEMPLATES / "default.pptx").resolve(),
        Path(options.handout_template or TEMPLATES / "handout.typ").resolve(),
    }
    out_dir = Path(options.out_dir).resolve()

    def relevant(change: watchfiles.Change, path: str) -> bool:
        # Everything in the content folder counts, of the templates' folders only the files in
        # use, and our own outputs never (out/ may sit inside a watched folder).
        where = Path(path).resolve()
        if where.is_relative_to(out_dir) or "__pycache__" in where.parts:
            return False
        # Editors' and tools' temporary, lock and backup files are never content.
        if is_scratch_file(Path(path).name):
            return False
        return where.is_relative_to(content) or where in templates

    def once() -> None:
        for name in talk_names or [None]:
            try:
                on_build(build_talk(folder, options, talk_name=name))
            except TalkgenError as error:
                on_error(error)

    watched = {content, *(template.parent for template in templates)}
    started = False
    # The first build runs at the watcher's first idle tick, once it is really watching, so a
    # file saved just after "Watching for changes" is never missed.
    # Ctrl-C ends the watch cleanly, also in the middle of a build: a build stages its outputs,
    # so an interrupted one leaves the previous files as they were.
    try:
        for changes in watchfiles.watch(
            *watched,
            watch_filter=relevant,
            debounce=DEBOUNCE_MS,
            stop_event=stop_event,
            # Raised to us and ended quietly below (suppressed, watchfiles would log a warning).
            raise_interrupt=True,
            yield_on_timeout=True,
            rust_timeout=IDLE_TICK_MS,
        ):
            if changes:
                on_change(sorted({Path(path) for _, path in changes}))
            if changes or not started:
                started = True
                once()
    except KeyboardInterrupt:
        return
