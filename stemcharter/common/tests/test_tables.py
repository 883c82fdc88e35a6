"""Tables read on a phone: each body cell carries its column's heading (common/tables.py)."""

import pytest
from django.template import Context, Template
from django.urls import reverse

from stemcharter.actions.tests.factories import PublishedActionFactory
from stemcharter.common.tables import stack_tables
from stemcharter.organisations.tests.factories import MembershipFactory

TABLE = """<div class="table-wrap"><table class="item-table">
  <caption>Acties</caption>
  <thead><tr><th scope="col"><a href="?sort=title">Titel</a></th>
  <th scope="col">Status &amp; fase</th>
  <th scope="col"><span class="visually-hidden">Acties</span></th></tr></thead>
  <tbody>
    <tr><th scope="row">Open dag</th><td>Gepubliceerd</td><td><a href="/x/">Bekijk</a></td></tr>
    <tr><td colspan="2">Nog niets</td><td>—</td></tr>
  </tbody>
</table></div>"""


def test_each_cell_gets_its_columns_heading():
    html = stack_tables(TABLE)
    assert '<table class="item-table" data-stack>' in html
    assert '<th scope="row" data-label="Titel">Open dag</th>' in html
    assert '<td data-label="Status &amp; fase">Gepubliceerd</td>' in html
    assert '<td data-label="Acties"><a href="/x/">Bekijk</a></td>' in html
    # A cell spanning two columns takes the first one's heading; the next cell the third's.
    assert '<td colspan="2" data-label="Titel">Nog niets</td><td data-label="Acties">' in html
    # The headings themselves are left alone, and labelling twice changes nothing.
    assert '<th scope="col"><a href="?sort=title">Titel</a></th>' in html
    assert stack_tables(html) == html


def test_a_table_without_headings_and_other_html_stay_as_they_are():
    plain = "<table><tr><td>1</td></tr></table><p>Tekst</p>"
    assert stack_tables(plain) == plain
    assert stack_tables("<p>Geen tabel</p>") == "<p>Geen tabel</p>"


def test_the_tag_labels_the_tables_it_wraps():
    rendered = Template(
        "{% load stem %}{% stack_tables_in %}{{ table|safe }}{% endstack_tables_in %}"
    ).render(Context({"table": TABLE}))
    assert 'data-label="Status &amp; fase"' in rendered


@pytest.mark.django_db
def test_every_page_labels_its_tables(client, signatory_organisation):
    """base.html wraps every page's content: the portal's list of actions, for one."""
    admin = MembershipFactory(organisation=signatory_organisation).user
    PublishedActionFactory(organisation=signatory_organisation, title="Opendeurdag")
    client.force_login(admin)
    url = reverse("portal:action-list", kwargs={"organisation_slug": signatory_organisation.slug})
    content = client.get(url).content.decode()
    assert "data-stack>" in content
    assert '<td data-label="Status">' in content
