"""Every admin screen refuses impossible ids in its relation fields with a message, never a 5xx: the site gives
each ModelAdmin and inline it registers the safe relation fields (council.admin_site.with_safe_relations), so a
new screen cannot miss them."""

import pytest
from django.contrib import admin
from django.urls import reverse

from council.admin_site import SafeAutocompleteAdminMixin
from recommendations.models import Recommendation

pytestmark = pytest.mark.django_db


def test_every_admin_and_inline_of_the_site_uses_the_safe_relation_fields():
    missing = []
    for model_admin in admin.site._registry.values():
        if not isinstance(model_admin, SafeAutocompleteAdminMixin):
            missing.append(type(model_admin).__name__)
        missing += [
            inline.__name__ for inline in model_admin.inlines if not issubclass(inline, SafeAutocompleteAdminMixin)
        ]
    assert not missing


@pytest.mark.parametrize("field", ["addressee_states", "tags", "meetings"])
def test_an_impossible_id_in_a_many_to_many_field_is_refused_with_a_message(client, staff, group_b, field):
    client.force_login(staff)
    before = Recommendation.objects.count()
    response = client.post(
        reverse("admin:recommendations_recommendation_add"),
        {"working_group": group_b.pk, "title_ru": "Текст", "text_ru": "Текст", field: "99999999999999999999"},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors.get(field)
    assert Recommendation.objects.count() == before
