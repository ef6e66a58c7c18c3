"""CLI commands for this area (not built yet)."""

COMMANDS: list = []
