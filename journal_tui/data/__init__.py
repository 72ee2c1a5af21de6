"""The one data package: the tables (SQLModel), opening a journal (a SQLite file or a PostgreSQL server),
the unit of work for writes, every SQL statement and the differences between the two engines.

Nothing outside this package holds SQL or imports a database driver (import-linter contracts in pyproject.toml,
`tests/test_architecture.py`).
"""
