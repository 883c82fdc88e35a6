"""The snowball (issue 14): ``/sneeuwbal/`` and ``/sneeuwbal/data.json``."""

import datetime
import itertools
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from stemcharter.charter.models import Signature
from stemcharter.charter.selectors import snowball_data
from stemcharter.charter.tests.factories import SignatureFactory
from stemcharter.common.page_cache import content_generation
from stemcharter.organisations.models import Category
from stemcharter.organisations.tests.signatories import make_signatories, make_signatory
from stemcharter.regions.tests.factories import SubregionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

BRUSSELS = ZoneInfo("Europe/Brussels")


def page_url() -> str:
    with translation.override("en"):
        return reverse("public:snowball")


def data_url() -> str:
    with translation.override("en"):
        return reverse("public:snowball-data")


def brought_in(organisation, by, channel="invitation"):
    """What lane signing/reach set on a signature: who brought it in and how."""
    Signature.objects.filter(organisation=organisation, status="approved").update(
        referred_by=by, referral_channel=channel
    )
    # A bulk update sends no signal: the page goes stale within the minute; the test
    # saves one row to move the content generation on at once.
    signature = Signature.objects.get(organisation=organisation, status="approved")
    signature.save(update_fields=["referred_by", "referral_channel"])


@pytest.fixture
def movement():
    """A brought B and C in; B brought D in; E signed on its own; F is waiting."""
    when = datetime.datetime(2026, 1, 15, 12, tzinfo=BRUSSELS)
    a = make_signatory(name="Alfa", slug="alfa", decided_at=when)
    b = make_signatory(
        name="Bravo <b>", slug="bravo", decided_at=when + datetime.timedelta(days=31)
    )
    c = make_signatory(
        name="Charlie",
        slug="charlie",
        category=Category.EDUCATION,
        decided_at=when + datetime.timedelta(days=32),
    )
    d = make_signatory(name="Delta", slug="delta", decided_at=when + datetime.timedelta(days=62))
    e = make_signatory(name="Echo", slug="echo", decided_at=when + datetime.timedelta(days=63))
    f = SignatureFactory(organisation__name="Foxtrot").organisation
    brought_in(b, a)
    brought_in(c, a, "linkedin")
    brought_in(d, b)
    return {"a": a, "b": b, "c": c, "d": d, "e": e, "f": f}


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# The page


def test_snowball_page_shows_the_numbers_the_tree_and_who_brought_in(client, movement):
    html = client.get(page_url()).content.decode()
    assert html.count("<h1") == 1
    assert "<strong>5</strong> signatories" in html  # F waits: not public
    assert "<strong>3</strong> brought in by another signatory" in html
    assert "<strong>2</strong> signatories brought someone in" in html
    # The nested list: A, under it B (under it D) and C; E brought nobody in and was not
    # brought in: not in the tree.
    tree = html[html.index('<div class="referral-tree">') :]
    tree = tree[: tree.index("</div>")]
    names = re.findall(r'href="/en/ondertekenaars/([a-z]+)/"', tree)
    assert names == ["alfa", "bravo", "delta", "charlie"]
    assert tree.count("<ul") == tree.count("</ul>") == 3
    assert tree.count("<li>") == tree.count("</li>") == 4
    assert 'Bravo &lt;b&gt;</a> <span class="hint">(by invitation)</span><ul>' in tree
    assert 'Charlie</a> <span class="hint">(through a shared link)</span>' in tree
    # The picture: one row per organisation of the tree, names escaped.
    picture = html[html.index('<div class="chart-scroll"') :]
    picture = picture[: picture.index("</svg>")]
    assert picture.count("<text") == 4
    assert "Bravo &lt;b&gt;" in picture
    assert "<b>" not in picture
    # Brought in: A 2 (1 by invitation), B 1, most first, each linking to its page.
    table = html[html.index('id="snowball-brought-in-title"') :]
    rows = re.findall(
        r'href="/en/ondertekenaars/([a-z]+)/">[^<]*</a></th>\s*<td[^>]*>(\d+)</td>\s*'
        r"<td[^>]*>(\d+)</td>",
        table,
    )
    assert rows == [("alfa", "2", "1"), ("bravo", "1", "1")]
    assert "Foxtrot" not in html


def test_snowball_counts_private_persons_as_signatories_not_organisations(client, movement):
    """The snowball counts every signatory, private persons too (as the home page and the
    directory): its words say "signatories", never "organisations signed" (which
    ``/in-cijfers/`` says of its count without private persons)."""
    make_signatory(name="Jan Janssens", slug="jan-janssens", category=Category.INDIVIDUAL)
    html = client.get(page_url()).content.decode()
    assert "<strong>6</strong> signatories" in html
    assert "organisations signed" not in html


def test_snowball_page_charts_come_with_their_tables(client, movement):
    html = client.get(page_url()).content.decode()
    assert html.count('role="img"') == 3  # growth, categories, tree (no subregion chosen)
    assert "<script" not in html.split("<main", 1)[1].split("</main>")[0]
    # The Content-Security-Policy allows no inline style: none in the charts either.
    assert not re.search(r"<style\b|\sstyle=", html)
    assert "css/charts" in html
    assert "Signatories over time: the numbers" in html
    assert (
        '<th scope="row" data-label="Month">Jan 2026</th><td data-label="Signatories">1</td>'
        in html
    )
    assert (
        '<th scope="row" data-label="Month">Feb 2026</th><td data-label="Signatories">3</td>'
        in html
    )
    assert (
        '<th scope="row" data-label="Category">Education and training institutions and their '
        'groupings</th><td data-label="Signatories">1</td>'
    ) in html


def test_snowball_page_per_subregion(client):
    gent = SubregionFactory(name_nl="Gent", name_en="Ghent", slug="gent-sb")
    aalst = SubregionFactory(name_nl="Aalst", name_en="Aalst", slug="aalst-sb")
    SubregionFactory(name_nl="Leeg", slug="leeg-sb")
    make_signatory(name="Een", subregions=[gent, aalst])
    make_signatory(name="Twee", subregions=[gent])
    SignatureFactory(organisation__name="Wacht", organisation__subregions=[aalst])
    html = client.get(page_url()).content.decode()
    assert html.count('role="img"') == 3  # growth, categories, subregions; no tree
    section = html[html.index('id="snowball-subregions-title"') :]
    rows = re.findall(
        r'data-label="Subregion">([^<]+)</th><td data-label="Signatories">(\d+)', section
    )
    assert rows == [("Ghent", "2"), ("Aalst", "1")]
    assert "Leeg" not in section
    assert "No organisation has brought" not in html
    assert "No signatory has brought another one in yet." in html


def test_snowball_page_without_signatories(client):
    response = client.get(page_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "No organisation has signed yet." in html
    assert "No signatory has chosen a subregion yet." in html
    assert "No signatory has brought another one in yet." in html


def test_snowball_page_in_dutch(client, movement):
    html = client.get("/sneeuwbal/").content.decode()
    assert '<html lang="nl">' in html
    assert "Alfa" in html
    assert "mrt 2026" in html  # Dutch writes short months in lower case
    assert "Mrt 2026" not in html
    assert client.get("/sneeuwbal/data.json").status_code == 200


def test_snowball_is_linked_from_the_home_page_and_the_footer(client):
    html = client.get("/en/").content.decode()
    assert html.count('href="/en/sneeuwbal/"') == 2


def test_snowball_leaves_out_referrers_that_are_not_public_and_circles(client, movement):
    # D says the waiting F brought it in: F is no public signatory, so no line to it.
    brought_in(movement["d"], movement["f"])
    # E and A brought each other in (A signed anew through E): a circle, cut at A (first).
    brought_in(movement["e"], movement["a"])
    brought_in(movement["a"], movement["e"])
    # C says it brought itself in: ignored.
    brought_in(movement["c"], movement["c"])
    data = client.get(data_url()).json()
    assert {(edge["from"], edge["to"]) for edge in data["referrals"]} == {
        ("alfa", "bravo"),
        ("alfa", "echo"),
        ("echo", "alfa"),
    }
    html = client.get(page_url()).content.decode()
    tree = html[html.index('<div class="referral-tree">') :]
    tree = tree[: tree.index("</div>")]
    assert re.findall(r'href="/en/ondertekenaars/([a-z]+)/"', tree) == ["alfa", "bravo", "echo"]


def test_snowball_a_long_chain_is_drawn(client):
    organisations = make_signatories(60)
    for earlier, later in itertools.pairwise(organisations):
        Signature.objects.filter(organisation=later).update(referred_by=earlier)
    response = client.get(page_url())
    assert response.status_code == 200
    html = response.content.decode()
    tree = html[html.index('<div class="referral-tree">') :]
    tree = tree[: tree.index("</div>")]
    assert tree.count("<li>") == 60
    assert tree.count("</ul>") == 60  # every list closed


# The JSON


def test_snowball_data_json(client, movement):
    response = client.get(data_url())
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert set(data) == {
        "total",
        "growth",
        "categories",
        "subregions",
        "signatories",
        "referrals",
        "brought_in",
    }
    assert data["total"] == 5
    assert data["growth"][:3] == [
        {"month": "2026-01", "new": 1, "total": 1},
        {"month": "2026-02", "new": 2, "total": 3},
        {"month": "2026-03", "new": 2, "total": 5},
    ]
    today = timezone.localdate()
    assert data["growth"][-1]["month"] == f"{today.year:04d}-{today.month:02d}"
    assert data["growth"][-1]["total"] == 5
    assert {row["value"]: row["count"] for row in data["categories"]} == {
        **dict.fromkeys(Category.values, 0),
        "company": 4,
        "education": 1,
    }
    assert data["referrals"] == [
        {"from": "alfa", "to": "bravo", "channel": "invitation"},
        {"from": "alfa", "to": "charlie", "channel": "linkedin"},
        {"from": "bravo", "to": "delta", "channel": "invitation"},
    ]
    assert [row["slug"] for row in data["signatories"]] == ["alfa", "bravo", "charlie", "delta"]
    assert data["signatories"][1] == {
        "slug": "bravo",
        "name": "Bravo <b>",
        "url": "/en/ondertekenaars/bravo/",
    }
    assert data["brought_in"] == [
        {"slug": "alfa", "count": 2, "by_invitation": 1},
        {"slug": "bravo", "count": 1, "by_invitation": 1},
    ]


def test_snowball_data_json_refuses_a_post(client):
    assert client.post(data_url()).status_code == 405


def test_snowball_months_are_brussels_months():
    # 23:30 UTC on 31 January is 00:30 on 1 February in Brussels.
    make_signatory(
        name="Laat", decided_at=datetime.datetime(2026, 1, 31, 23, 30, tzinfo=datetime.UTC)
    )
    make_signatory(
        name="Vroeg", decided_at=datetime.datetime(2026, 1, 31, 22, 30, tzinfo=datetime.UTC)
    )
    growth = snowball_data(today=datetime.date(2026, 3, 10))["growth"]
    assert growth == [
        {"month": "2026-01", "new": 1, "total": 1},
        {"month": "2026-02", "new": 1, "total": 2},
        {"month": "2026-03", "new": 0, "total": 2},
    ]


# Cache and cost


def test_snowball_goes_stale_when_a_signature_is_approved(movement):
    from django.test import Client

    from stemcharter.accounts.tests.factories import CoordinatorFactory
    from stemcharter.charter.services import signature_approve

    first = Client().get(page_url())
    assert first["X-Page-Cache"] == "miss"
    assert Client().get(page_url())["X-Page-Cache"] == "hit"
    Client().get(data_url())
    before = content_generation()
    waiting = Signature.objects.get(organisation=movement["f"])
    waiting.referred_by = movement["e"]
    waiting.referral_channel = "invitation"
    waiting.save()
    signature_approve(signature=waiting, by=CoordinatorFactory())
    assert content_generation() != before
    fresh = Client().get(page_url())
    assert fresh["X-Page-Cache"] == "miss"
    assert "<strong>6</strong> signatories" in fresh.content.decode()
    data = Client().get(data_url()).json()
    assert {"from": "echo", "to": data["referrals"][-1]["to"], "channel": "invitation"} in data[
        "referrals"
    ]
    assert data["total"] == 6


@pytest.mark.parametrize("url", ["page", "data"])
def test_snowball_uses_a_constant_number_of_queries(client, url):
    url = page_url() if url == "page" else data_url()
    subregions = [SubregionFactory(slug=f"sb-{number}") for number in range(3)]

    def grow(count: int, start: int) -> None:
        organisations = make_signatories(count, start=start)
        for index, organisation in enumerate(organisations):
            organisation.subregions.add(subregions[index % 3])
            if index:  # each brought in by the one before it, or by the first
                by = organisations[index - 1] if index % 2 else organisations[0]
                Signature.objects.filter(organisation=organisation).update(
                    referred_by=by, referral_channel="invitation" if index % 3 else "linkedin"
                )

    grow(3, 0)
    count_queries(client, url)  # the process's own caches (content types) warm up first
    grow(2, 3)
    small = count_queries(client, url)
    grow(40, 5)
    make_signatory(name="Met nieuw", decided_at=timezone.now())  # moves the generation on
    assert count_queries(client, url) == small


def test_snowball_data_reads_two_queries(django_assert_num_queries, movement):
    with django_assert_num_queries(2):
        snowball_data(today=timezone.localdate())


def test_snowball_is_in_the_sitemap(client, settings):
    settings.SITE_URL = "https://stem.example"
    pages = client.get("/sitemap-pages.xml").content.decode()
    assert "<loc>https://stem.example/sneeuwbal/</loc>" in pages
    assert "<loc>https://stem.example/en/sneeuwbal/</loc>" in pages


@pytest.mark.parametrize("query", ["?page=abc", "?x=%00", "?bron=%3Cscript%3E&utm_source=x"])
def test_snowball_ignores_query_strings_it_does_not_read(client, movement, query):
    assert client.get(page_url() + query).status_code == 200
    assert client.get(data_url() + query).json()["total"] == 5
