"""Fixtures of the portal's own pages: the recommendations' working group, its texts and rounds."""

from tests.recommendations.conftest import (  # noqa: F401 - fixtures used by the tests of this folder
    advance,
    ec,
    in_consultation,
    make_recommendation,
    meeting_round,
    silence_round,
    unanimous,
    wg,
)
