"""The weekly check-in form (`W`): the same questions as `journal checkin`, one item per line."""

from __future__ import annotations

import datetime as dt
from typing import Any

from journal_tui.checkin import CheckinInput, record_with_store
from journal_tui.dates import parse_date
from journal_tui.errors import JournalError
from journal_tui.plurals import plural
from journal_tui.tui.messages import FormRequest
from journal_tui.tui.screens.form import Field, FormScreen


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class CheckinForm(FormScreen):
    CSS_PATH = ["forms.tcss", "checkin_form.tcss"]
    TITLE_TEXT = "Weekly check-in (every field is optional)"
    FIELDS = [
        Field(
            "wins",
            "Wins this week not yet logged (one per line; +project #skill and 'yesterday:' work)",
            "area",
            "Fixed the flaky settlement test +billing #python",
        ),
        Field("learned", "What did you learn? (one per line)", "area", "Small PRs get reviewed faster"),
        Field("setback", "A setback this week", placeholder="Missed the Friday deploy window"),
        Field("lesson", "What it taught you", placeholder="Freeze on Thursday"),
        Field("blockers", "Anything blocking you? (one per line)", "area", "Waiting on the security review"),
        Field("focus", "Next week's focus (one per line)", "area", "Ship the ledger adoption"),
        Field("date", "Date of the check-in", placeholder="today · friday · 2026-11-20"),
    ]

    def validate(self, v: dict[str, Any]) -> dict[str, Any]:
        today = self.today
        day = parse_date(v["date"].strip(), today=today, direction="past") if v["date"].strip() else today
        setback, lesson = v["setback"].strip(), v["lesson"].strip()
        if lesson and not setback:
            raise JournalError("a lesson belongs to a setback: fill in the setback too")
        data = CheckinInput(
            checked_on=day,
            wins=_lines(v["wins"]),
            learned=_lines(v["learned"]),
            setbacks=[(setback, lesson or None)] if setback else [],
            blockers=_lines(v["blockers"]),
            focus=_lines(v["focus"]),
        )
        if data.is_empty:
            raise JournalError("nothing to record: fill in at least one field")
        return {"data": data}

    @classmethod
    def request(cls, today: dt.date) -> FormRequest:
        """This week's check-in; its wins are logged as entries."""

        def done(result: tuple[int, list[int]]) -> str:
            wins = f", {plural(len(result[1]), 'win')} logged" if result[1] else ""
            return f"Checked in (check-in {result[0]}{wins})."

        return FormRequest(cls, {}, lambda s, p: record_with_store(s, p["data"], today), done)
