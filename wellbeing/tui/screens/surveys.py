"""Questionnaires: which are due (WHO-5 every two weeks, CBI monthly), answering, results.

Answers are typed with digit keys only, one item at a time. After the last item every answer
is shown for review: Enter on one goes back to change it, ctrl+s saves; nothing is stored
before that. The results say what the scores mean and show the findings they raised.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Label, OptionList

from wellbeing.i18n import N_, _, current_language
from wellbeing.tui.screens.base import AppScreen
from wellbeing.tui.screens.confirm import ConfirmScreen
from wellbeing.tui.survey_views import (
    SHORT_NAMES,
    QuestionnaireView,
    SurveyResultView,
    SurveyStatus,
    review_lines,
)
from wellbeing.tui.widgets.database_status import DatabaseStatus
from wellbeing.tui.widgets.key_bar import KeyBar
from wellbeing.tui.widgets.questionnaire import AnswerReview, QuestionPanel, SurveyResults
from wellbeing.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from wellbeing.services import Wellbeing

ANSWER_KEYS = tuple(str(digit) for digit in range(10))


class SurveysScreen(AppScreen):
    """Both questionnaires with their due state; `w` or `c` starts one."""

    DEFAULT_CSS = """
    #surveys-body { padding: 0 1; }
    #surveys-body > Label, #surveys-list > Label { width: 1fr; }
    #surveys-title { text-style: bold; margin: 1 0; }
    #surveys-list { height: auto; }
    .survey-status { margin-bottom: 1; }
    .survey-status.-due { text-style: bold; color: $text-accent; }
    #surveys-note { color: $text-muted; }
    """

    FAILURES = {"surveys-load": N_("Your questionnaires could not be read: {reason}")}

    BINDINGS = [
        Binding(
            "w", "start('who5')", N_("WHO-5"), id="surveys.who5", tooltip=N_("Answer the WHO-5")
        ),
        Binding("c", "start('cbi')", N_("CBI"), id="surveys.cbi", tooltip=N_("Answer the CBI")),
    ]

    class Loaded(Message):
        def __init__(
            self, statuses: tuple[SurveyStatus, ...], questionnaires: dict[str, QuestionnaireView]
        ) -> None:
            super().__init__()
            self.statuses = statuses
            self.questionnaires = questionnaires

    def __init__(self) -> None:
        super().__init__()
        self.statuses: tuple[SurveyStatus, ...] = ()
        self.questionnaires: dict[str, QuestionnaireView] = {}

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield DatabaseStatus(id="database-status")
        with VerticalScroll(id="surveys-body"):
            yield Label(_("Questionnaires"), id="surveys-title")
            yield Vertical(id="surveys-list")
            yield Label(
                _(
                    "The WHO-5 asks about the last two weeks, so it is asked every two weeks; "
                    "the CBI once a month. Your answers are yours: nobody else sees them."
                ),
                id="surveys-note",
            )
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = _("Questionnaires")
        self.watch(self.app, "service", self.action_reload)
        self.watch(self.app, "data_version", self.action_reload, init=False)

    def action_reload(self) -> None:
        if self.service is not None:
            self._load(self.service, current_language())

    @work(thread=True, exclusive=True, group="surveys-load", exit_on_error=False)
    def _load(self, service: Wellbeing, language: str) -> None:
        from wellbeing.tui.survey_views import SURVEY_IDS, questionnaire_view, survey_statuses

        statuses = survey_statuses(service, language)
        questionnaires = {name: questionnaire_view(name, language) for name in SURVEY_IDS}
        self.post_message(self.Loaded(statuses, questionnaires))

    @on(Loaded)
    async def _show_statuses(self, message: Loaded) -> None:
        self.statuses = message.statuses
        self.questionnaires = message.questionnaires
        listing = self.query_one("#surveys-list", Vertical)
        await listing.remove_children()
        await listing.mount_all(
            Label(status_line(status), classes="survey-status" + (" -due" if status.due else ""))
            for status in message.statuses
        )
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "start":
            return True if parameters and parameters[0] in self.questionnaires else None
        return True

    def action_start(self, instrument: str) -> None:
        questionnaire = self.questionnaires.get(instrument)
        if questionnaire is not None:
            self.app.push_screen(QuestionnaireScreen(questionnaire))

    def palette_commands(self) -> Iterable[SystemCommand]:
        for instrument, questionnaire in self.questionnaires.items():
            yield SystemCommand(
                _("Answer the {name}").format(name=SHORT_NAMES[instrument]),
                questionnaire.title,
                lambda instrument=instrument: self.action_start(instrument),
            )


def status_line(status: SurveyStatus) -> str:
    key = "w" if status.instrument == "who5" else "c"
    state = (
        _("due — press {key} to answer it").format(key=key)
        if status.due
        else _("not due yet (press {key} to answer it anyway)").format(key=key)
    )
    line = _("{label}: {text}").format(label=status.title, text=state)
    if status.last_taken:
        last = _("Last answered on {day}: {score}").format(
            day=status.last_taken, score=status.last_score
        )
        line = f"{line}\n{last}"
    return line


class QuestionnaireScreen(AppScreen):
    """Asks the items in order, then shows every answer for review; ctrl+s saves them and
    the results are shown here."""

    DEFAULT_CSS = """
    #questionnaire-body { padding: 0 1; }
    #questionnaire-body > Label { width: 1fr; }
    #questionnaire-title { text-style: bold; margin-top: 1; }
    #questionnaire-credit { margin-top: 1; color: $text-muted; }
    #questionnaire-hint { margin-top: 1; color: $text-muted; }
    """

    FAILURES = {"survey-save": N_("Your answers were not saved: {reason}")}

    BINDINGS = [
        *(
            Binding(
                digit, f"answer('{digit}')", N_("Answer"), id=f"survey.answer.{digit}", show=False
            )
            for digit in ANSWER_KEYS
        ),
        Binding(
            "backspace",
            "previous",
            N_("Previous"),
            id="survey.previous",
            tooltip=N_("Back to the previous question"),
        ),
        Binding(
            "ctrl+s",
            "save",
            N_("Save"),
            id="survey.save",
            tooltip=N_("Save the answers as reviewed"),
        ),
        Binding(
            "escape",
            "leave",
            N_("Close"),
            id="survey.close",
            tooltip=N_("Leave the questionnaire"),
        ),
    ]

    class Saved(Message):
        def __init__(self, result: SurveyResultView) -> None:
            super().__init__()
            self.result = result

    def __init__(self, questionnaire: QuestionnaireView) -> None:
        super().__init__()
        self.questionnaire = questionnaire
        self.answers: list[int] = []
        self.reviewing = False
        self.changing: int | None = None  # the item being changed from the review
        self.saving = False
        self.result: SurveyResultView | None = None

    def compose(self) -> ComposeResult:
        questionnaire = self.questionnaire
        yield TitleBar()
        with VerticalScroll(id="questionnaire-body"):
            yield Label(questionnaire.title, id="questionnaire-title", markup=False)
            yield QuestionPanel(questionnaire, id="questionnaire-panel")
            yield AnswerReview(id="questionnaire-review")
            yield SurveyResults(id="questionnaire-results")
            yield Label("", id="questionnaire-hint", markup=False)
            yield Label(questionnaire.credit, id="questionnaire-credit", markup=False)
        yield KeyBar()

    async def on_mount(self) -> None:
        self.sub_title = SHORT_NAMES[self.questionnaire.instrument]
        self.query_one(SurveyResults).display = False
        self.query_one(AnswerReview).display = False
        await self._show_item()
        self.query_one("#questionnaire-body").focus()

    @property
    def answering(self) -> bool:
        return self.result is None and not self.saving and not self.reviewing

    @property
    def current(self) -> int:
        """The item asked now: the one being changed, else the first unanswered."""
        return self.changing if self.changing is not None else len(self.answers)

    async def _show_item(self, chosen: int | None = None) -> None:
        index = self.current
        await self.query_one(QuestionPanel).show(index, chosen)
        keys = [option.key for option in self.questionnaire.items[index].options]
        if self.changing is None:
            hint = _(
                "Press {first} to {last} to answer. Backspace: previous question. "
                "Escape: stop without saving."
            )
        else:
            hint = _(
                "Press {first} to {last} to change this answer. Backspace: back to your "
                "answers as they were."
            )
        self.query_one("#questionnaire-hint", Label).update(
            hint.format(first=min(keys), last=max(keys))
        )
        self.refresh_bindings()

    async def _review(self, highlighted: int = 0) -> None:
        """Every answer on one list, before anything is saved."""
        self.reviewing = True
        self.changing = None
        self.query_one(QuestionPanel).display = False
        review = self.query_one(AnswerReview)
        review.display = True
        review.show(review_lines(self.questionnaire, self.answers), highlighted)
        self.query_one("#questionnaire-hint", Label).update(
            _(
                "Enter: change the selected answer. Ctrl+S: save your answers. "
                "Backspace: back to the last question. Escape: stop without saving."
            )
        )
        self.refresh_bindings()

    async def _leave_review(self, index: int, chosen: int | None) -> None:
        self.reviewing = False
        self.query_one(AnswerReview).display = False
        self.query_one(QuestionPanel).display = True
        await self._show_item(chosen)
        self.query_one("#questionnaire-body").focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "answer":
            return self.answering
        if action == "save":
            return self.reviewing and not self.saving
        if action == "previous":
            if self.saving or self.result is not None:
                return False
            if self.reviewing or self.changing is not None:
                return True
            return True if self.answers else None
        return True

    async def action_answer(self, key: str) -> None:
        if not self.answering:
            return
        item = self.questionnaire.items[self.current]
        code = item.code_for_key(key)
        if code is None:
            self.notify(
                _("{key} is not one of the answers; press a key from the list.").format(key=key),
                severity="warning",
                timeout=4,
                markup=False,
            )
            return
        if self.changing is not None:
            changed = self.changing
            self.answers[changed] = code
            await self._review(changed)
            return
        self.answers.append(code)
        if len(self.answers) < len(self.questionnaire.items):
            await self._show_item()
            return
        await self._review()

    async def action_change(self, index: int) -> None:
        """Back from the review to one item, its answer marked, to change it."""
        if not self.reviewing or self.saving or not 0 <= index < len(self.answers):
            return
        self.changing = index
        await self._leave_review(index, self.answers[index])

    @on(OptionList.OptionSelected, "#review-answers")
    async def _change_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        await self.action_change(event.option_index)

    def action_save(self) -> None:
        if not self.reviewing or self.saving:
            return
        service = self.service
        if service is None:
            self.notify(_("Your data is still being opened; try again in a moment."), markup=False)
            return
        self.saving = True
        self.refresh_bindings()
        self._save(service, self.questionnaire.instrument, tuple(self.answers), current_language())

    async def action_previous(self) -> None:
        if self.saving or self.result is not None:
            return
        if self.changing is not None:  # back to the review, the answer as it was
            await self._review(self.changing)
            return
        if self.reviewing:
            chosen = self.answers.pop()
            await self._leave_review(len(self.answers), chosen)
            return
        if self.answers:
            chosen = self.answers.pop()
            await self.query_one(QuestionPanel).show(len(self.answers), chosen)
            self.refresh_bindings()

    @work(thread=True, group="survey-save", exit_on_error=False)
    def _save(
        self, service: Wellbeing, instrument: str, answers: tuple[int, ...], language: str
    ) -> None:
        from wellbeing.tui.survey_views import result_view

        outcome = service.take_survey(instrument, answers, language)
        self.post_message(self.Saved(result_view(outcome, language)))

    @on(Saved)
    async def _show_result(self, message: Saved) -> None:
        self.saving = False
        self.reviewing = False
        self.result = message.result
        self.query_one(QuestionPanel).display = False
        self.query_one(AnswerReview).display = False
        results = self.query_one(SurveyResults)
        results.display = True
        await results.show(message.result)
        # The answer list that had the focus is hidden now: the results themselves take it,
        # so the arrow and page keys scroll them (the support lines may lie below the fold).
        body = self.query_one("#questionnaire-body", VerticalScroll)
        body.focus()
        body.scroll_home(animate=False)
        self.query_one("#questionnaire-hint", Label).update(
            _("Your answers are saved. Escape: back to the questionnaires.")
        )
        self.data_changed()
        self.refresh_bindings()

    def worker_failed(self, group: str, error: BaseException) -> None:
        super().worker_failed(group, error)
        if group == "survey-save":
            self.saving = False  # still in the review: saving can be tried again
            self.refresh_bindings()

    def action_leave(self) -> None:
        if self.result is not None or not self.answers:
            self.dismiss()
            return

        def answered(confirmed: bool | None) -> None:
            if confirmed:
                self.dismiss()

        question = _("Stop the questionnaire? The answers you gave so far are not saved.")
        self.app.push_screen(ConfirmScreen(question, _("Stop")), answered)

    def palette_commands(self) -> Iterable[SystemCommand]:
        if self.answering:
            item = self.questionnaire.items[len(self.answers)]
            for option in item.options:
                yield SystemCommand(
                    _("Answer {key}: {label}").format(key=option.key, label=option.label),
                    item.text,
                    lambda key=option.key: self.action_answer(key),
                )
        if self.reviewing and not self.saving:
            yield SystemCommand(
                _("Save your answers"), _("Store the answers as reviewed"), self.action_save
            )
        if self.check_action("previous", ()):
            yield SystemCommand(
                _("Previous question"), _("Change the answer before"), self.action_previous
            )
        yield SystemCommand(
            _("Leave the questionnaire"), _("Back to the overview"), self.action_leave
        )
