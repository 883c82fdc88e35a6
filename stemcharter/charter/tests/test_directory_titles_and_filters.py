"""The directory of signatories (/ondertekenaars/): a title that says how many were found once a
search or filter is active, filters folded, sectors in the order of the
page's language."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.vocabulary.models import Sector

pytestmark = pytest.mark.django_db


def title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


def filters_details(response) -> str:
    return re.search(r'<details class="filters-toggle"[^>]*>', response.content.decode()).group(0)


# /ondertekenaars/: the title says how many were found once a search or filter is active


def test_title_without_filters_has_no_count(client, english):
    make_signatory(name="Alpha Bouw")
    response = client.get(reverse("organisations:organisation-list"))
    assert title(response) == "Signatories – STEM-charter"


def test_title_with_a_search_says_how_many_were_found(client, english):
    make_signatory(name="Alpha Bouw")
    make_signatory(name="Alpha Chemie")
    make_signatory(name="Beta Energie")
    response = client.get(reverse("organisations:organisation-list"), {"q": "alpha"})
    assert title(response) == "2 signatories found – Signatories – STEM-charter"


def test_a_search_with_nothing_to_search_for_says_so_as_the_catalogue_does(client, english):
    make_signatory(name="Alpha Bouw", category="company")
    response = client.get(
        reverse("organisations:organisation-list"), {"q": "🚀", "category": "company"}
    )
    html = response.content.decode()
    assert "We could not search for “🚀”: type a word with letters or numbers." in html
    assert [o.name for o in response.context["page_obj"].object_list] == ["Alpha Bouw"]


def test_title_with_a_filter_uses_the_singular_for_one(client, english):
    make_signatory(name="Alpha Bouw", category="company")
    make_signatory(name="Beta School", category="education")
    response = client.get(reverse("organisations:organisation-list"), {"category": "education"})
    assert title(response) == "1 signatory found – Signatories – STEM-charter"


def test_only_sorting_is_not_a_filter(client, english):
    make_signatory(name="Alpha Bouw")
    response = client.get(reverse("organisations:organisation-list"), {"sort": "name"})
    assert title(response) == "Signatories – STEM-charter"
    assert " open" not in filters_details(response)


# /ondertekenaars/: the filter fields sit in a details, folded until opened (results first)


def test_filters_are_folded_without_active_filters(client, english):
    response = client.get(reverse("organisations:organisation-list"))
    details = filters_details(response)
    assert " open" not in details
    html = response.content.decode()
    form = html[html.index('<form class="filters"') : html.index("</form>")]
    # All fields are still in the one GET form, inside the details, with the submit button.
    fields_part = form[form.index(details) :]
    for name in ('name="q"', 'name="category"', 'name="sector"', 'name="subregion"', 'name="sort"'):
        assert name in fields_part
    assert '<button type="submit" id="filters-submit">' in fields_part
    assert '<summary>Filters<span id="filters-count"></span></summary>' in form


def test_filters_stay_folded_with_an_active_filter_and_say_how_many(client, english):
    """On a phone the results come first; the folded filters say how many are active and
    their button how many results they give (public/catalogue.html)."""
    sector = Sector.objects.get(slug="energie")
    make_signatory(name="Alpha Energie", sector=sector)
    response = client.get(reverse("organisations:organisation-list"), {"sector": "energie"})
    assert " open" not in filters_details(response)
    html = response.content.decode()
    assert '<summary>Filters<span id="filters-count"> (1)</span></summary>' in html
    assert '<button type="submit" id="filters-submit">Show 1 result</button>' in html


def test_unknown_filter_values_do_not_open_the_filters(client, english):
    response = client.get(reverse("organisations:organisation-list"), {"sector": "nope"})
    assert " open" not in filters_details(response)
    assert title(response) == "Signatories – STEM-charter"


# Sectors in the order of the page's language


def option_labels(response) -> list[str]:
    html = response.content.decode()
    select = html[html.index('id="filter-sector"') :]
    select = select[: select.index("</select>")]
    return re.findall(r'<option value="[^"]+"[^>]*>([^<]+)</option>', select)


def test_sector_filter_is_in_english_alphabetical_order_on_english_pages(client, english):
    labels = option_labels(client.get(reverse("organisations:organisation-list")))
    assert labels == sorted(labels, key=str.casefold)
    assert labels.index("Agriculture and horticulture") < labels.index("Construction")
    # In Dutch "Bouw" comes before "Land- en tuinbouw"; in English it is the other way round.
    assert labels.index("Construction") > labels.index("Agriculture and horticulture")


def test_sector_filter_is_in_dutch_alphabetical_order_on_dutch_pages(client):
    with translation.override("nl"):
        labels = option_labels(client.get(reverse("organisations:organisation-list")))
    assert labels == sorted(labels, key=str.casefold)
    assert "Bouw" in labels


def test_sector_filter_choices_follow_the_page_language(client, english):
    response = client.get(reverse("organisations:organisation-list"))
    choices = [
        label for _value, label in response.context["filterset"].filters["sector"].extra["choices"]
    ]
    assert choices == sorted(choices, key=str.casefold)
    assert "Construction" in choices
