"""Exercise feedback: ``answer = check("NN.name", answer)`` prints a verdict and returns what to use next.

``EXERCISES`` is the registry of every exercise in the course, by id.
"""

from dl101.checks import (
    nb00_welcome,
    nb01_ml_principles,
    nb02_perceptron,
    nb03_mlp,
    nb04_activations_and_losses,
    nb05_backprop_and_training,
    nb06_convolutional_networks,
    nb07_representation_learning,
    nb08_build_your_own_model,
    nb09_trust_your_model,
)
from dl101.checks.core import Exercise, Verdict, check, evaluate, show_solution

NOTEBOOK_MODULES = (
    nb00_welcome,
    nb01_ml_principles,
    nb02_perceptron,
    nb03_mlp,
    nb04_activations_and_losses,
    nb05_backprop_and_training,
    nb06_convolutional_networks,
    nb07_representation_learning,
    nb08_build_your_own_model,
    nb09_trust_your_model,
)
EXERCISES: dict[str, Exercise] = {exercise.id: exercise for module in NOTEBOOK_MODULES for exercise in module.EXERCISES}

__all__ = ["EXERCISES", "Exercise", "Verdict", "check", "evaluate", "show_solution"]
