from io import StringIO
from urllib.parse import urlparse

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks import task_backends
from django_tasks.backends.immediate import ImmediateBackend

from stemcharter.accounts.models import User
from stemcharter.audit.models import AuditEntry
from stemcharter.charter.models import CharterVersion, Commitment, Signature
from stemcharter.charter.services import charter_version_publish
from stemcharter.events.models import Event
from stemcharter.organisations.models import Category, Membership, Organisation
from stemcharter.organisations.validators import clean_enterprise_number
from stemcharter.pages import demo_support
from stemcharter.pages.demo_data import (
    CONTACT_POINT_EMAIL,
    COORDINATOR_EMAIL,
    DEMO_DOMAIN,
    DEMO_PASSWORD,
    NAME_MARKERS,
    SIGNATORY_EMAIL,
)
from stemcharter.regions.models import Province, Subregion
from stemcharter.support.models import Offer, PartnerCall, SupportRequest
from stemcharter.support.selectors import OVERDUE_CONTACT_POINT

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    models = (
        User,
        EmailAddress,
        Organisation,
        Membership,
        Signature,
        Commitment,
        CharterVersion,
        AuditEntry,
        SupportRequest,
        Offer,
        PartnerCall,
    )
    return {model.__name__: model.objects.count() for model in models}


@pytest.fixture
def seeded():
    return seed()


def test_second_run_keeps_everything_and_creates_nothing(seeded):
    before = counts()
    assert before["Organisation"] >= 25
    output = seed()
    assert "Demo data already present" in output
    assert counts() == before


def test_prints_the_logins_and_password_on_every_run(seeded):
    for output in (seeded, seed()):
        for login in (COORDINATOR_EMAIL, SIGNATORY_EMAIL, CONTACT_POINT_EMAIL, DEMO_PASSWORD):
            assert login in output
    assert "Demo data already present" not in seeded


def test_seeding_sends_no_email_and_restores_the_task_backend(seeded):
    assert mail.outbox == []
    # override_settings ended: django-tasks is back on the backend of the test settings.
    assert isinstance(task_backends["default"], ImmediateBackend)


def test_every_category_has_a_public_signatory(seeded):
    public = set(Organisation.objects.signatories().values_list("category", flat=True))
    assert public == set(Category.values)


def test_public_signatories_cover_many_subregions_and_every_province(seeded):
    used = Subregion.objects.filter(organisations__in=Organisation.objects.signatories())
    assert used.distinct().count() >= 8
    provinces = Province.objects.filter(subregions__in=used).distinct()
    assert provinces.count() == Province.objects.count()


def test_the_three_demo_logins_work(seeded, client):
    for email in (COORDINATOR_EMAIL, SIGNATORY_EMAIL, CONTACT_POINT_EMAIL):
        assert client.login(email=email, password=DEMO_PASSWORD), email
        assert EmailAddress.objects.filter(email=email, verified=True, primary=True).exists()
        client.logout()
    assert User.objects.get(email=COORDINATOR_EMAIL).is_coordinator


def test_roles_of_the_demo_accounts(seeded):
    signatory = User.objects.get(email=SIGNATORY_EMAIL)
    statuses = set(
        Signature.objects.filter(
            organisation__memberships__user=signatory,
            organisation__memberships__role=Membership.Role.ADMIN,
        ).values_list("status", flat=True)
    )
    assert statuses == {Signature.Status.APPROVED, Signature.Status.SUBMITTED}
    contact_point = User.objects.get(email=CONTACT_POINT_EMAIL)
    slugs = set(contact_point.contact_point_for.values_list("slug", flat=True))
    assert slugs == {"gent", "leuven"}
    assert not contact_point.is_coordinator


def test_region_pages_show_contact_points_some_with_their_address(seeded, client):
    with_contact_points = Subregion.objects.filter(contact_points__isnull=False).distinct()
    shown = with_contact_points.filter(contact_points__contact_point_email_public=True)
    assert with_contact_points.count() >= 8
    assert 3 <= shown.count() < with_contact_points.count()
    page = client.get(shown.order_by("slug").first().get_absolute_url()).content.decode()
    assert f"@{DEMO_DOMAIN}</a>" in page
    hidden = with_contact_points.exclude(pk__in=shown).get(slug="kortrijk")
    page = client.get(hidden.get_absolute_url()).content.decode()
    assert "Pieter Vermeulen" in page
    assert f"@{DEMO_DOMAIN}" not in page


def test_signatures_in_every_state(seeded):
    def count(status):
        return Signature.objects.filter(status=status).count()

    assert count(Signature.Status.SUBMITTED) == 4
    assert count(Signature.Status.AWAITING_EMAIL) == 1
    assert count(Signature.Status.WITHDRAWN) == 1
    rejected = Signature.objects.get(status=Signature.Status.REJECTED)
    assert rejected.rejection_reason
    withdrawn = Organisation.objects.get(signatures__status=Signature.Status.WITHDRAWN)
    assert withdrawn not in Organisation.objects.signatories()
    awaiting = Signature.objects.get(status=Signature.Status.AWAITING_EMAIL)
    assert not EmailAddress.objects.get(email=awaiting.signer_email).verified


def test_approval_dates_are_spread_over_past_months(seeded):
    approved = Signature.objects.approved()
    months = {(s.decided_at.year, s.decided_at.month) for s in approved}
    assert len(months) >= 6
    version = CharterVersion.objects.get()
    assert all(version.published_at < s.submitted_at < s.decided_at for s in approved)


def test_everything_is_fictional(seeded):
    for organisation in Organisation.objects.all():
        assert any(marker in organisation.name.lower() for marker in NAME_MARKERS)
        assert urlparse(organisation.website).hostname.endswith(".example")
    emails = [
        *User.objects.values_list("email", flat=True),
        *Signature.objects.values_list("signer_email", flat=True),
    ]
    assert all(email.endswith(f"@{DEMO_DOMAIN}") for email in emails)
    assert CharterVersion.objects.get().is_demo


def test_organisation_details_are_complete(seeded):
    organisations = Organisation.objects.prefetch_related("subregions")
    for organisation in organisations:
        if organisation.category == Category.INDIVIDUAL:
            assert organisation.enterprise_number == ""
        else:
            assert clean_enterprise_number(organisation.enterprise_number)
        assert organisation.sector_id
        assert organisation.description
        assert organisation.subregions.all()
    with_logo = organisations.exclude(logo="")
    assert with_logo.count() > organisations.count() / 2
    logo = with_logo.first()
    assert (logo.logo_width, logo.logo_height) == (240, 120)
    for signature in Signature.objects.prefetch_related("commitments__action_types"):
        commitments = signature.commitments.all()
        assert 1 <= len(commitments) <= 2
        assert all(c.action_types.all() and c.description for c in commitments)


def test_an_official_charter_already_published_is_kept():
    official = charter_version_publish(title="STEM-charter", body="De officiële tekst.")
    seed()
    assert CharterVersion.objects.get() == official
    assert set(Signature.objects.values_list("charter_version", flat=True)) == {official.pk}


def test_audit_trail_has_the_same_demo_dates(seeded):
    def entry(code, target):
        return AuditEntry.objects.for_object(target).get(code=code)

    version = CharterVersion.objects.get()
    assert entry("charter.version.published", version).created_at == version.published_at
    for signature in Signature.objects.select_related("organisation"):
        assert entry("charter.signature.created", signature).created_at == signature.created_at
        created = entry("organisations.organisation.created", signature.organisation)
        assert created.created_at == signature.organisation.created_at
    for signature in Signature.objects.approved():
        assert entry("charter.signature.submitted", signature).created_at == signature.submitted_at
        assert entry("charter.signature.approved", signature).created_at == signature.decided_at
    rejected = Signature.objects.get(status=Signature.Status.REJECTED)
    assert entry("charter.signature.rejected", rejected).created_at == rejected.decided_at
    withdrawn = Signature.objects.get(status=Signature.Status.WITHDRAWN)
    assert entry("charter.signature.withdrawn", withdrawn).created_at == withdrawn.withdrawn_at
    # Weeks ago, as the signatures say, not the day the demo was loaded.
    oldest = AuditEntry.objects.filter(code="charter.signature.approved").earliest("created_at")
    assert (timezone.now() - oldest.created_at).days > 30


def test_events_upcoming_and_past_in_several_regions(seeded, client):
    now = timezone.now()
    published = Event.objects.published()
    upcoming = published.filter(ends_at__gte=now)
    assert upcoming.values("subregions").distinct().count() >= 3
    assert upcoming.filter(audience=Event.Audience.PUBLIC, event_status="scheduled").exists()
    assert upcoming.filter(audience=Event.Audience.SIGNATORIES).exists()
    assert upcoming.filter(event_status=Event.Status.CANCELLED).exists()
    assert published.filter(ends_at__lt=now).count() >= 2
    assert Event.objects.filter(status="submitted", organisation__isnull=False).exists()
    assert all(" (demo" in event.title for event in Event.objects.all())
    response = client.get("/evenementen/")
    assert response.status_code == 200
    assert len(response.context["events"]) == upcoming.count()


def test_a_past_event_closed_with_its_published_report(seeded, client):
    event = Event.objects.get(title="STEM-uitwisseling Gent, voorjaar (demo)")
    assert event.event_status == Event.Status.FINISHED
    assert event.attendance == 42
    story = event.stories.published().get()
    assert story.kind == "practice"
    assert story.images.count() == 1
    page = client.get(event.get_absolute_url()).content.decode()
    assert story.get_absolute_url() in page
    assert event.get_absolute_url() in client.get(story.get_absolute_url()).content.decode()


def test_some_signatories_signed_at_the_past_doe_dag(seeded, client):
    event = Event.objects.published().get(title="STEM Doe-dag (demo)")
    response = client.get(event.get_absolute_url())
    signed_here = response.context["signed_here"]
    assert len(signed_here) == 4
    assert f'href="{signed_here[0].get_absolute_url()}"' in response.content.decode()
    for entry in AuditEntry.objects.for_object(event).filter(code="events.event.signed_at"):
        assert entry.created_at == event.starts_at
    # A second run records nothing again.
    seed()
    assert event.signatures.count() == 4


def test_an_event_today_offers_signing_and_an_application_waits_for_the_contact_point(
    seeded, client
):
    today = Event.objects.published().get(title="STEM-markt Kortrijk (demo)")
    assert timezone.localdate(today.starts_at) == timezone.localdate()
    assert client.get(today.get_absolute_url()).context["sign_here_url"]
    client.force_login(User.objects.get(email=CONTACT_POINT_EMAIL))
    awaiting = client.get("/beheer/").context["workspace"].awaiting
    assert [entry.item.title for entry in awaiting] == [
        "Lerend netwerk STEM-leerkrachten Leuven (demo)"
    ]


# --- support requests and partner calls (issue 13) -------------------------------------------


def demo_request(title):
    return SupportRequest.objects.select_related("organisation", "subregion").get(title=title)


def test_support_requests_in_every_state(seeded):
    assert "4 school requests for support and 1 partner call(s)" in seeded
    open_request = demo_request(demo_support.OPEN_TITLE)
    assert open_request.status == SupportRequest.Status.OPEN
    offers = open_request.offers.filter(status=Offer.Status.PENDING)
    assert offers.count() == 2
    # The demo signatory admin's organisation made one of them.
    assert offers.filter(organisation__memberships__user__email=SIGNATORY_EMAIL).exists()
    answered = demo_request(demo_support.ANSWERED_TITLE)
    assert answered.status == SupportRequest.Status.MATCHED
    assert set(answered.offers.values_list("status", flat=True)) == {"accepted", "declined"}
    assert answered.date_from > timezone.localdate()
    delivered = demo_request(demo_support.DELIVERED_TITLE)
    assert delivered.status == SupportRequest.Status.DELIVERED
    assert delivered.school_confirmed
    assert delivered.offerer_confirmed
    assert delivered.date_until < timezone.localdate()
    assert delivered.created_at < delivered.first_offer_at <= delivered.decided_at
    assert delivered.decided_at.year == delivered.delivered_at.year == timezone.localdate().year
    # Every school asking is an education signatory, every request goes through the services.
    for support_request in SupportRequest.objects.all():
        assert support_request.organisation.category == Category.EDUCATION
        assert " (demo)" in support_request.title
        created = AuditEntry.objects.for_object(support_request).get(code="support.request.created")
        assert created.created_at == support_request.created_at


def test_an_overdue_request_is_flagged_for_the_contact_point(seeded, client):
    overdue = demo_request(demo_support.OVERDUE_TITLE)
    assert overdue.status == SupportRequest.Status.OPEN
    assert not overdue.offers.exists()
    assert (timezone.now() - overdue.created_at).days >= 10
    assert overdue.flagged_contact_point_at is not None
    assert overdue.flagged_coordinators_at is None
    assert overdue.suggestions.count() == 1
    contact_point = User.objects.get(email=CONTACT_POINT_EMAIL)
    assert overdue.subregion in contact_point.contact_point_for.all()
    client.force_login(contact_point)
    response = client.get("/beheer/hulpvragen/")
    rows = {row.title: row for row in response.context["support_requests"]}
    assert rows[demo_support.OVERDUE_TITLE].overdue == OVERDUE_CONTACT_POINT
    assert demo_support.OPEN_TITLE in rows  # Leuven too
    assert demo_support.DELIVERED_TITLE not in rows  # Turnhout: not theirs
    english = client.get("/en/beheer/hulpvragen/").content.decode()
    row = english[english.index(demo_support.OVERDUE_TITLE) :].split("</tr>")[0]
    assert "Overdue: for the contact point" in row
    workspace = client.get("/beheer/").context["workspace"]
    assert workspace.support_requests[0].title == demo_support.OVERDUE_TITLE


def test_the_demo_signatory_sees_its_offer_and_a_request_it_can_help_with(seeded, client):
    chemie = Organisation.objects.get(name=demo_support.CHEMIE)
    client.force_login(User.objects.get(email=SIGNATORY_EMAIL))
    matching = client.get(f"/portal/organisaties/{chemie.slug}/schoolvragen/")
    titles = [row.title for row in matching.context["support_requests"]]
    assert demo_support.OVERDUE_TITLE in titles
    offers = client.get(f"/portal/organisaties/{chemie.slug}/aanbiedingen/").content.decode()
    assert demo_support.OPEN_TITLE in offers
    assert demo_support.DELIVERED_TITLE in offers
    calls = client.get(f"/portal/organisaties/{chemie.slug}/partneroproepen/")
    call = PartnerCall.objects.get(title=demo_support.CALL_TITLE)
    assert call.status == PartnerCall.Status.OPEN
    assert call.answers.count() == 1
    assert demo_support.CALL_TITLE in calls.content.decode()


def test_the_delivered_request_counts_on_public_pages(seeded, client):
    chemie = Organisation.objects.get(name=demo_support.CHEMIE)
    year = timezone.localdate().year
    page = client.get(f"/ondertekenaars/{chemie.slug}/")
    assert page.context["support_counts"].delivered == 1
    assert page.context["support_counts"].answered == 1
    english = client.get(f"/en/ondertekenaars/{chemie.slug}/").content.decode()
    assert f"Answered 1 school request in {year}" in english
    assert f"Delivered help for 1 school request in {year}" in english
    region = client.get("/regio/turnhout/")
    assert region.context["support_stats"].answered == 1
    assert 'id="support-stats-title"' in region.content.decode()
    home = client.get("/")
    assert home.context["support_stats"].answered == 2
    assert home.context["support_stats"].median_first_offer is not None
    assert 'id="support-stats-title"' in home.content.decode()
