"""Rows of the API authorization matrix, one module per app: each defines `rows(world, extra) -> list[ApiCase]`
and may define `extend(world) -> dict` to add objects its rows need (kept in `extra` under the module's name)."""

MODULES = ["council", "figures", "meetings", "outcomes", "recommendations", "programme", "reports", "webhooks"]
