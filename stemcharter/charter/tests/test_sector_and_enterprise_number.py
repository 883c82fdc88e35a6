"""Sector and enterprise number: required except for individuals, with one wording, in the
first step of signing and in the portal's profile form."""

import re

import pytest

from stemcharter.charter.tests.test_signing import SIGN_URL, errors_of, sign_data, walk
from stemcharter.organisations.forms import OrganisationProfileForm
from stemcharter.organisations.models import Category
from stemcharter.regions.tests.factories import SubregionFactory
from stemcharter.vocabulary.models import Sector

pytestmark = pytest.mark.django_db


SECTOR_HINT = "Not needed for an individual."
NUMBER_HINT = (
    "The Belgian enterprise number, for example 0123.456.749. Not needed for an individual."
)


def assert_field_markup(content, field_id):
    tag = re.search(rf'<(?:input|select)[^>]*id="{field_id}"[^>]*>', content).group(0)
    assert " required" not in tag
    label = re.search(rf'<label for="{field_id}">(.*?)</label>', content, re.S).group(1)
    assert "optional" not in label


def test_step_one_sector_and_enterprise_number_markup(client, charter):
    content = client.get(SIGN_URL).content.decode()
    assert_field_markup(content, "id_sector")
    assert_field_markup(content, "id_enterprise_number")
    assert SECTOR_HINT in content
    assert NUMBER_HINT in content
    # Also when the page comes back with errors for an individual.
    response = walk(
        client,
        sign_data(category=Category.INDIVIDUAL, sector="", enterprise_number="", name=""),
        steps=("organisation",),
    )
    assert response.status_code == 200
    assert_field_markup(response.content.decode(), "id_sector")
    assert_field_markup(response.content.decode(), "id_enterprise_number")


def test_step_one_requires_sector_and_number_except_for_individuals(client, charter):
    response = walk(client, sign_data(sector="", enterprise_number=""), steps=("organisation",))
    assert response.status_code == 200
    assert errors_of(response, "sector") == ["Choose the sector of the organisation."]
    assert errors_of(response, "enterprise_number") == [
        "Enter the enterprise number, for example 0123.456.749. "
        "Only individuals can leave it empty."
    ]
    response = walk(
        client,
        sign_data(category=Category.INDIVIDUAL, sector="", enterprise_number=""),
        steps=("organisation",),
    )
    assert response.status_code == 302


def test_portal_profile_form_sector_and_enterprise_number(english):
    form = OrganisationProfileForm()
    html = form["sector"].as_field_group() + form["enterprise_number"].as_field_group()
    assert_field_markup(html, "id_sector")
    assert_field_markup(html, "id_enterprise_number")
    assert SECTOR_HINT in html
    assert NUMBER_HINT in html

    subregion = SubregionFactory()
    data = {
        "name": "Eigen",
        "town": "Gent",
        "category": Category.COMPANY,
        "subregions": [subregion.pk],
    }
    form = OrganisationProfileForm(data={**data, "sector": "", "enterprise_number": ""})
    assert not form.is_valid()
    assert form.errors["sector"] == ["Choose the sector of the organisation."]
    assert form.errors["enterprise_number"]
    sector = Sector.objects.order_by("pk").first()
    form = OrganisationProfileForm(
        data={**data, "sector": sector.pk, "enterprise_number": "0123.456.749"}
    )
    assert form.is_valid(), form.errors
    form = OrganisationProfileForm(
        data={**data, "category": Category.INDIVIDUAL, "sector": "", "enterprise_number": ""}
    )
    assert form.is_valid(), form.errors
