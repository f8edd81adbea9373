"""Helpers the tests of every app share: admin actions, the messages a page shows, stored files, languages."""

from django.urls import reverse


def admin_action(client, model, action: str, objects, *, follow: bool = False, **data):
    """Tick `objects` on the admin list of `model`, choose `action` and press Go, as the secretariat does."""
    changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    return client.post(
        changelist, {"action": action, "_selected_action": [o.pk for o in objects], **data}, follow=follow
    )


def messages_of(response) -> list[str]:
    """The messages shown on the page a request ended on (follow=True)."""
    return [str(m) for m in response.context["messages"]] if response.context else []


def stored_files(media) -> list:
    """Every file under the media folder of the test."""
    return [p for p in media.rglob("*") if p.is_file()]


def speaking_english(user):
    """The person, with English as their preferred language (their pages and emails are in English)."""
    user.preferred_language = "en"
    user.save(update_fields=["preferred_language"])
    return user


def hidden_answer(response, *, signed_in: bool) -> bool:
    """Whether `response` is how a hidden (or missing) portal page answers: 404 to people signed in; people signed
    out are sent to sign in and back (council.middleware.SignInForHiddenPagesMiddleware)."""
    if signed_in:
        return response.status_code == 404
    return response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")


def shown_or_hidden(response, allowed: bool, *, signed_in: bool) -> bool:
    """200 when the person may see the page, else the hidden answer (`hidden_answer`)."""
    return response.status_code == 200 if allowed else hidden_answer(response, signed_in=signed_in)
