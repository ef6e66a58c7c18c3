"""`watch_and_build`: rebuild the talk whenever a content or template file is saved.

A content error is shown and the watch goes on; Ctrl-C ends it cleanly.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import watchfiles

from talkgen.build import BuildOptions, BuildResult, build_talk
from talkgen.errors import TalkgenError

# Editors save in bursts (temp file, rename, chmod): wait this long for quiet before rebuilding.
DEBOUNCE_MS = 300


def watch_and_build(
    folder: Path,
    options: BuildOptions,
    on_build: Callable[[BuildResult], None],
    on_error: Callable[[TalkgenError], None],
    on_change: Callable[[list[Path]], None] = lambda paths: None,
    stop_event=None,
) -> None:
    """Build once, then again after every change under `folder` or the templates in use."""
    from talkgen.style import TEMPLATES

    watched = {Path(folder).resolve(), TEMPLATES.resolve()}
    for template in (options.template, options.handout_template):
        if template is not None:
            watched.add(Path(template).resolve().parent)
    out_dir = Path(options.out_dir).resolve()

    def relevant(change: watchfiles.Change, path: str) -> bool:
        # Our own outputs never trigger a build, even when out/ sits inside a watched folder.
        return not Path(path).resolve().is_relative_to(out_dir) and "__pycache__" not in path

    def once() -> None:
        try:
            on_build(build_talk(folder, options))
        except TalkgenError as error:
            on_error(error)

    once()
    for changes in watchfiles.watch(
        *watched,
        watch_filter=relevant,
        debounce=DEBOUNCE_MS,
        stop_event=stop_event,
        raise_interrupt=False,
    ):
        on_change(sorted({Path(path) for _, path in changes}))
        once()
