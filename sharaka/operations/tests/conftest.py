"""Fixtures borrowed from the apps whose scheduled ticks are tested here."""

from sharaka.agreements.tests.conftest import foreign_commune  # noqa: F401
from sharaka.finance.tests.conftest import money, rates  # noqa: F401
