"""The demo's regional figures: the figure the public news items cite, with its source, and fictional per-state
figures marked as demo (one small, shown as "<5"); seeding twice adds nothing."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from council.models import AuditRecord
from figures.models import Indicator, Value

pytestmark = pytest.mark.django_db


@pytest.fixture
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


def test_the_seeds_figure_is_a_regional_value_with_its_source_and_demo_ones_are_marked(settings, var_dir, client):
    settings.DEBUG = False
    call_command("seed")
    cited = Value.objects.get(indicator__code="repatriated", state=None)
    assert (cited.number, cited.year_from, cited.year_to, cited.status) == (2100, 2019, 2024, "approved")
    assert "ISRS" in cited.source and not cited.is_demo
    per_state = Value.objects.exclude(state=None)
    assert per_state.exists() and all(v.is_demo and v.status == "approved" for v in per_state)
    assert per_state.filter(number=3).count() == 1
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    landing = client.get(reverse("portal:landing")).content.decode()
    assert "2,100" in landing and "ISRS" in landing
    page = client.get(reverse("figures:index")).content.decode()
    assert "&lt;5" in page and 'class="figure-demo"' in page


def test_seeding_figures_twice_adds_nothing(settings, var_dir):
    settings.DEBUG = False
    call_command("seed")
    counts = (Indicator.objects.count(), Value.objects.count(), AuditRecord.objects.count())
    call_command("seed")
    assert (Indicator.objects.count(), Value.objects.count(), AuditRecord.objects.count()) == counts
