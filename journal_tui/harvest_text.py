"""Commit text made into a journal's words: titles without commit noise, skills from the files touched.

Pure functions on strings (no git, no database), so every rule is tested on its own:
- `clean_subject`: a commit subject without its conventional-commit prefix (`feat(api):`), ticket ids
  (`[PAY-142]`, `PAY-142:`, `(#41)`, `fixes #12`), `fixup!` markers and gitmoji codes; pure merge noise
  ("Merge branch 'main' into x", "Merge pull request #12 from a/b") cleans to nothing;
- `merge_title`: a merged pull request's title, from the merge message (GitHub, GitLab, Bitbucket) or
  else the merged branch's name ("add-refund-endpoint" -> "Add refund endpoint");
- `title_of`: several subjects joined into one title that stays one line;
- `skills_for`: skills from file names (languages by extension) and the user's path -> skill rules.

Commit text is someone's typing: every result is also cleaned of control codes and cut to a length
a list can show (a 100 kB subject becomes a title of `TITLE_MAX` characters).
"""

from __future__ import annotations

import fnmatch
import functools
import hashlib
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from journal_tui.validate import MAX_NAME, strip_controls

TITLE_MAX = 200  # characters of a suggestion's title
SUBJECT_MAX = 1_000  # characters of a commit subject kept with the suggestion
MAX_SKILLS = 4  # skills suggested for one suggestion

_STANDARDS = frozenset(
    {
        "ISO",
        "UTF",
        "RFC",
        "HTTP",
        "COVID",
        "ES",
        "SHA",
        "MD",
        "TLS",
        "SSL",
        "IPV",
        "AES",
        "RSA",
        "UCS",
        "WCAG",
        "OWASP",
        "PEP",
        "GPT",
        "ECMA",
        "ANSI",
        "IEEE",
    }
)
_TYPES = (
    "feat|feature|fix|bugfix|hotfix|chore|docs?|style|refactor|perf|tests?|build|ci|revert|deps|release|"
    "security|wip|i18n|ux|ops|infra"
)
_CONVENTIONAL = re.compile(rf"^(?:{_TYPES})(?:\([^)]{{0,60}}\))?!?\s*:\s*", re.IGNORECASE)
_GITMOJI = re.compile(r"^(?::[a-z0-9_+-]{1,40}:\s*)+")
_FIXUP = re.compile(r"^(?:fixup|squash|amend)!\s*", re.IGNORECASE)
_TICKET = r"[A-Z][A-Z0-9]{1,9}-\d+"
_BRACKETED = re.compile(rf"\s*[\[(]\s*(?:{_TICKET}|#\d+|!\d+)(?:\s*[,/ ]\s*(?:{_TICKET}|#\d+))*\s*[\])]\s*")
_LEADING = re.compile(rf"^(?P<id>{_TICKET}|#\d+)(?P<sep>\s*[:|]\s*|\s+[-–—]\s+|\s+)")
_TRAILING = re.compile(
    rf"(?:\s+|\s*[-–—:]\s*)(?:(?:fix(?:es|ed)?|close[sd]?|resolve[sd]?|refs?|see)\s+)?"
    rf"(?P<id>{_TICKET}|#\d+)\s*$",
    re.IGNORECASE,
)
_MERGE_NOISE = re.compile(
    r"^(?:Merge (?:pull request|PR|request) #?\d+ from \S+"
    r"|Merge (?:remote-tracking )?branch(?:es)? .*?(?: into \S+)?"
    r"|Merge tag .*|Merge commit .*|Merge [0-9a-f]{7,64}(?: into [0-9a-f]{7,64})?"
    r"|Merged in \S+(?: \(pull request #\d+\))?|Merge (?:remote )?changes? .*|Merge$)$",
    re.IGNORECASE,
)
_MERGED_BRANCH = re.compile(
    r"^Merge (?:pull request #\d+ from |remote-tracking branch '|branch '|PR #\d+ from )"
    r"(?P<branch>[^' ]+)|^Merged in (?P<bb>\S+)",
    re.IGNORECASE,
)
_TRAILER = re.compile(
    r"^(?:Signed-off-by|Co-authored-by|Reviewed-by|Approved-by|Change-Id|See merge request"
    r"|Reviewed-on|Tested-by|Acked-by|Cc)\b",
    re.IGNORECASE,
)
_BRANCH_PREFIX = re.compile(r"^(?:(?:feature|feat|fix|bugfix|hotfix|chore|release|topic|dev|wip)[/_-])+", re.IGNORECASE)
_MAIN_BRANCHES = frozenset(
    {"main", "master", "trunk", "develop", "development", "dev", "staging", "production", "head"}
)


def one_line(text: str) -> str:
    """Control codes out, whitespace (newlines included) collapsed to single spaces."""
    return " ".join(strip_controls(text).split())


def cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _ticket_like(ticket: str) -> bool:
    """PAY-142 or #41, but not UTF-8, ISO-8601 or HTTP-2: a ticket's number has two digits or more."""
    if ticket.startswith("#"):
        return True
    key, _, number = ticket.partition("-")
    return key.upper() not in _STANDARDS and len(number) >= 2


def clean_subject(subject: str) -> str:
    """The work a subject names, without prefixes, ticket ids and merge noise ('' when nothing is left)."""
    text = one_line(subject[: SUBJECT_MAX * 4])
    if _MERGE_NOISE.match(text):
        return ""
    for _ in range(3):  # prefixes stack: "fixup! feat(api): [PAY-1] ..."
        before = text
        text = _FIXUP.sub("", _GITMOJI.sub("", text)).strip()
        text = _CONVENTIONAL.sub("", text).strip()
        text = _BRACKETED.sub(" ", text).strip()
        lead = _LEADING.match(text)
        if lead and _ticket_like(lead["id"]) and text[lead.end() :].strip():
            text = text[lead.end() :].strip()
        if text == before:
            break
    trail = _TRAILING.search(text)
    if trail and _ticket_like(trail["id"]) and text[: trail.start()].strip():
        text = text[: trail.start()]
    text = " ".join(text.split()).strip(" .;:,-–—")
    return cut(text[:1].upper() + text[1:], TITLE_MAX) if text else ""


def branch_words(branch: str) -> str:
    """`me/feature/PAY-12-add-refund-endpoint` -> 'Add refund endpoint' ('' for main, master...)."""
    name = branch.rsplit("/", 1)[-1] if "/" in branch else branch
    if name.casefold() in _MAIN_BRANCHES:
        return ""
    name = _BRANCH_PREFIX.sub("", name)
    name = re.sub(rf"^{_TICKET}[-_]?", "", name, flags=re.IGNORECASE)
    words = " ".join(re.split(r"[-_.]+", name)).strip()
    return clean_subject(words) if words and not words.isdigit() else ""


def merge_title(subject: str, body: str) -> str:
    """A merge's title: the pull request's title from its message, else its branch in words ('' if neither)."""
    for line in strip_controls(body).splitlines():
        line = line.strip()
        if not line:
            continue
        if _TRAILER.match(line):
            continue
        title = clean_subject(line)
        if title:
            return title
        break
    cleaned = clean_subject(subject)
    if cleaned:
        return cleaned  # a merge message someone wrote by hand
    found = _MERGED_BRANCH.match(one_line(subject))
    if found:
        return branch_words(found["branch"] or found["bb"] or "")
    return ""


def title_of(subjects: Iterable[str], fallback: str) -> str:
    """Cleaned subjects, each once, joined with '; ' up to TITLE_MAX ('and N more' for the rest)."""
    seen: set[str] = set()
    parts: list[str] = []
    for subject in subjects:
        cleaned = clean_subject(subject)
        if cleaned and cleaned.casefold() not in seen:
            seen.add(cleaned.casefold())
            parts.append(cleaned)
    if not parts:
        return cut(one_line(fallback), TITLE_MAX)
    title = parts[0]
    for i, part in enumerate(parts[1:], 1):
        rest = len(parts) - i
        more = f" and {rest - 1} more" if rest > 1 else ""
        if len(title) + 2 + len(part) + len(more) > TITLE_MAX:
            return cut(f"{title} and {rest} more", TITLE_MAX)
        title = f"{title}; {part}"
    return cut(title, TITLE_MAX)


def short_subject(subject: str) -> str:
    """A commit subject as kept with its suggestion: one line, control codes out, cut to SUBJECT_MAX."""
    return cut(one_line(subject[: SUBJECT_MAX * 4]), SUBJECT_MAX) or "(no subject)"


def work_key(email: str, authored: str, subject: str) -> str:
    """The same piece of work whatever its hash: author, author date and subject survive a rebase."""
    raw = "\x1f".join((email.casefold(), authored, subject))
    return hashlib.sha1(raw.encode("utf-8", "replace"), usedforsecurity=False).hexdigest()


def project_from(folder: str) -> str | None:
    """A project name from a repository's folder (`payments-api`); None when nothing usable is left."""
    name = " ".join(one_line(os.path.basename(folder.rstrip("/"))).replace(",", " ").split()).lstrip("+#@.").strip()
    if name.endswith(".git"):
        name = name[:-4].strip()
    return name[:MAX_NAME].strip() or None


# --- skills from files --------------------------------------------------------------------------------

LANGUAGES: dict[str, tuple[str, ...]] = {
    "python": (".py", ".pyi", ".pyx"),
    "javascript": (".js", ".mjs", ".cjs", ".jsx"),
    "typescript": (".ts", ".tsx", ".mts", ".cts"),
    "go": (".go",),
    "rust": (".rs",),
    "java": (".java",),
    "kotlin": (".kt", ".kts"),
    "swift": (".swift",),
    "c": (".c", ".h"),
    "c++": (".cc", ".cpp", ".cxx", ".hpp", ".hh", ".hxx"),
    "c#": (".cs",),
    "f#": (".fs", ".fsx"),
    "ruby": (".rb", ".rake"),
    "php": (".php",),
    "scala": (".scala", ".sc"),
    "elixir": (".ex", ".exs"),
    "erlang": (".erl", ".hrl"),
    "haskell": (".hs",),
    "clojure": (".clj", ".cljs", ".cljc"),
    "dart": (".dart",),
    "lua": (".lua",),
    "r": (".r",),
    "julia": (".jl",),
    "perl": (".pl", ".pm"),
    "shell": (".sh", ".bash", ".zsh"),
    "powershell": (".ps1",),
    "sql": (".sql",),
    "terraform": (".tf", ".tfvars"),
    "html": (".html", ".htm"),
    "css": (".css", ".scss", ".sass", ".less"),
    "vue": (".vue",),
    "svelte": (".svelte",),
    "graphql": (".graphql", ".gql"),
    "protobuf": (".proto",),
    "nix": (".nix",),
    "zig": (".zig",),
    "ocaml": (".ml", ".mli"),
    "groovy": (".groovy", ".gradle"),
    "solidity": (".sol",),
    "objective-c": (".mm",),
    "docker": (".dockerfile",),
}
BY_EXTENSION = {ext: skill for skill, exts in LANGUAGES.items() for ext in exts}
BY_NAME = {"dockerfile": "docker", "makefile": "make", "jenkinsfile": "groovy", "rakefile": "ruby", "gemfile": "ruby"}


@functools.lru_cache(maxsize=8192)  # a harvest sees the same files again and again
def language_of(path: str) -> str | None:
    base = os.path.basename(path).casefold()
    if base in BY_NAME:
        return BY_NAME[base]
    return BY_EXTENSION.get(os.path.splitext(base)[1])


def rule_matches(pattern: str, path: str) -> bool:
    """A rule's pattern: a glob (`*` crosses folders: `*.tf`, `infra/*`) or a folder (`docs/`, `docs`)."""
    if any(ch in pattern for ch in "*?["):
        return fnmatch.fnmatchcase(path, pattern.lstrip("/"))
    folder = pattern.strip("/")
    return path == folder or path.startswith(folder + "/")


def skills_for(files: Sequence[str], rules: Sequence[tuple[str, str]] = ()) -> list[str]:
    """The skills a set of touched files shows: the user's rules first, then languages by how many files."""
    ruled: list[str] = []
    counts: Counter[str] = Counter()
    for path in files:
        for pattern, skill in rules:
            if rule_matches(pattern, path) and skill.casefold() not in {s.casefold() for s in ruled}:
                ruled.append(skill)
        language = language_of(path)
        if language:
            counts[language] += 1
    taken = {s.casefold() for s in ruled}
    languages = [s for s, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if s not in taken]
    return (ruled + languages)[:MAX_SKILLS]


def merge_skills(*lists: Sequence[str]) -> list[str]:
    """Several skill lists as one, each skill once (case-insensitive), in order, at most MAX_SKILLS."""
    out: list[str] = []
    for skills in lists:
        for s in skills:
            if s.casefold() not in {o.casefold() for o in out}:
                out.append(s)
    return out[:MAX_SKILLS]
