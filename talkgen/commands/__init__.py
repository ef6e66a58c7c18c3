"""The CLI's commands, one module per area; `register` adds them all to the `talkgen` group."""

from __future__ import annotations

import click


def register(group: click.Group) -> None:
    """Add every talkgen command to `group`, in the order `talkgen --help` lists them."""
    from talkgen.commands import build, charts, content, deck, handout, qda, timing

    for module in (content, build, charts, deck, handout, timing, qda):
        for command in module.COMMANDS:
            group.add_command(command)
