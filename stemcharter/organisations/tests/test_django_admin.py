"""The Django admin: an organisation's name and enterprise number are read-only there, and
organisations are not added there (they sign)."""

import pytest
from django.urls import reverse

from stemcharter.accounts.tests.factories import UserFactory
from stemcharter.organisations.models import Organisation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def organisation(signatory_organisation):
    """The organisation of these tests is a signatory."""
    return signatory_organisation


def test_admin_cannot_change_name_or_enterprise_number(client, organisation):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser)
    url = reverse("admin:organisations_organisation_change", args=[organisation.pk])
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "name" not in form.fields
    assert "enterprise_number" not in form.fields
    assert "Jansen &amp; Zonen" in response.content.decode()  # still shown, read-only

    client.post(url, {"name": "Iets Anders", "enterprise_number": "0234567873"})
    organisation.refresh_from_db()
    assert organisation.name == "Jansen & Zonen"
    assert organisation.enterprise_number == "0123456749"


def test_admin_cannot_add_an_organisation(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(reverse("admin:organisations_organisation_add"))
    assert response.status_code == 403
    assert Organisation.objects.count() == 0
