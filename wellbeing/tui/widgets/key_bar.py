"""The footer of every screen: Textual's key bar, drawn again only when its keys change, and
showing only the keys that fit whole."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

KeysShown = tuple[tuple[str, str, str, str, bool, str], ...]


def key_width(key: FooterKey) -> int:
    """The columns a key takes in the bar: its key and words, padding, border and margin."""
    styles = key.styles
    return key.render().cell_len + styles.gutter.width + styles.margin.width


def trailing_blank(key: FooterKey) -> int:
    """The blank columns at the end of a key (after its words), which may be covered."""
    words = key.get_component_styles("footer-key--description").padding.right
    return (words if key.description else 0) + key.styles.margin.right


class KeyBar(Footer):
    """Textual's Footer builds all its key widgets again whenever the screen's bindings are
    updated, which happens at every change of focus and every refresh of the bindings;
    while the app opens that is about ten times, each styling some fifteen keys. This one
    builds them again only when what it would show differs: a key, its words, whether it is
    enabled, or its tooltip (a change of language changes the words).

    Textual's Footer cuts off whatever does not fit its width, even in the middle of a word;
    this one shows the keys in their order as long as each fits whole, and leaves out the
    rest (the keys list, F10, names them all)."""

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
        self.fit_keys()

    def on_resize(self) -> None:
        self.fit_keys()

    def fit_keys(self) -> None:
        """Show the keys, in order, while each fits whole beside the command palette's key
        (docked at the right; it may cover the blank after the last key's words); hide
        every key from the first that does not."""
        keys = list(self.query_children(FooterKey))
        docked = [key for key in keys if key.has_class("-command-palette")]
        room = self.size.width - sum(key_width(key) for key in docked)
        fits = True
        for key in keys:
            if key in docked:
                continue
            width = key_width(key)
            fits = fits and width - trailing_blank(key) <= room
            room -= width
            key.display = fits
