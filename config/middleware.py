"""Request hygiene that no view should have to repeat."""

from urllib.parse import unquote_to_bytes

from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _

NUL = "\x00"
# The partner API answers its errors as problem details (council.partners.errors), also this one.
API_PREFIX = "/api/"


def _has_nul(value: str) -> bool:
    return NUL in value


class RejectNulBytesMiddleware:
    """Answer 400 to any request with a NUL byte in its path, query, cookies or form fields.

    No person types a NUL, PostgreSQL refuses it in text, and a value that reaches the database with one
    turns a harmless typo into a server error. Checked once here, before sessions or views read anything.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._is_hostile(request):
            if request.path_info.startswith(API_PREFIX):
                from council.partners.errors import problem_response

                return problem_response(400, code="nul_character", detail=_("The request contains a NUL character."))
            return HttpResponseBadRequest(
                _("The request contains a NUL character, which no page or form accepts."),
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Forms are read once the URL matched, as CsrfViewMiddleware does next; a csrf_exempt view may set its
        # own upload handlers first (Django's documented pattern), so its body is left to its forms.
        if request.method != "POST" or getattr(view_func, "csrf_exempt", False):
            return None
        if request.content_type not in ("application/x-www-form-urlencoded", "multipart/form-data"):
            return None
        names = [(key, values) for key, values in request.POST.lists()]
        names += [(key, [f.name or "" for f in files]) for key, files in request.FILES.lists()]
        for key, values in names:
            if _has_nul(key) or any(_has_nul(v) for v in values):
                return HttpResponseBadRequest(
                    _("The form contains a NUL character, which no field accepts."),
                    content_type="text/plain; charset=utf-8",
                )
        return None

    @staticmethod
    def _is_hostile(request) -> bool:
        if _has_nul(request.path_info) or _has_nul(request.path):
            return True
        raw_query = request.META.get("QUERY_STRING", "")
        if b"\x00" in unquote_to_bytes(raw_query.replace("+", " ")):
            return True
        return any(_has_nul(k) or _has_nul(v) for k, v in request.COOKIES.items())
