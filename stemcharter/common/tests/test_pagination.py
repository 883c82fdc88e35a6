import pytest
from django.urls import reverse

from stemcharter.accounts.tests.factories import CoordinatorFactory


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["backoffice:audit-list", "backoffice:signature-list", "backoffice:organisation-list"]
)
@pytest.mark.parametrize("page", ["abc", "0", "999"])
def test_backoffice_lists_forgive_odd_page_numbers(client, name, page):
    client.force_login(CoordinatorFactory())
    response = client.get(reverse(name), {"page": page})
    assert response.status_code == 200
    assert response.context["page_obj"].number == 1
    # The same paginator as the public lists (common.filters.lenient_page): it says so.
    assert len(response.context["page_notices"]) == 1
    assert response.context["page_notices"][0] in response.content.decode()
