"""The audit trail in the back office: coordinators only, filters, search, pagination."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from stemcharter.accounts.tests.factories import CoordinatorFactory
from stemcharter.actions.tests.factories import ActionFactory, PublishedActionFactory
from stemcharter.audit.models import AuditEntry
from stemcharter.audit.registry import audit_labels
from stemcharter.audit.services import audit_record
from stemcharter.charter.tests.factories import CharterVersionFactory, SignatureFactory
from stemcharter.common.tests.roles import make_user
from stemcharter.organisations.tests.factories import OrganisationFactory
from stemcharter.regions.tests.factories import SubregionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

with translation.override("en"):
    URL = reverse("backoffice:audit-list")


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("role", "status"), [("signatory", 403), ("contact_point", 403), ("coordinator", 200)]
)
def test_access_per_role(client, role, status):
    client.force_login(make_user(role))
    assert client.get(URL).status_code == status


def test_lists_who_what_which_object_and_details_with_links(client):
    coordinator = CoordinatorFactory(name="Cora Coördinator")
    signature = SignatureFactory(organisation__name="Gelinkte Organisatie")
    version = CharterVersionFactory(number=3)
    audit_record(
        actor=coordinator,
        code="charter.signature.rejected",
        target=signature,
        data={"reason": "Onvolledig"},
    )
    audit_record(actor=coordinator, code="charter.version.published", target=version)
    client.force_login(coordinator)
    response = client.get(URL)
    content = response.content.decode()
    assert "Cora Coördinator" in content
    # In words, not as the code (which is only an option value of the filter).
    assert '<td class="audit-what" data-label="What">Signature rejected</td>' in content
    assert '<td class="audit-what" data-label="What">Charter version published</td>' in content
    assert "<td>charter.signature.rejected" not in content
    assert 'Reason:</span> <span lang="nl">Onvolledig' in content
    assert reverse("backoffice:signature-detail", kwargs={"pk": signature.pk}) in content
    assert reverse("backoffice:charter-version-detail", kwargs={"number": 3}) in content
    assert "2 entries" in content


def test_deleted_object_keeps_its_name_without_a_link(client):
    organisation = OrganisationFactory(name="Verdwenen Organisatie")
    audit_record(actor=None, code="organisations.organisation.created", target=organisation)
    slug = organisation.slug
    organisation.delete()
    client.force_login(CoordinatorFactory())
    content = client.get(URL).content.decode()
    assert "Verdwenen Organisatie" in content
    assert reverse("backoffice:organisation-detail", kwargs={"slug": slug}) not in content


def test_filter_by_code_prefix_and_search(client):
    organisation = OrganisationFactory(name="Zoekbare Organisatie")
    audit_record(actor=None, code="organisations.organisation.created", target=organisation)
    audit_record(actor=None, code="charter.signature.created", target=SignatureFactory())
    audit_record(actor=None, code="charter.signature.approved", target=SignatureFactory())
    client.force_login(CoordinatorFactory())
    response = client.get(URL, {"code": "charter.signature"})
    assert {e.code for e in response.context["entries"]} == {
        "charter.signature.created",
        "charter.signature.approved",
    }
    response = client.get(URL, {"code": "charter"})
    assert len(response.context["entries"]) == 2
    response = client.get(URL, {"q": "zoekbare"})
    assert [e.code for e in response.context["entries"]] == ["organisations.organisation.created"]
    choices = [value for value, _ in response.context["filters"].fields["code"].choices]
    assert {"charter", "charter.signature", "charter.signature.approved"} <= set(choices)


def test_unknown_code_prefix_shows_an_error_not_a_crash(client):
    audit_record(actor=None, code="charter.signature.created", target=SignatureFactory())
    client.force_login(CoordinatorFactory())
    response = client.get(URL, {"code": "nope"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert len(response.context["entries"]) == 1


def test_paginated_by_fifty_newest_first(client):
    organisation = OrganisationFactory()
    for number in range(55):
        audit_record(actor=None, code="test.entry", target=organisation, data={"n": number})
    client.force_login(CoordinatorFactory())
    response = client.get(URL)
    entries = list(response.context["entries"])
    assert len(entries) == 50
    assert entries[0].data == {"n": 54}
    assert response.context["page_obj"].paginator.num_pages == 2
    response = client.get(URL, {"page": 2})
    assert len(response.context["entries"]) == 5


def test_page_query_count_is_constant(client, django_assert_max_num_queries):
    for _ in range(30):
        audit_record(actor=CoordinatorFactory(), code="x.y", target=SignatureFactory())
    client.force_login(CoordinatorFactory())
    with django_assert_max_num_queries(12):
        client.get(URL)


def test_codes_and_details_are_in_words(client):
    signature = SignatureFactory()
    audit_record(
        actor=None,
        code="charter.signature.created",
        target=signature,
        data={"status": "awaiting_email", "charter_version": 2},
    )
    audit_record(
        actor=None,
        code="charter.signature.withdrawn",
        target=signature,
        data={"previous_status": "approved", "reason": ""},
    )
    audit_record(
        actor=None,
        code="organisations.invitation.accepted",
        target=signature.organisation,
        data={"email": "nieuw@example.org", "role": "editor", "new_member": True},
    )
    subregion = SubregionFactory()
    audit_record(
        actor=None,
        code="regions.subregion.updated",
        target=subregion,
        data={"name_en": ["Old name", "New name"]},
    )
    audit_record(actor=None, code="accounts.user.preferences_updated", data={"language": "nl"})
    audit_record(
        actor=None,
        code="accounts.user.password_cleared",
        data={"reason": "email_confirmed_in_other_browser"},
    )
    audit_record(
        actor=None,
        code="charter.signature.pruned",
        data={"organisation": "Weg BV", "signer_email": "a@example.org", "older_than_days": 7},
    )
    client.force_login(CoordinatorFactory())
    content = client.get(URL).content.decode()
    for words in (
        "Signature created",
        "Status:</span> Waiting for email confirmation",
        "Charter version:</span> 2",
        "Signature withdrawn",
        "Status before:</span> Approved",
        "Invitation accepted",
        "Role:</span> Editor",
        "New member:</span> Yes",
        "Subregion renamed",
        "Name (English):</span> Old name → New name",
        "Preferences changed",
        "Language:</span> Dutch",
        "Password removed",
        "Reason:</span> The email address was confirmed in another browser",
        "Unconfirmed signature deleted",
        "Organisation:</span> Weg BV",
        "Unconfirmed for more than:</span> 7 days",
    ):
        assert words in content, words
    for raw in ("status:", "awaiting_email<", "role:", ">editor", "name_en", "older_than"):
        assert raw not in content, raw


def test_unknown_code_and_detail_key_show_as_they_are(client):
    audit_record(actor=None, code="future.thing.happened", data={"some_key": "waarde"})
    client.force_login(CoordinatorFactory())
    content = client.get(URL).content.decode()
    assert '<td class="audit-what" data-label="What">future.thing.happened</td>' in content
    assert "some_key:</span> waarde" in content


def test_every_audit_code_in_the_code_base_has_words():
    """Each code any module writes (services, signing, the review workflow's editing, ...) is
    registered by some app (its ``audit_labels.py``), so a new code without words fails here."""
    pattern = re.compile(r"""code=f?["']([a-z_{}]+\.[a-z_.{}]+)["']""")
    root = Path(settings.BASE_DIR, "stemcharter")
    sources = [
        path
        for path in root.glob("*/**/*.py")
        if "tests" not in path.relative_to(root).parts
        and "migrations" not in path.relative_to(root).parts
    ]
    texts = [source.read_text() for source in sources]
    codes = {code for text in texts for code in pattern.findall(text)}
    # The join request's code ends in its new status.
    codes.discard("organisations.join_request.{join_request.status}")
    codes |= {f"organisations.join_request.{status}" for status in ("accepted", "declined")}
    # The review workflow writes <prefix>.created and <prefix>.updated for each content type.
    prefixes = {
        p for text in texts for p in re.findall(r"""audit_prefix=["']([a-z_.]+)["']""", text)
    }
    for suffix in ("created", "updated"):
        codes.discard(f"{{rules.audit_prefix}}.{suffix}")
        codes |= {f"{prefix}.{suffix}" for prefix in prefixes}
    assert {"actions.action.created", "stories.story.updated"} <= codes
    assert not {code for code in codes if "{" in code}, "an f-string code the test cannot expand"
    assert len(codes) >= 40
    assert codes <= set(audit_labels.codes), codes - set(audit_labels.codes)


def test_code_filter_shows_descriptions(client):
    audit_record(actor=None, code="charter.signature.approved", target=SignatureFactory())
    client.force_login(CoordinatorFactory())
    response = client.get(URL, {"code": "charter.signature"})
    choices = dict(response.context["filters"].fields["code"].choices)
    assert choices["charter.signature.approved"] == "Signature approved"
    assert choices["charter.signature"] == "Signatures: all events"
    assert choices["charter"] == "Charter: all events"
    content = response.content.decode()
    assert '<option value="charter.signature.approved">Signature approved</option>' in content
    # The active filter's chip in words too.
    assert "Signatures: all events <span aria-hidden" in content


def test_search_finds_the_description(client):
    audit_record(actor=None, code="charter.signature.approved", target=SignatureFactory())
    audit_record(actor=None, code="charter.signature.created", target=SignatureFactory())
    client.force_login(CoordinatorFactory())
    response = client.get(URL, {"q": "approved"})
    assert [e.code for e in response.context["entries"]] == ["charter.signature.approved"]
    response = client.get(URL, {"q": "Signature approved"})
    assert [e.code for e in response.context["entries"]] == ["charter.signature.approved"]


def test_review_and_image_entries_read_as_words_and_link_to_the_item(client):
    """Not "Kind: action", "Review: 15" or an image's hash, and the item is one click away."""
    action = PublishedActionFactory(title="Opendeurdag in het labo")
    draft = ActionFactory(title="Nog een kladversie")
    audit_record(
        actor=None,
        code="reviews.item.published",
        target=action,
        data={"type": "action", "revision": False, "review": 15},
    )
    audit_record(
        actor=None,
        code="images.image.updated",
        target=action,
        data={
            "image": "3fa85f6457174562b3fc2c963f66afa6",
            "alt_text": "Twee leerlingen bouwen een robotarm",
            "changed": ["alt_text", "position"],
        },
    )
    audit_record(actor=None, code="actions.action.created", target=draft, data={"title": "x"})
    client.force_login(CoordinatorFactory())
    content = client.get(URL).content.decode()
    for words in (
        "Kind:</span> Action",
        'Description of the image:</span> <span lang="nl">Twee leerlingen bouwen een robotarm',
        "Changed:</span> Description for people who cannot see the image, Position",
    ):
        assert words in content, words
    # The page's random CSRF token may hold any digits: leave it out of what is searched.
    shown = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", content)
    for raw in ("Kind:</span> action", "Review:", "3fa85f64", "alt_text"):
        assert raw not in shown, raw
    # The review's number on its own (not inside a time such as 15:02 or a date).
    assert not re.search(r"(?<![\d:.\-/])15(?![\d:.\-/])", shown)
    review_url = reverse("backoffice:review-detail", kwargs={"type_key": "action", "pk": action.pk})
    assert f'<a href="{review_url}">Opendeurdag in het labo</a>' in content
    # A draft never sent for review has no page in the back office: its name, no link.
    assert "Nog een kladversie" in content
    assert f"/beoordelingen/action/{draft.pk}/" not in content
    assert client.get(review_url).status_code == 200


def _at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def test_filter_by_date_window(client):
    day = datetime.date(2025, 10, 16)
    organisation = OrganisationFactory()
    for when, number in ((_at(day, 0), 1), (_at(day, 23), 2), (_at(day, 12), 3)):
        entry = audit_record(actor=None, code="test.entry", target=organisation, data={"n": number})
        AuditEntry.objects.filter(pk=entry.pk).update(created_at=when)
    entry = audit_record(actor=None, code="test.entry", target=organisation, data={"n": 4})
    AuditEntry.objects.filter(pk=entry.pk).update(created_at=_at(day - datetime.timedelta(days=1)))
    entry = audit_record(actor=None, code="test.entry", target=organisation, data={"n": 5})
    AuditEntry.objects.filter(pk=entry.pk).update(created_at=_at(day + datetime.timedelta(days=1)))
    client.force_login(CoordinatorFactory())

    def numbers(**params):
        response = client.get(URL, params)
        assert response.status_code == 200
        return sorted(entry.data["n"] for entry in response.context["entries"])

    assert numbers(date_from="2025-10-16", date_to="2025-10-16") == [1, 2, 3]
    assert numbers(date_from="2025-10-16") == [1, 2, 3, 5]
    assert numbers(date_to="2025-10-16") == [1, 2, 3, 4]
    content = client.get(URL, {"date_from": "2025-10-16"}).content.decode()
    assert "From 16 October 2025" in content  # the chip
    assert 'type="date"' in content


def test_a_wrong_date_is_named_and_the_other_filters_still_apply(client):
    audit_record(actor=None, code="charter.signature.created", target=SignatureFactory())
    audit_record(actor=None, code="charter.signature.approved", target=SignatureFactory())
    client.force_login(CoordinatorFactory())
    response = client.get(URL, {"date_from": "16-10-20x5", "code": "charter.signature.approved"})
    content = response.content.decode()
    assert "There is a problem" in content
    assert "Enter a date like 2025-03-31." in content
    assert [e.code for e in response.context["entries"]] == ["charter.signature.approved"]
    response = client.get(URL, {"date_from": "2025-10-16", "date_to": "2025-10-01"})
    assert "Choose a last day on or after the first day." in response.content.decode()
