"""The footer of every screen: Textual's key bar, drawn again only when its keys change."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer

KeysShown = tuple[tuple[str, str, str, str, bool, str], ...]


class KeyBar(Footer):
    """Textual's Footer builds all its key widgets again whenever the screen's bindings are
    updated, which happens at every change of focus and every refresh of the bindings;
    while the app opens that is about ten times, each styling some fifteen keys. This one
    builds them again only when what it would show differs: a key, its words, whether it is
    enabled, or its tooltip (a change of language changes the words)."""

    _shown: KeysShown | None = None

    def keys_shown(self, screen: Screen[object]) -> KeysShown:
        return tuple(
            (
                key,
                binding.key,
                binding.description,
                binding.action,
                enabled,
                tooltip or binding.tooltip,
            )
            for key, (_node, binding, enabled, tooltip) in screen.active_bindings.items()
            if binding.show
        )

    async def recompose(self) -> None:
        # Footer recomposes after a refresh once the bindings changed; the keys are read
        # then too, when every widget of the screen they depend on is mounted.
        if not self.is_attached or self._pruning:
            return
        shown = self.keys_shown(self.screen)
        if shown == self._shown:
            return
        self._shown = shown
        await super().recompose()
