"""Portal pages of the council: a body's page, the language switcher."""

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from council import selectors, services
from council.permissions import can_see_composition, can_see_member_names


def body_detail(request, code):
    body = get_object_or_404(selectors.bodies_with_current_members(), code=code)
    if body.is_working_group:
        return redirect(body.get_absolute_url())  # the group's page is the body's one page
    show_names = can_see_member_names(request.user, body)
    return render(
        request,
        "council/body.html",
        {
            "summary": selectors.body_summary(body),
            "show_names": show_names,
            "composition": selectors.body_composition(body)
            if not show_names and can_see_composition(request.user)
            else None,
        },
    )


@require_POST
def language_switch(request):
    """Django's set_language, which also remembers the choice for a signed-in person."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        services.user_set_language(user=request.user, language=language)
    return response
