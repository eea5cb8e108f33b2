"""Every problem as one line on stderr and an exit code: the command line's one mapping.

A `WellbeingError` carries its own exit code (2 for bad input, 1 otherwise) and its message
for people; Click's usage errors exit with 2; anything else is an unexpected problem, said
in one line without a traceback (WELLBEING_DEBUG=1 lets it through for a developer).
"""

from __future__ import annotations

import os

import click

from wellbeing.domain.errors import EXIT_BAD_INPUT, EXIT_FAILED, WellbeingError
from wellbeing.i18n import _

EXIT_OK = 0
EXIT_INTERRUPTED = 130

# A group called without one of its commands (Click 8.2 and later raise this).
_NO_COMMAND: tuple[type[Exception], ...] = tuple(
    getattr(click.exceptions, name)
    for name in ("NoArgsIsHelpError",)
    if hasattr(click.exceptions, name)
)


class CommandFailed(WellbeingError):
    """A failure the command has put into words as the whole line the person reads."""


def debugging() -> bool:
    return os.environ.get("WELLBEING_DEBUG", "") not in ("", "0")


def describe(exc: BaseException) -> str:
    """An unexpected exception in one short line: its kind and the first line of its text."""
    lines = str(exc).strip().splitlines()
    text = lines[0] if lines else ""
    text = text if len(text) <= 200 else text[:197] + "..."
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def say(line: str) -> None:
    click.echo(line, err=True)


def usage_problem(exc: click.UsageError) -> str:
    """Click's complaint about the command line, as one line naming the field."""
    param = getattr(exc, "param", None)
    if isinstance(exc, click.MissingParameter) and isinstance(param, click.Argument):
        return _("{field}: is required; give {value}").format(
            field=param.name, value=param.metavar or (param.name or "").upper()
        )
    if isinstance(exc, click.MissingParameter) and param is not None and param.name:
        option = param.opts[0] if getattr(param, "opts", None) else param.name
        return _("{field}: is required; give {option}").format(field=param.name, option=option)
    if isinstance(exc, click.NoSuchOption):
        message = _("{option}: there is no such option").format(option=exc.option_name)
        if exc.possibilities:
            message += _("; did you mean {options}?").format(
                options=", ".join(sorted(exc.possibilities))
            )
        return message
    if isinstance(exc, click.BadParameter) and param is not None and param.name:
        return f"{param.name}: {exc.message}"
    command = exc.ctx.command if exc.ctx is not None else None
    if isinstance(exc, _NO_COMMAND) and isinstance(command, click.Group) and exc.ctx is not None:
        names = ", ".join(command.list_commands(exc.ctx))
        return _("{command}: give one of its commands: {names}").format(
            command=exc.ctx.command_path, names=names
        )
    lines = exc.format_message().strip().splitlines()
    return lines[0] if lines else _("the command line is not valid")


def report(exc: BaseException) -> int:
    """Say what went wrong in one line and return the exit code; re-raise only when a
    developer asked to see unexpected errors."""
    if isinstance(exc, click.UsageError):
        say(_("error: {problem}").format(problem=usage_problem(exc)))
        if exc.ctx is not None:
            say(_("Try '{command} --help' for help.").format(command=exc.ctx.command_path))
        return EXIT_BAD_INPUT
    if isinstance(exc, click.ClickException):
        say(_("error: {problem}").format(problem=exc.format_message()))
        return exc.exit_code
    if isinstance(exc, click.Abort | KeyboardInterrupt):
        say(_("error: interrupted"))
        return EXIT_INTERRUPTED
    if isinstance(exc, CommandFailed):
        say(exc.for_people())
        return exc.exit_code
    if isinstance(exc, WellbeingError):
        say(_("error: {problem}").format(problem=exc.for_people()))
        return exc.exit_code
    if debugging():
        raise exc
    say(_("error: unexpected problem ({problem}); nothing was saved").format(problem=describe(exc)))
    return EXIT_FAILED
