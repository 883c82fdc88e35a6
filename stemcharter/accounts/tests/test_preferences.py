import pytest
from django.urls import reverse

from stemcharter.accounts.tests.factories import UserFactory
from stemcharter.audit.models import AuditEntry


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
