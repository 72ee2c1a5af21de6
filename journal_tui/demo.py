"""Realistic demo data: a believable quarter and a half of a software engineer's wins, goals and feedback.

Used by `journal demo`, the screenshot script and the tests.  Dates are relative to
`today`, so the demo always looks current.
"""

import datetime as dt
from typing import NotRequired, TypedDict

from journal_tui import roles
from journal_tui.data.store import Store
from journal_tui.responses import set_response

# (days ago, text, project, skills, impact, starred)
ENTRIES = [
    (
        130,
        "Migrated the invoice renderer off the legacy PDF service",
        "billing",
        ["python", "migration"],
        "retired 2 servers, -$1.8k/month",
        False,
    ),
    (121, "Wrote the on-call runbook for the payments gateway", "payments", ["writing", "oncall"], None, False),
    (
        112,
        "Shipped self-serve refunds to 100% of merchants\nRolled out behind a flag over two weeks; zero incidents.",
        "billing",
        ["python", "product"],
        "refund tickets -38% in the first week",
        True,
    ),
    (
        104,
        "Led the incident review for the checkout outage\n"
        "Wrote the timeline and three follow-ups, all closed in a week.",
        "payments",
        ["leadership", "oncall"],
        "MTTR follow-ups closed in 7 days",
        False,
    ),
    (97, "Mentored Sam through their first on-call rotation", "payments", ["mentoring"], None, True),
    (
        90,
        "Cut CI build time from 22 to 9 minutes\nParallelised the test shards and cached wheels.",
        "platform",
        ["ci", "python"],
        "CI 22 min -> 9 min for 40 engineers",
        True,
    ),
    (
        83,
        "Presented the Q3 billing roadmap to the leadership team",
        "billing",
        ["communication", "product"],
        None,
        False,
    ),
    (76, "Paired with Ana on the C++ importer's memory leak", "data", ["c++", "debugging"], "importer RSS -60%", False),
    (69, "Closed the vendor contract renegotiation", "platform", ["negotiation"], "saves $20k a year", True),
    (
        62,
        "Designed the idempotency-key scheme for payment retries\n"
        "RFC reviewed by three teams; adopted as the standard.",
        "payments",
        ["system design", "writing"],
        "duplicate charges -95%",
        True,
    ),
    (
        55,
        "Ran the quarterly planning session for the billing squad",
        "billing",
        ["leadership", "facilitation"],
        None,
        False,
    ),
    (
        48,
        "Added SQL query budgets to the reporting service",
        "data",
        ["sql", "performance"],
        "p95 report time 4.1s -> 0.9s",
        False,
    ),
    (
        41,
        "Onboarded two new engineers; wrote the billing domain primer",
        "billing",
        ["mentoring", "writing"],
        None,
        False,
    ),
    (
        34,
        "Shipped the dunning email redesign with the growth team",
        "billing",
        ["product", "collaboration"],
        "recovered revenue +12%",
        True,
    ),
    (27, "Gave the internal talk 'Retries without tears'", "payments", ["communication", "system design"], None, False),
    (
        20,
        "Fixed the timezone bug in monthly statements",
        "billing",
        ["python", "debugging"],
        "support tickets -15/week",
        False,
    ),
    (13, "Drafted the 2027 platform reliability proposal", "platform", ["writing", "system design"], None, False),
    (
        8,
        "Led the payments gateway load test before peak season",
        "payments",
        ["performance", "leadership"],
        "validated 3x peak traffic",
        True,
    ),
    (
        4,
        "Reviewed 14 pull requests and unblocked the ledger team",
        "billing",
        ["code review", "collaboration"],
        None,
        False,
    ),
    (1, "Paired with Priya on the ledger reconciliation job", "data", ["sql", "mentoring"], None, False),
]


class DemoGoal(TypedDict):
    """One demo goal: its SMART fields, milestones (title, due in days, done days ago), evidence (entry indexes) and
    the dated history of `current` (days ago, value)."""

    title: str
    specific: str
    measure: str
    target: float
    current: float
    relevant: str
    due_days: int
    milestones: list[tuple[str, int, int | None]]
    evidence: list[int]
    history: list[tuple[int, float]]
    baseline: NotRequired[float]
    achieved: NotRequired[bool]


GOALS: list[DemoGoal] = [
    {
        "title": "Lead a cross-team technical initiative",
        "specific": "Drive the payments retry redesign across 3 teams",
        "measure": "teams adopting the idempotency standard",
        "target": 3,
        "current": 2,
        "relevant": "Staff engineer promotion: scope beyond my own team",
        "due_days": 120,
        "milestones": [
            ("Write and circulate the RFC", -70, -62),
            ("Get sign-off from payments and billing", -40, -35),
            ("Ledger team adopts the standard", 30, None),
        ],
        "evidence": [9, 10, 14],
        "history": [(120, 0), (70, 1), (35, 2)],
    },
    {
        "title": "Grow as a mentor",
        "specific": "Mentor two engineers through their first quarter",
        "measure": "mentees onboarded",
        "target": 2,
        "current": 2,
        "relevant": "Expected of senior engineers at the next level",
        "due_days": -10,
        "milestones": [("Pair weekly with Sam", -90, -60), ("Onboard the two new hires", -30, -25)],
        "evidence": [4, 12, 19],
        "achieved": True,
        "history": [(100, 0), (60, 1), (25, 2)],
    },
    {
        "title": "Speak at an internal tech talk every quarter",
        "specific": "Share what I learn with the wider org",
        "measure": "talks given",
        "target": 4,
        "current": 1,
        "relevant": "Visibility outside my team",
        "due_days": 200,
        "milestones": [("Submit the 'Retries without tears' talk", -40, -30), ("Give the Q4 talk", 20, None)],
        "evidence": [14],
        "history": [(60, 0), (27, 1)],
    },
    {
        "title": "Cut p95 latency of the reporting service below 1s",
        "specific": "Reports feel instant for finance",
        "measure": "p95 seconds",
        "baseline": 4.1,
        "target": 1,
        "current": 0.9,
        "relevant": "Directly supports the billing OKR",
        "history": [(60, 4.1), (48, 0.9)],
        "due_days": -5,
        "milestones": [("Add query budgets", -50, -48), ("Cache the monthly aggregates", -12, None)],
        "evidence": [11],
    },
]

FEEDBACK = [
    (
        110,
        "Maria Lopez",
        "praise",
        "The refunds rollout was the smoothest launch we've had this year. Clear plan, no surprises.",
        ["launch", "execution"],
        ["product"],
        "billing",
        2,
    ),
    (
        100,
        "Dan Kowalski",
        "constructive",
        "In the incident review, let others finish before proposing fixes.",
        ["meetings"],
        ["leadership"],
        "payments",
        3,
    ),
    (
        88,
        "Sam Okafor",
        "praise",
        "Having you as my on-call buddy made my first rotation so much less scary.",
        ["mentoring"],
        ["mentoring"],
        "payments",
        4,
    ),
    (
        60,
        "Priya Natarajan",
        "praise",
        "The idempotency RFC is the clearest design doc I've read here.",
        ["writing", "design"],
        ["writing", "system design"],
        "payments",
        9,
    ),
    (
        52,
        "Dan Kowalski",
        "praise",
        "You ran planning well: everyone spoke and we left with owners for everything.",
        ["meetings"],
        ["leadership", "facilitation"],
        "billing",
        10,
    ),
    (
        45,
        "Maria Lopez",
        "constructive",
        "Share drafts earlier: the roadmap deck surprised the finance team.",
        ["communication"],
        ["communication"],
        "billing",
        6,
    ),
    (
        25,
        "Lena Fischer",
        "praise",
        "Your talk on retries changed how my team handles webhooks.",
        ["talk"],
        ["communication"],
        "payments",
        14,
    ),
    (
        6,
        "Dan Kowalski",
        "neutral",
        "Let's make the load-test results part of the peak-season checklist.",
        ["process"],
        ["performance"],
        "payments",
        17,
    ),
]

# (name, role, team, note)
PEOPLE = [
    ("Maria Lopez", "manager", "Billing", "Promotion packet goes to the calibration in January"),
    ("Dan Kowalski", "skip-level", "Payments", None),
    ("Raj Mehta", "mentor", "Platform", "Staff engineer; meets monthly when we keep it up"),
    ("Grace Liu", "sponsor", "Engineering leadership", "Director; has offered to sponsor the staff case"),
    ("Priya Natarajan", "peer", "Data", None),
]

# (days ago, person, kind, what we talked about)
CONTACTS = [
    (150, "Raj Mehta", "mentoring", "What staff scope looks like here; pick one cross-team problem and own it"),
    (83, "Raj Mehta", "mentoring", "Reviewed the idempotency RFC draft: get sign-off from each team before the review"),
    (60, "Dan Kowalski", "1:1", "Skip-level: the incident review follow-ups, and how to run the next one"),
    (
        40,
        "Grace Liu",
        "review",
        "Mid-year check-in: she will back the staff case if the ledger team adopts the standard",
    ),
    (28, "Maria Lopez", "1:1", "Promotion timeline: the packet is due in January"),
    (12, "Grace Liu", "coffee", "Shared the 2027 reliability proposal draft"),
    (7, "Maria Lopez", "1:1", "Peak-season load test plan; who else should review it"),
]

# (days ago asked, person, about, entry index or None, due in days (negative: past) or None, outcome)
# outcome: None (open), ("answered", feedback index), ("closed", days ago)
ASKS = [
    (30, "Lena Fischer", "How the retries talk landed with your team", 14, -20, ("answered", 6)),
    (20, "Dan Kowalski", "My facilitation of the planning session", 10, -10, ("closed", 5)),
    (7, "Maria Lopez", "How I led the peak-season load test", 17, -2, None),
    (10, "Grace Liu", "Is the reliability proposal staff-level scope?", 16, 7, None),
]


def seed_people(store: Store, today: dt.date, entry_ids: list[int], feedback_ids: list[int]) -> str:
    """Roles, conversations and asks for feedback: a manager, a skip-level, a mentor gone quiet, a sponsor."""
    from journal_tui import people

    def day(n: int) -> dt.date:
        return today - dt.timedelta(days=n)

    for name, role, team, note in PEOPLE:
        people.set_person(store, name, role=role, team=team, note=note)
    for ago, name, kind, text in CONTACTS:
        people.add_contact(store, name, text, met_on=day(ago), kind=kind)
    for ago, name, about, entry, due, outcome in ASKS:
        ask_id, _ = people.add_ask(
            store,
            name,
            about,
            asked_on=day(ago),
            entry_id=entry_ids[entry] if entry is not None else None,
            due_on=day(-due) if due is not None else None,
        )
        if outcome and outcome[0] == "answered":
            fid = feedback_ids[outcome[1]]
            on = day(FEEDBACK[outcome[1]][0])
            with store.write() as raw:
                people.answer_ask(raw, ask_id, fid, on)
        elif outcome:
            people.close_ask(store, ask_id, day(outcome[1]))
    return f"{len(PEOPLE)} people, {len(CONTACTS)} conversations, {len(ASKS)} asks"


# The role the demo user is working towards: what the next level requires, mapped to skills.
ROLE = "Staff Engineer"
CRITERIA = [
    (
        "Leads cross-team technical work",
        ["leadership", "system design"],
        3,
        "Staff: sets technical direction beyond their own team",
    ),
    ("Grows other engineers", ["mentoring"], 2, None),
    ("Communicates to the wider organisation", ["communication", "writing"], 3, None),
    ("Shapes the product, not only the code", ["product"], 2, None),
    ("Owns vendors and budgets", ["negotiation"], 1, "Expected once a year at staff level"),
]
# (feedback index, entry index): the entry is what the user did about that feedback.
RESPONSES = [(1, 10)]


SET_AGO = 200  # the demo's goals, milestones and criteria were set this many days ago: past reviews show them


def seed(store: Store, today: dt.date) -> str:
    """Fill `store` with the demo journal; returns a one-line summary."""

    def day(n: int) -> dt.date:
        return today - dt.timedelta(days=n)

    entry_ids = [
        store.add_entry(text=text, occurred_on=day(ago), project=project, skills=skills, impact=impact, starred=starred)
        for ago, text, project, skills, impact, starred in ENTRIES
    ]
    for g in GOALS:
        first_ago, first = g["history"][0]
        goal_id = store.add_goal(
            title=g["title"],
            specific=g["specific"],
            measure=g["measure"],
            target=g["target"],
            current=first,
            relevant=g["relevant"],
            due_on=day(-g["due_days"]),
            baseline=g.get("baseline"),
            on=day(first_ago),
            set_on=day(max(first_ago, SET_AGO)),
        )
        for ago, value in g["history"][1:]:
            store.update_goal(goal_id, current=value, on=day(ago))
        for title, due, done in g["milestones"]:
            mid = store.add_milestone(goal_id, title, day(-due), set_on=day(SET_AGO))
            if done is not None:
                store.set_milestone_done(mid, day(-done))
        for index in g["evidence"]:
            store.link(entry_ids[index], goal_id)
        if g.get("achieved"):
            store.set_goal_status(goal_id, "achieved", today, on=day(12))
    feedback_ids = [
        store.add_feedback(
            text=text,
            person=person,
            received_on=day(ago),
            kind=kind,
            tags=tags,
            skills=skills,
            project=project,
            entry_id=entry_ids[about],
        )
        for ago, person, kind, text, tags, skills, project, about in FEEDBACK
    ]
    for feedback_index, entry_index in RESPONSES:
        set_response(store, feedback_ids[feedback_index], entry_ids[entry_index])
    roles.set_role(store, ROLE)
    for name, skills, need, note in CRITERIA:
        roles.add_criterion(store, name, skills=skills, need=need, note=note, set_on=day(SET_AGO))
    people = seed_people(store, today, entry_ids, feedback_ids)
    from journal_tui.promo import add_promo  # a past promotion conversation: `journal promo list`, the Q3 review

    add_promo(
        store,
        "deferred",
        talked_on=day(100),
        person="Maria Lopez",
        note="Wait for the reorg; bring the reliability proposal",
        retry_on=None,
    )
    from journal_tui.checkin import seed_demo

    checkins = seed_demo(store, today)
    return (
        f"{len(ENTRIES)} entries, {len(GOALS)} goals, {len(FEEDBACK)} feedback, "
        f"a target role with {len(CRITERIA)} criteria, {checkins} check-ins, {people}"
    )
