"""The one write layer: every insert, update and delete of user data goes through here.

Quick add (`db.insert_entry`), the Store (the app's and the CLI's edits), the feature
modules (people, roles, responses, goal history, check-ins) and the importer all call
these functions, so a value is validated, cleaned (`clean_text` for every text field,
`clean_name` for names), its names merged ('SQL' == 'sql') and its timestamps written
in exactly one way, whichever path it came from.  One function per write, taking a
`Connection` inside the caller's transaction (`db.writing(path)`,
`db.transaction(conn)`, or `Store.write()`, which hands over its raw connection).

One module per concern: `base` (clock, names, ids, generic row steps), `entries`,
`goals` (with milestones and the value/status history), `feedback` (with responses),
`people` (persons, contacts, asks), `roles` (role, criteria, criterion links),
`checkins`; `harvest` (repositories, skill rules, the inbox and an entry's commits) is imported by name
(`from journal_tui.data.writes import harvest`), not re-exported, so `journal add` never loads it.  A new table's
writes follow the same pattern in a module of their own:
validate each field with `validate.py`, stamp times with `stamp`/`stamps`, then
`insert_row` / `update_row` / `require`; re-export them here, and add a `Section` to
`exchange.SECTIONS` that calls them, so export and import carry the table.

Standard library only: `journal add` runs through here without importing SQLAlchemy
(nor the filter language: `query` is imported only by the writes that need its names).
The only SQL writes outside this package are schema migrations (db.py, schema.py) and
undo (`db.snapshot` / `db.restore`, behind `Store.delete` / `Store.restore`).
"""

from journal_tui.data.writes.base import (
    NAME_TABLES,
    day_stamp,
    db_timestamp,
    delete_row,
    insert_link,
    insert_row,
    iso,
    name_id,
    now,
    require,
    set_names,
    stamp,
    stamp_or_now,
    stamps,
    update_row,
)
from journal_tui.data.writes.checkins import (
    ITEM_LIMIT,
    REFLECTION_KINDS,
    insert_checkin,
    reflection_values,
    set_reflections,
    update_checkin,
)
from journal_tui.data.writes.entries import (
    BULK_FTS_ROWS,
    entry_values,
    insert_entries,
    insert_entry,
    link,
    prepare_entry,
    set_extra,
    set_starred,
    update_entry,
)
from journal_tui.data.writes.feedback import add_responses, save_feedback, set_response
from journal_tui.data.writes.goals import (
    GOAL_STATUSES,
    goal_values,
    insert_goal,
    insert_milestone,
    insert_progress,
    insert_status_change,
    milestone_title,
    set_goal_origin,
    set_milestone_done,
    update_goal,
    update_milestone,
)
from journal_tui.data.writes.names import find_name, merge_name, rekey_names
from journal_tui.data.writes.people import (
    ASK_LIMIT,
    ASK_STATUSES,
    CONTACT_KINDS,
    CONTACT_LIMIT,
    TEAM_LIMIT,
    delete_person,
    insert_ask,
    insert_contact,
    match_person,
    merge_person,
    person_values,
    rename_person,
    settle_ask,
    update_person,
)
from journal_tui.data.writes.promo import OUTCOMES, PROMO_NOTE_LIMIT, insert_promo, promo_values, rebuild_person_roles
from journal_tui.data.writes.roles import (
    CRITERION_LIMIT,
    MAX_NEED,
    ROLE_LIMIT,
    add_criterion_entries,
    check_need,
    criterion_values,
    insert_criterion,
    insert_role,
    link_criterion,
    role_title,
    set_role,
    update_criterion,
)
from journal_tui.validate import TITLE_LIMIT

__all__ = [
    "ASK_LIMIT",
    "ASK_STATUSES",
    "BULK_FTS_ROWS",
    "CONTACT_KINDS",
    "CONTACT_LIMIT",
    "CRITERION_LIMIT",
    "GOAL_STATUSES",
    "ITEM_LIMIT",
    "MAX_NEED",
    "OUTCOMES",
    "PROMO_NOTE_LIMIT",
    "insert_promo",
    "promo_values",
    "rebuild_person_roles",
    "NAME_TABLES",
    "REFLECTION_KINDS",
    "ROLE_LIMIT",
    "TEAM_LIMIT",
    "TITLE_LIMIT",
    "add_criterion_entries",
    "add_responses",
    "check_need",
    "criterion_values",
    "day_stamp",
    "db_timestamp",
    "delete_person",
    "delete_row",
    "entry_values",
    "goal_values",
    "insert_ask",
    "insert_checkin",
    "insert_contact",
    "insert_criterion",
    "insert_entries",
    "insert_entry",
    "insert_goal",
    "insert_milestone",
    "insert_progress",
    "insert_role",
    "insert_link",
    "insert_row",
    "insert_status_change",
    "iso",
    "find_name",
    "link",
    "link_criterion",
    "match_person",
    "merge_name",
    "rekey_names",
    "merge_person",
    "milestone_title",
    "name_id",
    "now",
    "person_values",
    "prepare_entry",
    "reflection_values",
    "rename_person",
    "require",
    "role_title",
    "save_feedback",
    "set_goal_origin",
    "set_milestone_done",
    "set_names",
    "set_reflections",
    "set_response",
    "set_role",
    "set_extra",
    "set_starred",
    "settle_ask",
    "stamp",
    "stamp_or_now",
    "stamps",
    "update_checkin",
    "update_criterion",
    "update_entry",
    "update_goal",
    "update_milestone",
    "update_person",
    "update_row",
]
