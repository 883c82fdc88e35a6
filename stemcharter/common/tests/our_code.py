"""Find every class of a kind in our own code, for tests that check a rule holds for all."""

import importlib
import pkgutil
from functools import cache

from django import forms

import stemcharter


@cache
def our_modules() -> list:
    """Every module of ``stemcharter``, tests and migrations left out, imported."""
    modules = []
    for info in pkgutil.walk_packages(stemcharter.__path__, prefix="stemcharter."):
        parts = info.name.split(".")
        if "tests" in parts or "migrations" in parts:
            continue
        modules.append(importlib.import_module(info.name))
    return modules


def _subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found.add(sub)
        found |= _subclasses(sub)
    return found


def ours(cls: type) -> bool:
    module = cls.__module__
    return module.startswith("stemcharter.") and ".tests" not in module


def our_form_classes() -> list[type[forms.BaseForm]]:
    """Every form class defined in our code (not those built at run time by a filter set)."""
    our_modules()
    return sorted(
        (cls for cls in _subclasses(forms.BaseForm) if ours(cls)), key=lambda cls: cls.__qualname__
    )


def our_subclasses(cls: type) -> list[type]:
    """Every subclass of ``cls`` defined in our code."""
    our_modules()
    return sorted((sub for sub in _subclasses(cls) if ours(sub)), key=lambda c: c.__qualname__)
