"""A progress report's title is made from its year in the reader's language ("Progress report
2026", "Voortgangsrapport 2026"), wherever it is shown: the portal's pages (not marked as Dutch
content on an English page), the review queue, the emails (in each recipient's language) and
the audit trail (an entry written while someone acted in Dutch reads in English on an English
page)."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from stemcharter.audit.labels import entry_details
from stemcharter.audit.models import AuditEntry
from stemcharter.organisations.tests.factories import MembershipFactory
from stemcharter.reviews.services import review_item_delete

from .conftest import report, report_url, written_and_sent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def draft(signatory, member):
    return report(signatory, by=member)


def test_the_portal_pages_name_it_in_the_pages_language(client, today, draft, member):
    client.force_login(member)
    delete_page = client.get(report_url(draft, "delete")).text
    assert "Delete “Progress report 2026”?" in delete_page
    assert '<span lang="nl">Progress report 2026</span>' not in delete_page
    detail = client.get(report_url(draft, "detail")).text
    assert "<h1>Progress report 2026</h1>" in detail
    assert 'lang="nl">Progress report 2026' not in detail
    listing = client.get(
        reverse(
            "portal:progress-report-list", kwargs={"organisation_slug": draft.organisation.slug}
        )
    ).text
    assert "Progress report 2026" in listing
    assert 'lang="nl">Progress report 2026' not in listing


def test_the_review_queue_names_it_in_the_pages_language(client, today, draft, member, coordinator):
    written_and_sent(draft, member)
    client.force_login(coordinator)
    queue = client.get(reverse("backoffice:review-queue")).text
    assert ">Progress report 2026</a>" in queue
    assert 'lang="nl">Progress report 2026' not in queue


def test_emails_name_it_in_each_recipients_language(today, draft, member):
    english = MembershipFactory(organisation=draft.organisation, user__language="en").user
    dutch = MembershipFactory(organisation=draft.organisation, user__language="nl").user
    mail.outbox.clear()
    with translation.override("nl"):  # the member who sends it reads Dutch
        written_and_sent(draft, member)
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert "Progress report 2026" in subjects[english.email]
    assert "Voortgangsrapport" not in subjects[english.email]
    assert "Voortgangsrapport 2026" in subjects[dutch.email]


def test_the_audit_trail_names_it_in_the_readers_language(today, draft, member):
    from stemcharter.audit.labels import object_name

    with translation.override("nl"):  # acting in Dutch: the entry keeps the Dutch name
        review_item_delete(item=draft, by=member)
    entry = AuditEntry.objects.get(code="reviews.item.deleted")
    assert entry.target_repr == "Voortgangsrapport 2026"  # stored as it was; harmless
    assert object_name(entry) == "Progress report 2026"
    assert ("Title", "Progress report 2026", False) in entry_details(entry)
    with translation.override("nl"):
        assert object_name(entry) == "Voortgangsrapport 2026"
    started = AuditEntry.objects.get(code="progress.report.created")
    assert object_name(started) == "Progress report 2026"
