"""A command group that imports a command's module only when that command runs.

Click's documented pattern for large applications ("lazy loading subcommands"): the group
knows each command's name and where its factory lives, as "module:function". A factory
builds the command when it is asked for, after the language is chosen, so its help is
translated; `wellbeing history --json` imports `wellbeing.cli.history` and nothing else.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

import click


class LazyGroup(click.Group):
    """A group whose commands are built from `lazy` ({name: "module:factory"}) on demand."""

    def __init__(self, *args: Any, lazy: Mapping[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy:
            return self._build(cmd_name)
        return super().get_command(ctx, cmd_name)

    def _build(self, name: str) -> click.Command:
        module_name, _colon, factory = self.lazy[name].partition(":")
        command = getattr(importlib.import_module(module_name), factory)()
        if not isinstance(command, click.Command):
            raise TypeError(f"{self.lazy[name]} did not build a click command")
        return command
