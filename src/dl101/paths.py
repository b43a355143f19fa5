"""Where the course's files live: the repository this package was installed from."""

from pathlib import Path

# src/dl101/paths.py -> the repository root (the package is installed editable, see README).
ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS_DIR = ROOT / "solutions"
NOTEBOOKS_DIR = ROOT / "notebooks"
