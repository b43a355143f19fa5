"""The course's home address: written once in pyproject.toml; the badges and Colab cells follow it.

Run from anywhere:

    python tools/course_home.py check              # do the README and every notebook agree with it?
    python tools/course_home.py move OWNER/NAME    # move the course to another repository, such as a fork

The address is ``[project.urls] Repository`` in ``pyproject.toml``. It appears in the README's
clone command and its Binder and Colab badges, and in the first cell of every notebook, which
on Colab clones the course before anything of it is installed. ``move`` rewrites all of them;
``check`` lists every place that disagrees (``tests/test_course_home.py`` runs it).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
from pathlib import Path

from dl101.course import notebooks

REPO_ROOT = Path(__file__).resolve().parent.parent
BRANCH = "main"
ADDRESS = r"[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+"
# Binder and Colab links always open the course; plain GitHub links may name other projects.
BADGE_LINK = re.compile(rf"(?:mybinder\.org/v2/gh/|colab\.research\.google\.com/github/)(?P<home>{ADDRESS})/")


def home(root: Path = REPO_ROOT) -> str:
    """The course's repository as ``owner/name``, from pyproject.toml."""
    url = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]["Repository"]
    match = re.fullmatch(rf"https://github\.com/(?P<home>{ADDRESS})", url)
    if not match:
        raise ValueError(f"expected [project.urls] Repository to be https://github.com/OWNER/NAME, got {url!r}")
    return match["home"]


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


def badges(address: str, notebook: str) -> str:
    """The README's Binder and Colab badges that open ``notebook``."""
    binder = f"https://mybinder.org/v2/gh/{address}/{BRANCH}?urlpath=lab/tree/notebooks/{notebook}"
    colab = f"https://colab.research.google.com/github/{address}/blob/{BRANCH}/notebooks/{notebook}"
    return (
        f"[![Binder](https://mybinder.org/badge_logo.svg)]({binder}) "
        f"[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]({colab})"
    )


def _first_code_cell(notebook: dict) -> dict:
    return next(cell for cell in notebook["cells"] if cell["cell_type"] == "code")


def problems(root: Path = REPO_ROOT) -> list[str]:
    """Every place in the README and the notebooks that does not follow the address in pyproject.toml."""
    address = home(root)
    found = []
    readme = (root / "README.md").read_text(encoding="utf-8")
    for other in sorted({match["home"] for match in BADGE_LINK.finditer(readme)} - {address}):
        found.append(f"README.md links to {other}, not {address}")
    if f"git clone https://github.com/{address}.git" not in readme:
        found.append(f"README.md does not clone https://github.com/{address}.git")
    for path in notebooks(root / "notebooks"):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        source = "".join(_first_code_cell(notebook)["source"])
        if not source.startswith(colab_bootstrap(address)):
            found.append(f"{path.name}: its first cell does not start with the Colab lines for {address}")
        for cell in notebook["cells"]:
            for other in {match["home"] for match in BADGE_LINK.finditer("".join(cell["source"]))} - {address}:
                found.append(f"{path.name} links to {other}, not {address}")
    return found


def move(new_address: str, root: Path = REPO_ROOT) -> None:
    """Point pyproject.toml, the README and every notebook at ``new_address`` (``owner/name``)."""
    if not re.fullmatch(ADDRESS, new_address):
        raise ValueError(
            f"expected a GitHub repository as OWNER/NAME, such as my-school/deep-learning-101, got {new_address!r}"
        )
    old = home(root)
    if problems(root):
        raise ValueError("the course disagrees with its own address; run `python tools/course_home.py check` first")

    old_name, new_name = old.split("/")[1], new_address.split("/")[1]

    def moved(text: str) -> str:
        for before, after in [
            (f"github.com/{old}", f"github.com/{new_address}"),  # clone commands, the Colab cell
            (f"gh/{old}/", f"gh/{new_address}/"),  # Binder
            (f"github/{old}/", f"github/{new_address}/"),  # Colab
            (f"/content/{old_name}", f"/content/{new_name}"),  # the folder Colab clones into
            (f"`cd {old_name}`", f"`cd {new_name}`"),  # the README's Quickstart
        ]:
            text = text.replace(before, after)
        return text

    for path in (root / "pyproject.toml", root / "README.md"):
        path.write_text(moved(path.read_text(encoding="utf-8")), encoding="utf-8")
    for path in notebooks(root / "notebooks"):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for cell in notebook["cells"]:
            cell["source"] = moved("".join(cell["source"])).splitlines(keepends=True)
        path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="list every place that disagrees with pyproject.toml's address")
    move_parser = commands.add_parser("move", help="move the whole course to another repository")
    move_parser.add_argument("address", help="the new repository, as OWNER/NAME")
    args = parser.parse_args()
    if args.command == "move":
        old = home()
        move(args.address)
        print(f"moved the course from {old} to {home()}: commit and push, and the badges open your copy")
        return 0
    found = problems()
    print("\n".join(found) if found else f"every notebook and the README follow {home()}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
