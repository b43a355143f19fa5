"""The Colab-versions check reads its pin file: Colab's Python, and exact versions only."""

import pytest

import check_colab_versions as colab


def test_the_pin_file_names_a_python_and_pins_the_course_s_libraries_exactly():
    pins = colab.PINS.read_text()
    assert colab.pinned_python(pins) == "3.13"
    versions = colab.pinned_versions(pins)
    assert {"tensorflow", "keras", "numpy", "ipywidgets", "ipykernel", "scikit-learn", "matplotlib"} <= set(versions)
    assert versions["ipywidgets"].startswith("7."), "Colab's ipywidgets is 7, the version the explorers must handle"
    requirement_lines = [line for line in pins.splitlines() if line and not line.startswith("#")]
    assert len(requirement_lines) == len(versions), "every requirement in the pin file is name==version"


def test_a_pin_file_without_its_python_line_is_refused():
    with pytest.raises(ValueError, match="# python: X.Y"):
        colab.pinned_python("numpy==2.1.3\n")


def test_the_test_tools_it_adds_are_not_packages_colab_pins():
    names = {tool.split(">")[0].split("=")[0] for tool in colab.TEST_TOOLS}
    assert not names & set(colab.pinned_versions(colab.PINS.read_text()))
