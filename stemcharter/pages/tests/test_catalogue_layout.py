"""The one layout of the three public catalogues (``templates/public/catalogue.html``): results
first, the filters folded into one line that says how many are active, a button that says how
many results they give, and with htmx those counts updated out of band."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from stemcharter.actions.tests.factories import PublishedActionFactory
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.regions.models import Subregion
from stemcharter.stories.tests.factories import PublishedStoryFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

with translation.override("en"):
    LISTS = {
        "actions": reverse("actions:action-list"),
        "stories": reverse("stories:story-list"),
        "signatories": reverse("organisations:organisation-list"),
    }


@pytest.fixture
def lists():
    gent = Subregion.objects.get(slug="gent")
    brugge = Subregion.objects.get(slug="brugge")
    organisation = make_signatory(name="Zuidlab", slug="zuidlab", subregions=[gent])
    make_signatory(name="Noordlab", slug="noordlab", subregions=[brugge])
    make_signatory(name="Westlab", slug="westlab", subregions=[brugge])
    for subregion in (gent, brugge, brugge):
        PublishedActionFactory(organisation=organisation, subregions=[subregion])
        PublishedStoryFactory(organisation=organisation, subregions=[subregion])


def section(html: str, start: str, end: str) -> str:
    part = html[html.index(start) :]
    return part[: part.index(end) + len(end)]


@pytest.mark.parametrize("name", LISTS)
def test_results_come_first_and_the_filters_stay_folded_with_active_filters(client, lists, name):
    html = client.get(LISTS[name], {"subregion": "brugge"}).content.decode()
    details = re.search(r'<details class="filters-toggle"[^>]*>', html).group(0)
    assert " open" not in details
    assert '<summary>Filters<span id="filters-count"> (1)</span></summary>' in html
    assert '<button type="submit" id="filters-submit">Show 2 results</button>' in html
    # The form is a plain GET form: without JavaScript the button shows the results.
    form = section(html, '<form class="filters"', "</form>")
    assert 'method="get"' in form
    assert f'action="{LISTS[name]}"' in form
    assert 'data-hx-trigger="submit, change"' in form
    assert html.index('id="filters-count"') < html.index('id="result-count"')


@pytest.mark.parametrize("name", LISTS)
def test_without_filters_the_summary_has_no_count(client, lists, name):
    html = client.get(LISTS[name]).content.decode()
    assert '<summary>Filters<span id="filters-count"></span></summary>' in html
    assert '<button type="submit" id="filters-submit">Show 3 results</button>' in html


@pytest.mark.parametrize("name", LISTS)
def test_htmx_updates_the_counts_in_the_folded_filters_and_on_the_button(client, lists, name):
    response = client.get(
        LISTS[name],
        {"subregion": ["brugge", "gent"]},
        headers={"HX-Request": "true", "HX-Target": "results"},
    )
    html = response.content.decode()
    assert "<html" not in html
    assert '<span id="filters-count" data-hx-swap-oob="innerHTML"> (2)</span>' in html
    assert '<span id="filters-submit" data-hx-swap-oob="innerHTML">Show 3 results</span>' in html
    assert '<span id="result-count" data-hx-swap-oob="innerHTML">3 ' in html


@pytest.mark.parametrize("name", LISTS)
def test_one_result_is_singular_on_the_button(client, lists, name):
    html = client.get(LISTS[name], {"subregion": "gent"}).content.decode()
    assert '<button type="submit" id="filters-submit">Show 1 result</button>' in html
