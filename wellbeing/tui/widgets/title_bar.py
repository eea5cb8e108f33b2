"""The header of every screen: Textual's Header, safe while its screen composes itself again."""

from __future__ import annotations

from contextlib import suppress

from textual.css.query import NoMatches
from textual.dom import NoScreen
from textual.events import Mount
from textual.widgets import Header
from textual.widgets._header import HeaderTitle


class TitleBar(Header):
    """Textual's Header follows the app's and the screen's title and subtitle. When a screen
    composes itself again (Settings, Privacy, Help and Keys do, after loading or a change of
    language), the old header's title is gone before the header is, and Header's own
    follower then fails on a title change instead of letting it pass. This one lets it pass:
    the new header shows the title."""

    def _on_mount(self, event: Mount) -> None:
        event.prevent_default()  # instead of Header's follower, not beside it
        async def set_title() -> None:
            with suppress(NoScreen, NoMatches):
                self.query_one(HeaderTitle).update(self.format_title())

        self.watch(self.app, "title", set_title)
        self.watch(self.app, "sub_title", set_title)
        self.watch(self.screen, "title", set_title)
        self.watch(self.screen, "sub_title", set_title)
