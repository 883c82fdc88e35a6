"""Two members of one organisation working on the same draft at the same moment
(PostgreSQL row locks): nothing is lost, nothing changes after it was sent for review."""

import threading

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.urls import reverse

from stemcharter.actions.models import Action
from stemcharter.actions.tests.factories import ActionFactory
from stemcharter.audit.models import AuditEntry
from stemcharter.organisations.tests.factories import MembershipFactory
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.reviews.models import ReviewStatus
from stemcharter.vocabulary.models import ActionType

pytestmark = [
    # serialized_rollback: see stemcharter/charter/tests/test_concurrency.py.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("english"),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL row locks and threads"
    ),
]


def at_once(requests: list[tuple[Client, str, dict]]) -> list:
    """POST each (client, url, data) from its own thread, released together."""
    barrier = threading.Barrier(len(requests))
    responses: list = [None] * len(requests)
    errors: list = []

    def post(index: int, client: Client, url: str, data: dict) -> None:
        try:
            barrier.wait(timeout=30)
            responses[index] = client.post(url, data)
        except BaseException as error:  # reported in the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=post, args=(index, *request))
        for index, request in enumerate(requests)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return responses


def members_of(organisation, count: int = 2) -> list[Client]:
    clients = []
    for _ in range(count):
        client = Client()
        client.force_login(MembershipFactory(organisation=organisation).user)
        clients.append(client)
    return clients


def url(name: str, action=None, organisation=None, **kwargs) -> str:
    organisation = organisation or action.organisation
    if action is not None:
        kwargs["pk"] = action.pk
    return reverse(
        f"portal:action-{name}", kwargs={"organisation_slug": organisation.slug, **kwargs}
    )


def step_one(action: Action, title: str) -> dict:
    return {
        "action_type": action.action_type_id,
        "title": title,
        "summary": action.summary,
        "description": action.description,
    }


@pytest.fixture
def organisation():
    return make_signatory(name="Gelijktijdig", slug="gelijktijdig")


def test_saving_while_another_member_submits_never_changes_the_submitted_version(organisation):
    for attempt in range(4):
        action = ActionFactory(organisation=organisation, title=f"Kladversie {attempt}")
        editor, submitter = members_of(organisation)
        edit, submit = at_once(
            [
                (editor, url("step", action, step="wat"), step_one(action, f"Nieuw {attempt}")),
                (submitter, url("check", action), {}),
            ]
        )
        action.refresh_from_db()
        assert action.status == ReviewStatus.SUBMITTED
        assert submit.status_code == 302
        assert submit.url == url("detail", action)
        updates = AuditEntry.objects.filter(code="actions.action.updated", target_id=str(action.pk))
        submitted = AuditEntry.objects.get(code="reviews.item.submitted", target_id=str(action.pk))
        if action.title == f"Nieuw {attempt}":
            # The edit came first: it is part of what was sent.
            assert updates.get().pk < submitted.pk
        else:
            # The edit came second: refused, and said so.
            assert action.title == f"Kladversie {attempt}"
            assert not updates.exists()
            assert any(
                "You cannot change this now" in str(m) for m in get_messages(edit.wsgi_request)
            )


def test_two_members_sending_at_once_send_it_once(organisation):
    action = ActionFactory(organisation=organisation)
    responses = at_once([(client, url("check", action), {}) for client in members_of(organisation)])
    assert [response.status_code for response in responses] == [302, 302]
    texts = [str(m) for response in responses for m in get_messages(response.wsgi_request)]
    assert sum("has been sent for review" in text for text in texts) == 1
    assert sum("already been sent for review" in text for text in texts) == 1
    assert AuditEntry.objects.filter(code="reviews.item.submitted").count() == 1
    action.refresh_from_db()
    assert action.status == ReviewStatus.SUBMITTED


def test_two_members_saving_different_steps_at_once_keep_both(organisation):
    action = ActionFactory(organisation=organisation, location="Gent")
    subregion = action.subregions.get()
    audience = action.audiences.get()
    first, second = members_of(organisation)
    at_once(
        [
            (first, url("step", action, step="wat"), step_one(action, "Titel van de eerste")),
            (
                second,
                url("step", action, step="voor-wie-en-waar"),
                {"audiences": [audience.pk], "subregions": [subregion.pk], "location": "Brugge"},
            ),
        ]
    )
    action.refresh_from_db()
    assert (action.title, action.location) == ("Titel van de eerste", "Brugge")


def test_two_new_actions_with_the_same_title_at_once_get_their_own_address(organisation):
    data = {
        "action_type": ActionType.objects.order_by("position").first().pk,
        "title": "Open dag",
        "summary": "s",
        "description": "d",
    }
    responses = at_once(
        [
            (client, url("create", organisation=organisation), data)
            for client in members_of(organisation)
        ]
    )
    assert [response.status_code for response in responses] == [302, 302]
    assert sorted(Action.objects.values_list("slug", flat=True)) == ["open-dag", "open-dag-2"]


def test_two_saves_at_once_from_pages_opened_on_one_version_save_one(organisation):
    """Both pages were opened on the same version (``common.concurrency``): the row lock lets
    one save pass; the other sees the new version and is refused, nothing overwritten."""
    from stemcharter.common.concurrency import VERSION_FIELD, version_of

    for attempt in range(3):
        action = ActionFactory(organisation=organisation, title=f"Kladversie {attempt}")
        version = version_of(action)
        first, second = members_of(organisation)
        responses = at_once(
            [
                (
                    client,
                    url("step", action, step="wat"),
                    {**step_one(action, f"Titel {name}"), VERSION_FIELD: version},
                )
                for client, name in ((first, "A"), (second, "B"))
            ]
        )
        assert sorted(response.status_code for response in responses) == [200, 302]
        refused = next(response for response in responses if response.status_code == 200)
        assert "Someone changed this" in refused.content.decode()
        saved = next(response for response in responses if response.status_code == 302)
        action.refresh_from_db()
        winner = "A" if saved is responses[0] else "B"
        assert action.title == f"Titel {winner}"
        updates = AuditEntry.objects.filter(code="actions.action.updated", target_id=str(action.pk))
        assert updates.count() == 1
