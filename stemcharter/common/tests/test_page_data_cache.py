"""What a public page reads, kept as objects (``common.cache_backends.ObjectMemoryCache``,
``common.fragments.PAGE_DATA_CACHE``): no copy per reader, bounded, expiring, and a change to
public content still shows at once."""

import time

import pytest
from django.core.cache import caches

from stemcharter.actions.tests.factories import PublishedActionFactory
from stemcharter.common.cache_backends import ObjectMemoryCache
from stemcharter.common.fragments import PAGE_DATA_CACHE, PROCESS_CACHES, until_content_changes

pytestmark = pytest.mark.django_db


def store(**options) -> ObjectMemoryCache:
    return ObjectMemoryCache(f"test-{time.monotonic_ns()}", {"OPTIONS": options})


def test_the_object_itself_is_read_back_not_a_copy():
    cache = store()
    value = {"rows": [1, 2, 3]}
    cache.set("key", value)
    assert cache.get("key") is value
    assert cache.get("missing", "default") == "default"
    assert cache.add("key", "other") is False
    assert cache.add("new", "first") is True
    assert cache.get("new") == "first"


def test_entries_expire():
    cache = store()
    cache.set("key", "value", timeout=0.05)
    time.sleep(0.1)
    assert cache.get("key") is None


def test_the_least_recently_read_make_room():
    cache = store(MAX_ENTRIES=3, CULL_FREQUENCY=3)
    for number in range(3):
        cache.set(f"key-{number}", number)
    cache.get("key-0")  # read: the least recently read is now key-1
    cache.set("key-3", 3)  # full: a third of the entries make room
    assert cache.get("key-1") is None
    assert cache.get("key-0") == 0
    assert cache.get("key-3") == 3


def test_it_counts_nothing():
    with pytest.raises(NotImplementedError):
        store().incr("key")


def test_page_data_is_read_as_the_same_objects_until_public_content_changes():
    action = PublishedActionFactory()

    def compute():
        return {"action": type(action).objects.get(pk=action.pk)}

    first = until_content_changes("test-page", compute, store=PAGE_DATA_CACHE)
    assert until_content_changes("test-page", compute, store=PAGE_DATA_CACHE) is first
    action.title = "Renamed"
    action.save()  # public content: the generation moves on
    again = until_content_changes("test-page", compute, store=PAGE_DATA_CACHE)
    assert again is not first
    assert again["action"].title == "Renamed"


def test_the_page_data_store_is_small_and_emptied_with_the_others(settings):
    assert PAGE_DATA_CACHE in PROCESS_CACHES
    # A signatory's page weighs up to about 240 KB as objects: few entries per process.
    assert settings.CACHES[PAGE_DATA_CACHE]["OPTIONS"]["MAX_ENTRIES"] <= 200
    assert isinstance(caches[PAGE_DATA_CACHE], ObjectMemoryCache)


def test_nothing_kept_in_the_copying_caches_is_a_lazy_translation(client, settings):
    """Each lazy translation read back from a pickling cache builds a class (Django's
    ``lazy``): 9 % of the directory's time at the large scale of ``bench/``. What the public
    pages keep in ``fragments`` and ``list-results`` is plain text (labels made in the
    language of the key)."""
    from stemcharter.charter.tests.factories import ApprovedSignatureFactory
    from stemcharter.stories.tests.factories import PublishedStoryFactory

    settings.PAGE_CACHE_SECONDS = 0
    signature = ApprovedSignatureFactory()
    action = PublishedActionFactory(organisation=signature.organisation)
    story = PublishedStoryFactory(organisation=signature.organisation)
    for path in (
        "/",
        "/ondertekenaars/",
        "/ondertekenaars/?category=education&q=a",
        "/acties/",
        "/acties/?q=robot",
        "/verhalen/",
        "/evenementen/",
        "/in-cijfers/",
        action.get_absolute_url(),
        story.get_absolute_url(),
        signature.organisation.get_absolute_url(),
        "/en/ondertekenaars/?category=education",
    ):
        assert client.get(path).status_code == 200, path
    for name in PROCESS_CACHES:
        if name == PAGE_DATA_CACHE:
            continue  # objects, not pickles
        kept = caches[name]._cache
        assert kept, name
        for key, pickled in kept.items():
            assert b"_lazy_proxy_unpickle" not in pickled, key
