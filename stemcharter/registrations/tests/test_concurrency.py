"""Many people registering, confirming and cancelling for the same item at the same moment
(PostgreSQL row locks, real threads): seats are never given twice, the waitlist keeps its
order."""

import pytest
from django.db import connection

from stemcharter.common.tests.concurrency import at_once as run_at_once
from stemcharter.registrations.models import Registration
from stemcharter.registrations.selectors import item_places
from stemcharter.registrations.services import (
    RegistrationRefused,
    registration_add_by_organiser,
    registration_cancel,
    registration_cancel_by_organiser,
    registration_confirm,
)

from .factories import RegistrableActionFactory, visitor_registers

pytestmark = [
    # serialized_rollback: see stemcharter/charter/tests/test_concurrency.py.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL row locks and threads"
    ),
]
State = Registration.State


def at_once(calls: list) -> list:
    """``common.tests.concurrency.at_once``: what each call returned or the
    ``RegistrationRefused`` it raised."""
    return run_at_once(calls, refused=RegistrationRefused, timeout=120)


def test_fifty_confirmations_for_ten_seats_give_ten_registered_and_forty_waiting_in_order():
    action = RegistrableActionFactory(places=10)
    pending = [
        visitor_registers(action, f"person{i}@example.org", confirm=False) for i in range(50)
    ]
    at_once([lambda r=r: registration_confirm(registration=r) for r in pending])

    registrations = list(Registration.objects.for_item(action))
    states = [r.state for r in registrations]
    assert states.count(State.REGISTERED) == 10
    assert states.count(State.WAITLISTED) == 40
    assert item_places(item=action).taken == 10
    # In order: everyone registered confirmed before everyone waiting, and the waitlist is in
    # the order of confirming.
    registered = [r for r in registrations if r.state == State.REGISTERED]
    waitlist = list(Registration.objects.for_item(action).waitlist())
    assert max(r.confirmed_at for r in registered) <= min(r.confirmed_at for r in waitlist)
    assert [r.confirmed_at for r in waitlist] == sorted(r.confirmed_at for r in waitlist)
    assert len({r.waitlisted_at for r in waitlist}) == 40


DUPLICATES = [
    "dup@example.org",
    "DUP@example.org",
    "Dup@Example.org",
    "dUp@example.ORG",
    "duP@EXAMPLE.org",
]


def test_fifty_registrations_at_once_for_ten_seats_are_placed_without_duplicates():
    action = RegistrableActionFactory(places=10)
    results = at_once(
        [lambda i=i: visitor_registers(action, f"person{i}@example.org") for i in range(50)]
        # The same address five more times, in other letter cases: one of them at most.
        + [lambda e=e: visitor_registers(action, e) for e in DUPLICATES]
    )
    refused = [r for r in results if isinstance(r, RegistrationRefused)]
    assert len(refused) == 4
    assert all(r.field == "email" for r in refused)  # the same address (threads: in Dutch)
    states = list(Registration.objects.for_item(action).values_list("state", flat=True))
    assert len(states) == 51
    assert states.count(State.REGISTERED) == 10
    assert states.count(State.WAITLISTED) == 41


def test_two_cancellations_at_once_promote_exactly_the_first_two_waiting():
    action = RegistrableActionFactory(places=3)
    seated = [visitor_registers(action, f"seated{i}@example.org") for i in range(3)]
    waiting = [visitor_registers(action, f"waiting{i}@example.org") for i in range(4)]
    at_once([lambda r=r: registration_cancel(registration=r) for r in seated[:2]])

    states = {
        r.email: r.state
        for r in Registration.objects.for_item(action).filter(email__startswith="waiting")
    }
    assert states == {
        "waiting0@example.org": State.REGISTERED,
        "waiting1@example.org": State.REGISTERED,
        "waiting2@example.org": State.WAITLISTED,
        "waiting3@example.org": State.WAITLISTED,
    }
    assert item_places(item=action).taken == 3
    assert len(waiting) == 4


def test_a_group_of_five_never_overbooks_three_free_seats():
    action = RegistrableActionFactory(places=10)
    for i in range(7):
        visitor_registers(action, f"seated{i}@example.org")
    group = visitor_registers(
        action,
        "teacher@example.org",
        kind="group",
        group_name="5B",
        pupils=4,
        adults=1,
        confirm=False,
    )
    singles = [visitor_registers(action, f"single{i}@example.org", confirm=False) for i in range(3)]
    at_once([lambda r=r: registration_confirm(registration=r) for r in [group, *singles]])

    assert item_places(item=action).taken <= 10
    assert Registration.objects.get(pk=group.pk).state == State.WAITLISTED
    assert item_places(item=action).taken == 10  # the three singles took the three seats


def test_organisers_adding_by_hand_and_visitors_confirming_at_once_never_overbook():
    action = RegistrableActionFactory(places=5)
    pending = [
        visitor_registers(action, f"visitor{i}@example.org", confirm=False) for i in range(5)
    ]
    at_once(
        [lambda r=r: registration_confirm(registration=r) for r in pending]
        + [
            lambda i=i: registration_add_by_organiser(
                item=action, by=None, kind="individual", name=f"Phoned {i}"
            )
            for i in range(5)
        ]
    )
    states = list(Registration.objects.for_item(action).values_list("state", flat=True))
    assert states.count(State.REGISTERED) == 5
    assert states.count(State.WAITLISTED) == 5
    assert item_places(item=action).taken == 5


def test_two_organisers_cancelling_the_same_registration_at_once_promote_one_person():
    action = RegistrableActionFactory(places=1)
    seated = visitor_registers(action, "seated@example.org")
    waiting = [visitor_registers(action, f"waiting{i}@example.org") for i in range(2)]
    results = at_once(
        [
            lambda: registration_cancel_by_organiser(registration=seated, by=None),
            lambda: registration_cancel_by_organiser(registration=seated, by=None),
        ]
    )
    assert len([r for r in results if isinstance(r, RegistrationRefused)]) == 1
    states = [Registration.objects.get(pk=r.pk).state for r in waiting]
    assert states == [State.REGISTERED, State.WAITLISTED]
    assert item_places(item=action).taken == 1
