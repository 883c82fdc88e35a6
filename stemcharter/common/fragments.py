"""Rendered fragments of a page (a card) kept in the cache, keyed on what they show.

A card of an action, a story or a signatory is the same HTML for every visitor: its key is made
of the objects it shows (each one's model, id and ``updated_at``: saving any of them makes a new
key), the other values it depends on (the heading level, today's date for "past"), the language,
and the version of the templates and translations this process runs (a deploy that changes a
template or a translation makes new keys too). A key is never invalidated: a change makes
another key, and the old fragment expires or makes room. They live in each process's memory
(``settings.CACHES["fragments"]``): a key means the same HTML everywhere, so nothing needs to be
shared, and a round trip to Redis per card cost more than rendering the card. Template tag:
``{% fragment_cache "name" object … %}…{% endfragment_cache %}`` (``templatetags/stem.py``).
"""

import hashlib
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db.models import Model
from django.template.utils import get_app_template_dirs
from django.utils.translation import get_language

FRAGMENT_CACHE = "fragments"  # settings.CACHES: each process's memory


@cache
def templates_version() -> str:
    """A digest of every template and compiled translation this process renders with."""
    digest = hashlib.blake2b(digest_size=8)
    roots = [
        *(Path(directory) for engine in settings.TEMPLATES for directory in engine["DIRS"]),
        *(Path(directory) for directory in get_app_template_dirs("templates")),
        *(Path(directory) for directory in settings.LOCALE_PATHS),
    ]
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix in (".html", ".txt", ".mo") and path.is_file():
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def _version_of(value) -> str:
    if isinstance(value, Model):
        return f"{value._meta.label_lower}:{value.pk}:{value.updated_at.isoformat()}"
    if isinstance(value, Iterable) and not isinstance(value, str | bytes):
        return "[" + ",".join(_version_of(item) for item in value) + "]"
    return repr(value)


def fragment_store():
    return caches[FRAGMENT_CACHE]


def fragment_key(name: str, values: Iterable) -> str:
    """The cache key of fragment ``name`` showing ``values`` (models, lists of models, or
    plain values), in the current language."""
    parts = "|".join(_version_of(value) for value in values)
    digest = hashlib.blake2b(parts.encode(), digest_size=16).hexdigest()
    return f"fragment:{name}:{get_language()}:{templates_version()}:{digest}"
