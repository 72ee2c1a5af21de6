"""The rooms of the code and their rules, checked: import-linter contracts and their coverage."""

import ast
import functools
import importlib
import importlib.util
import inspect
import os
import pkgutil
import re
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path
from typing import Any

import pytest

import journal_tui

ROOT = Path(__file__).resolve().parent.parent


def _contracts() -> list[dict[str, Any]]:
    contracts: list[dict[str, Any]] = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"][
        "contracts"
    ]
    return contracts


def test_import_contracts_hold() -> None:
    exe = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(exe)], cwd=ROOT, capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)}
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "broken" in result.stdout and " 0 broken" in result.stdout


def test_every_core_module_is_under_the_no_textual_contract() -> None:
    """A new module outside tui/ must be added to the contract, or it could import Textual unnoticed."""
    listed = set(next(c for c in _contracts() if "Textual" in c["name"])["source_modules"])
    core = {
        f"journal_tui.{m.name}" for m in pkgutil.iter_modules(journal_tui.__path__) if m.name not in ("tui", "__main__")
    }
    assert core - listed == set(), "add these modules to the import-linter contract in pyproject.toml"


@pytest.mark.slow  # the type checker over the whole package
def test_the_package_type_checks_strictly_with_at_most_five_ignores() -> None:
    """mypy --strict (pyproject's [tool.mypy]) passes on journal_tui and its tests; `type: ignore` stays rare and
    justified in the package."""
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    ignores = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in (ROOT / "journal_tui").rglob("*.py")
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if "type: ignore" in line
    ]
    assert len(ignores) <= 5, ignores


SQL = re.compile(r"\b(SELECT\b.*\bFROM|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\b", re.I | re.S)


def test_sql_lives_in_the_data_package_only() -> None:
    """Every SQL statement of journal_tui is a string inside journal_tui/data/ (the one data package); a module
    elsewhere that holds one is named with the statement's first words."""
    found = []
    for path in sorted((ROOT / "journal_tui").rglob("*.py")):
        if path.relative_to(ROOT / "journal_tui").parts[0] == "data":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.search(node.value):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value.strip()[:60]!r}")
    assert found == [], "\n".join(found)


def test_only_the_data_package_imports_a_database_driver() -> None:
    """sqlite3, psycopg and sqlcipher3 are imported inside journal_tui/data/ only (at module level or lazily)."""
    drivers = {"sqlite3", "psycopg", "sqlcipher3", "sqlalchemy", "sqlmodel"}
    found = []
    for path in sorted((ROOT / "journal_tui").rglob("*.py")):
        if path.relative_to(ROOT / "journal_tui").parts[0] == "data":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            found += [f"{path.relative_to(ROOT)}:{node.lineno}: {n}" for n in names if n.split(".")[0] in drivers]
    assert found == [], "\n".join(found)


TUI = ROOT / "journal_tui" / "tui"
# What a widget or screen may ask of the App object itself: Textual's services, never the journal's state (that comes
# down as a JournalContext or bound reactives) nor the app's own methods (requests go up as messages).
APP_SERVICES = {
    "push_screen",
    "push_screen_wait",
    "pop_screen",
    "notify",
    "exit",
    "console",
    "size",
    "get_key_display",
    "COMMAND_PALETTE_BINDING",
    "ENABLE_COMMAND_PALETTE",
    "focused",
    "screen_stack",
    "workers",
    "app_focus",
    "console_options",
}
ROUTERS = {"app.py", "flow.py"}  # the app itself, and the write flow it owns (it pushes the forms)


def _tui_modules() -> list[tuple[str, ast.Module]]:
    return [(str(p.relative_to(TUI)), ast.parse(p.read_text())) for p in sorted(TUI.rglob("*.py"))]


def test_no_widget_or_screen_reaches_into_the_app() -> None:
    """`self.app.X` (or `node.app.X`) outside the app only for Textual's services: the journal, today, the filter
    and the app's methods are not reached from below."""
    found = []
    for name, tree in _tui_modules():
        if name in ROUTERS:
            continue
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Attribute)
                and node.value.attr == "app"
                and node.attr not in APP_SERVICES
            ):
                found.append(f"{name}:{node.lineno} .app.{node.attr}")
    assert found == [], found


def test_worker_results_come_back_as_values_or_messages() -> None:
    """No `call_from_thread` in the app: a thread worker posts a message, or an async worker awaits `in_thread`."""
    found = [
        f"{name}:{node.lineno}"
        for name, tree in _tui_modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr == "call_from_thread"
    ]
    assert found == [], found


def test_the_app_routes_and_navigates_only() -> None:
    """The app class stays small, holds no entity's form, and no write: those live in the forms and the flow."""
    tree = ast.parse((TUI / "app.py").read_text())
    app = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "JournalApp")
    methods = [n.name for n in app.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    assert len(methods) <= 52, methods
    named = {n.id for n in ast.walk(app) if isinstance(n, ast.Name)} | {
        a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names
    }
    forms = {"EntryForm", "GoalForm", "FeedbackForm", "MilestoneForm", "PersonForm", "ContactForm", "AskForm"}
    assert named & forms == set()
    writes = [n.attr for n in ast.walk(app) if isinstance(n, ast.Attribute) and n.attr in {"writer", "store"}]
    assert writes == []


# --- no private Textual name (issue 29) ---------------------------------------------------------------------------


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _defined_privates(tree: ast.AST) -> set[str]:
    """Private names a source defines: functions, classes, attributes it sets, names set outside a function (a
    function's own variables are nobody else's business)."""
    names: set[str] = set()

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(child.name)
            elif isinstance(child, ast.Attribute) and isinstance(child.ctx, ast.Store):
                names.add(child.attr)
            elif isinstance(child, ast.Name) and isinstance(child.ctx, ast.Store) and not in_function:
                names.add(child.id)
            visit(child, in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)))

    visit(tree, False)
    return {n for n in names if _private(n)}


@functools.cache
def _textual_privates() -> frozenset[str]:
    """Every private name Textual's own source defines, anywhere in the package."""
    import textual

    names: set[str] = set()
    for path in Path(textual.__file__).parent.rglob("*.py"):
        names |= _defined_privates(ast.parse(path.read_text(encoding="utf-8")))
    return frozenset(names)


@functools.cache
def _our_privates() -> frozenset[str]:
    return frozenset(
        n for path in (ROOT / "journal_tui").rglob("*.py") for n in _defined_privates(ast.parse(path.read_text()))
    )


@functools.cache
def _privates_of(cls: type) -> frozenset[str]:
    """The private names one Textual class defines: its methods, its class attributes, what its methods set on self."""
    return frozenset(_defined_privates(ast.parse(textwrap.dedent(inspect.getsource(cls)))) - {cls.__name__})


def private_textual_names(path: Path, module: object) -> list[str]:
    """Where the module at `path` (imported as `module`) names something private outside our own code:

    - a private Textual module (`textual._x`, `textual.widgets._x`);
    - `x._name` on anything but `self`/`cls` (`app.screen._compositor`, `super()._render_cell`), unless `_name` is
      one of our own private names and none of Textual's;
    - in a class built on a Textual class: a method, class attribute or `self._name` that is private to one of its
      Textual bases, i.e. an override of a private method (`_on_resize`, `_render_line_in_row`) or a read or write of
      private state (`self._bindings_ready = True`, `self._row_locations`)."""
    found = []
    tree = ast.parse(path.read_text())
    where = f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name}"
    ours = _our_privates() - _textual_privates()
    for node in ast.walk(tree):
        modules = (
            [a.name for a in node.names]
            if isinstance(node, ast.Import)
            else [node.module or ""]
            if isinstance(node, ast.ImportFrom)
            else []
        )
        found += [
            f"{where}:{getattr(node, 'lineno', 0)}: imports {m}"
            for m in modules
            if m.split(".")[0] == "textual" and any(_private(p) for p in m.split("."))
        ]
        on_self = (
            isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")
        )
        if isinstance(node, ast.Attribute) and _private(node.attr) and node.attr not in ours and not on_self:
            found.append(f"{where}:{node.lineno}: {ast.unparse(node)}")

    def in_class(node: ast.ClassDef, owner: object) -> None:
        cls = getattr(owner, node.name, None)
        if not isinstance(cls, type):
            return
        for item in node.body:
            if isinstance(item, ast.ClassDef):
                in_class(item, cls)
        bases = [c for c in cls.__mro__ if c.__module__.split(".")[0] == "textual"]
        privates = frozenset().union(*(_privates_of(c) for c in bases))
        for item in node.body:
            defined = [item.name] if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) else []
            defined += [
                t.id for t in getattr(item, "targets", [getattr(item, "target", None)]) if isinstance(t, ast.Name)
            ]
            found.extend(f"{where}:{item.lineno}: {node.name}.{n} (Textual's own)" for n in defined if n in privates)
        for sub in ast.walk(node):
            if (
                isinstance(sub, ast.Attribute)
                and isinstance(sub.value, ast.Name)
                and sub.value.id in ("self", "cls")
                and sub.attr in privates
            ):
                found.append(f"{where}:{sub.lineno}: {node.name} uses {sub.value.id}.{sub.attr} (Textual's own)")

    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            in_class(node, module)
    return sorted(found, key=lambda line: int(line.split(":")[1]))


def test_the_app_names_nothing_private_of_textual() -> None:
    """journal_tui/tui uses Textual's public API only: pyproject allows a Textual minor release, and a private name
    (an overridden `_render_cell`, `self._bindings_ready`, `screen._compositor`) is what such a release changes."""
    found = []
    for path in sorted((ROOT / "journal_tui" / "tui").rglob("*.py")):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        found += private_textual_names(path, importlib.import_module(name))
    assert found == [], "\n".join(found)


OLD_WAYS = """
from textual.widgets import DataTable, Footer
from textual.widgets._footer import FooterKey


class Table(DataTable):
    def _on_resize(self, event):
        super()._on_resize(event)

    def _render_cell(self, row_index, column_index, base_style, width, cursor=False, hover=False):
        return self._cell_render_cache[row_index]

    def settle(self):
        if self._require_update_dimensions:
            self._update_dimensions(self._new_rows)


class Keys(Footer):
    def bindings_changed(self, screen):
        self._bindings_ready = True
        self._shown = None


def screen_text(app):
    return app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
"""


def test_the_private_name_check_finds_the_old_ways(tmp_path: Path) -> None:
    """What the table, the footer and the screen text did before issue 29 (each line from the old code) fails it."""
    path = tmp_path / "old_ways.py"
    path.write_text(OLD_WAYS)
    spec = importlib.util.spec_from_file_location("old_ways", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    found = "\n".join(private_textual_names(path, module))
    for expected in (
        "imports textual.widgets._footer",
        "Table._on_resize (Textual's own)",
        "super()._on_resize",
        "Table._render_cell (Textual's own)",
        "Table uses self._cell_render_cache",
        "Table uses self._require_update_dimensions",
        "Table uses self._update_dimensions",
        "Table uses self._new_rows",
        "Keys uses self._bindings_ready",
        "app.screen._compositor",
        "app._background_screens",
    ):
        assert expected in found, expected
    assert "_shown" not in found  # a private name of our own on self, not Textual's
