"""The course's home address: written once in pyproject.toml; the badges and Colab cells follow it.

Run from anywhere:

    python tools/course_home.py check              # do the README and every notebook agree with it?
    python tools/course_home.py move OWNER/NAME    # move the course to another repository, such as a fork
    python tools/course_home.py move OWNER/NAME --branch BRANCH    # ... and open another branch

The address is ``[project.urls] Repository`` in ``pyproject.toml``, and the branch the badges
open is ``[tool.dl101] branch`` beside it. The address appears in the README's clone command
and its Binder and Colab badges, and in the first cell of every notebook, which on Colab clones
the course before anything of it is installed; the branch appears in the badges. ``move``
rewrites all of them; ``check`` lists every place that disagrees (``tests/test_course_home.py``
runs it). The Colab cell clones the repository's default branch: keep the course on it.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
from pathlib import Path

from checkout import ROOT
from dl101.course import notebooks

ADDRESS = r"[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+"
BRANCH = r"[A-Za-z0-9][A-Za-z0-9._-]*"
# Binder and Colab links always open the course; plain GitHub links may name other projects.
BADGE_LINKS = (
    re.compile(rf"mybinder\.org/v2/gh/(?P<home>{ADDRESS})/(?P<branch>{BRANCH})\?"),
    re.compile(rf"colab\.research\.google\.com/github/(?P<home>{ADDRESS})/blob/(?P<branch>{BRANCH})/"),
)
BRANCH_SETTING = re.compile(r'^(branch = )"[^"\n]*"', re.M)  # in pyproject.toml's [tool.dl101] table


def _pyproject(root: Path) -> dict:
    return tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))


def home(root: Path = ROOT) -> str:
    """The course's repository as ``owner/name``, from pyproject.toml."""
    url = _pyproject(root)["project"]["urls"]["Repository"]
    match = re.fullmatch(rf"https://github\.com/(?P<home>{ADDRESS})", url)
    if not match:
        raise ValueError(f"expected [project.urls] Repository to be https://github.com/OWNER/NAME, got {url!r}")
    return match["home"]


def branch(root: Path = ROOT) -> str:
    """The branch the badges open, from pyproject.toml's ``[tool.dl101] branch``."""
    name = _pyproject(root).get("tool", {}).get("dl101", {}).get("branch")
    if not isinstance(name, str) or not re.fullmatch(BRANCH, name):
        raise ValueError(f"expected [tool.dl101] branch in pyproject.toml to name a branch, such as main; got {name!r}")
    return name


def badge_targets(text: str) -> set[tuple[str, str]]:
    """The (address, branch) pairs that the Binder and Colab links in ``text`` open."""
    return {(found["home"], found["branch"]) for pattern in BADGE_LINKS for found in pattern.finditer(text)}


def colab_bootstrap(address: str) -> str:
    """The lines that open every notebook's first cell: on Colab, fetch the course and install its helpers."""
    folder = f"/content/{address.split('/')[1]}"
    return (
        "import sys\n"
        'if "google.colab" in sys.modules:  # Colab opens a notebook alone: fetch the course and its helpers once\n'
        f"    !test -d {folder} || git clone -q --depth 1 https://github.com/{address} {folder}\n"
        "    # --no-deps: the course runs on Colab's own TensorFlow, NumPy and widgets, which pip would upgrade\n"
        f"    %pip install -q --no-deps -e {folder}\n"
        f'    sys.path.insert(0, "{folder}/src")\n'
    )


def badges(address: str, branch_name: str, notebook: str) -> str:
    """The README's Binder and Colab badges that open ``notebook`` on the branch ``branch_name``."""
    binder = f"https://mybinder.org/v2/gh/{address}/{branch_name}?urlpath=lab/tree/notebooks/{notebook}"
    colab = f"https://colab.research.google.com/github/{address}/blob/{branch_name}/notebooks/{notebook}"
    return (
        f"[![Binder](https://mybinder.org/badge_logo.svg)]({binder}) "
        f"[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]({colab})"
    )


def _first_code_cell(notebook: dict) -> dict:
    return next(cell for cell in notebook["cells"] if cell["cell_type"] == "code")


def _links_elsewhere(where: str, text: str, address: str, branch_name: str) -> list[str]:
    """A line for every other address and every other branch that the badge links in ``text`` open."""
    targets = badge_targets(text)
    other_homes = sorted({linked for linked, _ in targets} - {address})
    other_branches = sorted({opened for _, opened in targets} - {branch_name})
    return [f"{where} links to {other}, not {address}" for other in other_homes] + [
        f"{where} opens the branch {other}, not {branch_name}" for other in other_branches
    ]


def problems(root: Path = ROOT) -> list[str]:
    """Every place in the README and the notebooks that does not follow the address and branch in pyproject.toml."""
    address, branch_name = home(root), branch(root)
    readme = (root / "README.md").read_text(encoding="utf-8")
    found = _links_elsewhere("README.md", readme, address, branch_name)
    if f"git clone https://github.com/{address}.git" not in readme:
        found.append(f"README.md does not clone https://github.com/{address}.git")
    for path in notebooks(root / "notebooks"):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        source = "".join(_first_code_cell(notebook)["source"])
        if not source.startswith(colab_bootstrap(address)):
            found.append(f"{path.name}: its first cell does not start with the Colab lines for {address}")
        text = "\n".join("".join(cell["source"]) for cell in notebook["cells"])
        found += _links_elsewhere(path.name, text, address, branch_name)
    return found


def move(new_address: str, root: Path = ROOT, new_branch: str | None = None) -> None:
    """Point pyproject.toml, the README and every notebook at ``new_address`` (``owner/name``), and ``new_branch``."""
    if not re.fullmatch(ADDRESS, new_address):
        raise ValueError(
            f"expected a GitHub repository as OWNER/NAME, such as my-school/deep-learning-101, got {new_address!r}"
        )
    if new_branch is not None and not re.fullmatch(BRANCH, new_branch):
        raise ValueError(f"expected a branch name such as main or summer-school, got {new_branch!r}")
    old, old_branch = home(root), branch(root)
    new_branch = new_branch or old_branch
    if problems(root):
        raise ValueError("the course disagrees with its own address; run `python tools/course_home.py check` first")

    old_name, new_name = old.split("/")[1], new_address.split("/")[1]

    def moved(text: str) -> str:
        for before, after in [
            (f"gh/{old}/{old_branch}?", f"gh/{new_address}/{new_branch}?"),  # Binder
            (f"github/{old}/blob/{old_branch}/", f"github/{new_address}/blob/{new_branch}/"),  # Colab
            (f"github.com/{old}", f"github.com/{new_address}"),  # clone commands, the Colab cell
            (f"/content/{old_name}", f"/content/{new_name}"),  # the folder Colab clones into
            (f"`cd {old_name}`", f"`cd {new_name}`"),  # the README's Quickstart
        ]:
            text = text.replace(before, after)
        return text

    pyproject = root / "pyproject.toml"
    settings = BRANCH_SETTING.sub(lambda match: f'{match[1]}"{new_branch}"', pyproject.read_text(encoding="utf-8"))
    pyproject.write_text(moved(settings), encoding="utf-8")
    readme = root / "README.md"
    readme.write_text(moved(readme.read_text(encoding="utf-8")), encoding="utf-8")
    for path in notebooks(root / "notebooks"):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for cell in notebook["cells"]:
            cell["source"] = moved("".join(cell["source"])).splitlines(keepends=True)
        path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="list every place that disagrees with pyproject.toml's address and branch")
    move_parser = commands.add_parser("move", help="move the whole course to another repository")
    move_parser.add_argument("address", help="the new repository, as OWNER/NAME")
    move_parser.add_argument("--branch", help="the branch the badges open (default: the one they open now)")
    args = parser.parse_args()
    if args.command == "move":
        old = home()
        move(args.address, new_branch=args.branch)
        print(
            f"moved the course from {old} to {home()} (branch {branch()}): "
            "commit and push, and the badges open your copy"
        )
        return 0
    found = problems()
    print("\n".join(found) if found else f"every notebook and the README follow {home()} (branch {branch()})")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
