"""The app and the CLI on one journal, with real processes: nothing lost, nothing doubled, nothing moved.

On both engines (a SQLite file, a PostgreSQL database).  The app (through the Pilot, in this process) holds the
journal open while every command group of the CLI runs in its own process, with app writes before and after each.
After each step the journal is whole (SQLite: `PRAGMA integrity_check`, the FTS index check and the foreign keys;
PostgreSQL: `db.problems`, the text index the triggers keep) and its rows equal an independent model of what was
written: entries by id with their text and star, and every other table as the multiset of the values each step
wrote.  A second app in another process, and four writers of 50 adds each, share the journal too.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
import subprocess
import sys
import textwrap
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY, db_rows, journal_exe, server_read

pytestmark = [pytest.mark.engines, pytest.mark.slow]  # processes racing on one journal
SRC = str(Path(__file__).resolve().parents[1])
SIGNATURES = {  # table -> the column(s) that say what a row is; a row moved to another table changes two multisets
    "person": "name",
    "contact": "text",
    "ask": "about",
    "feedback": "text",
    "goal": "title",
    "milestone": "title",
    "reflection": "text",
    "role": "title",
    "criterion": "name",
    "checkin": "checked_on",
}


Journal = Path | str  # a SQLite file, or a PostgreSQL database's URL


def is_server(path: Journal) -> bool:
    return str(path).startswith("postgresql://")


def _plain(value: Any) -> Any:
    """A value as SQLite holds it: the server's booleans and dates come back as Python's."""
    if isinstance(value, bool):
        return int(value)
    return value.isoformat() if isinstance(value, dt.date) else value


def rows_of(path: Journal) -> tuple[dict[int, tuple[str, int]], dict[str, Counter[Any]]]:
    """Entries by id (text, star) and every other table's signature values, read by a program of its own."""

    def read(conn: Any) -> tuple[dict[int, tuple[str, int]], dict[str, Counter[Any]]]:
        entries = {i: (t, _plain(s)) for i, t, s in conn.execute("SELECT id, text, starred FROM entry")}
        tables = {t: Counter(_plain(r[0]) for r in conn.execute(f"SELECT {c} FROM {t}")) for t, c in SIGNATURES.items()}
        return entries, tables

    if is_server(path):
        return server_read(str(path), read)  # type: ignore[no-any-return]
    conn = sqlite3.connect(path)
    try:
        return read(conn)
    finally:
        conn.close()


def file_is_whole(path: Journal) -> None:
    if is_server(path):  # the server checks its own pages and keys; what can drift is the index its triggers keep
        from journal_tui.data import db

        server = db.raw_connect(str(path))
        try:
            assert db.problems(server) == []
        finally:
            server.close()
        return
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        conn.execute("INSERT INTO entry_fts(entry_fts) VALUES ('integrity-check')")
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()


@dataclass
class Model:
    """What was written, kept apart from the file: the test's own account of the journal."""

    entries: dict[int, tuple[str, int]]
    tables: dict[str, Counter[Any]]
    pending: list[str] = field(default_factory=list)  # entries added whose id the writer did not print
    stars: dict[int, int] = field(default_factory=dict)  # stars set on entries the model has not seen yet

    def star(self, entry_id: int, value: int) -> None:
        if entry_id in self.entries:
            self.entries[entry_id] = (self.entries[entry_id][0], value)
        else:
            self.stars[entry_id] = value

    def add(self, table: str, *values: Any) -> None:
        self.tables[table].update(values)

    def check(self, path: Journal) -> None:
        file_is_whole(path)
        entries, tables = rows_of(path)
        new = {i: v for i, v in entries.items() if i not in self.entries}
        assert sorted(t for t, _ in new.values()) == sorted(self.pending), "entries appeared or vanished"
        self.entries.update({i: (t, self.stars.pop(i, 0)) for i, (t, _) in new.items()})
        self.pending.clear()
        assert self.stars == {}
        assert entries == self.entries
        assert tables == self.tables


def demo_harness(path: Journal) -> tuple[Journal, Model, Any, list[str]]:
    """The model of a demo journal, and the app on it whose notifications are collected (what it says it wrote)."""
    from journal_tui.tui.app import make_app

    model = Model(*rows_of(path))
    app = make_app(path, today=TODAY)
    notes: list[str] = []

    def notify(message: str, **kw: Any) -> None:
        notes.append(str(message))

    app.notify = notify  # type: ignore[method-assign]  # this app's own: it records what the app says
    return path, model, app, notes


def ids_in(out: str) -> list[int]:
    return [int(n) for n in re.findall(r"\bentry (\d+)", out)]


Effect = Callable[[Model, str], None]


def nothing(model: Model, out: str) -> None:
    """A read: the journal is unchanged."""


def added(text: str) -> Effect:
    def effect(model: Model, out: str) -> None:
        (entry_id,) = ids_in(out)
        model.entries[entry_id] = (text, 0)

    return effect


def edited(old: str, new: str) -> Effect:
    def effect(model: Model, out: str) -> None:
        (entry_id,) = [i for i, (t, _) in model.entries.items() if t == old]
        model.entries[entry_id] = (new, model.entries[entry_id][1])

    return effect


def starred(text: str) -> Effect:
    def effect(model: Model, out: str) -> None:
        (entry_id,) = [i for i, (t, _) in model.entries.items() if t == text]
        model.entries[entry_id] = (text, 1)

    return effect


def removed(text: str) -> Effect:
    def effect(model: Model, out: str) -> None:
        (entry_id,) = [i for i, (t, _) in model.entries.items() if t == text]
        del model.entries[entry_id]

    return effect


def wrote(table: str, *values: Any) -> Effect:
    def effect(model: Model, out: str) -> None:
        model.add(table, *values)

    return effect


def new_entries(*texts: str) -> Effect:
    def effect(model: Model, out: str) -> None:
        model.pending.extend(texts)

    return effect


def replaced(table: str, value: Any) -> Effect:
    def effect(model: Model, out: str) -> None:
        model.tables[table] = Counter([value])

    return effect


def each(*effects: Effect) -> Effect:
    def effect(model: Model, out: str) -> None:
        for e in effects:
            e(model, out)

    return effect


def id_of(model: Model, text: str) -> str:
    return str(next(i for i, (t, _) in model.entries.items() if t == text))


# (the commands of one step, with ids taken from the model; what they write)
Step = tuple[Callable[[Model], list[list[str]]], Effect]
EDITOR = "sed -i s/harness\\ one/harness\\ edited/"


def steps(tmp: Path, server: bool) -> list[Step]:
    export, csv, backup = tmp / "export.json", tmp / "new.csv", tmp / "backup.db"
    csv.write_text("date,text,project,skills\n2026-11-02,csv harness a,imports,sql\n2026-11-03,csv harness b,,\n")
    return [
        (lambda m: [["add", "harness one +harness #sql"]], added("harness one")),
        (lambda m: [["list", "-n", "5"]], nothing),
        (lambda m: [["show", id_of(m, "harness one")]], nothing),
        (lambda m: [["edit", id_of(m, "harness one")]], edited("harness one", "harness edited")),
        (lambda m: [["star", id_of(m, "harness edited")]], starred("harness edited")),
        (lambda m: [["add", "harness two"]], added("harness two")),
        (lambda m: [["rm", id_of(m, "harness two"), "--yes"]], removed("harness two")),
        (lambda m: [["review"]], nothing),
        (lambda m: [["case"]], nothing),
        (lambda m: [["update"]], nothing),
        (lambda m: [["stats"]], nothing),
        (lambda m: [["nudge"]], nothing),
        (lambda m: [["people"]], nothing),
        (lambda m: [["person", "set", "Harness Person", "--role", "mentor"]], wrote("person", "Harness Person")),
        (lambda m: [["met", "Harness Person", "harness talk"]], wrote("contact", "harness talk")),
        (lambda m: [["ask", "Harness Person", "harness question?"]], wrote("ask", "harness question?")),
        (
            lambda m: [["feedback", "add", "harness feedback", "--from", "Harness Person"]],
            wrote("feedback", "harness feedback"),
        ),
        (lambda m: [["goal", "add", "Harness goal"]], wrote("goal", "Harness goal")),
        (lambda m: [["role", "set", "Harness Staff"]], replaced("role", "Harness Staff")),
        (
            lambda m: [["role", "criterion", "add", "Harness criterion", "--skill", "sql"]],
            wrote("criterion", "Harness criterion"),
        ),
        (
            lambda m: [["checkin", "--win", "harness checkin win", "--learned", "harness learned"]],
            each(
                wrote("checkin", TODAY.isoformat()),
                wrote("reflection", "harness learned"),
                new_entries("harness checkin win"),
            ),
        ),
        # Our own export read back at once merges into what is there (a row changed between the two is the
        # stable-identity work of the data-layer issue, not this harness's).
        (lambda m: [["export", "-o", str(export)], ["import", str(export)]], nothing),
        (lambda m: [["import", str(csv), "--format", "csv"]], new_entries("csv harness a", "csv harness b")),
        # a server journal is backed up by the server's own tools (`backup` says so); `check` reads it whole
        (lambda m: [["check"] if server else ["backup", str(backup)]], nothing),
    ]


def run(path: Journal, argv: list[str]) -> str:
    env = {**os.environ, "JOURNAL_DB": str(path), "JOURNAL_TODAY": TODAY.isoformat(), "EDITOR": EDITOR}
    r = subprocess.run([*journal_exe(), *argv], capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == 0, (argv, r.stderr)
    assert "Traceback" not in r.stderr
    return r.stdout + r.stderr


async def test_every_cli_command_beside_the_open_app_loses_nothing(tmp_path: Path, engine_demo: Journal) -> None:
    from journal_tui.tui.testing import settle

    path, model, app, notes = demo_harness(engine_demo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)

        async def app_writes() -> None:
            """Star or unstar the highlighted entry in the app; the app says which and how."""
            notes.clear()
            await pilot.press("down", "asterisk")
            await settle(pilot)
            said = [n for n in notes if re.match(r"(Un)?[Ss]tarred entry \d+", n)]
            assert said, notes
            model.star(*starred_by(said[-1]))

        await app_writes()
        for commands_of, effect in steps(tmp_path, is_server(path)):  # each step between two writes of the app
            commands = commands_of(model)
            effect(model, "".join(run(path, argv) for argv in commands))
            argv = commands[0]
            await app_writes()
            model.check(path)
            app.refresh_if_changed()
            await settle(pilot)
            assert app.pane("journal").count == len(model.entries), argv
            assert not [n for n in notes if "error" in n.lower() or "damaged" in n], notes
    model.check(path)


# The second app keeps to the older entries (a filter that the writers' rows, dated today, and the first app's rows,
# the newest, never enter): its list stays put while rows arrive, so the two apps never star the same entry, and
# the order between their writes (which the model cannot know) never matters.  Without the filter its list reloads
# its first page as the writers add rows, its cursor falls to the top row, and both apps toggle the same entry:
# that was this test's flake.  It stars (once at least) until the stop file appears, then clears its filter and
# counts.
SECOND_APP = textwrap.dedent("""
    import asyncio, os, sys
    from journal_tui.tui.app import make_app
    from journal_tui.tui.testing import settle

    async def main():
        app = make_app(sys.argv[1])
        notes = []
        async with app.run_test(size=(120, 36)) as pilot:
            app.notify = lambda message, **kw: notes.append(str(message))
            await settle(pilot)
            await pilot.press("slash", *sys.argv[3], "enter", "end")
            await settle(pilot)
            print("ready", app.pane("journal").count, flush=True)
            for _ in range(1000):  # a bound, should the test die before it stops this app
                notes.clear()
                await pilot.press("up", "asterisk")
                await settle(pilot)
                print("|".join(notes), flush=True)
                if os.path.exists(sys.argv[2]):
                    break
            await pilot.press("escape")
            app.refresh_if_changed()
            await settle(pilot)
            print("count", app.pane("journal").count, flush=True)

    asyncio.run(main())
""")

# A writer adds ADDS entries, with a pause of 20 ms after each: four of them share the journal's lock for a second
# or more (rather than racing for the two cores), while the apps write; its own output goes nowhere.
WRITER = textwrap.dedent("""
    import contextlib, io, sys, time
    from journal_tui.cli import main
    for i in range(int(sys.argv[3])):
        with contextlib.redirect_stdout(io.StringIO()):
            if main(["--db", sys.argv[1], "add", f"{sys.argv[2]} {i} +proj #skill"]) != 0:
                sys.exit(1)
        time.sleep(0.02)
""")
WRITERS = ("north", "south", "east", "west")
ADDS = 50  # per writer: a lost or doubled add fails the model check at any count; 100 cost twice the CPU


def spawn(script: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": SRC, "JOURNAL_TODAY": TODAY.isoformat()},
    )


OLDER = "2026-11-15"  # the second app shows the entries of this day and before: the demo's of a week ago and older


def starred_by(line: str) -> tuple[int, int]:
    said = [n for n in line.split("|") if re.match(r"(Un)?[Ss]tarred entry \d+", n)]
    assert said, line
    return int(re.findall(r"\d+", said[-1])[0]), 0 if said[-1].startswith("Un") else 1


async def test_two_apps_and_four_writers_of_50_adds_on_one_journal(tmp_path: Path, engine_demo: Journal) -> None:
    """Two apps (this process and another) star entries, the newest and the oldest, while four writers add 50
    entries each: every star and every add of the six processes is in the journal, once."""
    import asyncio

    from journal_tui.tui.testing import settle

    path, model, app, notes = demo_harness(engine_demo)
    stop = tmp_path / "stop"
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        older = {int(i) for (i,) in db_rows(path, f"SELECT id FROM entry WHERE occurred_on <= '{OLDER}'")}
        assert 10 < len(older) < len(model.entries)
        other = spawn(SECOND_APP, str(path), str(stop), f"to:{OLDER}")
        try:
            ready = await asyncio.to_thread(other.stdout.readline) if other.stdout else ""
            assert ready == f"ready {len(older)}\n", (ready, other.stderr.read() if other.stderr else "")
            writers = [spawn(WRITER, str(path), name, str(ADDS)) for name in WRITERS]
            while any(w.poll() is None for w in writers):
                notes.clear()
                await pilot.press("asterisk")  # the first row: the newest entry
                await settle(pilot)
                model.star(*starred_by("|".join(notes)))
                app.refresh_if_changed()
                await settle(pilot)
        finally:
            stop.touch()  # the second app stops after its next star
        out, err = other.communicate(timeout=120)
        assert other.returncode == 0, err
        assert [w.wait() for w in writers] == [0, 0, 0, 0], [w.stderr.read() for w in writers if w.stderr]
        *stars, counted = out.splitlines()
        assert stars, "the second app starred nothing while the writers ran"
        for line in stars:
            entry_id, value = starred_by(line)
            assert entry_id in older, (entry_id, line)
            model.star(entry_id, value)
        model.pending.extend(f"{name} {i}" for name in WRITERS for i in range(ADDS))
        model.check(path)
        app.refresh_if_changed()
        await settle(pilot)
        assert app.pane("journal").count == len(model.entries)
        assert not [n for n in notes if "error" in n.lower()], notes
        assert counted == f"count {len(model.entries)}"  # the other app sees the same journal, whole
