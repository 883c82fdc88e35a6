"""The public directory of signatories (/ondertekenaars/), and the number of queries of it and
of each signatory's page (whose other tests are in pages/tests/test_signatory_page.py)."""

import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stemcharter.accounts.tests.factories import UserFactory
from stemcharter.charter.filters import SignatoryFilterSet
from stemcharter.charter.models import Signature
from stemcharter.charter.selectors import signatory_list
from stemcharter.charter.tests.factories import SignatureFactory
from stemcharter.common.fragments import forget_kept
from stemcharter.organisations.models import Category
from stemcharter.organisations.selectors import sector_list, subregion_list
from stemcharter.organisations.tests.factories import OrganisationFactory
from stemcharter.organisations.tests.signatories import give_logo, make_signatories, make_signatory
from stemcharter.regions.models import Subregion
from stemcharter.vocabulary.models import Sector

pytestmark = pytest.mark.django_db

LIST_URL = reverse("organisations:organisation-list")
EN_LIST_URL = "/en" + LIST_URL


def names(response) -> list[str]:
    """The organisation names on the cards, in order."""
    return [organisation.name for organisation in response.context["page_obj"].object_list]


def subregion(slug: str) -> Subregion:
    return Subregion.objects.get(slug=slug)


def sector(slug: str) -> Sector:
    return Sector.objects.get(slug=slug)


@pytest.fixture
def directory():
    """A small directory with one organisation per interesting combination."""
    now = timezone.now()
    return {
        "cafe": make_signatory(
            name="Café Élan",
            category=Category.COMPANY,
            sector=sector("voeding"),
            subregions=[subregion("gent"), subregion("aalst")],
            decided_at=now - timedelta(days=1),
        ),
        "school": make_signatory(
            name="Atheneum Brugge",
            category=Category.EDUCATION,
            sector=sector("onderwijs-vorming"),
            subregions=[subregion("brugge")],
            decided_at=now - timedelta(days=3),
        ),
        "lab": make_signatory(
            name="Zuidlab",
            category=Category.COMPANY,
            sector=sector("technologische-industrie"),
            subregions=[subregion("gent")],
            decided_at=now,
        ),
        "city": make_signatory(
            name="Stad Gent",
            category=Category.LOCAL_GOVERNMENT,
            sector=sector("overheid"),
            subregions=[subregion("gent")],
            decided_at=now - timedelta(days=2),
        ),
    }


# The directory: who sees it, and what


@pytest.mark.usefixtures("english")
def test_list_shows_only_public_signatories_to_anyone(client, directory):
    for status in (
        Signature.Status.AWAITING_EMAIL,
        Signature.Status.SUBMITTED,
        Signature.Status.REJECTED,
        Signature.Status.WITHDRAWN,
    ):
        SignatureFactory(organisation__name=f"Niet publiek {status}", status=status)
    OrganisationFactory(name="Zonder ondertekening")

    response = client.get(EN_LIST_URL)

    assert response.status_code == 200
    assert names(response) == ["Zuidlab", "Café Élan", "Stad Gent", "Atheneum Brugge"]
    assert "Niet publiek" not in response.content.decode()
    assert "4 signatories found" in response.content.decode()


def test_the_list_says_it_holds_private_persons_too(client):
    """A private person who signed is listed beside the organisations: the heading and the
    description say "signatories", not "these organisations"."""
    make_signatory(name="Jan Peeters", category=Category.INDIVIDUAL)
    make_signatory(name="Zuidlab", category=Category.COMPANY)
    html = client.get(EN_LIST_URL).content.decode()
    assert "Jan Peeters" in html
    assert "These signatories, organisations and private persons, signed the charter" in html
    assert "The organisations and private persons in Flanders that signed" in html
    assert "These organisations signed" not in html


def test_list_for_a_logged_in_user_is_the_same(client, directory):
    client.force_login(UserFactory())
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert len(names(response)) == 4


def test_list_is_a_get_form_that_works_without_javascript(client, directory):
    html = client.get(LIST_URL).content.decode()
    assert re.search(r'<form class="filters" method="get" action="/ondertekenaars/"', html)
    assert 'name="q"' in html
    assert 'name="category"' in html
    assert 'name="sector"' in html
    assert 'name="subregion"' in html
    assert 'name="sort"' in html
    assert '<button type="submit" id="filters-submit">' in html


def test_card_links_with_the_title_only_and_logo_is_decorative(client, directory):
    give_logo(directory["cafe"], width=200, height=100)
    html = client.get(LIST_URL, {"q": "café"}).content.decode()
    card = html[html.index('<ul class="cards">') :]
    card = card[: card.index("</ul>")]
    assert card.count("<a ") == 1
    assert 'href="/ondertekenaars/' + directory["cafe"].slug + '/"' in card
    assert re.search(r'<img class="logo" src="[^"]+" alt="" width="200" height="100"', card)


# Search


@pytest.mark.parametrize("query", ["café", "CAFÉ", "cafe", "Elan", "afé él", "  café  "])
def test_search_by_name_ignores_case_and_accents(client, directory, query):
    response = client.get(LIST_URL, {"q": query})
    assert names(response) == ["Café Élan"]


def test_search_finds_part_of_a_name(client, directory):
    assert names(client.get(LIST_URL, {"q": "gent"})) == ["Stad Gent"]
    assert names(client.get(LIST_URL, {"q": "LAB"})) == ["Zuidlab"]


@pytest.mark.usefixtures("english")
def test_search_without_match_says_how_to_widen_it(client, directory):
    response = client.get(EN_LIST_URL, {"q": "bestaat niet", "category": "company"})
    html = response.content.decode()
    assert names(response) == []
    assert "0 signatories found" in html
    assert "No signatories match your search" in html
    assert "check the spelling" in html
    assert "remove one or more filters" in html
    assert 'href="/en/ondertekenaars/">show all signatories</a>' in html


# Filters, alone and combined


def test_filter_by_one_category(client, directory):
    response = client.get(LIST_URL, {"category": "company"})
    assert names(response) == ["Zuidlab", "Café Élan"]


def test_filter_by_several_categories_shows_either(client, directory):
    response = client.get(LIST_URL, {"category": ["education", "local_government"]})
    assert names(response) == ["Stad Gent", "Atheneum Brugge"]
    html = response.content.decode()
    assert 'value="education" id="filter-category-education" checked' in html
    assert 'value="company" id="filter-category-company">' in html


def test_filter_by_sector(client, directory):
    response = client.get(LIST_URL, {"sector": "voeding"})
    assert names(response) == ["Café Élan"]
    assert '<option value="voeding" selected>' in response.content.decode()


def test_filter_by_subregion(client, directory):
    assert names(client.get(LIST_URL, {"subregion": "brugge"})) == ["Atheneum Brugge"]
    assert names(client.get(LIST_URL, {"subregion": "aalst"})) == ["Café Élan"]


def test_filter_by_several_subregions_lists_each_organisation_once(client, directory):
    response = client.get(LIST_URL, {"subregion": ["gent", "aalst", "brugge"]})
    assert names(response) == ["Zuidlab", "Café Élan", "Stad Gent", "Atheneum Brugge"]
    assert response.context["paginator"].count == 4


def test_filters_combine(client, directory):
    response = client.get(
        LIST_URL, {"category": "company", "subregion": "gent", "sector": "voeding", "q": "caf"}
    )
    assert names(response) == ["Café Élan"]
    response = client.get(LIST_URL, {"category": "company", "subregion": "gent"})
    assert names(response) == ["Zuidlab", "Café Élan"]
    response = client.get(LIST_URL, {"category": "company", "subregion": "brugge"})
    assert names(response) == []


@pytest.mark.usefixtures("english")
def test_active_filters_are_removable_chips(client, directory):
    response = client.get(
        EN_LIST_URL, {"q": "a", "category": ["company", "education"], "subregion": "gent"}
    )
    html = response.content.decode()
    chips = {chip["label"]: chip for chip in response.context["chips"]}
    assert set(chips) == {
        "Name contains “a”",
        "Companies, institutions and services",
        "Education and training institutions and their groupings",
        "Ghent",
    }
    # Each chip links to the same search without that one value.
    assert (
        'href="/en/ondertekenaars/?q=a&amp;category=education&amp;subregion=gent"><span '
        'class="visually-hidden">Remove filter: </span>Companies, institutions and services'
    ) in html
    assert (
        'href="/en/ondertekenaars/?category=company&amp;category=education&amp;subregion=gent">'
    ) in html
    assert "Remove all filters" in html


@pytest.mark.usefixtures("english")
def test_no_chips_without_filters(client, directory):
    html = client.get(EN_LIST_URL).content.decode()
    assert "Active filters" not in html


def test_category_counts_follow_the_search_except_the_category_filter(client, directory):
    response = client.get(LIST_URL, {"category": "company", "subregion": "gent"})
    counts = {row["value"]: row["count"] for row in response.context["category_counts"]}
    # In Gent: two companies and one local government; the category filter itself is ignored.
    assert counts == {
        "company": 2,
        "social_partner": 0,
        "education": 0,
        "stem_academy": 0,
        "central_government": 0,
        "local_government": 1,
        "individual": 0,
    }
    assert '<span id="category-count-local_government">1</span>' in response.content.decode()


def test_category_counts_without_filters_count_every_signatory(client, directory):
    response = client.get(LIST_URL)
    counts = {row["value"]: row["count"] for row in response.context["category_counts"]}
    assert counts["company"] == 2
    assert counts["education"] == 1
    assert counts["local_government"] == 1


def test_subregions_are_grouped_by_province(client, directory):
    html = client.get(LIST_URL).content.decode()
    west = html.index("<legend>West-Vlaanderen</legend>")
    brussels = html.index("<legend>Brussels Hoofdstedelijk Gewest</legend>")
    assert west < html.index('value="brugge"') < brussels


# Sorting


def test_default_sort_is_newest_first(client, directory):
    response = client.get(LIST_URL)
    assert names(response) == ["Zuidlab", "Café Élan", "Stad Gent", "Atheneum Brugge"]
    assert '<option value="newest" selected>' in response.content.decode()


def test_sort_by_name_ignores_accents(client, directory):
    make_signatory(name="Édison Academie", category=Category.STEM_ACADEMY)
    response = client.get(LIST_URL, {"sort": "name"})
    assert names(response) == [
        "Atheneum Brugge",
        "Café Élan",
        "Édison Academie",
        "Stad Gent",
        "Zuidlab",
    ]
    assert '<option value="name" selected>' in response.content.decode()


def test_sort_combines_with_filters(client, directory):
    response = client.get(LIST_URL, {"subregion": "gent", "sort": "name"})
    assert names(response) == ["Café Élan", "Stad Gent", "Zuidlab"]


# Pagination


@pytest.mark.usefixtures("english")
def test_pagination_20_per_page_keeps_the_filters(client):
    make_signatories(45)

    first = client.get(EN_LIST_URL, {"category": Category.values})
    html = first.content.decode()
    assert len(names(first)) == 20
    assert "45 signatories found (showing 1 to 20)" in html
    assert "Page 1 of 3" in html
    assert (
        'rel="next" href="?category=company&amp;category=social_partner&amp;category=education'
    ) in html
    assert "page=2" in html

    last = client.get(EN_LIST_URL, {"category": Category.values, "page": 3})
    assert len(names(last)) == 5
    assert names(last)[-1] == "Signatory 0044"
    assert "Page 3 of 3" in last.content.decode()


def test_a_single_page_has_no_pagination(client, directory):
    assert 'class="pagination"' not in client.get(LIST_URL).content.decode()


# Bad values in the query string: never a 500, the rest still applies, a message says so


@pytest.mark.parametrize(
    ("params", "message", "expected"),
    [
        (
            {"category": ["company", "nonsense"]},
            "There is no category “nonsense”, so we left it out.",
            ["Zuidlab", "Café Élan"],
        ),
        (
            {"sector": "bestaat-niet", "category": "education"},
            "There is no sector “bestaat-niet”, so we left it out.",
            ["Atheneum Brugge"],
        ),
        (
            {"subregion": ["brugge", "atlantis"]},
            "There is no region “atlantis”, so we left it out.",
            ["Atheneum Brugge"],
        ),
        (
            {"sort": "price"},
            "We cannot sort by “price”, so we show the newest first.",
            ["Zuidlab", "Café Élan", "Stad Gent", "Atheneum Brugge"],
        ),
        (
            {"page": "abc"},
            "There is no page “abc”, so we show the first page.",
            ["Zuidlab", "Café Élan", "Stad Gent", "Atheneum Brugge"],
        ),
        (
            {"page": "999"},
            "There is no page 999, so we show the last page.",
            ["Zuidlab", "Café Élan", "Stad Gent", "Atheneum Brugge"],
        ),
        (
            {"page": "0"},
            "There is no page 0, so we show the first page.",
            ["Zuidlab", "Café Élan", "Stad Gent", "Atheneum Brugge"],
        ),
        (
            {"page": "-3", "category": "company"},
            "There is no page -3, so we show the first page.",
            ["Zuidlab", "Café Élan"],
        ),
        (
            {"q": "x" * 101, "category": "education"},
            "Your search text is longer than 100 characters, so we left it out.",
            ["Atheneum Brugge"],
        ),
    ],
)
@pytest.mark.usefixtures("english")
def test_invalid_values_are_left_out_with_a_message(client, directory, params, message, expected):
    response = client.get(EN_LIST_URL, params)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert names(response) == expected
    # The page is not an error page: no "Error:" title, no error summary. The title gives the
    # number found when a valid filter is still active (and only then).
    count = len(expected)
    found = f"{count} signator{'y' if count == 1 else 'ies'} found – "
    filtered = count < 4  # of the 4 signatories: only the cases that keep a valid filter narrow it
    title = f"<title>{found if filtered else ''}Signatories – STEM-charter</title>"
    assert title in response.content.decode()


def test_invalid_value_is_escaped_in_the_message(client, directory):
    response = client.get(LIST_URL, {"sector": "<script>alert(1)</script>"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.usefixtures("english")
def test_page_beyond_the_end_of_an_empty_search(client, directory):
    response = client.get(EN_LIST_URL, {"q": "niemand", "page": "4"})
    assert response.status_code == 200
    assert names(response) == []
    assert "There is no page 4" in response.content.decode()


# htmx: the filter form updates the results in place


@pytest.mark.usefixtures("english")
def test_htmx_request_gets_only_the_results_with_out_of_band_counts(client, directory):
    response = client.get(
        EN_LIST_URL,
        {"category": "company"},
        headers={"HX-Request": "true", "HX-Target": "results"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "<form" not in html
    assert "Zuidlab" in html
    assert '<span id="result-count" data-hx-swap-oob="innerHTML">2 signatories found</span>' in html
    assert '<span id="category-count-education" data-hx-swap-oob="innerHTML">1</span>' in html
    assert "HX-Request" in response.headers["Vary"]


def test_htmx_history_restore_gets_the_whole_page(client, directory):
    response = client.get(
        LIST_URL,
        headers={
            "HX-Request": "true",
            "HX-Target": "results",
            "HX-History-Restore-Request": "true",
        },
    )
    html = response.content.decode()
    assert "<html" in html
    assert "data-hx-swap-oob" not in html


def test_full_page_has_the_htmx_hooks(client, directory):
    html = client.get(LIST_URL).content.decode()
    hooks = 'data-hx-get="/ondertekenaars/" data-hx-target="#results" data-hx-push-url="true"'
    assert hooks in html
    assert '<div id="results">' in html
    assert "data-hx-swap-oob" not in html


# English


def test_english_directory_shows_english_labels(client, directory):
    response = client.get("/en" + LIST_URL, {"subregion": "gent"})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert ">Ghent</label>" in html
    assert ">Food</option>" in html
    assert "Companies, institutions and services" in html
    assert 'href="/en/ondertekenaars/' + directory["lab"].slug + '/"' in html


def test_dutch_directory_shows_dutch_names_of_regions_and_sectors(client, directory):
    html = client.get(LIST_URL).content.decode()
    assert '<html lang="nl">' in html
    assert ">Gent</label>" in html
    assert ">Voeding</option>" in html


# The filter set itself


def filterset(data: dict) -> SignatoryFilterSet:
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for key, value in data.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    return SignatoryFilterSet(
        query, queryset=signatory_list(), sectors=sector_list(), subregions=subregion_list()
    )


def test_filterset_apply_can_skip_a_filter(directory):
    filters = filterset({"category": "education", "subregion": "gent"})
    assert list(filters.qs) == []
    assert set(filters.apply(signatory_list(), skip=["category"])) == {
        directory["cafe"],
        directory["lab"],
        directory["city"],
    }


def test_filterset_keeps_known_values_and_notes_unknown_ones(directory):
    filters = filterset({"category": ["company", "x"], "subregion": ["gent", "y"]})
    assert set(filters.qs) == {directory["cafe"], directory["lab"]}
    assert filters.selected()["category"] == ["company"]
    assert filters.selected()["subregion"] == ["gent"]
    assert len(filters.notices) == 2


# A constant number of queries, whatever the number of organisations


def count_queries(client, url: str, params: dict | None = None, **kwargs) -> int:
    """The queries of the first request after a change: nothing kept in the fragments' cache
    (cards, cached counts and vocabulary: ``common.fragments``)."""
    forget_kept()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {}, **kwargs)
    assert response.status_code == 200
    return len(queries)


QUERY_CASES = {
    "first page": {},
    "filters": {
        "q": "signatory",
        "category": ["company", "education", "local_government"],
        "subregion": ["aalst", "arrondissement-antwerpen"],
        "sort": "name",
    },
    "sector": {"sector": "bouw"},
    "invalid values": {"category": "x", "sector": "y", "subregion": "z", "page": "abc"},
}


def test_directory_and_profile_use_a_constant_number_of_queries(client):
    make_signatories(10)
    # The content types are kept per process once read (as in a running server): read them
    # first, or the first page that needs one (a signatory's actions and their images) pays a
    # query the others do not, depending on which test ran before or the hour of the day.
    for model in apps.get_models():
        ContentType.objects.get_for_model(model)
    small_detail = "/ondertekenaars/signatory-0003/"
    small = {name: count_queries(client, LIST_URL, params) for name, params in QUERY_CASES.items()}
    small["htmx"] = count_queries(
        client,
        LIST_URL,
        QUERY_CASES["filters"],
        headers={"HX-Request": "true", "HX-Target": "results"},
    )
    small["detail"] = count_queries(client, small_detail)

    make_signatories(190, start=10)
    large = {name: count_queries(client, LIST_URL, params) for name, params in QUERY_CASES.items()}
    large["htmx"] = count_queries(
        client,
        LIST_URL,
        QUERY_CASES["filters"],
        headers={"HX-Request": "true", "HX-Target": "results"},
    )
    large["detail"] = count_queries(client, small_detail)
    large["detail of another"] = count_queries(client, "/ondertekenaars/signatory-0150/")
    large["page 2"] = count_queries(client, LIST_URL, {"page": 2})

    assert large == {**small, "detail of another": small["detail"], "page 2": small["first page"]}
    # And small in absolute terms: a regression to one query per card would be hundreds. A
    # signatory's page reads 11 (issue 15: "Promised and delivered" one, its progress reports
    # and "did not report" years two).
    assert max(large.values()) <= 11


def test_the_query_count_test_sees_a_full_page_of_cards(client):
    """Guard for the test above: with 200 signatories the first page holds 20 cards."""
    make_signatories(25)
    response = client.get(LIST_URL, QUERY_CASES["filters"])
    assert len(names(response)) > 0
    assert len(names(client.get(LIST_URL))) == 20
