"""The course's timetable and the live session's run-sheet, computed once from docs/timetable.toml and the notebooks.

Run from anywhere:

    python tools/timetable.py check   # do README.md, notebook 00, docs/instructor.md and docs/run-sheet.md show it?
    python tools/timetable.py write   # write it into them

The README's minutes column, the instructor guide's headings and "Safe to skip" lines, and the
paragraph between ``<!-- timetable -->`` and ``<!-- /timetable -->`` in the first three are written
from it, and docs/run-sheet.md is written whole: the 3-hour session minute by minute, with its
break, its buffer and a second tier of cuts for a room that falls behind. ``check`` lists every
place that disagrees, and a session plan that does not fit its hours (``tests/test_timetable.py``
runs it).
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import tomllib
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from checkout import ROOT
from dl101.course import CHECK_CALL, cells, heading_level, is_stub, notebooks, section, source

BLOCK = re.compile(r"<!-- timetable -->.*?<!-- /timetable -->", re.S)
README_ROW = re.compile(r"^(\| \[(\d\d) [^]]*\]\([^)]*\) \| [^|]* \| )([^|]*)( \| .*)$", re.M)
GUIDE_HEADING = re.compile(r"^(## (\d\d) · .*?) \([^()]*\)$", re.M)
GUIDE_SKIP = re.compile(r"^- \*\*Safe to skip\*\*: .*$", re.M)
WORD = re.compile(r"\w+")
FIT = re.compile(r"\.fit\(")  # where a Keras model is trained with fit
WELCOME = Path("notebooks") / "00_welcome.ipynb"
RUN_SHEET = Path("docs") / "run-sheet.md"


@dataclass(frozen=True)
class Notebook:
    number: str  # "05"
    full: int  # minutes for all of it
    core: int  # minutes without the sections the core path skips
    part: str  # "before", "session" or "after" the core path's live session
    planned: int  # minutes in the live session as planned, with its exercises written or shown (0 outside it)


@dataclass(frozen=True)
class Block:
    """A stretch of the live session: one section of a notebook on the core path."""

    number: str  # "05"
    heading: str  # the section's heading, as in the notebook
    minutes: float
    live: list[str]  # the exercises the room writes, by id
    shown: list[str]  # the exercises shown with show_solution, by id
    first_fit: bool  # whether the session's first `model.fit` is in it


@dataclass(frozen=True)
class Cut:
    """A section of the second tier: cut from the session when the room falls behind."""

    number: str
    heading: str
    saves: float  # minutes
    exercises: list[str]


@dataclass(frozen=True)
class Timetable:
    notebooks: list[Notebook]
    skip: dict[str, list[str]]  # the headings of the sections the core path skips, per notebook
    skip_with: dict[str, dict[str, list[str]]]  # per notebook: a skipped section → later ones that need it
    session_minutes: int
    break_minutes: int
    buffer_minutes: int
    break_after: str  # the notebook the break follows
    blocks: list[Block]  # the live session, in order
    cuts: list[Cut]  # its second tier
    pace: dict

    def total(self, part: str | None = None, core: bool = False) -> int:
        return sum(n.core if core else n.full for n in self.notebooks if part in (None, n.part))

    def numbers(self, part: str) -> list[str]:
        return [n.number for n in self.notebooks if n.part == part]

    def taught(self) -> int:
        """The minutes of the live session as planned: its notebooks, the break and the buffer."""
        return sum(n.planned for n in self.notebooks) + self.break_minutes + self.buffer_minutes

    def taught_after_cuts(self) -> int:
        """The minutes of the live session with the second tier cut too."""
        planned = 0
        for number in self.numbers("session"):
            saved = sum(cut.saves for cut in self.cuts if cut.number == number)
            planned += session_minutes(block_minutes(self.blocks, number) - saved)
        return planned + self.break_minutes + self.buffer_minutes


def load(root: Path = ROOT) -> Timetable:
    """The timetable of the notebooks under ``root``, at the pace and with the session plan docs/timetable.toml sets."""
    settings = tomllib.loads((root / "docs" / "timetable.toml").read_text(encoding="utf-8"))
    pace, core, plan = settings["pace"], settings["core"], settings["session"]
    parts = {number: part for part in ("before", "session", "after") for number in core[part]}
    rows, blocks, cuts = [], [], []
    for path in notebooks(root / "notebooks"):
        number = path.name[:2]
        if number not in parts:
            raise ValueError(f"docs/timetable.toml puts notebook {number} in none of before, session and after")
        notebook = cells(path)
        skipped = sections(notebook, settings["skip"].get(number, []))
        kept = [c for i, c in enumerate(notebook) if i not in skipped]
        planned = 0
        if parts[number] == "session":
            shown = set(exercise_ids(notebook)) - set(plan["live"])
            blocks += session_blocks(number, notebook, skipped, pace, shown, seen_fit=any(b.first_fit for b in blocks))
            planned = session_minutes(block_minutes(blocks, number))
            tier = plan["second_tier"].get(number, [])
            cuts += [cut(number, notebook, heading, skipped, pace, shown) for heading in tier]
        rows.append(Notebook(number, minutes(notebook, pace), minutes(kept, pace), parts[number], planned))
    unknown = set(plan["live"]) - {exercise for block in blocks for exercise in block.live}
    if unknown:
        raise ValueError(
            f"docs/timetable.toml has the room write {sorted(unknown)} live: not an exercise of the session"
        )
    return Timetable(
        rows,
        settings["skip"],
        settings.get("skip_with", {}),
        core["session_minutes"],
        core["break_minutes"],
        core["buffer_minutes"],
        plan["break_after"],
        blocks,
        cuts,
        pace,
    )


def sections(notebook: list[dict], headings: list[str]) -> set[int]:
    """The cells of the sections under these headings."""
    return {i for heading in headings for i in section(notebook, heading)}


def cell_minutes(cell: dict, pace: dict, shown: bool = False) -> float:
    """The time a room spends on one cell at ``pace``; an exercise shown with show_solution costs a fraction."""
    if cell["cell_type"] == "markdown":
        return len(WORD.findall(source(cell))) / pace["words_per_minute"]
    if cell["cell_type"] != "code":
        return 0.0
    exercise = pace["minutes_per_exercise"] * (pace["shown_fraction"] if shown else 1) if is_stub(cell) else 0.0
    return len(source(cell).splitlines()) / pace["code_lines_per_minute"] + exercise


def minutes(notebook: list[dict], pace: dict) -> int:
    """The time a room takes over these cells at ``pace``, every exercise written, rounded to 5 minutes."""
    return max(5, 5 * round(sum(cell_minutes(cell, pace) for cell in notebook) / 5))


def session_minutes(estimate: float) -> int:
    """A notebook's minutes in the live session, rounded up to the minute so that its last section is not cut short."""
    return math.ceil(estimate)


def block_minutes(blocks: list[Block], number: str) -> float:
    return sum(block.minutes for block in blocks if block.number == number)


def exercise_ids(notebook: list[dict]) -> dict[str, int]:
    """Each exercise's id (``"05.train"``), from the check call that follows its cell, and that cell's index."""
    found = {}
    stubs = [i for i, cell in enumerate(notebook) if is_stub(cell)]
    for start, end in zip(stubs, stubs[1:] + [len(notebook)], strict=True):
        calls = (CHECK_CALL.search(source(cell)) for cell in notebook[start:end] if cell["cell_type"] == "code")
        match = next(filter(None, calls), None)
        if match is None:
            raise ValueError(f"the exercise in cell {start} is followed by no check call naming its id")
        found[match[1]] = start
    return found


def heading_of(cell: dict) -> str | None:
    """The first heading of level 1 or 2 in a Markdown cell: where a new block of the session begins."""
    if cell["cell_type"] != "markdown":
        return None
    return next((line for line in source(cell).splitlines() if 0 < heading_level(line) <= 2), None)


def session_blocks(
    number: str, notebook: list[dict], skipped: set[int], pace: dict, shown: set[str], seen_fit: bool
) -> list[Block]:
    """The notebook's sections on the core path, each with its minutes and its exercises written or shown."""
    ids = {index: exercise for exercise, index in exercise_ids(notebook).items()}
    owners, heading = [], None
    for cell in notebook:
        heading = heading_of(cell) or heading
        owners.append(heading)
    blocks = []
    for heading, group in groupby((i for i in range(len(notebook)) if i not in skipped), key=owners.__getitem__):
        indices = list(group)
        fit = not seen_fit and any(
            notebook[i]["cell_type"] == "code" and FIT.search(source(notebook[i])) for i in indices
        )
        seen_fit |= fit
        exercises = [ids[i] for i in indices if i in ids]
        blocks.append(
            Block(
                number,
                heading,
                sum(cell_minutes(notebook[i], pace, ids.get(i) in shown) for i in indices),
                [exercise for exercise in exercises if exercise not in shown],
                [exercise for exercise in exercises if exercise in shown],
                fit,
            )
        )
    return blocks


def cut(number: str, notebook: list[dict], heading: str, skipped: set[int], pace: dict, shown: set[str]) -> Cut:
    """A section of the second tier, with the minutes cutting it saves."""
    ids = {index: exercise for exercise, index in exercise_ids(notebook).items()}
    cells_cut = [i for i in section(notebook, heading) if i not in skipped]
    if not cells_cut:
        raise ValueError(f"the second tier cuts {heading!r} of notebook {number}, which the core path skips already")
    saves = sum(cell_minutes(notebook[i], pace, ids.get(i) in shown) for i in cells_cut)
    return Cut(number, heading, saves, [ids[i] for i in cells_cut if i in ids])


def _listed(numbers: list[str]) -> str:
    return ", ".join(numbers[:-1]) + f" and {numbers[-1]}" if len(numbers) > 1 else numbers[0]


def _live_and_shown(table: Timetable) -> tuple[int, int]:
    return sum(len(b.live) for b in table.blocks), sum(len(b.shown) for b in table.blocks)


def summary(table: Timetable) -> str:
    """The paragraph README, notebook 00 and the instructor guide all show."""
    total = table.total()
    per_notebook = " · ".join(f"{n.number}: {n.full}" for n in table.notebooks)
    after_extra = table.total("session") - table.total("session", core=True)
    live, shown = _live_and_shown(table)
    return (
        f"**How long it takes.** Working through every notebook and exercise takes about "
        f"{round(total / 30) / 2:g} hours ({total} minutes; per notebook {per_notebook}). "
        f"A {table.session_minutes // 60}-hour live session follows the **core path**: notebooks "
        f"{_listed(table.numbers('before'))} before it, as pre-work ({table.total('before')} min); in the session, "
        f"notebooks {_listed(table.numbers('session'))} without their optional sections "
        f"({sum(n.planned for n in table.notebooks)} min, with {live} exercises written live and {shown} shown, "
        f"a {table.break_minutes}-minute break and a {table.buffer_minutes}-minute buffer: "
        f"the run-sheet in `docs/run-sheet.md`); after it, "
        f"notebooks {_listed(table.numbers('after'))} and the sections skipped, as self-study "
        f"({table.total('after') + after_extra} min)."
    )


def _block(text: str, table: Timetable) -> str:
    return BLOCK.sub(lambda _: f"<!-- timetable -->\n{summary(table)}\n<!-- /timetable -->", text)


def _guide_label(notebook: Notebook) -> str:
    if notebook.part == "session":
        return f"{notebook.full} min; {notebook.planned} in the live session"
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


def _skip_line(table: Timetable, number: str) -> str:
    needed_by = table.skip_with.get(number, {})
    line = "- **Safe to skip**: " + ", ".join(
        _skipped(heading, needed_by.get(heading, [])) for heading in table.skip.get(number, [])
    )
    late = [f"«{cut.heading}»" for cut in table.cuts if cut.number == number]
    return line + (f"; when the room runs late, also {_listed(late)} (the run-sheet's second tier)" if late else "")


def guide(text: str, table: Timetable) -> str:
    """docs/instructor.md with the timetable's minutes, skip lists and paragraph."""
    by_number = {n.number: n for n in table.notebooks}
    text = GUIDE_HEADING.sub(lambda m: f"{m[1]} ({_guide_label(by_number[m[2]])})", text)
    parts = re.split(r"(^## \d\d · .*$)", text, flags=re.M)
    for i in range(1, len(parts), 2):
        line = _skip_line(table, parts[i][3:5])
        parts[i + 1] = GUIDE_SKIP.sub(lambda _, line=line: line, parts[i + 1])
    return _block("".join(parts), table)


def welcome(text: str, table: Timetable) -> str:
    """Notebook 00 (its JSON) with the timetable's paragraph."""
    notebook = json.loads(text)
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown" and BLOCK.search(source(cell)):
            cell["source"] = _block(source(cell), table).splitlines(keepends=True)
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def clock(minutes: float) -> str:
    """A time from the session's start: 0:00, 1:25."""
    whole = round(minutes)
    return f"{whole // 60}:{whole % 60:02d}"


def _exercises(block: Block) -> str:
    written = [f"write `{exercise}`" for exercise in block.live]
    shown = [f'show `show_solution("{exercise}")`' for exercise in block.shown]
    fit = ["first `model.fit` of the session: say what compile, fit and its history are"] if block.first_fit else []
    return "; ".join(written + shown + fit)


def _session_rows(table: Timetable) -> list[str]:
    rows, start = [], 0.0
    for number in table.numbers("session"):
        elapsed = 0.0
        for block in (b for b in table.blocks if b.number == number):
            rows.append(f"| {clock(start + elapsed)} | {number} | {block.heading} | {_exercises(block)} |")
            elapsed += block.minutes
        start += next(n.planned for n in table.notebooks if n.number == number)
        if number == table.break_after:
            rows.append(f"| {clock(start)} | | **Break** ({table.break_minutes} min) | |")
            start += table.break_minutes
    rows.append(
        f"| {clock(start)} | | **Buffer** ({table.buffer_minutes} min): what set-up trouble, a recap of the "
        "pre-work and questions took from the rows above; questions, if any is left | |"
    )
    rows.append(f"| {clock(start + table.buffer_minutes)} | | **End** | |")
    return rows


def run_sheet(table: Timetable) -> str:
    """docs/run-sheet.md: the live session minute by minute, and what to cut when the room falls behind."""
    pace = table.pace
    live, shown = _live_and_shown(table)
    shown_minutes = pace["minutes_per_exercise"] * pace["shown_fraction"]
    cut_rows = [
        f"| {cut.number} | {cut.heading} | {cut.saves:.0f} | {', '.join(f'`{e}`' for e in cut.exercises)} |"
        for cut in table.cuts
    ]
    lines = [
        f"# Run-sheet: the {table.session_minutes // 60}-hour live session",
        "",
        "<!-- Written by `python tools/timetable.py write` from docs/timetable.toml and the notebooks;"
        " `python tools/timetable.py check` finds any edit by hand. -->",
        "",
        f"The core path's notebooks {_listed(table.numbers('session'))}, without their optional sections, "
        f"in {table.session_minutes} minutes: {table.taught() - table.break_minutes - table.buffer_minutes} "
        f"of teaching, a {table.break_minutes}-minute break and a {table.buffer_minutes}-minute buffer. "
        f"The minutes come from the notebooks at the pace of `docs/timetable.toml` "
        f"({pace['words_per_minute']} words of text and {pace['code_lines_per_minute']} lines of code a minute). "
        f"The room writes {live} exercises live ({pace['minutes_per_exercise']:g} min each); "
        f"the other {shown} are shown: run `show_solution(...)` on the projector and talk it through "
        f"({shown_minutes:.1f} min each). Set notebooks {_listed(table.numbers('before'))} as pre-work.",
        "",
        "Clock times count from the start of the session. A section starts at its time; a notebook's last "
        "section runs until the next row.",
        "",
        "| clock | notebook | section | exercises |",
        "|---|---|---|---|",
        *_session_rows(table),
        "",
        "## When the room falls behind",
        "",
        f"Cut these sections too (the second tier): the session then takes {table.taught_after_cuts()} minutes "
        f"of its {table.session_minutes}, break and buffer included. Later cells need nothing they define, "
        "and the notebooks run top to bottom without them (`tests/test_timetable.py`). Point the room to them "
        "for self-study.",
        "",
        "| notebook | section | saves (min) | its exercises |",
        "|---|---|---|---|",
        *cut_rows,
        "",
    ]
    return "\n".join(lines)


def written(root: Path = ROOT) -> dict[Path, str]:
    """What README.md, docs/instructor.md, notebook 00 and docs/run-sheet.md should hold."""
    table = load(root)
    shown = {"README.md": readme, "docs/instructor.md": guide, str(WELCOME): welcome}
    files = {root / name: show((root / name).read_text(encoding="utf-8"), table) for name, show in shown.items()}
    return files | {root / RUN_SHEET: run_sheet(table)}


def problems(root: Path = ROOT) -> list[str]:
    """Every file that does not show the timetable, and a live session that does not fit its hours."""
    found = []
    for path, text in written(root).items():
        name = path.relative_to(root)
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current is None:
            found.append(f"{name} is missing: run `python tools/timetable.py write`")
        elif name != RUN_SHEET and not BLOCK.search(current):
            found.append(f"{name} has no <!-- timetable --> paragraph")
        elif current != text:
            found.append(f"{name} does not show the timetable: run `python tools/timetable.py write`")
    table = load(root)
    if table.taught() > table.session_minutes:
        found.append(
            f"the core path's session takes {table.taught()} min with its break and buffer, more than "
            f"{table.session_minutes}: skip more sections, show more exercises instead of writing them, or move "
            "a notebook to pre-work or self-study in docs/timetable.toml"
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
