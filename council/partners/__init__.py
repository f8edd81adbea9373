"""Partner organisations' door to the council: API keys with scopes, and the REST API's common parts.

- `models`: `PartnerKey` (hashed, with a prefix, scopes, expiry, revocation; djangorestframework-api-key) and its
  daily `PartnerKeyUsage`;
- `scopes`: what a key may be given, one scope per resource read and one per write;
- `services`: issue, revoke, count use; `selectors`: the key behind a presented secret, usage figures;
- `principal`: who a key is to the access rule (council.access): an organisation, never a person;
- `authentication`, `permissions`, `throttling`, `pagination`, `conditional`, `errors`: the parts every API view of
  every app is made of (`api.PartnerAPIView`, `api.PartnerViewSet`).
"""
