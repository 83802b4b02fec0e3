"""Every form class written in Sharaka, found by importing every module of the package (not a list)."""

import importlib
import pkgutil

from django import forms

import sharaka

SKIPPED = (".tests", ".migrations", "sharaka.wsgi")


def sharaka_modules():
    for info in pkgutil.walk_packages(sharaka.__path__, "sharaka."):
        if not any(part in info.name for part in SKIPPED):
            yield importlib.import_module(info.name)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def sharaka_forms() -> list[type]:
    """Form and ModelForm classes defined in the application's modules (tests excluded)."""
    list(sharaka_modules())
    found = {
        cls
        for cls in _subclasses(forms.BaseForm)
        if cls.__module__.startswith("sharaka.") and ".tests" not in cls.__module__
    }
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")
