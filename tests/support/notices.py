"""The notifications the app shows, heard through Textual's message hook."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import Notify
from textual.message import Message


def notices_into(notices: list[str]) -> Callable[[Message], None]:
    """A `message_hook` for `App.run_test` that appends each notification's text."""

    def hear(message: Message) -> None:
        if isinstance(message, Notify):
            notices.append(message.notification.message)

    return hear
