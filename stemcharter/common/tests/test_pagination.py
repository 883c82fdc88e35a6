import pytest
from django.http import QueryDict
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


def test_a_filter_set_copies_its_filters_without_sharing_what_a_request_changes():
    """``common.filters._FiltersOfTheClass``: each filter set has copies of its filters (own
    ``extra``, own method bound to it), so choices and parents never leak between requests."""
    from stemcharter.actions.filters import ActionFilterSet

    def filterset(slug: str):
        return ActionFilterSet(
            QueryDict(f"type={slug}"),
            action_types=[type("T", (), {"slug": slug, "name": slug})()],
            subregions=[],
            audiences=[],
            disciplines=[],
        )

    first, second = filterset("stage"), filterset("lezing")
    assert first.filters["type"] is not second.filters["type"]
    assert first.filters["type"].extra["choices"] == [("stage", "stage")]
    assert second.filters["type"].extra["choices"] == [("lezing", "lezing")]
    assert ActionFilterSet.base_filters["type"].extra["choices"] == []
    assert first.filters["type"].parent is first
    assert first.filters["type"].filter.method.__self__ is first
    assert second.filters["type"].filter.method.__self__ is second
    assert first.valid_data["type"] == ["stage"]
    assert second.valid_data["type"] == ["lezing"]
