"""Exercise feedback: ``answer = check("NN.name", answer)`` prints a verdict and returns what to use next.

``EXERCISES`` is the registry of every exercise in the course, by id. :func:`check` never raises:
it returns the answer when it is right (or when the course's own check failed), otherwise the
reference solution, so the notebook still runs to the end.
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
    nb10_your_own_images,
)
from dl101.checks.core import Exercise, Verdict, evaluate
from dl101.runtime import in_jupyter_kernel

# fmt: off
NOTEBOOK_MODULES = (nb00_welcome, nb01_ml_principles, nb02_perceptron, nb03_mlp, nb04_activations_and_losses,
                    nb05_backprop_and_training, nb06_convolutional_networks, nb07_representation_learning,
                    nb08_build_your_own_model, nb09_trust_your_model, nb10_your_own_images)
# fmt: on
EXERCISES: dict[str, Exercise] = {exercise.id: exercise for module in NOTEBOOK_MODULES for exercise in module.EXERCISES}


def check(exercise_id: str, answer):
    """Check the learner's answer to an exercise, print the verdict, and return what later cells should use."""
    exercise = _exercise(exercise_id)
    if exercise is None:
        return answer
    verdict = evaluate(exercise, answer)
    if verdict.passed:
        print(f"✓ Well done: {verdict.message}")
        return answer
    print(f"{'…' if verdict.unfinished else '✗'} {verdict.message}")
    if verdict.hint:
        print(f"  Hint: {verdict.hint}")
    if verdict.fault:
        return answer
    try:
        reference = exercise.reference()
    except Exception as error:  # noqa: BLE001 -- a missing or broken solution file must not stop the notebook
        print(f"  The reference solution could not be loaded ({type(error).__name__}: {error}); keeping your answer.")
        return answer
    print(
        f'  The rest of this notebook uses the reference solution instead; see it with show_solution("{exercise_id}").'
    )
    return reference


def show_solution(exercise_id: str) -> None:
    """Display the reference solution of an exercise (on the command line, print it); never raises."""
    exercise = _exercise(exercise_id)
    if exercise is None:
        return
    try:
        code = exercise.solution_path.read_text(encoding="utf-8")
    except OSError as error:
        print(f"✗ The solution of {exercise_id} cannot be read ({type(error).__name__}: {error}).")
        return
    if in_jupyter_kernel():
        from IPython.display import Markdown, display

        display(Markdown(f"```python\n{code}\n```"))
    else:
        print(code)


def _exercise(exercise_id) -> Exercise | None:
    """The exercise with this id; None, after saying which ids exist, when there is none."""
    if isinstance(exercise_id, str) and exercise_id in EXERCISES:
        return EXERCISES[exercise_id]
    print(f"✗ There is no exercise {exercise_id!r}; known exercises: {', '.join(sorted(EXERCISES))}.")
    return None


__all__ = ["EXERCISES", "Exercise", "Verdict", "check", "evaluate", "show_solution"]
