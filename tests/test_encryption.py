"""A journal encrypted at rest (issue 27): nobody without the key reads the file, its -wal or its backups.

Real parts: SQLCipher files under tmp_path, the real `journal` command in subprocesses (no terminal: standard input
is /dev/null, so nothing can be typed), a keyring backend in a file standing in for the desktop's
(benchmarks.encryption.FileKeyring, which also counts every call).  The store, write-path and CLI tests run on an
encrypted journal too (conftest's `encrypted` engine).
"""

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("sqlcipher3", reason="the encrypted extra is not installed")

from conftest import TODAY, db_dump, journal_exe

from journal_tui.data import cipher, db

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # `benchmarks` lives beside the package
from benchmarks.encryption import keyring_env  # noqa: E402 - FileKeyring: the keyring the subprocesses load

SECRET = "Zanzibar-feedback-7f3a"  # a known string: must be found in no encrypted byte
PASS = "a passphrase for tests"


def journal(*args: str, key: str | None = PASS, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The real `journal` command without a terminal (stdin is /dev/null), the key in $JOURNAL_KEY when given."""
    full = {k: v for k, v in os.environ.items() if k not in ("JOURNAL_KEY", "JOURNAL_NEW_KEY")}
    full |= {"JOURNAL_TODAY": TODAY.isoformat(), **(env or {})}
    if key is not None:
        full["JOURNAL_KEY"] = key
    return subprocess.run(
        [*journal_exe(), *args], capture_output=True, text=True, env=full, timeout=120, stdin=subprocess.DEVNULL
    )


def ok(r: subprocess.CompletedProcess[str]) -> str:
    assert r.returncode == 0, r.stderr
    return r.stdout


def one_line_refusal(r: subprocess.CompletedProcess[str], *words: str) -> None:
    assert r.returncode == 1 and r.stdout == "", (r.stdout, r.stderr)
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("journal: "), r.stderr
    assert "Traceback" not in r.stderr and "hmac" not in r.stderr and "ERROR" not in r.stderr, r.stderr
    for word in words:
        assert word in r.stderr, r.stderr


def encrypted_journal(folder: Path, *texts: str) -> Path:
    path = folder / "j.db"
    for text in texts or (f"Heard from Dana: {SECRET} +billing #sql",):
        ok(journal("--db", str(path), "add", text, key=None))
    ok(journal("--db", str(path), "encrypt"))
    return path


def holds_no_secret(path: Path) -> None:
    data = path.read_bytes()
    assert data, f"{path} is empty"
    assert SECRET.encode() not in data and SECRET.encode("utf-16-le") not in data, f"{path} holds the secret"
    assert not data.startswith(b"SQLite format 3"), f"{path} is a plain SQLite file"


def file_state(path: Path) -> tuple[bytes, list[str]]:
    return path.read_bytes(), sorted(p.name for p in path.parent.iterdir())


# --- what is on the disk -------------------------------------------------------------------------------------


def test_the_file_its_wal_and_its_backups_hold_no_secret(tmp_path: Path) -> None:
    path = encrypted_journal(tmp_path)
    assert not Path(f"{path}-wal").exists() and not Path(f"{path}-shm").exists()  # the plain ones went with the file
    holds_no_secret(path)
    # a reader holding the journal open keeps the -wal on disk while another process writes the secret into it
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import os, sys, time\nfrom journal_tui.data import db\n"
                "conn = db.raw_connect(sys.argv[1]); conn.execute('BEGIN')\n"
                "conn.execute('SELECT count(*) FROM entry').fetchone()\n"
                "print('open', flush=True); time.sleep(30)"
            ),
            str(path),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "JOURNAL_KEY": PASS},
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        ok(journal("--db", str(path), "add", f"Second note: {SECRET} again"))
        wal = Path(f"{path}-wal")
        assert wal.exists() and wal.stat().st_size > 0
        holds_no_secret(wal)
    finally:
        holder.kill()
        holder.wait()
    ok(journal("--db", str(path), "backup", str(tmp_path / "copy.db")))
    holds_no_secret(tmp_path / "copy.db")
    # the backup is the journal under the same passphrase, as any SQLCipher tool opens it
    conn = cipher.driver().connect(str(tmp_path / "copy.db"))
    conn.execute(f"PRAGMA key = '{PASS}'")
    assert [SECRET in r[0] for r in conn.execute("SELECT text FROM entry ORDER BY id")] == [True, True]
    conn.close()
    # and the positive control: the same words are found in what the user asked for as plain text
    ok(journal("--db", str(path), "export", "-o", str(tmp_path / "out.json")))
    assert SECRET in (tmp_path / "out.json").read_text(encoding="utf-8")


def test_the_copy_before_a_migration_is_encrypted_too(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    shutil.copy(ROOT / "tests" / "fixtures" / "journal-schema1.db", path)
    words = sqlite3.connect(path).execute("SELECT text FROM entry LIMIT 1").fetchone()[0].split()[0]
    cipher.convert(str(path), None, cipher.Key.new(PASS), 5.0)  # an encrypted journal of an older schema
    assert "1" in ok(journal("--db", str(path), "list", "--format", "json"))  # migrated on opening
    (copy,) = tmp_path.glob("old.db.schema1-*.bak")
    data = copy.read_bytes()
    assert not data.startswith(b"SQLite format 3") and words.encode() not in data
    r = journal("--db", str(copy), "list", key="not it")
    one_line_refusal(r, "does not open")


@pytest.mark.slow  # a process per step, each deriving the key (PBKDF2, 256,000 rounds)
def test_exports_say_once_that_they_are_plain_text(tmp_path: Path) -> None:
    path = encrypted_journal(tmp_path)
    for args in (
        ["export", "-o", str(tmp_path / "e.json")],
        ["review", "-o", str(tmp_path / "r.md")],
        ["case", "-o", str(tmp_path / "c.md")],
        ["export"],
    ):
        r = journal("--db", str(path), *args)
        assert r.returncode == 0, r.stderr
        assert r.stderr.count("plain text") == 1 and "the journal is encrypted" in r.stderr, (args, r.stderr)
    plain = tmp_path / "plain" / "p.db"
    ok(journal("--db", str(plain), "add", "a plain win", key=None))
    assert "plain text" not in journal("--db", str(plain), "export", "-o", str(tmp_path / "p.json"), key=None).stderr


# --- the key --------------------------------------------------------------------------------------------------


@pytest.mark.slow  # a process per step, each deriving the key (PBKDF2, 256,000 rounds)
def test_a_wrong_key_is_one_line_and_the_file_is_untouched(tmp_path: Path) -> None:
    path = encrypted_journal(tmp_path)
    before = file_state(path)
    for args in (["list"], ["add", "never saved"], ["backup", str(tmp_path / "b.db")], ["decrypt"], ["check"]):
        r = journal("--db", str(path), *args, key="wrong horse")
        one_line_refusal(r, "does not open", str(path), "left untouched")
        assert "wrong horse" not in r.stderr
        assert file_state(path) == before, args


def test_no_key_and_no_terminal_is_a_one_line_refusal(tmp_path: Path) -> None:
    path = encrypted_journal(tmp_path)
    before = file_state(path)
    for args in (["list"], ["add", "x"], ["rekey"]):
        r = journal("--db", str(path), *args, key=None, env={"JOURNAL_NEW_KEY": "new"})
        one_line_refusal(r, "is encrypted", "$JOURNAL_KEY")
        assert file_state(path) == before
    one_line_refusal(journal("--db", str(path), "rekey"), "no terminal", "$JOURNAL_NEW_KEY")
    # detected as encrypted: never "not a SQLite database"; a text file still is one
    notes = tmp_path / "notes.db"
    notes.write_text("my notes\n" * 7)
    one_line_refusal(journal("--db", str(notes), "list", key=None), "is not a SQLite database")


def test_the_passphrase_is_typed_once_per_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A command opens the journal several times (its check, then each read): the terminal is asked once."""
    from journal_tui.data.reader import Reader

    path = encrypted_journal(tmp_path)
    monkeypatch.setattr(cipher, "_seen", {})  # as a new process
    monkeypatch.setattr(cipher, "_by_salt", {})
    monkeypatch.delenv("JOURNAL_KEY", raising=False)
    asked: list[str] = []

    def typed(question: str) -> str:
        asked.append(question)
        return PASS

    monkeypatch.setattr(cipher, "ask", typed)
    reader = Reader(str(path))
    assert reader.list_entries()[0].text.startswith("Heard from Dana")
    assert reader.count_entries() == 1
    db.open_journal(str(path)).close()
    assert asked == [f"Passphrase for {path}: "]


@pytest.mark.slow  # a process per step, each deriving the key (PBKDF2, 256,000 rounds)
def test_the_key_is_in_no_message_argument_or_repr(tmp_path: Path) -> None:
    from journal_tui.cli import build_parser

    key = cipher.Key.new(PASS)
    assert key.raw.hex() not in repr(key) and PASS not in repr(key) and "hidden" in repr(key)
    path = encrypted_journal(tmp_path)
    outputs = [journal("--db", str(path), *a) for a in (["list"], ["add", "a"], ["rekey"], ["check"])]
    outputs += [journal("--db", str(path), "list", key=k) for k in ("wrong", "")]
    for r in outputs:
        assert PASS not in r.stdout + r.stderr and "x'" not in r.stderr
    for name in ("encrypt", "decrypt", "rekey", "remember", "forget"):  # no option takes a key: none in `ps`
        [group] = [a for a in build_parser(only=name)._actions if isinstance(a, argparse._SubParsersAction)]
        sub = group.choices[name]
        assert not [a for a in sub._actions if any(w in a.dest for w in ("key", "pass", "secret"))], name


# --- converting -----------------------------------------------------------------------------------------------


def test_decrypt_gives_back_the_same_journal(tmp_path: Path) -> None:
    path = tmp_path / "j.db"
    for text in (f"{SECRET} one +billing #sql", "two ★ naïve café 🚀", "three\nwith a body"):
        ok(journal("--db", str(path), "add", text, key=None))
    ok(journal("--db", str(path), "goal", "add", "Lead the migration", key=None))
    before = db_dump(path)
    out = ok(journal("--db", str(path), "encrypt"))
    assert "3 entries and every other row" in out and "verified" in out
    holds_no_secret(path)
    out = ok(journal("--db", str(path), "decrypt"))
    assert "plain text now" in out
    assert Path(path).read_bytes().startswith(b"SQLite format 3")
    assert sorted(db_dump(path)) == sorted(before)  # every statement and row (sqlite_master's order aside)
    assert "two" in ok(journal("--db", str(path), "list", key=None))


@pytest.mark.slow  # a process per step, each deriving the key (PBKDF2, 256,000 rounds)
def test_rekey_changes_the_passphrase(tmp_path: Path) -> None:
    path = encrypted_journal(tmp_path)
    ok(journal("--db", str(path), "backup"))
    r = journal("--db", str(path), "rekey", env={"JOURNAL_NEW_KEY": "the new one"})
    assert r.returncode == 0, r.stderr
    assert "Changed the passphrase" in r.stdout and "verified" in r.stdout
    assert "Older backups beside the journal (under the old passphrase, or none): 1" in r.stdout
    one_line_refusal(journal("--db", str(path), "list"), "does not open")
    assert SECRET in ok(journal("--db", str(path), "list", key="the new one"))
    holds_no_secret(path)
    one_line_refusal(journal("--db", str(path), "rekey", env={"JOURNAL_NEW_KEY": "x"}), "does not open")  # the old one
    one_line_refusal(journal("--db", str(path), "rekey", key="the new one"), "JOURNAL_NEW_KEY")


@pytest.mark.slow  # a process per step, each deriving the key (PBKDF2, 256,000 rounds)
def test_encrypt_verifies_every_row_and_changes_nothing_on_a_difference(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "j.db"
    for i in range(30):
        ok(journal("--db", str(path), "add", f"win {i} +p{i % 3} #s{i % 4}", key=None))
    before = db_dump(path)
    real = cipher.verify

    def tampered(conn: cipher.CipherConnection, old: str, new: str) -> cipher.Converted:
        conn.execute(f"DELETE FROM {new}.entry_skill WHERE entry_id = (SELECT max(entry_id) FROM {new}.entry_skill)")
        return real(conn, old, new)

    monkeypatch.setattr(cipher, "verify", tampered)
    monkeypatch.setenv("JOURNAL_KEY", PASS)
    with pytest.raises(cipher.Mismatch, match="entry_skill rows differ"):
        cipher.convert(str(path), None, cipher.Key.new(PASS), 5.0)
    assert db_dump(path) == before and Path(path).read_bytes().startswith(b"SQLite format 3")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["j.db"]  # no half-made copy left beside it
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # as it was
    monkeypatch.setattr(cipher, "verify", real)
    done = cipher.convert(str(path), None, cipher.Key.new(PASS), 5.0)
    assert done.entries == 30 and done.rows > 30 + 30


def test_encrypt_is_refused_while_another_program_has_the_journal_open(tmp_path: Path) -> None:
    path = tmp_path / "j.db"
    ok(journal("--db", str(path), "add", "a win", key=None))
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import sqlite3, sys, time\n"
                "c = sqlite3.connect(sys.argv[1]); c.execute('SELECT 1 FROM entry').fetchall()\n"
                "print('open', flush=True); time.sleep(30)"
            ),
            str(path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        r = journal("--db", str(path), "encrypt", env={"JOURNAL_BUSY_TIMEOUT_MS": "300"})
        one_line_refusal(r, "open in another program", "nothing was changed")
    finally:
        holder.kill()
        holder.wait()
    assert Path(path).read_bytes().startswith(b"SQLite format 3")
    assert "a win" in ok(journal("--db", str(path), "list", key=None))


def test_old_backups_are_offered_for_deletion(tmp_path: Path) -> None:
    path = tmp_path / "j.db"
    ok(journal("--db", str(path), "add", f"{SECRET} +x", key=None))
    ok(journal("--db", str(path), "backup", key=None))
    (old,) = tmp_path.glob("j-backup-*.db")
    r = journal("--db", str(path), "encrypt")
    assert r.returncode == 0, r.stderr
    assert (
        f"{old} (plain text)" in r.stdout
        and "Older backups beside the journal (the journal unencrypted): 1" in r.stdout
    )
    assert "kept" in r.stderr and "--delete-backups" in r.stderr and old.exists()  # no terminal: listed, kept, said
    ok(journal("--db", str(path), "decrypt"))
    r = journal("--db", str(path), "encrypt", "--delete-backups")
    assert r.returncode == 0 and "Deleted 1 older backup" in r.stdout and not old.exists(), r.stderr


def test_encrypt_twice_decrypt_a_plain_one_and_a_server_journal(tmp_path: Path) -> None:
    path = encrypted_journal(tmp_path)
    one_line_refusal(journal("--db", str(path), "encrypt"), "already encrypted", "rekey")
    plain = tmp_path / "p.db"
    ok(journal("--db", str(plain), "add", "x", key=None))
    one_line_refusal(journal("--db", str(plain), "decrypt"), "is not encrypted")
    one_line_refusal(journal("--db", "postgresql://u:pw@localhost/j", "encrypt"), "server journal")


def test_without_the_extra_every_command_works_and_encrypt_names_the_install(tmp_path: Path) -> None:
    blocker = tmp_path / "site"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(
        "import sys\nclass Block:\n    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('sqlcipher3', 'keyring'):\n            raise ModuleNotFoundError(name)\n"
        "sys.meta_path.insert(0, Block())\n"
    )
    env = {"PYTHONPATH": str(blocker)}
    plain = tmp_path / "p.db"
    ok(journal("--db", str(plain), "add", "a win", key=None, env=env))
    assert "a win" in ok(journal("--db", str(plain), "list", key=None, env=env))
    one_line_refusal(journal("--db", str(plain), "encrypt", env=env), 'pip install "journal-tui[encrypted]"')
    (tmp_path / "enc").mkdir()
    path = encrypted_journal(tmp_path / "enc")
    one_line_refusal(
        journal("--db", str(path), "list", env=env), "is encrypted", 'pip install "journal-tui[encrypted]"'
    )


# --- the keyring ------------------------------------------------------------------------------------------------


@pytest.mark.slow  # a process per step, each deriving the key (PBKDF2, 256,000 rounds)
def test_a_remembered_key_opens_without_asking_and_the_keyring_is_asked_for_nothing_else(tmp_path: Path) -> None:
    env = keyring_env(tmp_path)
    store = Path(env["JOURNAL_KEYRING_FILE"])
    path = encrypted_journal(tmp_path)
    one_line_refusal(journal("--db", str(path), "list", key=None, env=env), "is encrypted")
    assert not store.exists(), "the keyring was asked although nobody chose to remember the key"
    out = ok(journal("--db", str(path), "remember", env=env))
    assert "system keyring" in out
    stored = store.read_text()
    assert PASS not in stored and "x'" in stored  # the derived key and its salt, never the passphrase
    assert SECRET in ok(journal("--db", str(path), "list", key=None, env=env))
    ok(journal("--db", str(path), "add", "another win", key=None, env=env))
    # what the keyring holds opens the journal from $JOURNAL_KEY too (`keyring get journal_tui PATH`), nothing derived
    raw = next(iter(json.loads(stored)["entries"].values()))
    assert SECRET in ok(journal("--db", str(path), "list", key=raw))
    one_line_refusal(journal("--db", str(path), "list", key=str(cipher.Key.new("other").sqlcipher())), "does not open")
    one_line_refusal(journal("--db", str(tmp_path / "new.db"), "encrypt", key=raw), "raw key", "nothing was changed")
    assert not (tmp_path / "new.db").exists()
    # a rekey with --remember keeps the keyring's key current
    ok(journal("--db", str(path), "rekey", "--remember", env={**env, "JOURNAL_NEW_KEY": "newer"}))
    assert "another win" in ok(journal("--db", str(path), "list", key=None, env=env))
    assert "no longer" in ok(journal("--db", str(path), "forget", env=env))
    one_line_refusal(journal("--db", str(path), "list", key=None, env=env), "is encrypted")
    # decrypting forgets the key
    ok(journal("--db", str(path), "remember", key="newer", env=env))
    assert "left the system keyring" in ok(journal("--db", str(path), "decrypt", key="newer", env=env))


def test_an_unreachable_keyring_is_one_line(tmp_path: Path) -> None:
    path = encrypted_journal(tmp_path)
    env = {**keyring_env(tmp_path), "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    r = journal("--db", str(path), "remember", env=env)
    one_line_refusal(r, "system keyring could not store the key", "nothing was remembered")


# --- the whole product -----------------------------------------------------------------------------------------


@pytest.mark.slow  # processes racing on one journal
def test_hostile_text_and_four_writers_on_an_encrypted_journal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from hostile import CORPUS, expected

    path = encrypted_journal(tmp_path, "first")
    monkeypatch.setenv("JOURNAL_KEY", PASS)  # for the read back in this process below
    samples = [v for k, v in CORPUS.items() if "huge" not in k][:6]
    for text in samples:
        ok(journal("--db", str(path), "add", "--", text))
    writers = [
        subprocess.Popen(
            [*journal_exe(), "--db", str(path), "add", f"writer {w} win {i}"],
            env={**os.environ, "JOURNAL_KEY": PASS, "JOURNAL_TODAY": TODAY.isoformat()},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(4)
        for i in range(3)
    ]
    for w in writers:
        _, err = w.communicate(timeout=120)
        assert w.returncode == 0, err
    conn = cipher.connect(str(path), 5.0)
    try:
        texts = [r[0] for r in conn.execute("SELECT text FROM entry ORDER BY id")]
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    assert len(texts) == 1 + len(samples) + 12
    assert [expected(s).strip() for s in samples] == [t.strip() for t in texts[1 : 1 + len(samples)]]


# --- the app ----------------------------------------------------------------------------------------------------


async def test_the_app_asks_for_the_passphrase_in_a_dialog_before_reading_anything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hostile import screen_strips_text

    from journal_tui.tui.app import make_app
    from journal_tui.tui.screens.passphrase import PassphraseScreen
    from journal_tui.tui.testing import settle

    path = encrypted_journal(tmp_path)
    monkeypatch.delenv("JOURNAL_KEY", raising=False)
    monkeypatch.setattr(cipher, "_seen", {})  # as a new process: no key held
    monkeypatch.setattr(cipher, "_by_salt", {})
    app = make_app(path, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PassphraseScreen)  # the first frame: nothing of the journal read or shown
        assert app.ctx.reader is None and "Dana" not in screen_strips_text(app)
        for text in ("not the one", PASS):
            field = app.screen.query_one("#passphrase")
            field.value = text  # type: ignore[attr-defined]
            await pilot.press("enter")
            await settle(pilot)
            if text != PASS:
                assert isinstance(app.screen, PassphraseScreen)
                assert "does not open" in screen_strips_text(app) and field.value == ""  # type: ignore[attr-defined]
        assert not isinstance(app.screen, PassphraseScreen) and app.ctx.reader is not None
        assert "Heard from Dana" in screen_strips_text(app)
        assert PASS not in screen_strips_text(app)


async def test_the_app_leaves_on_escape_and_opens_at_once_with_a_key_at_hand(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from journal_tui.tui.app import make_app
    from journal_tui.tui.screens.passphrase import PassphraseScreen
    from journal_tui.tui.testing import settle

    path = encrypted_journal(tmp_path)
    monkeypatch.setattr(cipher, "_seen", {})
    monkeypatch.setattr(cipher, "_by_salt", {})
    monkeypatch.delenv("JOURNAL_KEY", raising=False)
    app = make_app(path, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PassphraseScreen)
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_code == 1 and app.ctx.reader is None
    monkeypatch.setenv("JOURNAL_KEY", PASS)
    app = make_app(path, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert not isinstance(app.screen, PassphraseScreen) and app.ctx.reader is not None


def test_a_copy_into_a_new_file_is_encrypted_like_the_journal(tmp_path: Path) -> None:
    path = encrypted_journal(tmp_path)
    r = journal("--db", str(path), "copy", "--to", str(tmp_path / "copy.db"))
    assert r.returncode == 0, r.stderr
    holds_no_secret(tmp_path / "copy.db")
    assert SECRET in ok(journal("--db", str(tmp_path / "copy.db"), "list"))


def test_the_benchmark_harness_runs(tmp_path: Path) -> None:
    """benchmarks/encryption.py at a tiny size (its parts; the timed figures are the benchmark's), so it cannot rot."""
    from benchmarks import encryption as bench
    from benchmarks.run import Bench

    b = Bench(runs=1, sizes=[3], key_sizes=[], use_jrnl=False, harvest=False)
    source = tmp_path / "source.db"
    for text in ("one", "two", "three"):
        ok(journal("--db", str(source), "add", text, key=None))
    kenv = keyring_env(tmp_path)
    encrypted = bench.encrypt_copy(b, 3, source, tmp_path, kenv)
    holds_no_secret(encrypted)
    assert "three" in ok(journal("--db", str(encrypted), "list", key=None, env=kenv))  # remembered in FileKeyring
    bench.import_costs(b, 1)
    assert [c.value is not None and c.value > 0 for c in b.checks] == [True] * 4
