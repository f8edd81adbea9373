"""One error format for every API answer that is not a success: RFC 9457 problem details.

    {"type": "https://<site>/api/v1/docs/#errors", "title": "Not Found", "status": 404,
     "code": "not_found", "detail": "Not found.", "errors": {"field": ["message", ...]}}

`code` is stable (for programs), `detail` is a sentence in the caller's language (Accept-Language), `errors` comes
with 400 only: the messages per field (`non_field_errors` for the whole input).
"""

from http import HTTPStatus

from django.conf import settings
from django.http import JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"


def problem_body(status_code: int, *, code: str, detail) -> dict:
    return {
        "type": f"{settings.SITE_URL.rstrip('/')}/api/v1/docs/#section/Errors",
        "title": HTTPStatus(status_code).phrase,
        "status": status_code,
        "code": code,
        "detail": str(detail),
    }


def problem_response(status_code: int, *, code: str, detail) -> JsonResponse:
    """The same body from plain Django, for what answers before DRF (middleware)."""
    return JsonResponse(
        problem_body(status_code, code=code, detail=detail),
        status=status_code,
        content_type=PROBLEM_CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )


def problem(status_code: int, *, code: str, detail, errors=None, headers=None) -> Response:
    body = problem_body(status_code, code=code, detail=detail)
    if errors is not None:
        body["errors"] = errors
    return Response(body, status=status_code, headers=headers, content_type=PROBLEM_CONTENT_TYPE)


def _code(exc) -> str:
    codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else None
    if isinstance(codes, str):
        return codes
    return getattr(exc, "default_code", "error")


def _messages(data):
    """Validation messages as {field: [str, ...]}, nested serializers flattened with dotted names."""
    if isinstance(data, list):
        if data and all(not isinstance(item, (dict, list)) for item in data):
            return {"non_field_errors": [str(item) for item in data]}
        flat = {}
        for index, item in enumerate(data):
            for field, messages in _messages(item).items():
                flat[f"{index}.{field}"] = messages
        return flat
    if isinstance(data, dict):
        flat = {}
        for field, value in data.items():
            if isinstance(value, (dict, list)) and any(isinstance(item, (dict, list)) for item in value):
                for sub, messages in _messages(value).items():
                    flat[f"{field}.{sub}"] = messages
            else:
                flat[str(field)] = [str(item) for item in (value if isinstance(value, list) else [value])]
        return flat
    return {"non_field_errors": [str(data)]}


def problem_handler(exc, context):
    """DRF's handler, then the answer reshaped as problem details (headers such as Retry-After kept)."""
    response = exception_handler(exc, context)
    if response is None:
        return None
    headers = {name: value for name, value in response.items() if name.lower() in ("retry-after", "www-authenticate")}
    if isinstance(exc, exceptions.ValidationError):
        return problem(
            status.HTTP_400_BAD_REQUEST,
            code="invalid",
            detail=_invalid_detail(),
            errors=_messages(exc.detail),
            headers=headers,
        )
    detail = exc.detail if isinstance(exc, exceptions.APIException) else response.data.get("detail", "")
    if isinstance(detail, (list, dict)):
        detail = "; ".join(str(item) for item in _messages(detail).get("non_field_errors", [])) or str(detail)
    return problem(response.status_code, code=_code(exc), detail=detail, headers=headers)


def _invalid_detail():
    from django.utils.translation import gettext

    return gettext("The request is not valid: see the errors per field.")
