"""A document of the tests' own, whose data, audience and failures a test sets, under the kind `compendium`."""

import dataclasses
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from council import reporting
from council.reporting import Audience, Builder, Gathered


@dataclasses.dataclass
class TestDocument:
    """What the test document gathers now: a test changes it between requests."""

    text: str = "Oʻzbekiston Gʻalaba — Қазақстан"
    audience: Audience = dataclasses.field(default_factory=Audience)
    frozen: bool = False
    fail_with: Exception | None = None
    gathered: int = 0

    def clean(self, parameters):
        if parameters.get("bad"):
            raise ValidationError("No such thing.")
        return {"n": int(parameters.get("n", 1))}

    def gather(self, parameters):
        self.gathered += 1
        if self.fail_with is not None:
            raise self.fail_with
        return Gathered(
            data={"subtitle": "Test", "heading": "Section", "text": self.text, "n": parameters["n"]},
            title="Test document",
            reference=f"REC/TEST/{parameters['n']}",
            audience=self.audience,
            frozen=self.frozen,
        )


@pytest.fixture
def test_document(settings):
    """Stand in for the compendium's builder with TestDocument (and its template) for one test."""
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [Path(__file__).parent / "templates", *settings.TEMPLATES[0]["DIRS"]]}
    ]
    document = TestDocument()
    kept = dict(reporting._builders)
    reporting.builder_register(
        Builder(kind="compendium", template="reports/test_document.html", clean=document.clean, gather=document.gather)
    )
    yield document
    reporting._builders.clear()
    reporting._builders.update(kept)


@pytest.fixture(autouse=True)
def _messages_in_english():
    """Messages (a builder's refusals) are read in English here; documents say their own language, pages theirs."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def rendered(django_capture_on_commit_callbacks):
    """Run what a request dispatches after its commit (the rendering, the email), as production does."""

    def run(call):
        with django_capture_on_commit_callbacks(execute=True):
            return call()

    return run
