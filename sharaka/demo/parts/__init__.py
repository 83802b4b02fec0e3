"""Demo data of the later parts (agreements, finance, portal…), one module per app.

Each module defines ORDER (an int) and `load(loader)`, called by DemoLoader.load() after the
projects, inside the same transaction, in ORDER. `loader` gives `users` (by username),
`organisations` (by acronym), `localities`, `today`, and `created` (a Counter to add to).
A module must be idempotent like the rest of the demo: look up by natural key, skip what exists.
A module may also define `before_advance(loader, project, target)`, called by the loader before each
pipeline move of a demo project (the sustainability part writes a plan before "completed").
"""

import importlib
import pkgutil


def modules():
    found = [importlib.import_module(f"{__name__}.{info.name}") for info in pkgutil.iter_modules(__path__)]
    return sorted(found, key=lambda module: module.ORDER)
