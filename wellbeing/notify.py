"""Sending a reminder: a desktop notification where the optional `desktop-notifier` package
is installed (`pip install wellbeing[notify]`) and a desktop session answers, else a plain
line on the terminal."""

from __future__ import annotations

import asyncio

import click

APP_NAME = "Wellbeing"


def _desktop(title: str, message: str) -> bool:
    """Whether the desktop showed the notification."""
    try:
        from desktop_notifier import DesktopNotifier
    except ImportError:
        return False
    try:
        asyncio.run(DesktopNotifier(app_name=APP_NAME).send(title=title, message=message))
    except Exception:
        return False  # no notification service (a server, an SSH session): say it plainly
    return True


def send(title: str, message: str, *, desktop: bool = True) -> str:
    """Show the reminder; returns where it went: 'desktop' or 'terminal'."""
    if desktop and _desktop(title, message):
        return "desktop"
    click.echo(f"{title}: {message}")
    return "terminal"
