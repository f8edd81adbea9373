"""Signed webhooks to partner organisations, delivered through the outbox (DESIGN.md, "Partner API").

One module per job:

- `models`: `WebhookEndpoint`, `WebhookEvent`, `WebhookDelivery` (an outbox row) and its `WebhookAttempt` log;
- `services`: endpoints registered, changed, rotated, disabled; `webhook_event_queue`, which the apps above call
  inside the transaction of a change; deliveries retried;
- `selectors`: `endpoints_of`, `deliveries_of`;
- `addresses`: the one rule of where a webhook may go (URL form, public addresses only: no SSRF);
- `signing`: Standard Webhooks secrets and signatures; `payloads`: the envelope, times, API addresses;
- `transport`: one POST to a checked address; `delivery`: an attempt, its outcome, the retry schedule, the beat's
  dispatch of due rows; `tasks`: the Celery tasks; `admin`: the secretariat's screens.
"""
