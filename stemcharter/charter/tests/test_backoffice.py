"""Back office for signatures and charter versions: access per role, review, publishing."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from stemcharter.accounts.tests.factories import CoordinatorFactory
from stemcharter.audit.models import AuditEntry
from stemcharter.audit.services import audit_record
from stemcharter.charter.models import CharterVersion, Signature
from stemcharter.charter.tests.factories import (
    ApprovedSignatureFactory,
    CharterVersionFactory,
    CommitmentFactory,
    SignatureFactory,
)
from stemcharter.common.tests.roles import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def signature():
    return SignatureFactory(
        organisation__name="Robotica Vlaanderen",
        signer__language="en",
        signer_name="Ann Peeters",
    )


# (URL name, kwargs from the signature, may a contact point open it?)
READ_VIEWS = [
    # Signer emails of every region: coordinators only until contact points get a scoped queue.
    ("backoffice:signature-list", lambda s: {}, False),
    ("backoffice:signature-detail", lambda s: {"pk": s.pk}, False),
    ("backoffice:charter-version-list", lambda s: {}, False),
    ("backoffice:charter-version-create", lambda s: {}, False),
    (
        "backoffice:charter-version-detail",
        lambda s: {"number": s.charter_version.number},
        False,
    ),
]


@pytest.mark.parametrize(("name", "kwargs", "contact_point_allowed"), READ_VIEWS)
def test_anonymous_is_sent_to_login(client, signature, name, kwargs, contact_point_allowed):
    url = reverse(name, kwargs=kwargs(signature))
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize(("name", "kwargs", "contact_point_allowed"), READ_VIEWS)
@pytest.mark.parametrize("role", ["signatory", "contact_point", "coordinator"])
def test_access_per_role(client, signature, name, kwargs, contact_point_allowed, role):
    client.force_login(make_user(role))
    response = client.get(reverse(name, kwargs=kwargs(signature)))
    allowed = role == "coordinator" or (role == "contact_point" and contact_point_allowed)
    assert response.status_code == (200 if allowed else 403)


@pytest.mark.parametrize("name", ["backoffice:signature-approve", "backoffice:signature-reject"])
@pytest.mark.parametrize("role", ["signatory", "contact_point"])
def test_only_coordinators_decide(client, signature, name, role):
    client.force_login(make_user(role))
    response = client.post(reverse(name, kwargs={"pk": signature.pk}), {"reason": "No."})
    assert response.status_code == 403
    signature.refresh_from_db()
    assert signature.status == Signature.Status.SUBMITTED
    assert mail.outbox == []


@pytest.mark.parametrize("name", ["backoffice:signature-approve", "backoffice:signature-reject"])
def test_decisions_need_login(client, signature, name):
    response = client.post(reverse(name, kwargs={"pk": signature.pk}), {"reason": "No."})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    signature.refresh_from_db()
    assert signature.status == Signature.Status.SUBMITTED


@pytest.mark.parametrize("name", ["backoffice:signature-approve", "backoffice:signature-reject"])
def test_get_on_a_decision_url_is_not_allowed(client, signature, name):
    client.force_login(CoordinatorFactory())
    response = client.get(reverse(name, kwargs={"pk": signature.pk}))
    assert response.status_code == 405


def test_unknown_signature_is_404(client):
    client.force_login(CoordinatorFactory())
    response = client.get(reverse("backoffice:signature-detail", kwargs={"pk": 999999}))
    assert response.status_code == 404


class TestSignatureList:
    def test_default_is_the_queue_oldest_first(self, client):
        now = timezone.now()
        newer = SignatureFactory(organisation__name="B Nieuwer", submitted_at=now)
        older = SignatureFactory(organisation__name="A Ouder", submitted_at=now - timedelta(days=2))
        ApprovedSignatureFactory(organisation__name="Al Goedgekeurd")
        client.force_login(CoordinatorFactory())
        response = client.get(reverse("backoffice:signature-list"))
        assert list(response.context["signatures"]) == [older, newer]
        content = response.content.decode()
        assert "2 signatures" in content
        assert 'class="status status-submitted"' in content
        assert "Al Goedgekeurd" not in content

    def test_status_filter_and_all_statuses(self, client):
        submitted = SignatureFactory()
        approved = ApprovedSignatureFactory()
        client.force_login(CoordinatorFactory())
        url = reverse("backoffice:signature-list")
        response = client.get(url, {"status": "approved"})
        assert list(response.context["signatures"]) == [approved]
        response = client.get(url, {"status": "all"})
        assert set(response.context["signatures"]) == {submitted, approved}

    def test_search_by_organisation_name(self, client):
        wanted = SignatureFactory(organisation__name="Technopolis Mechelen")
        SignatureFactory(organisation__name="Andere Organisatie")
        client.force_login(CoordinatorFactory())
        response = client.get(reverse("backoffice:signature-list"), {"q": "technopolis"})
        assert list(response.context["signatures"]) == [wanted]
        assert "Remove filter:" in response.content.decode()

    def test_sort_by_organisation_descending(self, client):
        a = SignatureFactory(organisation__name="Aardig")
        z = SignatureFactory(organisation__name="Zeker")
        client.force_login(CoordinatorFactory())
        url = reverse("backoffice:signature-list")
        response = client.get(url, {"sort": "-organisation"})
        assert list(response.context["signatures"]) == [z, a]
        assert 'aria-sort="descending"' in response.content.decode()

    def test_unknown_filter_values_fall_back_to_the_queue(self, client):
        submitted = SignatureFactory()
        client.force_login(CoordinatorFactory())
        response = client.get(
            reverse("backoffice:signature-list"), {"status": "bogus", "sort": "password"}
        )
        assert response.status_code == 200
        assert list(response.context["signatures"]) == [submitted]
        assert "There is a problem" in response.content.decode()

    def test_empty_result_says_how_to_widen(self, client):
        client.force_login(CoordinatorFactory())
        response = client.get(reverse("backoffice:signature-list"), {"q": "niets"})
        assert "No signature matches these filters." in response.content.decode()


class TestSignatureDetail:
    def test_shows_organisation_signer_commitments_history_and_audit(self, client, signature):
        CommitmentFactory(signature=signature, description="We bieden tien stageplaatsen aan.")
        earlier = SignatureFactory(
            organisation=signature.organisation,
            status=Signature.Status.REJECTED,
            decided_at=timezone.now(),
        )
        audit_record(actor=None, code="charter.signature.submitted", target=signature)
        audit_record(
            actor=None, code="organisations.organisation.updated", target=signature.organisation
        )
        audit_record(actor=None, code="charter.signature.created", target=earlier)
        client.force_login(CoordinatorFactory())
        response = client.get(reverse("backoffice:signature-detail", kwargs={"pk": signature.pk}))
        content = response.content.decode()
        assert "Robotica Vlaanderen" in content
        assert "Ann Peeters" in content
        assert signature.signer_email in content
        assert "We bieden tien stageplaatsen aan." in content
        assert list(response.context["earlier_signatures"]) == [earlier]
        codes = {e.code for e in response.context["audit_entries"]}
        # The signature's and the organisation's entries, not the other signature's.
        assert codes == {"charter.signature.submitted", "organisations.organisation.updated"}
        assert reverse("backoffice:signature-approve", kwargs={"pk": signature.pk}) in content
        assert reverse("backoffice:signature-reject", kwargs={"pk": signature.pk}) in content

    def test_contact_point_cannot_open_it(self, client, signature):
        client.force_login(make_user("contact_point"))
        response = client.get(reverse("backoffice:signature-detail", kwargs={"pk": signature.pk}))
        assert response.status_code == 403
        content = response.content.decode()
        assert "Robotica Vlaanderen" not in content
        assert signature.signer_email not in content

    def test_coordinator_reads_the_withdrawal_reason(self, client):
        withdrawn = ApprovedSignatureFactory(
            status=Signature.Status.WITHDRAWN,
            withdrawn_at=timezone.now(),
            withdrawal_reason="We stoppen met onze STEM-werking.",
        )
        client.force_login(CoordinatorFactory())
        response = client.get(reverse("backoffice:signature-detail", kwargs={"pk": withdrawn.pk}))
        assert "We stoppen met onze STEM-werking." in response.content.decode()

    def test_history_is_in_words(self, client, signature):
        coordinator = CoordinatorFactory(name="Cora Coördinator")
        audit_record(
            actor=signature.signer,
            code="charter.signature.created",
            target=signature,
            data={"status": "awaiting_email", "charter_version": 1},
        )
        audit_record(
            actor=coordinator,
            code="organisations.organisation.updated",
            target=signature.organisation,
            data={"fields": ["website", "subregions"]},
        )
        client.force_login(coordinator)
        response = client.get(reverse("backoffice:signature-detail", kwargs={"pk": signature.pk}))
        content = response.content.decode()
        assert "Signature created" in content
        assert "Organisation profile changed" in content
        assert "Waiting for email confirmation" in content
        assert "Website, Subregions where it is active" in content
        for raw in ("charter.signature.created", "awaiting_email", "organisations.organisation"):
            assert raw not in content

    def test_decided_signature_has_no_decision_forms(self, client):
        approved = ApprovedSignatureFactory()
        client.force_login(CoordinatorFactory())
        response = client.get(reverse("backoffice:signature-detail", kwargs={"pk": approved.pk}))
        assert reverse("backoffice:signature-approve", kwargs={"pk": approved.pk}) not in (
            response.content.decode()
        )


class TestApprove:
    def test_approve_publishes_audits_and_emails_the_signer_in_their_language(
        self, client, signature
    ):
        coordinator = CoordinatorFactory()
        client.force_login(coordinator)
        response = client.post(reverse("backoffice:signature-approve", kwargs={"pk": signature.pk}))
        assert response.status_code == 302
        assert response.url == reverse("backoffice:signature-list")
        signature.refresh_from_db()
        assert signature.status == Signature.Status.APPROVED
        assert signature.decided_by == coordinator
        entry = AuditEntry.objects.get(code="charter.signature.approved")
        assert entry.actor == coordinator
        assert entry.target_id == str(signature.pk)
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == [signature.signer.email]
        assert mail.outbox[0].subject == (
            "[STEM-charter] Robotica Vlaanderen is now a STEM-charter signatory"
        )
        assert "/en/" in mail.outbox[0].body
        assert any("You approved the signature" in m for m in messages_of(response))

    def test_approving_an_approved_signature_gives_a_message(self, client, signature):
        client.force_login(CoordinatorFactory())
        url = reverse("backoffice:signature-approve", kwargs={"pk": signature.pk})
        client.post(url)
        mail.outbox.clear()
        response = client.post(url)
        detail = reverse("backoffice:signature-detail", kwargs={"pk": signature.pk})
        assert response.status_code == 302
        assert response.url == detail
        assert any("already been handled" in m for m in messages_of(response))
        assert AuditEntry.objects.filter(code="charter.signature.approved").count() == 1
        assert mail.outbox == []
        # The message is shown on the page it redirects to.
        page = client.get(detail)
        assert page.status_code == 200

    def test_approving_a_rejected_signature_is_refused(self, client):
        rejected = SignatureFactory(status=Signature.Status.REJECTED, decided_at=timezone.now())
        client.force_login(CoordinatorFactory())
        response = client.post(reverse("backoffice:signature-approve", kwargs={"pk": rejected.pk}))
        assert any("already been handled" in m for m in messages_of(response))
        rejected.refresh_from_db()
        assert rejected.status == Signature.Status.REJECTED


class TestReject:
    def test_reject_with_reason(self, client, signature):
        coordinator = CoordinatorFactory()
        client.force_login(coordinator)
        response = client.post(
            reverse("backoffice:signature-reject", kwargs={"pk": signature.pk}),
            {"reason": "  The enterprise number belongs to another company.  "},
        )
        assert response.status_code == 302
        signature.refresh_from_db()
        assert signature.status == Signature.Status.REJECTED
        assert signature.rejection_reason == "The enterprise number belongs to another company."
        entry = AuditEntry.objects.get(code="charter.signature.rejected")
        assert entry.actor == coordinator
        assert entry.data == {"reason": "The enterprise number belongs to another company."}
        assert len(mail.outbox) == 1
        assert mail.outbox[0].subject == (
            "[STEM-charter] The signature of Robotica Vlaanderen was not approved"
        )
        assert "The enterprise number belongs to another company." in mail.outbox[0].body
        assert any("You rejected the signature" in m for m in messages_of(response))

    @pytest.mark.parametrize("reason", ["", "   "])
    def test_reject_without_reason_changes_nothing(self, client, signature, reason):
        client.force_login(CoordinatorFactory())
        response = client.post(
            reverse("backoffice:signature-reject", kwargs={"pk": signature.pk}),
            {"reason": reason},
        )
        assert response.status_code == 200
        content = response.content.decode()
        assert "There is a problem" in content
        assert "Give a reason, so the signer knows what to do." in content
        assert "<title>Error:" in content
        signature.refresh_from_db()
        assert signature.status == Signature.Status.SUBMITTED
        assert not AuditEntry.objects.filter(code="charter.signature.rejected").exists()
        assert mail.outbox == []

    def test_rejecting_a_decided_signature_gives_a_message(self, client):
        approved = ApprovedSignatureFactory()
        client.force_login(CoordinatorFactory())
        response = client.post(
            reverse("backoffice:signature-reject", kwargs={"pk": approved.pk}),
            {"reason": "Too late."},
        )
        assert response.status_code == 302
        assert response.url == reverse("backoffice:signature-detail", kwargs={"pk": approved.pk})
        assert any("already been handled" in m for m in messages_of(response))
        approved.refresh_from_db()
        assert approved.status == Signature.Status.APPROVED
        assert mail.outbox == []


class TestCharterVersions:
    def test_list_shows_versions_with_counts_and_demo_flag(self, client):
        v1 = CharterVersionFactory(number=1, title="Eerste tekst", is_demo=True)
        CharterVersionFactory(number=2, title="Tweede tekst")
        ApprovedSignatureFactory(charter_version=v1)
        SignatureFactory(charter_version=v1)
        client.force_login(CoordinatorFactory())
        response = client.get(reverse("backoffice:charter-version-list"))
        versions = {v.number: v for v in response.context["versions"]}
        assert versions[1].signature_count == 2
        assert versions[1].approved_count == 1
        assert versions[2].signature_count == 0
        content = response.content.decode()
        assert "Eerste tekst" in content
        assert "Yes, demo" in content

    def test_detail_renders_sanitised_text(self, client):
        CharterVersionFactory(number=1, body="## Kop\n\nTekst <script>alert(1)</script>")
        client.force_login(CoordinatorFactory())
        response = client.get(reverse("backoffice:charter-version-detail", kwargs={"number": 1}))
        content = response.content.decode()
        assert "<h2>Kop</h2>" in content
        assert "<script>alert" not in content
        assert "This is the current version" in content

    def test_unknown_version_is_404(self, client):
        client.force_login(CoordinatorFactory())
        response = client.get(reverse("backoffice:charter-version-detail", kwargs={"number": 9}))
        assert response.status_code == 404

    def test_form_starts_from_the_current_text(self, client):
        CharterVersionFactory(number=1, title="Oud", body="Oude tekst")
        CharterVersionFactory(number=2, title="Huidig", body="Huidige tekst")
        client.force_login(CoordinatorFactory())
        response = client.get(reverse("backoffice:charter-version-create"))
        form = response.context["form"]
        assert form["title"].value() == "Huidig"
        assert form["body"].value() == "Huidige tekst"
        assert form["based_on"].value() == 2
        assert "keep the version they signed" in response.content.decode()

    def test_publish_creates_the_next_version_and_old_signatures_keep_theirs(self, client):
        v1 = CharterVersionFactory(number=1)
        old = ApprovedSignatureFactory(charter_version=v1)
        coordinator = CoordinatorFactory()
        client.force_login(coordinator)
        response = client.post(
            reverse("backoffice:charter-version-create"),
            {
                "title": "STEM-charter",
                "body": "## Nieuw\n\nWe doen meer.",
                "change_note": "Nieuwe engagementen",
                "based_on": "1",
            },
        )
        assert response.status_code == 302
        assert response.url == reverse("backoffice:charter-version-detail", kwargs={"number": 2})
        current = CharterVersion.objects.current()
        assert current.number == 2
        assert current.published_by == coordinator
        assert current.change_note == "Nieuwe engagementen"
        old.refresh_from_db()
        assert old.charter_version == v1
        assert AuditEntry.objects.filter(code="charter.version.published").count() == 1

    def test_preview_renders_without_publishing(self, client):
        CharterVersionFactory(number=1)
        client.force_login(CoordinatorFactory())
        response = client.post(
            reverse("backoffice:charter-version-create"),
            {
                "title": "STEM-charter",
                "body": "## Voorbeeld\n\n<img src=x onerror=alert(1)>Tekst",
                "change_note": "",
                "based_on": "1",
                "preview": "1",
            },
        )
        assert response.status_code == 200
        content = response.content.decode()
        assert "<h2>Voorbeeld</h2>" in content
        assert "onerror=alert(1)>" not in content.split("</section>")[0]
        assert "There is a problem" not in content
        assert CharterVersion.objects.count() == 1

    def test_publish_refuses_when_someone_published_meanwhile(self, client):
        CharterVersionFactory(number=1)
        CharterVersionFactory(number=2)
        client.force_login(CoordinatorFactory())
        response = client.post(
            reverse("backoffice:charter-version-create"),
            {"title": "T", "body": "Tekst", "change_note": "Iets", "based_on": "1"},
        )
        assert response.status_code == 200
        assert "Someone published version 2 while you were editing" in (response.content.decode())
        assert CharterVersion.objects.count() == 2

    def test_missing_fields_are_shown_with_the_error_summary(self, client):
        CharterVersionFactory(number=1)
        client.force_login(CoordinatorFactory())
        response = client.post(
            reverse("backoffice:charter-version-create"),
            {"title": "T", "body": "   ", "change_note": "", "based_on": "1"},
        )
        content = response.content.decode()
        assert "Enter the text of the charter." in content
        assert "Say in one sentence what changed." in content
        assert "There is a problem" in content
        assert CharterVersion.objects.count() == 1
