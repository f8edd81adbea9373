"""axe-core, run offline in the page: the pinned copy shipped inside the `axe-playwright-python` wheel.

Nothing is fetched at test time: the script is read from the installed package (its version is in the file's
first line, `/*! axe vX.Y.Z`) and evaluated in the page through the DevTools protocol, which the page's CSP
does not govern.
"""

import functools
from importlib import resources

# Impacts that fail a page. "moderate" and "minor" findings are reported by axe but do not fail CI.
FAILING_IMPACTS = ("serious", "critical")


@functools.cache
def axe_source() -> str:
    return resources.files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")


def axe_version() -> str:
    first = axe_source().split("\n", 1)[0]  # "/*! axe v4.12.1"
    return first.rsplit("v", 1)[-1].strip()


def axe_violations(page) -> list[dict]:
    """axe's violations of the page as it is now, serious and critical ones only."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    # No preload: axe would fetch the stylesheets' @imports itself, resolved against the page's URL (wrongly).
    results = page.evaluate("axe.run(document, {resultTypes: ['violations'], preload: false})")
    return [v for v in results["violations"] if v.get("impact") in FAILING_IMPACTS]


def describe(violations: list[dict]) -> list[str]:
    """One line per violation: rule, impact, and the first few elements it names."""
    lines = []
    for v in violations:
        targets = ", ".join(" ".join(map(str, node["target"])) for node in v["nodes"][:3])
        lines.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])}x): {v['help']} — {targets}")
    return lines
