"""The uncertainty of a result: bootstrap intervals that cover what they claim, and the spread over seeds."""

import numpy as np
import pytest

from dl101.metrics import Interval, accuracy, bootstrap, spread


def test_the_bootstrap_interval_of_a_mean_covers_the_true_mean_as_often_as_its_level_says():
    rng = np.random.default_rng(0)
    p, n, repeats = 0.8, 400, 200  # a model right on 80 % of objects, scored on 400 of them, 200 times
    covered = []
    for repeat in range(repeats):
        right = rng.random(n) < p
        interval = bootstrap(np.mean, right, draws=400, level=0.9, seed=repeat)
        covered.append(interval.low <= p <= interval.high)
    # A 90 % interval covers the truth 90 % of the time; 200 repeats put 1.6 sigma at ±3.5 points.
    assert 0.84 <= np.mean(covered) <= 0.96


def test_a_paired_bootstrap_is_narrower_than_one_that_ignores_the_pairing():
    rng = np.random.default_rng(1)
    hard = rng.random(2000) < 0.2  # objects both models tend to get wrong
    a = ~hard | (rng.random(2000) < 0.3)
    b = ~hard & (rng.random(2000) < 0.97)
    paired = bootstrap(lambda x, y: x.mean() - y.mean(), a, b, draws=500)
    draws_b = bootstrap(np.mean, b, draws=500, seed=7)
    draws_a = bootstrap(np.mean, a, draws=500, seed=8)
    unpaired_width = np.hypot(draws_a.high - draws_a.low, draws_b.high - draws_b.low)
    assert paired.value == pytest.approx(a.mean() - b.mean())
    assert paired.high - paired.low < 0.8 * unpaired_width
    assert paired.low > 0  # a beats b here, beyond the test set's noise


def test_an_interval_is_the_value_on_the_data_and_the_percentiles_of_the_draws():
    values = np.arange(10.0)
    interval = bootstrap(np.mean, values, draws=2000, level=0.5, seed=3)
    assert isinstance(interval, Interval) and interval.value == 4.5 and interval.level == 0.5
    assert interval.low < 4.5 < interval.high
    rows = np.random.default_rng(3).integers(0, 10, size=(2000, 10))
    means = values[rows].mean(axis=1)
    assert (interval.low, interval.high) == pytest.approx(tuple(np.percentile(means, [25, 75])))
    assert str(interval) == f"+4.500 (50% interval {interval.low:+.3f} to {interval.high:+.3f})"


@pytest.mark.parametrize(
    ("samples", "keywords", "expected"),
    [
        ((np.ones(5), np.ones(4)), {}, "same number of rows"),
        ((np.ones(1),), {}, "at least 2 rows"),
        ((np.ones(5),), {"draws": 0}, "draws"),
        ((np.ones(5),), {"level": 95}, "level"),
        ((), {}, "one or more samples"),
    ],
)
def test_bad_bootstrap_arguments_say_what_was_expected(samples, keywords, expected):
    with pytest.raises(ValueError, match=expected):
        bootstrap(np.mean, *samples, **keywords)


def test_the_spread_over_seeds_is_the_mean_the_sample_deviation_and_the_range():
    result = spread([0.90, 0.92, 0.97])
    assert result.mean == pytest.approx(0.93) and result.std == pytest.approx(np.std([0.90, 0.92, 0.97], ddof=1))
    assert (result.low, result.high, result.n) == (0.90, 0.97, 3)
    assert str(result) == "0.930 ± 0.036 (n = 3; 0.900 to 0.970)"
    with pytest.raises(ValueError, match="two or more"):
        spread([0.9])


def test_accuracy_takes_the_most_probable_class():
    probabilities = np.array([[0.7, 0.3], [0.4, 0.6], [0.5, 0.5]])
    assert accuracy(probabilities, np.array([0, 0, 0])) == pytest.approx(2 / 3)  # a tie goes to the first class
    with pytest.raises(ValueError, match="probabilities"):
        accuracy(probabilities[:, 0], np.array([0, 0, 0]))
