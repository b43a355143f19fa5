"""The course's timetable, computed once from docs/timetable.toml and the notebooks, shown in three places.

Run from anywhere:

    python tools/timetable.py check   # do README.md, notebook 00 and docs/instructor.md show it?
    python tools/timetable.py write   # write it into them

The README's minutes column, the instructor guide's headings and "Safe to skip" lines, and the
paragraph between ``<!-- timetable -->`` and ``<!-- /timetable -->`` in all three are written
from it; ``check`` lists every place that disagrees (``tests/test_timetable.py`` runs it).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from dl101.course import cells, is_stub, notebooks, section, source

REPO_ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"<!-- timetable -->.*?<!-- /timetable -->", re.S)
README_ROW = re.compile(r"^(\| \[(\d\d) [^]]*\]\([^)]*\) \| [^|]* \| )([^|]*)( \| .*)$", re.M)
GUIDE_HEADING = re.compile(r"^(## (\d\d) · .*?) \([^()]*\)$", re.M)
GUIDE_SKIP = re.compile(r"^- \*\*Safe to skip\*\*: .*$", re.M)
WELCOME = Path("notebooks") / "00_welcome.ipynb"


@dataclass(frozen=True)
class Notebook:
    number: str  # "05"
    full: int  # minutes for all of it
    core: int  # minutes without the sections the core path skips
    part: str  # "before", "session" or "after" the core path's live session


@dataclass(frozen=True)
class Timetable:
    notebooks: list[Notebook]
    skip: dict[str, list[str]]  # the headings of the sections the core path skips, per notebook
    skip_with: dict[str, dict[str, list[str]]]  # per notebook: a skipped section → later ones that need it
    session_minutes: int
    break_minutes: int

    def total(self, part: str | None = None, core: bool = False) -> int:
        return sum(n.core if core else n.full for n in self.notebooks if part in (None, n.part))

    def numbers(self, part: str) -> list[str]:
        return [n.number for n in self.notebooks if n.part == part]


def load(root: Path = REPO_ROOT) -> Timetable:
    """The timetable of the notebooks under ``root``, at the pace docs/timetable.toml sets."""
    settings = tomllib.loads((root / "docs" / "timetable.toml").read_text(encoding="utf-8"))
    pace, core = settings["pace"], settings["core"]
    parts = {number: part for part in ("before", "session", "after") for number in core[part]}
    rows = []
    for path in notebooks(root / "notebooks"):
        number = path.name[:2]
        if number not in parts:
            raise ValueError(f"docs/timetable.toml puts notebook {number} in none of before, session and after")
        notebook = cells(path)
        skipped = {i for heading in settings["skip"].get(number, []) for i in section(notebook, heading)}
        rows.append(
            Notebook(
                number,
                minutes(notebook, pace),
                minutes([c for i, c in enumerate(notebook) if i not in skipped], pace),
                parts[number],
            )
        )
    return Timetable(
        rows, settings["skip"], settings.get("skip_with", {}), core["session_minutes"], core["break_minutes"]
    )


def minutes(notebook: list[dict], pace: dict) -> int:
    """The time a room takes over these cells at ``pace``, rounded to 5 minutes."""
    words = sum(len(re.findall(r"\w+", source(c))) for c in notebook if c["cell_type"] == "markdown")
    lines = sum(len(source(c).splitlines()) for c in notebook if c["cell_type"] == "code")
    exercises = sum(is_stub(c) for c in notebook)
    estimate = (
        words / pace["words_per_minute"]
        + lines / pace["code_lines_per_minute"]
        + exercises * pace["minutes_per_exercise"]
    )
    return max(5, 5 * round(estimate / 5))


def _listed(numbers: list[str]) -> str:
    return ", ".join(numbers[:-1]) + f" and {numbers[-1]}" if len(numbers) > 1 else numbers[0]


def summary(table: Timetable) -> str:
    """The paragraph README, notebook 00 and the instructor guide all show."""
    total = table.total()
    per_notebook = " · ".join(f"{n.number}: {n.full}" for n in table.notebooks)
    after_extra = table.total("session") - table.total("session", core=True)
    return (
        f"**How long it takes.** Working through every notebook and exercise takes about "
        f"{round(total / 30) / 2:g} hours ({total} minutes; per notebook {per_notebook}). "
        f"A {table.session_minutes // 60}-hour live session follows the **core path**: notebooks "
        f"{_listed(table.numbers('before'))} before it, as pre-work ({table.total('before')} min); in the session, "
        f"notebooks {_listed(table.numbers('session'))} without their optional sections "
        f"({table.total('session', core=True)} min, and a {table.break_minutes}-minute break); after it, "
        f"notebooks {_listed(table.numbers('after'))} and the sections skipped, as self-study "
        f"({table.total('after') + after_extra} min)."
    )


def _block(text: str, table: Timetable) -> str:
    return BLOCK.sub(lambda _: f"<!-- timetable -->\n{summary(table)}\n<!-- /timetable -->", text)


def _guide_label(notebook: Notebook) -> str:
    if notebook.part == "session":
        return f"{notebook.full} min; {notebook.core} in the live session"
    return f"{notebook.full} min; {'pre-work' if notebook.part == 'before' else 'self-study'}"


def _skipped(heading: str, needed_by: list[str]) -> str:
    if not needed_by:
        return f"«{heading}»"
    later = _listed([f"«{other}»" for other in needed_by])
    return f"«{heading}» (with {later}, which {'needs' if len(needed_by) == 1 else 'need'} it)"


def readme(text: str, table: Timetable) -> str:
    """README.md with the timetable's minutes and paragraph."""
    full = {n.number: n.full for n in table.notebooks}
    text = README_ROW.sub(lambda m: f"{m[1]}{full[m[2]]}{m[4]}", text)
    return _block(text, table)


def guide(text: str, table: Timetable) -> str:
    """docs/instructor.md with the timetable's minutes, skip lists and paragraph."""
    by_number = {n.number: n for n in table.notebooks}
    text = GUIDE_HEADING.sub(lambda m: f"{m[1]} ({_guide_label(by_number[m[2]])})", text)
    parts = re.split(r"(^## \d\d · .*$)", text, flags=re.M)
    for i in range(1, len(parts), 2):
        number = parts[i][3:5]
        needed_by = table.skip_with.get(number, {})
        skipped = ", ".join(_skipped(heading, needed_by.get(heading, [])) for heading in table.skip.get(number, []))
        parts[i + 1] = GUIDE_SKIP.sub(lambda _, skipped=skipped: f"- **Safe to skip**: {skipped}", parts[i + 1])
    return _block("".join(parts), table)


def welcome(text: str, table: Timetable) -> str:
    """Notebook 00 (its JSON) with the timetable's paragraph."""
    notebook = json.loads(text)
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown" and BLOCK.search(source(cell)):
            cell["source"] = _block(source(cell), table).splitlines(keepends=True)
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def written(root: Path = REPO_ROOT) -> dict[Path, str]:
    """What README.md, docs/instructor.md and notebook 00 should hold."""
    table = load(root)
    shown = {"README.md": readme, "docs/instructor.md": guide, str(WELCOME): welcome}
    return {root / name: show((root / name).read_text(encoding="utf-8"), table) for name, show in shown.items()}


def problems(root: Path = REPO_ROOT) -> list[str]:
    """Every file that does not show the timetable, and a core path that does not fit its session."""
    found = []
    for path, text in written(root).items():
        current = path.read_text(encoding="utf-8")
        if not BLOCK.search(current):
            found.append(f"{path.relative_to(root)} has no <!-- timetable --> paragraph")
        elif current != text:
            found.append(f"{path.relative_to(root)} does not show the timetable: run `python tools/timetable.py write`")
    table = load(root)
    taught = table.total("session", core=True) + table.break_minutes
    if taught > table.session_minutes:
        found.append(
            f"the core path's session takes {taught} min with its break, more than {table.session_minutes}: "
            "skip more sections or move a notebook to pre-work or self-study in docs/timetable.toml"
        )
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("check", "write"))
    if parser.parse_args().command == "write":
        for path, text in written().items():
            path.write_text(text, encoding="utf-8")
    found = problems()
    print("\n".join(found) if found else summary(load()))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
