"""The app's write flow: every write, form, edit, delete and undo, in one place that is not the app.

Panes and screens post `FlowRequest`s (tui/messages.py); the app hands each to its `WriteFlow`.  A write runs
in a thread worker awaited by an async one (`in_thread`), so what follows it (the form reopened with what was
typed, the undo stack, a conflict dialog) runs on the UI thread as plain code.  Whatever fails (the journal busy, a
server out of reach, a bug), nothing is lost: the failure is reported once and the form comes back with the text.
After a write the flow posts `Written` to the app, which reloads and says what was done.

The forms and dialogs are imported when first used (they are not on the first frame's path: the app preloads them
after its first rows, tui/startup.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.message import Message
from textual.worker import WorkerFailed

from journal_tui.errors import JournalError
from journal_tui.tui.base import in_thread
from journal_tui.tui.context import RowVersion
from journal_tui.tui.messages import Done, Edit, FormRequest

if TYPE_CHECKING:
    from textual.app import App

    from journal_tui.data.store import Store
    from journal_tui.tui.context import JournalContext

UNDO_DEPTH = 50
BUG_KEEPS_TEXT = "Not saved: journal_tui failed (see the notification); your text is kept."


@dataclass
class Written(Message):
    """A write committed: the app reloads, says `said`, and puts the cursor on `row` (a restored row) if given."""

    said: str
    row: tuple[str, int] | None = None


@dataclass(frozen=True)
class Guard:
    """An open edit form's row and its version when the form was filled: the write checks it is unchanged."""

    table: str
    row_id: int
    opened: RowVersion | None
    on_conflict: Callable[[RowVersion | None], None]


class WriteFlow:
    """Writes, forms, conflicts, deletes and undo for the app (`app` pushes screens, runs workers, notifies)."""

    def __init__(self, app: App[Any], ctx: JournalContext) -> None:
        self.app = app
        self.ctx = ctx
        self.undo_stack: list[tuple[str, dict[str, Any]]] = []

    # --- writes ---------------------------------------------------------------------------------

    def write(
        self,
        fn: Callable[[Store], Any],
        done: Done,
        retry: Callable[[str], None] | None = None,
        *,
        guard: Guard | None = None,
        then: Callable[[Any], None] | None = None,
        restores: str | None = None,
    ) -> None:
        """Run `fn` on the store in a worker, then say `done` and reload; on failure, `retry` gets one sentence.

        With a `guard`, the row is re-read first inside the write's own transaction (under the journal's write lock,
        so no other writer commits between the check and the write): if another program changed it since the form
        opened, nothing is written and the guard asks the user what to do.  `then` gets the write's result (on the
        UI thread); `restores` names the table of the row id the write returns, for the cursor to go to."""
        self.app.run_worker(self._write(fn, done, retry, guard, then, restores), group="write", exit_on_error=False)

    async def _write(
        self,
        fn: Callable[[Store], Any],
        done: Done,
        retry: Callable[[str], None] | None,
        guard: Guard | None,
        then: Callable[[Any], None] | None,
        restores: str | None,
    ) -> None:
        try:
            saved, result = await in_thread(self.app, lambda: self._save(fn, guard), "write-thread")
        except WorkerFailed as failed:  # reported already (a notification and a log line)
            if retry is not None:
                error = failed.error
                retry(self.ctx.without_secret(str(error)) if isinstance(error, JournalError) else BUG_KEEPS_TEXT)
            return
        if not saved:
            assert guard is not None
            guard.on_conflict(result)
            return
        self.ctx.written()
        if then is not None:
            then(result)
        said = done(result) if callable(done) else done
        self.app.post_message(Written(said, (restores, int(result)) if restores else None))

    def _save(self, fn: Callable[[Store], Any], guard: Guard | None) -> tuple[bool, Any]:
        """In a thread: (True, what `fn` returned), or (False, the row's version now) when the guard finds it
        changed."""
        store = self.ctx.writer()
        if guard is None:
            return True, fn(store)
        with store.write() as conn:  # `fn`'s own write joins this transaction
            now = self.ctx.row_version(conn, guard.table, guard.row_id)
            if now != guard.opened:
                return False, now
            return True, fn(store)

    # --- forms ----------------------------------------------------------------------------------

    def form(self, request: FormRequest, *, error: str | None = None, typed: dict[str, Any] | None = None) -> None:
        """Open a form; on save, write in a worker, reopening the form with what was typed if it fails.

        The reopened form still compares with what the row holds (`request.values`): escape asks before throwing
        the typing away."""

        def submitted(payload: dict[str, Any] | None) -> None:
            if payload is None:
                return
            typed_now = payload.pop("_form_values")

            def reopen(message: str | None = None) -> None:
                self.form(request, error=message, typed=typed_now)

            def unguarded() -> None:
                self.write(lambda s: request.save(s, payload), request.done, reopen)

            guard: Guard | None = None
            if request.edit is not None:
                edit = request.edit

                def on_conflict(now: RowVersion | None) -> None:
                    self._ask_conflict(edit, now, payload, overwrite=unguarded, back=reopen)

                guard = Guard(edit.table, edit.row_id, edit.opened, on_conflict)

            def write() -> None:
                self.write(lambda s: request.save(s, payload), request.done, reopen, guard=guard)

            if request.confirm is None:
                write()
            else:
                self.app.run_worker(self._confirm_then(request, payload, write, reopen), group="write")

        form = request.form(
            typed if typed is not None else request.values,
            names=self.ctx.names,
            error=error,
            title=request.title,
            saved=request.values,
            today=self.ctx.today,
        )
        self.app.push_screen(form, submitted)

    async def _confirm_then(
        self,
        request: FormRequest,
        payload: dict[str, Any],
        write: Callable[[], None],
        back: Callable[[str | None], None],
    ) -> None:
        """Read the question a write needs answered first (a merge); none: write at once."""
        from journal_tui.tui.screens.dialogs import ConfirmScreen

        confirm = request.confirm
        assert confirm is not None
        try:
            question = await in_thread(self.app, lambda: confirm(self.ctx.details(), payload), "confirm-thread")
        except WorkerFailed as failed:
            error = failed.error
            back(self.ctx.without_secret(str(error)) if isinstance(error, JournalError) else BUG_KEEPS_TEXT)
            return
        if question is None:
            write()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                write()
            else:
                back(None)

        self.app.push_screen(
            ConfirmScreen(question, hint="y yes · n back to the form (nothing is saved yet)"), answered
        )

    def edit(self, table: str, row_id: int) -> None:
        """Read the row afresh with its version, in one snapshot, off the UI thread; then open its form."""
        self.app.run_worker(self._edit(table, row_id), group="open-edit", exclusive=True, exit_on_error=False)

    async def _edit(self, table: str, row_id: int) -> None:
        from journal_tui.tui.screens.forms import ROW_FORMS

        form = ROW_FORMS[table]

        def read() -> tuple[Any, RowVersion | None]:
            reader = self.ctx.details()
            with reader.reading() as conn:  # the row and its version agree
                return form.read(reader, row_id), self.ctx.row_version(conn, table, row_id)

        try:
            row, version = await in_thread(self.app, read, "open-edit-thread")
        except WorkerFailed:
            return  # reported: the row is gone, the journal out of reach
        self.form(form.edit_request(row, version, self.ctx.today))

    def _ask_conflict(
        self,
        edit: Edit,
        now: RowVersion | None,
        payload: dict[str, Any],
        *,
        overwrite: Callable[[], None],
        back: Callable[[str | None], None],
    ) -> None:
        """Another program changed or deleted the row under an open form: overwrite, reload or go back; for a
        deleted row (or its id given to a new row), save what was typed as a new row or go back to it."""
        from journal_tui.tui.screens.dialogs import ConflictScreen, DeletedElsewhereScreen

        noun = edit.table
        if now is None or (edit.opened is not None and now.created != edit.opened.created):
            gone = (
                f"{noun.capitalize()} {edit.row_id} was deleted by another program (the CLI?) while you were editing it"
            )

            def new_or_back(choice: str | None) -> None:
                if choice == "new":
                    self.write(lambda s: edit.as_new(s, payload), edit.as_new_done, back)
                else:
                    back(f"{gone}: ctrl+s offers to save this as a new {noun}.")

            self.app.push_screen(DeletedElsewhereScreen(f"{gone}; nothing was saved.", noun), new_or_back)
            return

        def answered(choice: str | None) -> None:
            if choice == "overwrite":
                overwrite()
            elif choice == "reload":
                self.edit(edit.table, edit.row_id)
            else:
                back(None)

        self.app.push_screen(
            ConflictScreen(
                f"{noun.capitalize()} {edit.row_id} was changed by another program (the CLI?) "
                "while you were editing it."
            ),
            answered,
        )

    # --- delete and undo ------------------------------------------------------------------------

    def delete(self, table: str, row_id: int, label: str) -> None:
        """Ask, delete, and keep what was deleted for `undo`."""
        from journal_tui.tui.screens.dialogs import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.write(
                    lambda s: s.delete(table, row_id),
                    f"Deleted {label}. Press u to undo.",
                    then=lambda snap: self._push_undo(label, snap),
                )

        self.app.push_screen(ConfirmScreen(f"Delete {label}?"), answered)

    def _push_undo(self, label: str, snap: dict[str, Any]) -> None:
        self.undo_stack = [*self.undo_stack, (label, snap)][-UNDO_DEPTH:]

    def undo(self) -> None:
        """Bring back the last deleted row, under the id `restore` gives it (its old one may be taken since): the
        message names that id and the cursor goes to it.  A failed undo (a busy journal) stays on the stack."""
        if not self.undo_stack:
            self.app.notify("Nothing to undo.", severity="warning")
            return
        label, snap = self.undo_stack.pop()
        table, old_id = str(snap["table"]), int(snap["row"]["id"])

        def failed(message: str) -> None:
            if not message.startswith("cannot undo"):  # db.restore's "cannot undo ...": trying again cannot help
                self._push_undo(label, snap)

        self.write(
            lambda s: s.restore(snap),
            lambda new_id: restored_message(label, table, old_id, new_id),
            failed,
            restores=table,
        )


def restored_message(label: str, table: str, old_id: int, new_id: int) -> str:
    """What undo says: the row by the id it has now (`label` names it by the id it had: "entry 3 (...)")."""
    if new_id == old_id:
        return f"Restored {label}."
    head = f"{table} {old_id}"
    shown = f"{table} {new_id}{label[len(head) :]}" if label.startswith(head) else f"{table} {new_id} ({label})"
    return f"Restored {shown} under a new id: {old_id} was given to a new {table} meanwhile."
