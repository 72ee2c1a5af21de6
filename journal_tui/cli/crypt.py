"""`journal encrypt`, `decrypt`, `rekey`, `remember`, `forget`: the journal encrypted at rest (SQLCipher).

The conversions are one mechanism (`cipher.convert`: a new file written beside the journal, verified row by row,
renamed over it); the key comes from `$JOURNAL_KEY`, the system keyring for a journal the user chose to remember,
or the terminal (`ask_on_terminal`, set up for every command but the app, which asks in a dialog).  A new
passphrase comes from `$JOURNAL_KEY` (encrypt) or `$JOURNAL_NEW_KEY` (rekey), else is typed twice.
"""

import argparse
import os
import sys
from typing import Any

from journal_tui.cli.common import Want, add_epilog
from journal_tui.errors import JournalError

KEPT_SAFE = (
    "Keep the passphrase safe: nothing can open the journal or its encrypted backups without it, and "
    "nothing can recover it."
)


def ask_on_terminal() -> None:
    """Let an encrypted journal's key be typed on the terminal, once per command; without one, nobody is asked."""
    from journal_tui.data import cipher

    cipher.ask = _typed if sys.stdin.isatty() else None


def _typed(question: str) -> str | None:
    """A passphrase from the terminal, not echoed (getpass reads /dev/tty); None at end of input."""
    import getpass

    try:
        return getpass.getpass(question)
    except EOFError:
        return None


def _journal(args: argparse.Namespace) -> str:
    """The journal file the command converts (a server journal cannot be: its server encrypts its own disks)."""
    from journal_tui.data import db
    from journal_tui.data.locator import is_server, masked

    path = db.resolve_db_path(args.db)
    if is_server(path):
        raise JournalError(
            f"{masked(path)} is a server journal: encryption at rest is the server's own (its disk "
            "or its storage encryption); journal encrypt converts journal files"
        )
    return path


def _need_sqlcipher(what: str) -> None:
    from journal_tui.data import cipher

    if not cipher.installed():
        raise JournalError(f"{what} needs SQLCipher, which this installation lacks: {cipher.INSTALL}")


def _new_passphrase_given(env: str, what: str) -> str | None:
    """A new passphrase from `env`, or None when it is to be typed; checked before anything is opened or changed."""
    from journal_tui.data import cipher

    given = os.environ.get(env)
    if given and cipher.Key.parse(given) is not None:
        raise JournalError(f"${env} holds a raw key; a new key is made from a passphrase (nothing was changed)")
    if given:
        return given
    if env in os.environ:
        raise JournalError(f"${env} is set but empty; a passphrase cannot be empty (nothing was changed)")
    if not sys.stdin.isatty():
        raise JournalError(f"no terminal to type the {what} on: set ${env} (nothing was changed)")
    return None


def _typed_twice(what: str) -> str:
    first = _typed(f"{what.capitalize()}: ")
    if not first:
        raise JournalError(f"no {what} was typed; nothing was changed")
    if _typed(f"The {what} again: ") != first:
        raise JournalError(f"the two {what}s differ; nothing was changed")
    return first


def _convert(path: str, source: Any, target: Any) -> Any:
    from journal_tui.data import cipher, db

    return cipher.convert(path, source, target, db.busy_timeout_ms() / 1000)


def _verified(done: Any) -> str:
    entries = f"{done.entries:,} entr{'y' if done.entries == 1 else 'ies'}"
    return f"{entries} and every other row ({done.rows:,} in {done.tables} tables) verified"


def cmd_encrypt(args: argparse.Namespace) -> int:
    from journal_tui.data import cipher, db

    path = _journal(args)
    _need_sqlcipher("journal encrypt")
    if db.is_encrypted(path):
        raise JournalError(f"{path} is already encrypted; journal rekey changes its passphrase")
    given = _new_passphrase_given(cipher.KEY_ENV, "new passphrase")
    db.open_journal(path).close()  # created, checked and migrated first, with the usual messages
    key = cipher.Key.new(given or _typed_twice("new passphrase"))
    done = _convert(path, None, key)
    print(f"Encrypted {path}: {_verified(done)}; the plain file and its -wal/-shm are gone")
    if args.remember:
        _remember(path, key)
    _offer_old_backups(path, args.delete_backups, "the journal unencrypted")
    print(KEPT_SAFE)
    return 0


def cmd_decrypt(args: argparse.Namespace) -> int:
    from journal_tui.data import cipher, db

    path = _journal(args)
    if not db.is_encrypted(path):
        raise JournalError(f"{path} is not encrypted")
    _need_sqlcipher("journal decrypt")
    db.open_journal(path, create=False).close()  # the key asked for (or found), checked and migrated
    done = _convert(path, cipher.key_for(path), None)
    forgot = cipher.forget(path)
    print(
        f"Decrypted {path}: {_verified(done)}; it is plain text now"
        + ("; its key left the system keyring" if forgot else "")
    )
    return 0


def cmd_rekey(args: argparse.Namespace) -> int:
    from journal_tui.data import cipher, db

    path = _journal(args)
    if not db.is_encrypted(path):
        raise JournalError(f"{path} is not encrypted; journal encrypt encrypts it")
    _need_sqlcipher("journal rekey")
    given = _new_passphrase_given(cipher.NEW_KEY_ENV, "new passphrase")
    db.open_journal(path, create=False).close()
    old = cipher.key_for(path)
    new = cipher.Key.new(given or _typed_twice("new passphrase"))
    done = _convert(path, old, new)
    print(f"Changed the passphrase of {path}: {_verified(done)}")
    if args.remember or cipher.is_remembered(path):
        _remember(path, new)
    _offer_old_backups(path, args.delete_backups, "under the old passphrase, or none")
    print(KEPT_SAFE)
    return 0


def cmd_remember(args: argparse.Namespace) -> int:
    from journal_tui.data import cipher, db

    path = _journal(args)
    if not db.is_encrypted(path):
        raise JournalError(f"{path} is not encrypted: there is no key to remember")
    _need_sqlcipher("journal remember")
    _remember(path, cipher.key_for(path))
    return 0


def cmd_forget(args: argparse.Namespace) -> int:
    from journal_tui.data import cipher

    path = _journal(args)
    if cipher.forget(path):
        print(f"The system keyring no longer holds the key of {path}; commands ask for its passphrase again")
    else:
        print(f"No key of {path} was remembered")
    return 0


def _remember(path: str, key: Any) -> None:
    from journal_tui.data import cipher

    cipher.remember(path, key)
    print(f"Its key is in the system keyring now: commands on {path} no longer ask (journal forget undoes it)")


def _offer_old_backups(path: str, delete: bool, why: str) -> None:
    """The backups beside the journal made before: listed, and deleted if the user says so (--delete-backups, or
    yes at the terminal); never left behind silently."""
    from journal_tui.data import cipher, db

    old = db.backups_of(path)
    if not old:
        return
    print(f"Older backups beside the journal ({why}): {len(old)}")
    for name in old:
        print(f"  {name} ({cipher.describe_file(name)})")
    if not delete and sys.stdin.isatty():
        delete = input("Delete them now? [y/N] ").strip().lower() in ("y", "yes")
    if not delete:
        print(
            "journal: note: the older backups were kept; delete them once you no longer need them "
            "(--delete-backups does it)",
            file=sys.stderr,
        )
        return
    for name in old:
        try:
            os.unlink(name)
        except OSError as exc:
            raise JournalError(f"cannot delete {name}: {exc.strerror}") from None
    print(f"Deleted {len(old)} older backup{'s' if len(old) != 1 else ''}")


KEY_HELP = """\
the key: $JOURNAL_KEY (scripts), else the system keyring for a journal you chose to remember
(journal remember, or --remember), else the passphrase typed on the terminal, once per command.
Lost passphrase: nothing can recover the journal.  Needs the encrypted extra:
  pip install "journal-tui[encrypted]"
"""


def register(sub: Any, want: Want) -> None:
    """`journal encrypt`, `decrypt`, `rekey`, `remember`, `forget`."""
    if want("encrypt"):
        p = sub.add_parser("encrypt", help="encrypt the journal file at rest (SQLCipher); its backups follow")
        p.add_argument(
            "--remember",
            action="store_true",
            help="keep the key in the system keyring, so commands do not ask for the passphrase",
        )
        p.add_argument(
            "--delete-backups",
            action="store_true",
            help="delete the older, unencrypted backups beside the journal without asking",
        )
        add_epilog(p, "the new passphrase: $JOURNAL_KEY, else typed twice on the terminal.\n" + KEY_HELP)
        p.set_defaults(func=cmd_encrypt)
    if want("decrypt"):
        p = sub.add_parser("decrypt", help="turn an encrypted journal back into a plain SQLite file")
        add_epilog(p, KEY_HELP)
        p.set_defaults(func=cmd_decrypt)
    if want("rekey"):
        p = sub.add_parser("rekey", help="change the passphrase of an encrypted journal")
        p.add_argument("--remember", action="store_true", help="keep the new key in the system keyring")
        p.add_argument(
            "--delete-backups",
            action="store_true",
            help="delete the older backups beside the journal (old passphrase) without asking",
        )
        add_epilog(p, "the new passphrase: $JOURNAL_NEW_KEY, else typed twice on the terminal.\n" + KEY_HELP)
        p.set_defaults(func=cmd_rekey)
    if want("remember"):
        p = sub.add_parser("remember", help="keep an encrypted journal's key in the system keyring")
        add_epilog(
            p, "The keyring holds the key derived from the passphrase, never the passphrase itself.\n" + KEY_HELP
        )
        p.set_defaults(func=cmd_remember)
    if want("forget"):
        p = sub.add_parser("forget", help="remove the journal's key from the system keyring")
        p.set_defaults(func=cmd_forget)
