"""What every test file would otherwise repeat."""

import matplotlib

# Figures are drawn without a screen, before any test module imports pyplot.
matplotlib.use("Agg")
