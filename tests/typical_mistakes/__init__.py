"""Typical wrong answers to every exercise, with a piece of the hint each must get.

One module per notebook, like ``dl101.checks``. ``TYPICAL_MISTAKES`` maps an exercise id to
``(answer, hint_fragment)`` pairs; tests/test_checks.py requires at least three per exercise.
"""

from typical_mistakes import (
    nb03_mlp,
    nb04_activations_and_losses,
    nb05_backprop_and_training,
    nb06_convolutional_networks,
    nb07_representation_learning,
    nb08_build_your_own_model,
)

TYPICAL_MISTAKES = {}
for _module in (
    nb03_mlp,
    nb04_activations_and_losses,
    nb05_backprop_and_training,
    nb06_convolutional_networks,
    nb07_representation_learning,
    nb08_build_your_own_model,
):
    TYPICAL_MISTAKES.update(_module.TYPICAL_MISTAKES)
