"""The CLI's commands, one module per area, imported only when one of their commands runs.

A speaker's `talkgen build` should not pay for importing the importers or the rehearsal
screen: each command name maps to the module that defines it.
"""

from __future__ import annotations

import importlib

import click

# Command name -> module in this package, in the order `talkgen --help` lists them.
COMMAND_MODULES: dict[str, str] = {
    "init": "content",
    "validate": "content",
    "build": "build",
    "charts": "charts",
    "deck": "deck",
    "handout": "handout",
    "timing": "timing",
    "rehearse": "timing",
    "rehearsals": "timing",
    "import": "qda",
}


def load_command(name: str) -> click.Command | None:
    """The command called `name`, importing only its module; None for an unknown name."""
    module_name = COMMAND_MODULES.get(name)
    if module_name is None:
        return None
    module = importlib.import_module(f"talkgen.commands.{module_name}")
    return next((c for c in module.COMMANDS if c.name == name), None)
