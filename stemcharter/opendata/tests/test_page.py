"""The page /open-data/: what is offered, the licence, the build, the data dictionary; its
query count; the footer link and the sitemap."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stemcharter.opendata.exports import open_data_build

from .conftest import make_subregions

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

URL = "/en/open-data/"


def test_the_page_names_the_licence_the_build_and_each_dataset_with_its_dictionary(
    dataset, province, settings
):
    make_subregions(province, 3)
    export = open_data_build(datasets=[dataset])
    response = Client().get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("opendata:open-data") == URL
    assert "<h1>Open data</h1>" in html
    assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license"' in html
    assert f"Source: STEM-charter, {settings.SITE_URL}/en/open-data/, licence CC BY 4.0" in html
    assert "The files were last built on" in html
    assert '<h2 id="dataset-test-subregions-title">Regions</h2>' in html
    assert "The test&#x27;s subregions." in html
    assert "3 rows" in html
    assert 'href="/en/open-data/test-subregions.csv"' in html
    assert 'href="/en/open-data/test-subregions.json"' in html
    assert 'href="/en/open-data/stemcharter-open-data.zip"' in html
    size = export.files["test-subregions.csv"]["size"]
    assert f"{size}\xa0bytes" in html or f"{size} bytes" in html
    # The data dictionary: every column with its description (the serializer's help_text).
    assert "<caption>Data dictionary: the columns of Regions</caption>" in html
    for name, kind, description in (
        ("province.name", "text", "The province&#x27;s name in Dutch."),
        ("neighbours", "list", "The neighbouring subregions."),
        ("id", "whole number", "The subregion&#x27;s number."),
    ):
        assert (
            f'<th scope="row" data-label="Column"><code>{name}</code></th>'
            f'<td data-label="Kind of value">{kind}</td>'
            f'<td data-label="What it holds">{description}</td>'
        ) in html


def test_before_the_first_build_the_page_says_so_and_links_nothing(dataset):
    response = Client().get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "The files are not ready yet" in html
    assert "/en/open-data/test-subregions.csv" not in html
    assert "<code>province.slug</code>" in html  # the dictionary is there already


def test_the_page_is_in_both_languages_and_in_the_footer(dataset):
    assert Client().get("/open-data/").status_code == 200
    home = Client().get("/en/").content.decode()
    assert '<a href="/en/open-data/">Open data</a>' in home


def test_the_page_is_in_the_sitemap():
    body = Client().get("/sitemap-pages.xml").content.decode()
    assert "/open-data/</loc>" in body
    assert "/en/open-data/" in body


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return len(queries)


def test_the_page_uses_a_constant_number_of_queries(dataset, province, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client = Client()
    make_subregions(province, 2)
    open_data_build(datasets=[dataset])
    small = _queries(client)
    make_subregions(province, 40, start=2)
    open_data_build(datasets=[dataset])
    assert "42 rows" in client.get(URL).content.decode()
    large = _queries(client)
    assert small == large
    assert large <= 3, large


@pytest.mark.parametrize(
    ("url", "label", "in_the_data"),
    [
        ("/open-data/", "Personen van bijzondere betekenis voor STEM", "in de data"),
        ("/en/open-data/", "Individuals of special significance for STEM", "in the data"),
    ],
)
def test_the_signatories_description_names_the_category_by_its_label(url, label, in_the_data):
    """Not "(categorie individual)", the code in a Dutch sentence: the category's label in the
    page's language (the code only as the data has it)."""
    html = Client().get(url).content.decode()
    assert f"“{label}”, individual {in_the_data}" in html.replace("&ldquo;", "“").replace(
        "&rdquo;", "”"
    )
    assert "categorie individual" not in html
    assert "category individual" not in html
