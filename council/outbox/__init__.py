"""One delivery mechanism for every outgoing message: rows, claims with a lease, attempts, retries, sweep.

Apps above (meetings, recommendations, council's accounts) queue rows inside the transaction of the change
that causes them; a task, dispatched by name after the commit, claims each row, sends it on a reused SMTP
session and records the attempt. One module per job:

- `models`: `Outbound` (the shared columns), `OutboxMessage` and its `OutboxAttempt` log;
- `services`: `message_queue` (idempotent by key), `messages_about`;
- `registry`: how each kind of `OutboxMessage` is built (registered by its app in `ready()`);
- `claim`: the claim with a lease naming one run; `delivery`: send and record; `retry`: the retry policy;
- `sweep`: re-dispatch lost rows; `dispatch`: hand ids to a task by name after commit;
- `backend`: the SMTP session reuse, as an email backend; `build`: headers, Message-IDs, templates.

The public names below are loaded on first use (`from council.outbox import message_queue`), so that
importing the package never loads the models before the app registry is ready.
"""

import importlib

_PUBLIC = {
    "SendState": "models",
    "AttemptOutcome": "models",
    "Outbound": "models",
    "OutboxMessage": "models",
    "OutboxAttempt": "models",
    "message_queue": "services",
    "messages_about": "services",
    "kind_register": "registry",
    "transmit": "delivery",
    "attempt_sent": "delivery",
    "record_error": "delivery",
    "run_with_retries": "delivery",
    "retry_delay": "retry",
    "is_permanent_error": "retry",
    "TRANSIENT_ERRORS": "retry",
    "sweep_register": "sweep",
    "outbox_sweep": "sweep",
}


def __getattr__(name: str):
    """The public names, loaded on first use (the models need the app registry ready)."""
    if name in _PUBLIC:
        return getattr(importlib.import_module(f"council.outbox.{_PUBLIC[name]}"), name)
    raise AttributeError(f"module 'council.outbox' has no attribute {name!r}")
