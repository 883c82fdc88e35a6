"""An empty filter value (``?type=``, what an HTML form sends for a field left blank) is no
value, for every filter of every lenient list (``LenientFilterSet``): no notice, nothing
dropped, a multiple choice included."""

import pytest
from django.http import QueryDict

from stemcharter.opendata.datasets import dataset_list

pytestmark = pytest.mark.django_db


def filter_sets() -> list[type]:
    return [d.filterset_class for d in dataset_list() if d.filterset_class is not None]


@pytest.mark.parametrize("filterset_class", filter_sets(), ids=lambda item: item.__name__)
def test_every_empty_value_is_no_value(filterset_class):
    names = list(filterset_class.base_filters)
    data = QueryDict(mutable=True)
    for name in names:
        data.setlist(name, ["", ""])
    filterset = filterset_class(data, queryset=filterset_class._meta.model.objects.none())
    assert filterset.valid_data is not None
    assert filterset.notices == []
    assert filterset.dropped == []


@pytest.mark.parametrize(
    "url", ["/acties/?type=&province=", "/verhalen/?kind=", "/ondertekenaars/?category="]
)
def test_a_public_list_has_no_notice_for_an_empty_value(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert b"notice-warning" not in response.content
