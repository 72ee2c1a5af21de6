"""Where a journal lives: a SQLite file path, or a PostgreSQL server URL.  Stdlib only (every quick add asks).

`--db` and `$JOURNAL_DB` take either; a URL's password never reaches a message (`masked`).
"""

import re

SERVER_SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")
_PASSWORD_IN_QUERY = re.compile(r"(?i)(password=)[^&]*")


def is_server(target: str) -> bool:
    """A PostgreSQL URL (`postgresql://user@host/db`) rather than a file path."""
    return target.lower().startswith(SERVER_SCHEMES)


def masked(target: str) -> str:
    """The target as it may be shown: a URL's password (in its user part or its query) becomes `***`."""
    if not is_server(target):
        return target
    from urllib.parse import urlsplit, urlunsplit  # 2 ms: only for a URL, never on a file journal's fast paths

    try:
        parts = urlsplit(target)
    except ValueError:
        return target.split("://", 1)[0] + "://***"
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, host = netloc.rsplit("@", 1)
        if ":" in userinfo:
            userinfo = userinfo.split(":", 1)[0] + ":***"
        netloc = f"{userinfo}@{host}"
    query = _PASSWORD_IN_QUERY.sub(r"\1***", parts.query)
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def driver_url(target: str) -> str:
    """The URL as libpq reads it (`postgresql://`): SQLAlchemy's `+psycopg` suffix is ours to accept, not libpq's."""
    scheme, rest = target.split("://", 1)
    return "postgresql://" + rest if scheme.lower() in ("postgresql+psycopg", "postgres") else target
