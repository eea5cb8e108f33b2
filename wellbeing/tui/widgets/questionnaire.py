"""A questionnaire item by item, answered with digit keys, every answer for review before it
is saved, and the results that follow.

The item panel shows the instructions, the question, and every answer with the key that picks
it; the credit line and, where it applies, the notice that the translation is not validated
stay visible throughout.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from wellbeing.i18n import N_, _, ngettext
from wellbeing.tui.survey_views import ItemView, QuestionnaireView, ReviewLine, SurveyResultView
from wellbeing.tui.widgets.findings import FindingList

NOT_VALIDATED = N_(
    "This translation is not validated: it was made for this app and has not been tested like "
    "the original."
)


class QuestionPanel(Vertical):
    """One item at a time; `show` moves to another item."""

    DEFAULT_CSS = """
    QuestionPanel { height: auto; }
    QuestionPanel Label { width: 1fr; }
    QuestionPanel #question-instructions { color: $text-muted; }
    QuestionPanel #question-unvalidated { color: $text-warning; text-style: bold; }
    QuestionPanel #question-progress { margin-top: 1; color: $text-muted; }
    QuestionPanel #question-text { text-style: bold; margin-bottom: 1; }
    QuestionPanel #question-options { height: auto; }
    QuestionPanel .question-option { padding-left: 2; }
    QuestionPanel .question-option.-chosen { background: $primary-muted; }
    """

    def __init__(self, questionnaire: QuestionnaireView, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.questionnaire = questionnaire

    def compose(self) -> ComposeResult:
        questionnaire = self.questionnaire
        yield Label(questionnaire.instructions, id="question-instructions", markup=False)
        if not questionnaire.validated:
            yield Label(
                _(NOT_VALIDATED),
                id="question-unvalidated",
                markup=False,
            )
        yield Label("", id="question-progress", markup=False)
        yield Label("", id="question-text", markup=False)
        yield Vertical(id="question-options")

    async def show(self, index: int, chosen: int | None = None) -> None:
        """Show item `index` (0-based), marking the answer given earlier, if any."""
        item = self.questionnaire.items[index]
        progress = _("Question {number} of {count}").format(
            number=item.number, count=len(self.questionnaire.items)
        )
        if item.scale_name:
            progress = f"{progress} · {item.scale_name}"
        self.query_one("#question-progress", Label).update(progress)
        stem = self.questionnaire.stem
        self.query_one("#question-text", Label).update(
            f"{stem}… {item.text}" if stem else item.text
        )
        options = self.query_one("#question-options", Vertical)
        await options.remove_children()
        await options.mount_all(option_labels(item, chosen))

    def option_texts(self) -> list[str]:
        return [str(label.render()) for label in self.query(".question-option").results(Label)]


def option_labels(item: ItemView, chosen: int | None) -> list[Label]:
    labels = []
    for option in item.options:
        label = Label(f"{option.key}  {option.label}", classes="question-option", markup=False)
        label.set_class(option.code == chosen, "-chosen")
        labels.append(label)
    return labels


class AnswerReview(Vertical):
    """Every answer before it is saved: Enter on one goes back to change it."""

    DEFAULT_CSS = """
    AnswerReview { height: auto; }
    AnswerReview #review-title { text-style: bold; margin-top: 1; width: 1fr; }
    AnswerReview OptionList { height: auto; max-height: 24; margin-top: 1; }
    """

    def compose(self) -> ComposeResult:
        yield Label(_("Check your answers before saving them"), id="review-title")
        yield OptionList(id="review-answers")

    def show(self, lines: tuple[ReviewLine, ...], highlighted: int = 0) -> None:
        answers = self.query_one(OptionList)
        answers.clear_options()
        answers.add_options(
            Option(review_prompt(line), id=f"review-{line.number}") for line in lines
        )
        answers.highlighted = min(highlighted, len(lines) - 1) if lines else None
        answers.focus()

    def texts(self) -> list[str]:
        """Each question with its answer, as shown."""
        answers = self.query_one(OptionList)
        return [str(answers.get_option_at_index(i).prompt) for i in range(answers.option_count)]


def review_prompt(line: ReviewLine) -> Text:
    return Text(f"{line.number}. {line.question}\n   → {line.answer}")


class SurveyResults(Vertical):
    """Scores and what they mean, then the findings they raised (as after a check-in)."""

    DEFAULT_CSS = """
    SurveyResults { height: auto; }
    SurveyResults > Label, SurveyResults .results-score { width: 1fr; }
    SurveyResults #results-title { text-style: bold; margin-top: 1; }
    SurveyResults #results-scores { height: auto; }
    SurveyResults .results-score { padding-left: 2; text-style: bold; }
    SurveyResults #results-interpretation { margin-top: 1; color: $text-muted; }
    SurveyResults FindingList { margin-top: 1; }
    SurveyResults #results-others { margin-top: 1; text-style: italic; }
    """

    def compose(self) -> ComposeResult:
        yield Label("", id="results-title", markup=False)
        yield Vertical(id="results-scores")
        yield Label("", id="results-interpretation", markup=False)
        yield FindingList(id="results-findings")
        yield Label("", id="results-others", markup=False)

    async def show(self, result: SurveyResultView) -> None:
        self.query_one("#results-title", Label).update(
            _("Your results: {title}").format(title=result.title)
        )
        scores = self.query_one("#results-scores", Vertical)
        await scores.remove_children()
        await scores.mount_all(
            Label(line, classes="results-score", markup=False) for line in result.score_lines
        )
        self.query_one("#results-interpretation", Label).update(result.interpretation)
        await self.query_one(FindingList).show(result.feedback)
        others = self.query_one("#results-others", Label)
        others.display = bool(result.other_findings)
        others.update(
            ngettext(
                "{count} other finding is open as well: the Flags screen (F4) explains it.",
                "{count} other findings are open as well: the Flags screen (F4) explains them.",
                result.other_findings,
            ).format(count=result.other_findings)
        )

    def texts(self) -> list[str]:
        """Everything shown, in reading order."""
        return [str(widget.render()) for widget in self.query(Static).results()]
