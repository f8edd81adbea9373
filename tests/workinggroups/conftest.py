"""Fixtures of the working groups' pages and the landing page: group A with its work (fixtures.py), group B and the
executive committee with the walks of the recommendations tests."""

from tests.recommendations.conftest import advance, ec, make_recommendation, unanimous, wg  # noqa: F401
from tests.workinggroups.fixtures import wga, work  # noqa: F401
