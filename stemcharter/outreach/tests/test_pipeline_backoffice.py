"""The back office's outreach pipeline (coordinators): the list with its filters in the URL,
counts and order, the CSV download, a new prospect, a prospect's page and the upload."""

import codecs
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from stemcharter.accounts.tests.factories import CoordinatorFactory
from stemcharter.audit.models import AuditEntry
from stemcharter.common.tests.roles import make_user
from stemcharter.organisations.models import Invitation
from stemcharter.organisations.tests.factories import OrganisationFactory
from stemcharter.organisations.validators import normalise_name
from stemcharter.outreach.models import Prospect, ProspectGroup
from stemcharter.outreach.services import PROSPECT_IMPORT_MAX_BYTES
from stemcharter.outreach.services import PROSPECTS_FILE as DEFAULT_FILE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

LIST = "backoffice:prospect-list"


@pytest.fixture
def coordinator(client):
    user = CoordinatorFactory(name="Cora Coördinator")
    client.force_login(user)
    return user


def _prospect(name: str, *, groups=(), **fields) -> Prospect:
    prospect = Prospect.objects.create(name=name, normalised_name=normalise_name(name), **fields)
    prospect.groups.set(groups)
    return prospect


def _names(response) -> list[str]:
    return [prospect.name for prospect in response.context["prospects"]]


def test_contact_points_and_members_may_not_see_the_pipeline(client):
    _prospect("Bouwunie")
    for role in ("contact_point", "signatory"):
        client.force_login(make_user(role))
        assert client.get(reverse(LIST)).status_code == 403
        assert client.get(reverse("backoffice:prospect-export")).status_code == 403


def test_the_list_filters_in_the_url_and_counts_each_status(client, coordinator):
    bouw = ProspectGroup.objects.create(name="sector bouw")
    today = timezone.localdate()
    _prospect("Bouwunie", groups=[bouw], owner=coordinator, next_step_on=today)
    _prospect(
        "Fonds voor Vakopleiding in de Bouw",
        groups=[bouw],
        status=Prospect.Status.CONTACTED,
        next_step_on=today - datetime.timedelta(days=3),
    )
    _prospect(
        "Boerenbond", status=Prospect.Status.SIGNED, next_step_on=today - datetime.timedelta(1)
    )
    _prospect("Unizo", next_step_on=today + datetime.timedelta(days=20))

    url = reverse(LIST)
    assert _names(client.get(url)) == [
        "Boerenbond",
        "Bouwunie",
        "Fonds voor Vakopleiding in de Bouw",
        "Unizo",
    ]
    assert _names(client.get(url, {"group": bouw.pk})) == [
        "Bouwunie",
        "Fonds voor Vakopleiding in de Bouw",
    ]
    assert _names(client.get(url, {"owner": coordinator.pk})) == ["Bouwunie"]
    assert _names(client.get(url, {"owner": "nobody", "status": "proposed"})) == ["Unizo"]
    # Overdue: open ones whose day has passed (the signed one is done).
    assert _names(client.get(url, {"next": "overdue"})) == ["Fonds voor Vakopleiding in de Bouw"]
    assert _names(client.get(url, {"next": "week"})) == ["Bouwunie"]
    assert _names(client.get(url, {"q": "vakopleiding"})) == ["Fonds voor Vakopleiding in de Bouw"]

    response = client.get(url, {"group": bouw.pk, "status": "proposed"})
    counts = {status["value"]: status["count"] for status in response.context["status_counts"]}
    # The counts follow the other filters, not the status chosen.
    assert counts == {
        "proposed": 1,
        "contacted": 1,
        "invited": 0,
        "signed": 0,
        "declined": 0,
        "later": 0,
    }


def test_the_list_sorts_by_status_and_next_step(client, coordinator):
    today = timezone.localdate()
    _prospect("A", status=Prospect.Status.SIGNED, next_step_on=today)
    _prospect("B", status=Prospect.Status.CONTACTED)
    _prospect("C", status=Prospect.Status.CONTACTED, next_step_on=today - datetime.timedelta(1))
    url = reverse(LIST)
    assert _names(client.get(url, {"sort": "-name"})) == ["C", "B", "A"]
    assert _names(client.get(url, {"sort": "status"})) == ["B", "C", "A"]
    assert _names(client.get(url, {"sort": "next"})) == ["C", "A", "B"]
    assert _names(client.get(url, {"sort": "-next"})) == ["A", "C", "B"]


@pytest.mark.parametrize(
    "query",
    [
        {"status": "maybe"},
        {"group": "999999"},
        {"group": "abc"},
        {"owner": "someone"},
        {"next": "tomorrow"},
        {"sort": "evil"},
        {"page": "x"},
        {"page": "99"},
        {"q": "x" * 500},
        {"q": "!!!"},
    ],
)
def test_bad_filter_values_are_ignored_with_a_notice(client, coordinator, query):
    _prospect("Bouwunie")
    response = client.get(reverse(LIST), query)
    assert response.status_code == 200
    assert _names(response) == ["Bouwunie"]
    notices = response.context["notices"] + response.context["page_notices"]
    assert notices


def test_the_export_has_the_lists_rows_with_its_filters(client, coordinator):
    bouw = ProspectGroup.objects.create(name="sector bouw")
    _prospect("Bouwunie", groups=[bouw], notes="=HYPERLINK(evil)", owner=coordinator)
    _prospect("Unizo")

    response = client.get(reverse("backoffice:prospect-export"), {"group": bouw.pk})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith(codecs.BOM_UTF8.decode())
    lines = text.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Organisation;Also known as;Status")
    assert len(lines) == 2
    assert "Bouwunie" in lines[1]
    assert "Cora Coördinator" in lines[1]
    assert "'=HYPERLINK(evil)" in lines[1]


def _form(**changes) -> dict:
    return {
        "name": "Bouwunie",
        "also_known_as": "",
        "status": "proposed",
        "owner": "",
        "contact_email": "",
        "enterprise_number": "",
        "next_step": "",
        "next_step_on": "",
        "notes": "",
        "new_group": "",
        **changes,
    }


def test_a_coordinator_adds_a_prospect_with_a_new_group(client, coordinator):
    response = client.post(
        reverse("backoffice:prospect-create"),
        _form(enterprise_number="BE 0123.456.749", new_group="sector bouw", owner=coordinator.pk),
    )
    prospect = Prospect.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("backoffice:prospect-detail", args=[prospect.pk])
    assert prospect.enterprise_number == "0123456749"
    assert prospect.normalised_name == "bouwunie"
    assert prospect.owner == coordinator
    assert [group.name for group in prospect.groups.all()] == ["sector bouw"]
    assert AuditEntry.objects.filter(code="outreach.prospect.created").count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"enterprise_number": "0123.456.789"}, "enterprise_number", "valid enterprise number"),
        ({"name": ""}, "name", "Enter the organisation's name."),
        ({"name": "!!!"}, "name", "letters or numbers"),
        ({"next_step_on": "31/02/2025"}, "next_step_on", "Enter a date like 2025-03-31."),
        ({"contact_email": "not-an-address"}, "contact_email", "valid email"),
        ({"status": "maybe"}, "status", "Select a valid choice"),
        ({"name": "x" * 201}, "name", "at most 200"),
    ],
)
def test_bad_input_is_shown_beside_the_field_and_nothing_is_saved(
    client, coordinator, changes, field, message
):
    data = _form(**{"contact_email": "kept@example.org", **changes})
    response = client.post(reverse("backoffice:prospect-create"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert 'class="error-summary"' in response.content.decode()
    assert response.context["form"]["contact_email"].value() == changes.get(
        "contact_email", "kept@example.org"
    )
    assert not Prospect.objects.exists()


def test_the_prospects_page_shows_its_signatory_and_invitations_and_saves_changes(
    client, coordinator
):
    organisation = OrganisationFactory(name="Bouwunie")
    prospect = _prospect(
        "Bouwunie",
        organisation=organisation,
        status=Prospect.Status.SIGNED,
        signed_at=timezone.now(),
    )
    inviter = OrganisationFactory(name="Aannemer Peeters")
    Invitation.objects.create(
        organisation=inviter,
        kind=Invitation.Kind.SIGNING,
        email="info@bouwunie.example",
        invitee_organisation_name="BOUWUNIE vzw",
        token="t-1",
        expires_at=timezone.now() + datetime.timedelta(days=14),
    )
    Invitation.objects.create(
        organisation=inviter,
        kind=Invitation.Kind.SIGNING,
        email="info@other.example",
        invitee_organisation_name="Bouwunie Limburg",
        token="t-2",
        expires_at=timezone.now() + datetime.timedelta(days=14),
    )
    url = reverse("backoffice:prospect-detail", args=[prospect.pk])

    page = client.get(url)
    assert page.status_code == 200
    assert [i.token for i in page.context["invitations"]] == ["t-1"]
    html = page.content.decode()
    assert "Aannemer Peeters" in html
    assert reverse("backoffice:organisation-detail", kwargs={"slug": organisation.slug}) in html

    response = client.post(
        url,
        _form(
            status="signed",
            next_step="Bellen over de lancering",
            next_step_on="2030-01-15",
            notes="Tekende op de beurs",
        ),
    )
    assert response.status_code == 302
    prospect.refresh_from_db()
    assert prospect.next_step_on == datetime.date(2030, 1, 15)
    assert prospect.notes == "Tekende op de beurs"
    entry = AuditEntry.objects.get(code="outreach.prospect.changed")
    assert entry.data == {"fields": ["notes", "next_step", "next_step_on"]}


def test_a_bad_enterprise_number_on_the_prospects_page_keeps_the_saved_one(client, coordinator):
    prospect = _prospect("Bouwunie", enterprise_number="0123456749")
    url = reverse("backoffice:prospect-detail", args=[prospect.pk])
    response = client.post(url, _form(enterprise_number="12345", notes="nieuw"))
    assert response.status_code == 200
    assert "enterprise_number" in response.context["form"].errors
    assert response.context["form"]["notes"].value() == "nieuw"
    prospect.refresh_from_db()
    assert prospect.enterprise_number == "0123456749"
    assert prospect.notes == ""


def test_an_unknown_prospect_is_a_404(client, coordinator):
    assert client.get(reverse("backoffice:prospect-detail", args=[987654])).status_code == 404


def _upload(client, data: bytes, **fields):
    return client.post(
        reverse("backoffice:prospect-import"),
        {"file": SimpleUploadedFile("lijst.csv", data, content_type="text/csv"), **fields},
    )


def test_uploading_the_real_file_imports_it_and_says_what_it_merged(client, coordinator):
    response = _upload(client, DEFAULT_FILE.read_bytes())
    assert response.status_code == 200
    assert Prospect.objects.count() == 62
    html = response.content.decode()
    assert "62 organisations added" in html
    assert (
        "Fonds voor Vakopleiding in de Bouw: Fonds voor Vakopleiding in de Bouw (FVB) + FVB" in html
    )
    assert "Line 60: no organisation" in html
    assert AuditEntry.objects.get(code="outreach.prospect.imported").actor == coordinator

    again = _upload(client, DEFAULT_FILE.read_bytes())
    assert "62 organisations already there, unchanged" in again.content.decode()
    assert Prospect.objects.count() == 62


def test_a_dry_run_upload_saves_nothing(client, coordinator):
    response = _upload(client, DEFAULT_FILE.read_bytes(), dry_run="on")
    assert "nothing was saved" in response.content.decode()
    assert not Prospect.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"groep,naam\nbouw,Bouwunie\n", "no column “group”, “organisation”"),
        ("group,organisation\nbouw,Élan\n".encode("latin-1"), "not saved as UTF-8"),
        ("group,organisation\nbouw,Élan\n".encode("utf-16"), "UTF-16"),
        (b"", "The file is empty."),
        (b"\n\n", "The file is empty."),
        (
            b"group,organisation\n" + b"bouw,x\n" * (PROSPECT_IMPORT_MAX_BYTES // 7 + 1),
            "larger than",
        ),
    ],
)
def test_a_bad_upload_says_why_beside_the_field_and_imports_nothing(
    client, coordinator, data, message
):
    response = _upload(client, data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["file"])
    assert 'class="error-summary"' in response.content.decode()
    assert not Prospect.objects.exists()


def test_an_upload_without_a_file_says_so(client, coordinator):
    response = client.post(reverse("backoffice:prospect-import"), {})
    assert response.context["form"].errors["file"] == ["Choose the CSV file to import."]


def test_the_back_office_home_links_to_the_pipeline(client, coordinator):
    response = client.get(reverse("backoffice:home"))
    assert reverse(LIST) in response.content.decode()


def test_the_export_refuses_a_bad_filter_value(client, coordinator):
    """As every CSV download with filters (``common.csv_export.csv_refused``): a value the list
    would leave out with a notice is refused (400) rather than a file of other rows."""
    _prospect("Unizo")
    response = client.get(
        reverse("backoffice:prospect-export"),
        {"status": "bogus"},
        headers={"accept-language": "en"},
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "There is no “bogus” for the filter “Status”." in text
    assert "so we show" not in text  # the page's notice: no file shows anything instead
    assert "Unizo" not in text


def test_the_export_refuses_an_unknown_order_saying_what_is_wrong(client, coordinator):
    """The list sorts by name instead, with a notice; the refusal names the order too (it
    said only that a filter was not valid)."""
    _prospect("Unizo")
    response = client.get(
        reverse("backoffice:prospect-export"), {"sort": "bogus"}, headers={"accept-language": "en"}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "There is no order “bogus”: choose the order on the list's page" in text
    assert "so we sort by name" not in text
    assert "Unizo" not in text


def test_the_export_refuses_a_search_too_long_in_a_refusal_s_words(client, coordinator):
    response = client.get(
        reverse("backoffice:prospect-export"), {"q": "x" * 101}, headers={"accept-language": "en"}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "for the filter “Search”." in text
    assert "we left the search out" not in text
