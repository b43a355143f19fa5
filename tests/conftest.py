"""What every test file would otherwise repeat."""

import matplotlib
import pytest

# Figures are drawn without a screen, before any test module imports pyplot.
matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def course_style():
    """Each test draws with the course's style, as the notebooks do, whatever an earlier test changed."""
    from dl101.plotting import use_course_style

    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        matplotlib.use("Agg")
        use_course_style()
        yield
