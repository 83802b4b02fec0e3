"""Figures the services keep up to date in the same transaction as the change, so that the pages
read a few rows instead of summing a region's data on every request.

Each module listed here has `rebuild() -> int` (recompute everything from the source rows, after a
bulk load or to repair; returns the rows written) and `differences() -> list` (what disagrees with
the source rows: empty when all is well). `manage.py kept` checks them all (`--rebuild` recomputes
them); the bench generator rebuilds them after its bulk inserts; the tests prove each service keeps
them (the module's own tests compare with `differences()` after every change).
"""

from importlib import import_module

from django.db import transaction

# What is kept, and where: {name shown by `manage.py kept`: module}.
KEPT = {
    "finance running totals": "sharaka.finance.tally",
    "finance dashboard totals": "sharaka.finance.totals",
    "projects per status and theme, commitments per theme, public projects per partner": (
        "sharaka.projects.figures"
    ),
    "IATI activity fragments": "sharaka.portal.iati.fragments",
    "projects with a sustainability plan": "sharaka.sustainability.planned",
}


def modules():
    return {name: import_module(path) for name, path in KEPT.items()}


def rebuild_all(skip=()) -> dict[str, int]:
    """Recompute every kept figure but those named in `skip`, each module in its own transaction;
    {name: rows}."""
    done = {}
    for name, module in modules().items():
        if name in skip:
            continue
        with transaction.atomic():
            done[name] = module.rebuild()
    return done


def differences_all() -> dict[str, list]:
    """{name: differences} for every kept figure that disagrees with its source rows."""
    return {name: wrong for name, module in modules().items() if (wrong := module.differences())}
