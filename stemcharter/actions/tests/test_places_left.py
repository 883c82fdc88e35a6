"""An action that takes registrations on this site: its card and page say the places left
(not its total as if all were free), and "only with places available" leaves out the full
ones; the catalogue reads the seats taken in its own query (as many queries at any size)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stemcharter.common.fragments import forget_kept
from stemcharter.registrations.tests.factories import RegistrableActionFactory, visitor_registers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def catalogue(client, params=None) -> str:
    cache.clear()  # the whole page, kept for anonymous visitors
    forget_kept()
    response = client.get("/en/acties/", params or {})
    assert response.status_code == 200
    return response.content.decode()


def test_the_card_says_the_places_left_and_full_when_none_is():
    action = RegistrableActionFactory(places=10, title="Opendag Labo")
    for i in range(3):
        visitor_registers(action, f"p{i}@example.org")
    full = RegistrableActionFactory(places=1, title="Volle Werkplaats")
    visitor_registers(full, "x@example.org")
    from django.test import Client

    html = catalogue(Client())
    assert "7 places available" in html
    assert "10 places available" not in html
    assert "No places left" in html
    # The action's own page says the same in its facts.
    page = Client().get(action.get_absolute_url()).content.decode()
    assert "7 places available" in page
    assert "7 places left of 10." in page


def test_the_cards_key_changes_when_a_seat_is_taken():
    action = RegistrableActionFactory(places=10)
    from stemcharter.actions.selectors import action_card_list, action_catalogue

    [before] = action_card_list(action_catalogue().filter(pk=action.pk))
    visitor_registers(action, "a@example.org")
    [after] = action_card_list(action_catalogue().filter(pk=action.pk))
    assert before.card_version != after.card_version
    assert after.places_left == 9


def test_only_with_places_available_leaves_out_full_registration_actions(client):
    open_ = RegistrableActionFactory(places=2, title="Nog Plaats")
    visitor_registers(open_, "a@example.org")
    full = RegistrableActionFactory(places=2, title="Helemaal Vol")
    visitor_registers(full, "b@example.org")
    visitor_registers(full, "c@example.org")
    visitor_registers(full, "d@example.org")  # on the waitlist: holds no seat
    html = catalogue(client, {"places": "1"})
    assert "Nog Plaats" in html
    assert "Helemaal Vol" not in html
    # A class of 2 needs 2 places left (a type counted per pupil).
    assert "Nog Plaats" not in catalogue(client, {"group": "2"})
    assert "Nog Plaats" in catalogue(client, {"group": "1"})


def _make(count: int, start: int = 0) -> None:
    for number in range(start, start + count):
        action = RegistrableActionFactory(places=3, title=f"Registreer {number:03}")
        for seat in range(number % 4):  # 0 to 3 taken: some full, some on the waitlist
            visitor_registers(action, f"p{number}-{seat}@example.org")


def _count(client, params) -> int:
    cache.clear()
    forget_kept()
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/en/acties/", params).status_code == 200
    return len(queries)


@pytest.mark.parametrize("params", [{}, {"places": "1"}, {"group": "2"}])
def test_the_catalogue_reads_the_places_left_in_as_many_queries_at_any_size(client, params):
    _make(3)
    client.get("/en/acties/")  # per-process caches (content types)
    small = _count(client, params)
    _make(25, start=3)
    large = _count(client, params)
    assert small > 3  # the page itself, not the cache
    assert large == small
