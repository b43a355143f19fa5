"""Exercise feedback: ``answer = check("NN.name", answer)`` prints a verdict and returns what to use next.

``EXERCISES`` is the registry of every exercise in the course, by id.
"""

from dl101.checks import nb00_welcome, nb01_ml_principles
from dl101.checks.core import Exercise, Verdict, check, evaluate, show_solution

EXERCISES: dict[str, Exercise] = {
    exercise.id: exercise for module in (nb00_welcome, nb01_ml_principles) for exercise in module.EXERCISES
}

__all__ = ["EXERCISES", "Exercise", "Verdict", "check", "evaluate", "show_solution"]
