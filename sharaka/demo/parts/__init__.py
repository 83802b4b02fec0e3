"""Demo data of the later parts (agreements, finance, portal…), one module per app.

Each module defines ORDER (an int) and `load(loader)`, called by DemoLoader.load() after the
projects, inside the same transaction, in ORDER. `loader` gives `users` (by username),
`organisations` (by acronym), `localities`, `today`, and `created` (a Counter to add to).
A module must be idempotent like the rest of the demo: look up by natural key, skip what exists.
"""

import importlib
import pkgutil


def modules():
    found = [importlib.import_module(f"{__name__}.{info.name}") for info in pkgutil.iter_modules(__path__)]
    return sorted(found, key=lambda module: module.ORDER)
