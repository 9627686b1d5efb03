"""The catalogue fixtures, shared with tests/catalogue/."""

from tests.catalogue.conftest import catalogue, run_embedded

__all__ = ["catalogue", "run_embedded"]
