"""Right after a check-in is saved: what was stored, the overall level, findings and advice.

A full screen pushed over the form rather than a modal, so the function keys of the app keep
working; Escape goes back to the form and `p` starts the suggested guided pause. A correction
saved from the history opens the same screen over the history, where Escape goes back to.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from wellbeing.i18n import N_, _
from wellbeing.tui.checkin_views import SavedCheckin
from wellbeing.tui.finding_views import FeedbackView
from wellbeing.tui.screens.base import AppScreen
from wellbeing.tui.widgets.findings import FindingList
from wellbeing.tui.widgets.key_bar import KeyBar
from wellbeing.tui.widgets.saved_summary import SavedSummary
from wellbeing.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from wellbeing.tui.app import WellbeingApp


class FeedbackScreen(AppScreen):
    """Keyboard only: arrows and page keys scroll, `p` pauses, Escape returns to the form."""

    DEFAULT_CSS = """
    #feedback-body { padding: 0 1; }
    #feedback-body SavedSummary { margin: 0 0 1 0; }
    #feedback-plan { margin: 0 0 1 0; color: $text-accent; }
    """

    BINDINGS = [
        Binding(
            "escape",
            "close",
            N_("Back to form"),
            id="feedback.close",
            tooltip=N_("Close the feedback and return to the check-in form"),
        ),
        Binding(
            "p",
            "pause",
            N_("Guided pause"),
            id="feedback.pause",
            tooltip=N_("Start the suggested guided pause"),
        ),
    ]

    BACK_COMMAND: ClassVar[tuple[str, str]] = (
        N_("Back to the check-in form"),
        N_("Close the feedback"),
    )
    """The palette's command for what Escape does: its title and its help."""

    def __init__(self, saved: SavedCheckin, feedback: FeedbackView) -> None:
        super().__init__()
        self.saved = saved
        self.feedback = feedback

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="feedback-body"):
            yield SavedSummary(id="feedback-saved")
            if self.feedback.plan:
                yield Static("\n".join(self.feedback.plan), id="feedback-plan", markup=False)
            yield FindingList(id="feedback-findings")
        yield KeyBar()

    async def on_mount(self) -> None:
        self.sub_title = _("Your check-in")
        self.query_one(SavedSummary).show(self.saved)
        await self.query_one(FindingList).show(self.feedback)
        self.query_one("#feedback-body").focus()

    @property
    def findings(self) -> FindingList:
        return self.query_one(FindingList)

    def action_close(self) -> None:
        self.dismiss()

    def action_pause(self) -> None:
        cast("WellbeingApp", self.app).open_pause(self.feedback.pause_minutes)

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(
            _("Guided pause"), _("Start the suggested guided pause"), self.action_pause
        )
        title, help_text = self.BACK_COMMAND
        yield SystemCommand(_(title), _(help_text), self.action_close)


class CorrectionFeedbackScreen(FeedbackScreen):
    """The feedback on a corrected check-in, over the history it was corrected from: the
    findings about the shift and about the shifts the correction changed stay until the
    person closes them, where a passing notice would lose them."""

    BINDINGS = [
        Binding(
            "escape",
            "close",
            N_("Back to history"),
            id="feedback.close",
            tooltip=N_("Close the feedback and return to your history"),
        ),
    ]

    BACK_COMMAND = (N_("Back to history"), N_("Close the feedback"))
