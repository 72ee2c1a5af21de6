"""Modal forms: declared as a list of fields, saved with ctrl+s, never losing typed text.

`escape` on a form with changes asks before discarding: changes from what the row holds
(`saved`), which is not what the form shows when it was reopened with the text typed
before a failed save.  Field values are
validated here (dates, required text) so most mistakes are shown inline before
anything reaches the database; the app writes the result in a worker.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult, CSSPathType
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Checkbox, Input, Label, Select, TextArea

from journal_tui.errors import JournalError
from journal_tui.tui.messages import Edit, FormRequest
from journal_tui.tui.text import clean, one_line, plain

if TYPE_CHECKING:
    from journal_tui.data.reader import Reader
    from journal_tui.data.store import Store
    from journal_tui.tui.context import RowVersion


@dataclass
class Field:
    id: str
    label: str
    kind: str = "input"  # input | area | check | select
    placeholder: str = ""
    suggest: str | None = None  # project | skill | tag | person: autocomplete from existing names
    multi: bool = False  # comma-separated list
    options: list[tuple[str, str]] = field(default_factory=list)


class NameSuggester(Suggester):
    """Completes existing names; for comma lists, the last item."""

    def __init__(self, names: list[str], multi: bool) -> None:
        super().__init__(use_cache=False, case_sensitive=False)
        self.names = [one_line(n) for n in names]  # a suggestion is drawn as typed text: never a terminal code
        self.multi = multi

    async def get_suggestion(self, value: str) -> str | None:
        head, sep, last = value.rpartition(",") if self.multi else ("", "", value)
        stem = last.lstrip()
        if not stem:
            return None
        for name in self.names:
            if name.casefold().startswith(stem.casefold()) and name.casefold() != stem.casefold():
                return f"{head}{sep}{last[: len(last) - len(stem)]}{name}"
        return None


class ConfirmDiscard(ModalScreen[bool]):
    BINDINGS = [Binding("y", "answer(True)", "Discard"), Binding("n,escape", "answer(False)", "Keep editing")]
    CSS_PATH = "forms.tcss"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small"):
            yield Label("Discard your changes?  [b]y[/] discard · [b]n[/] keep editing")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class FormScreen(ModalScreen[dict[str, Any] | None]):
    """Base form: subclasses set TITLE_TEXT and FIELDS and implement `validate`."""

    CSS_PATH: ClassVar[CSSPathType | None] = "forms.tcss"
    BINDINGS = [
        # not priority: ctrl+s must queue behind the keys typed before it, or a fast typist saves stale text
        Binding("ctrl+s", "save", "Save", id="save", tooltip="Save and close"),
        Binding("escape", "cancel", "Cancel", id="cancel", tooltip="Close without saving (asks if changed)"),
        # priority: the focus moves when the key is read, so text typed or pasted right after tab lands in
        # the next field (a plain binding moves it only once tab has bubbled up from the field, while the
        # keys behind it are already queued for the old field)
        Binding("tab", "next_field", "Next field", show=False, priority=True),
        Binding("shift+tab", "previous_field", "Previous field", show=False, priority=True),
    ]
    TITLE_TEXT = "Form"
    FIELDS: list[Field] = []

    def __init__(
        self,
        values: dict[str, Any] | None = None,
        *,
        names: dict[str, list[str]] | None = None,
        error: str | None = None,
        title: str | None = None,
        saved: dict[str, Any] | None = None,
        today: dt.date | None = None,
    ) -> None:
        """`values` fill the fields; `saved` (default `values`) is what the row holds, what escape compares with;
        `today` is the journal's today (what "yesterday" in a field means)."""
        super().__init__()
        self.today = today or dt.date.today()
        self.initial = self._filled(values)
        self.saved = self.initial if saved is None else self._filled(saved)
        self.names = names or {}
        self.initial_error = error
        self.title_text = title or self.TITLE_TEXT

    def _filled(self, values: dict[str, Any] | None) -> dict[str, Any]:
        """Every field's value as its widget shows it (`values()` reads them back the same way)."""
        given = values or {}
        out: dict[str, Any] = {}
        for f in self.FIELDS:
            value = given.get(f.id)
            if f.kind == "check":
                out[f.id] = bool(value)
            elif f.kind == "select":
                out[f.id] = value or f.options[0][1]
            else:  # stored text may hold codes an older version let in: never into an input (or back out unasked)
                out[f.id] = clean(value or "") if f.kind == "area" else one_line(value or "")
        return out

    @property
    def changed(self) -> bool:
        """The fields differ from what the row holds (a new form: from its blank or preset fields)."""
        return self.values() != self.saved

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog tall" if len(self.FIELDS) > 3 else "dialog"):
            yield Label(one_line(self.title_text), classes="dialog-title", markup=False)
            with VerticalScroll(classes="form-fields"):
                for f in self.FIELDS:
                    value = self.initial[f.id]
                    if f.kind == "check":
                        yield Checkbox(f.label, value=value, id=f.id)
                        continue
                    yield Label(f.label, classes="field-label")
                    if f.kind == "area":
                        area = TextArea(value, id=f.id, soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
                        area.placeholder = f.placeholder
                        yield area
                    elif f.kind == "select":
                        yield Select(f.options, value=value, allow_blank=False, id=f.id)
                    else:
                        suggester = NameSuggester(self.names.get(f.suggest, []), f.multi) if f.suggest else None
                        yield Input(value, placeholder=f.placeholder, id=f.id, suggester=suggester)
            yield Label(plain(self.initial_error or ""), id="form-error", classes="form-error")
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="save")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.set_focus(self.query_one(f"#{self.FIELDS[0].id}"))

    def action_next_field(self) -> None:
        self.focus_next()

    def action_previous_field(self) -> None:
        self.focus_previous()

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in self.FIELDS:
            widget = self.query_one(f"#{f.id}")
            if isinstance(widget, TextArea):
                out[f.id] = widget.text
            elif isinstance(widget, (Checkbox, Select, Input)):
                out[f.id] = widget.value
        return out

    def validate(self, values: dict[str, Any]) -> dict[str, Any]:
        """Return the cleaned payload or raise JournalError with a message for the user."""
        return values

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        try:
            payload = self.validate(self.values())
        except JournalError as exc:
            self.query_one("#form-error", Label).update(plain(exc))
            return
        payload["_form_values"] = self.values()
        self.dismiss(payload)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        if not self.changed:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmDiscard(), answered)


class RowForm(FormScreen):
    """A form for one table's rows, which it owns: how it reads a row, how a row fills its fields, how its values
    are added as a new row or saved over one.  The app's write flow opens it from a request (`new_request`,
    `edit_request`) and never needs to know the table."""

    TABLE: ClassVar[str] = ""

    @classmethod
    def read(cls, reader: Reader, row_id: int) -> Any:
        """The row, afresh (from a worker)."""
        raise NotImplementedError

    @classmethod
    def values_of(cls, row: Any) -> dict[str, Any]:
        """The fields as the row fills them."""
        raise NotImplementedError

    @classmethod
    def add(cls, store: Store, values: dict[str, Any], today: dt.date) -> int:
        """Add the form's values as a new row; its id."""
        raise NotImplementedError

    @classmethod
    def update(cls, store: Store, row_id: int, values: dict[str, Any], today: dt.date) -> None:
        """Save the form's values over the row."""
        raise NotImplementedError

    @classmethod
    def new_request(cls, today: dt.date, values: dict[str, Any] | None = None) -> FormRequest:
        """The blank form (or preset with `values`), adding a row."""
        noun = cls.TABLE
        return FormRequest(cls, dict(values or {}), lambda s, p: cls.add(s, p, today), lambda i: f"Added {noun} {i}.")

    @classmethod
    def edit_request(cls, row: Any, version: RowVersion | None, today: dt.date) -> FormRequest:
        """The form filled from `row`, saving over it unless another program changed it meanwhile."""
        noun, row_id = cls.TABLE, int(row.id)
        return FormRequest(
            cls,
            cls.values_of(row),
            lambda s, p: cls.update(s, row_id, p, today),
            f"Saved {noun} {row_id}.",
            title=f"Edit {noun} {row_id}",
            edit=Edit(
                noun,
                row_id,
                version,
                lambda s, p: cls.add(s, p, today),
                lambda i: f"Added {noun} {i} with your text ({noun} {row_id} was deleted elsewhere).",
            ),
        )


def split_names(text: str) -> list[str]:
    return [n.strip() for n in text.split(",") if n.strip()]


__all__ = ["Field", "FormScreen", "NameSuggester", "RowForm", "split_names"]
