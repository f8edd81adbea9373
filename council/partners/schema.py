"""The OpenAPI schema's common parts: the problem-details error body, and the answers every operation may give.

Each operation documents its success answers (from its serializer); this schema class adds what the shared parts
of every view may answer, so that the schema is never wrong about a status code: 304 (conditional GET), 400 (a bad
parameter or body), 401 (no usable key), 403 (no scope), 404 (hidden or missing), 406 (an Accept we cannot serve),
429 (over the limit, with Retry-After), and 415 for writes (a body that is not JSON).
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from council.partners.errors import PROBLEM_CONTENT_TYPE


class ProblemSerializer(serializers.Serializer):
    """An error (RFC 9457 problem details)."""

    type = serializers.URLField(help_text="Where the error format is described")
    title = serializers.CharField(help_text="The HTTP status phrase")
    status = serializers.IntegerField(help_text="The HTTP status code")
    code = serializers.CharField(help_text="A stable code for programs, e.g. not_found, missing_scope, throttled")
    detail = serializers.CharField(help_text="A sentence for people, in the language of Accept-Language")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="With 400 only: the messages per field (non_field_errors for the whole request)",
    )

    class Meta:
        ref_name = "Problem"


ERRORS = {
    "400": "The request is not valid: a parameter or a field of the body (see `errors`).",
    "401": "No API key, or an unknown, expired or revoked one.",
    "403": "The key does not hold the scope of this resource (or a person's session tried a partner's write).",
    "404": "Not found, or not shared with the caller (the two are not told apart).",
    "406": "The Accept header asks for a format this resource does not give.",
    "429": "Too many requests for this key and scope: wait the seconds of `Retry-After`.",
}
WRITE_ERRORS = {
    "409": "The request conflicts with the current state of the resource.",
    "415": "The body is not JSON.",
    "422": "The Idempotency-Key was used before with a different body.",
}


class PartnerAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        errors = dict(ERRORS)
        if self.method not in ("GET", "HEAD"):
            errors.update(WRITE_ERRORS)
        for code, description in errors.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(response=ProblemSerializer, description=description),
                    code,
                    [PROBLEM_CONTENT_TYPE],
                    direction,
                )
        if self.method == "GET" and "304" not in responses:
            responses["304"] = {"description": "Not modified: the ETag or date sent still holds (no body)."}
        return responses


# Query parameters that take an empty value as "not given" (DRF's own); every filter refuses an empty value.
EMPTY_ALLOWED = {"cursor", "ordering"}


def filters_need_a_value(result, generator, request, public):
    """Post-processing hook: a filter parameter given must hold something (council.partners.filters)."""
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                schema = parameter.get("schema", {})
                if parameter.get("in") != "query" or parameter.get("name") in EMPTY_ALLOWED:
                    continue
                if schema.get("type") == "string" and "enum" not in schema:
                    schema.setdefault("minLength", 1)
                if schema.get("type") == "array" and schema.get("items", {}).get("type") == "string":
                    schema["items"].setdefault("minLength", 1)
    return result
