"""A cache in each process's memory that keeps the objects themselves.

Django's ``LocMemCache`` pickles every value on ``set`` and unpickles it on every ``get``, so
each reader gets a copy of its own. For what a public page reads from the database and keeps
until public content changes (``common.fragments.until_content_changes`` with
``PAGE_DATA_CACHE``: a signatory's page is about 70 model instances), unpickling was the
largest single cost of a warm request (17 % of a signatory page's time at the large scale of
``bench/``). ``ObjectMemoryCache`` keeps the objects as they are: every request of the process
reads the same objects, so what is kept there must be read only (the views build new values
from it, never change it; ``dataclasses.replace``, not assignment). Objects take about four
times their pickled size (a signatory page 240 KB against 53 KB), so its ``MAX_ENTRIES`` is
small (``settings.CACHES``); the least recently read entries make room, as in
``LocMemCache``.
"""

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache


class ObjectMemoryCache(LocMemCache):
    """``LocMemCache`` without the pickling: ``get`` returns the very object ``set`` kept.
    Only ``add``, ``get``, ``set`` (and what ``LocMemCache`` builds on them: ``delete``,
    ``touch``, ``clear``, ``has_key``) are offered; ``incr`` is not (nothing counts here)."""

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._set(key, value, timeout)
                return True
            return False

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._delete(key)
                return default
            value = self._cache[key]
            self._cache.move_to_end(key, last=False)
        return value

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> None:
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            self._set(key, value, timeout)

    def incr(self, key, delta=1, version=None):
        raise NotImplementedError("ObjectMemoryCache keeps objects; it counts nothing.")
