"""Every public page weighs at most 100 KB over the wire: its HTML and the stylesheets and scripts
it loads, each gzip-compressed (as WhiteNoise serves the static files and the web server the
pages). Images are not counted. Bytes, not time: the same on every machine.

To print the figures: ``.venv/bin/python -m pytest -s -n 0 <this file>``.
"""

import gzip
import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client

from stemcharter.actions.tests.factories import PublishedActionFactory
from stemcharter.organisations.models import Organisation
from stemcharter.stories.tests.factories import PublishedStoryFactory

from .page_list import public_paths, render, seed_demo

pytestmark = pytest.mark.django_db

BUDGET = 100_000  # bytes, gzip-compressed
ASSET = re.compile(r'<(?:link rel="stylesheet" href|script src)="([^"]+)"')


def gzipped(data: bytes) -> int:
    """The size of ``data`` gzip-compressed at the usual level (6)."""
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def asset_weight(url: str) -> int:
    """The gzip-compressed size of a static file, by its URL."""
    assert url.startswith(settings.STATIC_URL), f"{url} is not a static file of ours"
    path = finders.find(url.removeprefix(settings.STATIC_URL))
    assert path, f"{url} not found"
    with open(path, "rb") as file:
        return gzipped(file.read())


def page_weight(html: bytes) -> tuple[int, int]:
    """The page's HTML and the sum of its stylesheets and scripts, each gzip-compressed."""
    assets = sorted(set(ASSET.findall(html.decode())))
    return gzipped(html), sum(asset_weight(url) for url in assets)


def weigh(paths: list[str]) -> dict[str, tuple[int, int]]:
    client = Client()
    weights = {path: page_weight(render(client, path)) for path in paths}
    for path, (html, assets) in weights.items():
        total = (html + assets) / 1000
        print(f"{total:6.1f} KB  (HTML {html / 1000:5.1f}, CSS+JS {assets / 1000:5.1f})  {path}")
    return weights


def assert_within_budget(weights: dict[str, tuple[int, int]]) -> None:
    over = {path: sum(w) for path, w in weights.items() if sum(w) > BUDGET}
    assert not over, f"over the budget of {BUDGET} bytes: {over}"


def test_page_weight_public_pages_with_the_demo_data():
    seed_demo()
    weights = weigh(public_paths())
    assert_within_budget(weights)
    # The stylesheet and the scripts are counted: a page without them would pass too easily.
    # (Not the signatory's widget, a page for other sites' iframes with a small stylesheet of
    # its own: sharekit.)
    assert min(assets for path, (_, assets) in weights.items() if "/widget/" not in path) > 4_000
    assert all(assets > 0 for path, (_, assets) in weights.items() if "/widget/" in path)
    # htmx (about 16 KB) only where it is used, the catalogues.
    assert weights["/acties/"][1] > weights["/"][1] + 10_000


def test_page_weight_public_pages_with_a_larger_catalogue():
    # Sixty more actions and stories, all of one organisation: the catalogues show a page of
    # them, the organisation's page and the home page what they show of them.
    seed_demo()
    organisation = Organisation.objects.signatories().order_by("pk").first()
    actions = PublishedActionFactory.create_batch(60, organisation=organisation)
    for story in PublishedStoryFactory.create_batch(60, organisation=organisation):
        story.actions.add(*actions[:3])
    assert_within_budget(weigh(public_paths()))
