"""How a finding is explained on screen: level in words and colour, numbers, source, advice.

The same widgets serve the feedback after a check-in, the questionnaire results and the open
flags, so a finding reads the same wherever it appears.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Static

from wellbeing.i18n import _
from wellbeing.presentation.no_longer_found import no_longer_found
from wellbeing.presentation.to_watch import PAST_FINDINGS
from wellbeing.tui.finding_views import FeedbackView, FindingView, level_word, overall_words


class OverallBanner(Static):
    """The traffic light: its colour and, always, its meaning in words."""

    DEFAULT_CSS = """
    OverallBanner {
        height: auto;
        padding: 0 1;
        text-style: bold;
        border-left: outer $success;
        background: $success-muted;
        color: $text;
    }
    OverallBanner.-orange {
        border-left: outer $warning;
        background: $warning-muted;
    }
    OverallBanner.-red {
        border-left: outer $error;
        background: $error-muted;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.overall = ""

    def show(self, overall: str, to_watch: int = 0) -> None:
        """The level `overall` above `to_watch` findings to keep an eye on (shown under it)."""
        self.overall = overall
        for name in ("green", "orange", "red"):
            self.set_class(name == overall, f"-{name}")
        self.update(_("Overall: {level}").format(level=overall_words(overall, to_watch)))


class LevelBadge(Label):
    """The level of one finding as a word on its colour."""

    DEFAULT_CSS = """
    LevelBadge {
        width: auto;
        padding: 0 1;
        margin-right: 1;
        text-style: bold;
        color: $text;
        background: $primary-muted;
    }
    LevelBadge.-watch { background: $accent-muted; }
    LevelBadge.-warning { background: $warning-muted; }
    LevelBadge.-high { background: $error-muted; }
    """

    def __init__(self, level: str) -> None:
        super().__init__(level_word(level), classes=f"-{level}", markup=False)


class FindingCard(Vertical):
    """One finding: level, the explanation with its numbers, the source and the suggestions."""

    DEFAULT_CSS = """
    FindingCard {
        height: auto;
        margin-top: 1;
        padding-left: 1;
        border-left: wide $primary-muted;
    }
    FindingCard.-watch { border-left: wide $accent; }
    FindingCard.-warning { border-left: wide $warning; }
    FindingCard.-high { border-left: wide $error; }
    FindingCard .finding-head { height: auto; }
    FindingCard .finding-message { width: 1fr; }
    FindingCard .finding-source { color: $text-muted; width: 1fr; }
    FindingCard .suggestion-title { text-style: bold; margin-top: 1; width: 1fr; }
    FindingCard .suggestion-text { padding-left: 2; width: 1fr; }
    """

    def __init__(self, finding: FindingView, *, id: str | None = None) -> None:
        super().__init__(id=id, classes=f"-{finding.level}")
        self.finding = finding

    def compose(self) -> ComposeResult:
        finding = self.finding
        with Horizontal(classes="finding-head"):
            yield LevelBadge(finding.level)
            yield Label(finding.message, classes="finding-message", markup=False)
        yield Label(
            _("Source: {source}").format(source=finding.source),
            classes="finding-source",
            markup=False,
        )
        for suggestion in finding.suggestions:
            title = suggestion.title
            if suggestion.pause_minutes:
                title = _("{title} (guided pause of {minutes} min)").format(
                    title=title, minutes=suggestion.pause_minutes
                )
            yield Label("→ " + title, classes="suggestion-title", markup=False)
            yield Label(suggestion.text, classes="suggestion-text", markup=False)


class FindingList(Vertical):
    """The overall level above the findings, most serious first; says so when there are none."""

    DEFAULT_CSS = """
    FindingList { height: auto; }
    FindingList .findings-none { margin-top: 1; color: $text-muted; }
    FindingList .findings-past { width: 100%; margin-top: 1; color: $text-muted; }
    FindingList .neighbour-heading { width: 100%; margin-top: 1; text-style: bold; }
    FindingList .neighbour-gone { width: 100%; color: $text-muted; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.view: FeedbackView | None = None

    def compose(self) -> ComposeResult:
        yield OverallBanner()

    async def show(self, view: FeedbackView) -> None:
        self.view = view
        self.query_one(OverallBanner).show(view.overall, view.to_watch)
        await self.query(".finding-item").remove()
        widgets: list[Label | FindingCard] = []
        if view.past_findings:
            widgets.append(
                Label(_(PAST_FINDINGS), classes="findings-past finding-item", markup=False)
            )
        widgets += finding_widgets(view.findings)
        for neighbour in view.neighbours:
            widgets.append(
                Label(
                    _("This also changed what was found about your shift of {shift}:").format(
                        shift=neighbour.shift
                    ),
                    classes="neighbour-heading finding-item",
                    markup=False,
                )
            )
            if neighbour.gone:
                widgets.append(
                    Label(
                        no_longer_found(neighbour.gone),
                        classes="neighbour-gone finding-item",
                        markup=False,
                    )
                )
            widgets += finding_widgets(neighbour.findings)
        await self.mount_all(widgets)

    def texts(self) -> list[str]:
        """Everything the list says, in reading order (what a screen reader would read)."""
        return [str(widget.render()) for widget in self.query(Static).results()]


def finding_widgets(findings: Sequence[FindingView]) -> list[Label | FindingCard]:
    if not findings:
        return [
            Label(
                _("No rule found anything to point out."),
                classes="findings-none finding-item",
                markup=False,
            )
        ]
    return [FindingCard(finding).add_class("finding-item") for finding in findings]
