"""The answers learners give (tests/learner_answers.py) get the verdict and the message they should."""

import re

import pytest

from learner_answers import ANSWERS, RIGHT, WRONG, in_tier, verdict


@pytest.mark.parametrize(
    "index",
    [in_tier(answer.exercise_id, index) for index, answer in enumerate(ANSWERS)],
    ids=[f"{answer.exercise_id}: {answer.label}" for answer in ANSWERS],
)
def test_a_learners_answer_gets_its_verdict_and_message(index):
    answer, verdict_ = ANSWERS[index], verdict(index)
    said = f"{verdict_.message} {verdict_.hint}"
    assert not verdict_.fault, said
    if answer.verdict == RIGHT:
        assert verdict_.passed, said
    else:
        assert not verdict_.passed
        assert verdict_.known == (None if answer.verdict == WRONG else answer.verdict), said
    assert re.search(answer.message, said), said
