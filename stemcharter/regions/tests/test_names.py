"""One subregion of a Dutch name per province, whatever its case or spaces: in the back office,
in the admin, and in the database itself."""

import importlib

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from stemcharter.accounts.tests.factories import CoordinatorFactory, UserFactory
from stemcharter.regions.models import DUPLICATE_NAME_MESSAGE, Subregion
from stemcharter.regions.services import subregion_create, subregion_update

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

MESSAGE = "This province already has a subregion with this name."
migration = importlib.import_module(
    "stemcharter.regions.migrations.0004_subregion_name_unique_in_province"
)


@pytest.fixture
def leuven():
    return Subregion.objects.get(slug="leuven")


@pytest.mark.parametrize("name", ["leuven ", "  LEUVEN", "leuven\u00a0"])
def test_the_back_office_refuses_a_name_that_differs_only_in_case_or_spaces(client, leuven, name):
    client.force_login(CoordinatorFactory())
    count = Subregion.objects.count()
    response = client.post(
        reverse("backoffice:region-list"), {"province": leuven.province_id, "name_nl": name}
    )
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert Subregion.objects.count() == count


def test_names_are_kept_with_even_spaces(leuven):
    by = CoordinatorFactory()
    tienen = subregion_create(
        province=leuven.province, name_nl="  Tienen   en  omgeving ", name_en=" Tienen ", by=by
    )
    assert (tienen.name_nl, tienen.name_en) == ("Tienen en omgeving", "Tienen")
    with pytest.raises(Exception, match="already has a subregion"):
        subregion_create(province=leuven.province, name_nl="tienen EN omgeving", by=by)
    with pytest.raises(Exception, match="already has a subregion"):
        subregion_update(subregion=tienen, name_nl="  LEUVEN ", name_en="", by=by)
    assert Subregion.objects.get(pk=tienen.pk).name_nl == "Tienen en omgeving"


def test_the_admin_refuses_a_near_duplicate_with_a_clear_message(client, leuven):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    count = Subregion.objects.count()
    response = client.post(
        reverse("admin:regions_subregion_add"),
        {"name_nl": "leuven ", "name_en": "", "slug": "leuven-bis", "province": leuven.province_id},
    )
    assert response.status_code == 200
    with translation.override("nl"):  # the admin has no /en/ prefix: it speaks Dutch
        assert response.context["adminform"].form.errors == {
            "name_nl": [str(DUPLICATE_NAME_MESSAGE)]
        }
    assert Subregion.objects.count() == count


def test_the_admin_keeps_names_with_even_spaces(client, leuven):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post(
        reverse("admin:regions_subregion_add"),
        {
            "name_nl": " Sint-Truiden  en  omstreken ",
            "name_en": "",
            "slug": "sint-truiden",
            "province": leuven.province_id,
        },
    )
    assert response.status_code == 302
    assert Subregion.objects.get(slug="sint-truiden").name_nl == "Sint-Truiden en omstreken"


def test_the_database_refuses_the_same_name_in_another_case(leuven):
    with pytest.raises(IntegrityError), transaction.atomic():
        Subregion.objects.create(province=leuven.province, name_nl="LEUVEN", slug="leuven-bis")


def test_the_same_name_in_another_province_is_allowed(leuven):
    other = Subregion.objects.exclude(province=leuven.province).first()
    Subregion.objects.create(province=other.province, name_nl="leuven", slug="leuven-bis")


def test_the_migration_evens_out_spaces_and_names_the_clashes(leuven):
    Subregion.objects.filter(pk=leuven.pk).update(name_nl="  Leuven ", name_en="Leuven  city")
    migration.even_out_names(apps, None)
    leuven.refresh_from_db()
    assert (leuven.name_nl, leuven.name_en) == ("Leuven", "Leuven city")

    # Data from before the constraint: "Leuven" and "leuven " (the constraint sees them apart).
    Subregion.objects.create(province=leuven.province, name_nl="leuven ", slug="leuven-bis")
    with pytest.raises(RuntimeError, match="'Leuven' and 'leuven' \\(slug leuven-bis\\)"):
        migration.even_out_names(apps, None)


def test_a_name_too_long_gets_a_clear_message(client, leuven):
    client.force_login(CoordinatorFactory())
    response = client.post(
        reverse("backoffice:region-list"),
        {"province": leuven.province_id, "name_nl": "n" * 121, "name_en": "e" * 121},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("Shorten the name to at most 120 characters (it has 121).") >= 2
    assert not Subregion.objects.filter(name_nl="n" * 121).exists()
