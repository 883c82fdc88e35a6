import pytest
from django.urls import reverse

from stemcharter.accounts.tests.factories import UserFactory
from stemcharter.audit.models import AuditEntry
from stemcharter.common.tests.roles import make_user


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("portal:account-preferences"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.django_db
def test_user_changes_email_language(client):
    user = UserFactory(language="nl")
    client.force_login(user)
    response = client.post(
        reverse("portal:account-preferences"), {"name": "Ann Peeters", "language": "en"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.name, user.language) == ("Ann Peeters", "en")
    assert AuditEntry.objects.filter(code="accounts.user.preferences_updated").count() == 1


@pytest.mark.django_db
def test_invalid_language_is_refused_and_nothing_changes(client):
    user = UserFactory(language="nl", name="Ann")
    client.force_login(user)
    response = client.post(reverse("portal:account-preferences"), {"name": "", "language": "xx"})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"name", "language"}
    user.refresh_from_db()
    assert (user.name, user.language) == ("Ann", "nl")


@pytest.mark.django_db
def test_a_contact_point_chooses_to_show_their_email_address(client, english):
    user = make_user("contact_point")
    client.force_login(user)
    url = reverse("portal:account-preferences")
    assert 'name="contact_point_email_public"' in client.get(url).content.decode()
    data = {"name": "Ann", "language": "en", "contact_point_email_public": "on"}
    assert client.post(url, data).status_code == 302
    user.refresh_from_db()
    assert user.contact_point_email_public
    entry = AuditEntry.objects.get(code="accounts.user.preferences_updated")
    assert entry.data["contact_point_email_public"] is True
    # Unticked: hidden again.
    client.post(url, {"name": "Ann", "language": "en"})
    user.refresh_from_db()
    assert not user.contact_point_email_public


@pytest.mark.django_db
def test_others_are_not_asked_and_cannot_set_it(client):
    user = UserFactory()
    client.force_login(user)
    url = reverse("portal:account-preferences")
    assert "contact_point_email_public" not in client.get(url).content.decode()
    data = {"name": "Ann", "language": "en", "contact_point_email_public": "on"}
    assert client.post(url, data).status_code == 302
    user.refresh_from_db()
    assert not user.contact_point_email_public
