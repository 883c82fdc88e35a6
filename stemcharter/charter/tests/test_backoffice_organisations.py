"""Back office for organisations: access per role, search, filters, the detail page."""

import pytest
from django.urls import reverse
from django.utils import timezone

from stemcharter.accounts.tests.factories import CoordinatorFactory
from stemcharter.audit.services import audit_record
from stemcharter.charter.models import Signature
from stemcharter.charter.tests.factories import ApprovedSignatureFactory, SignatureFactory
from stemcharter.common.tests.roles import make_user
from stemcharter.organisations.models import Category, Membership
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def organisation():
    return OrganisationFactory(
        name="Klimaatlab Gent", slug="klimaatlab-gent", enterprise_number="0123456749"
    )


VIEWS = [
    ("backoffice:organisation-list", lambda o: {}),
    ("backoffice:organisation-detail", lambda o: {"slug": o.slug}),
]


@pytest.mark.parametrize(("name", "kwargs"), VIEWS)
def test_anonymous_is_sent_to_login(client, organisation, name, kwargs):
    response = client.get(reverse(name, kwargs=kwargs(organisation)))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize(("name", "kwargs"), VIEWS)
@pytest.mark.parametrize(
    # Member emails of every region: coordinators only until contact points get a scoped view.
    ("role", "status"),
    [("signatory", 403), ("contact_point", 403), ("coordinator", 200)],
)
def test_access_per_role(client, organisation, name, kwargs, role, status):
    client.force_login(make_user(role))
    assert client.get(reverse(name, kwargs=kwargs(organisation))).status_code == status


def test_member_of_the_organisation_itself_is_still_forbidden(client, organisation):
    member = MembershipFactory(organisation=organisation).user
    client.force_login(member)
    url = reverse("backoffice:organisation-detail", kwargs={"slug": organisation.slug})
    assert client.get(url).status_code == 403


def test_unknown_organisation_is_404(client):
    client.force_login(CoordinatorFactory())
    url = reverse("backoffice:organisation-detail", kwargs={"slug": "bestaat-niet"})
    assert client.get(url).status_code == 404


class TestList:
    def test_lists_all_organisations_with_latest_signature_status(self, client, organisation):
        ApprovedSignatureFactory(organisation=organisation, decided_at=timezone.now())
        SignatureFactory(organisation__name="Wachtend Bedrijf")
        OrganisationFactory(name="Zonder Handtekening")
        client.force_login(CoordinatorFactory())
        response = client.get(reverse("backoffice:organisation-list"))
        rows = {o.name: o.latest_status for o in response.context["organisations"]}
        assert rows == {
            "Klimaatlab Gent": "approved",
            "Wachtend Bedrijf": "submitted",
            "Zonder Handtekening": None,
        }
        content = response.content.decode()
        assert "3 organisations and private persons" in content
        assert '<span class="status status-approved">Approved</span>' in content
        assert "0123.456.749" in content

    def test_latest_signature_wins(self, client, organisation):
        SignatureFactory(
            organisation=organisation,
            status=Signature.Status.REJECTED,
            decided_at=timezone.now(),
        )
        SignatureFactory(organisation=organisation)
        client.force_login(CoordinatorFactory())
        response = client.get(reverse("backoffice:organisation-list"))
        assert [o.latest_status for o in response.context["organisations"]] == ["submitted"]

    @pytest.mark.parametrize("query", ["klimaat", "KLIMAATLAB", "0123.456.749", "0123456749"])
    def test_search_by_name_or_enterprise_number(self, client, organisation, query):
        OrganisationFactory(name="Iets Anders")
        client.force_login(CoordinatorFactory())
        response = client.get(reverse("backoffice:organisation-list"), {"q": query})
        assert list(response.context["organisations"]) == [organisation]

    def test_category_and_signature_status_filters(self, client, organisation):
        school = OrganisationFactory(name="Een School", category=Category.EDUCATION)
        SignatureFactory(organisation=school)
        client.force_login(CoordinatorFactory())
        url = reverse("backoffice:organisation-list")
        response = client.get(url, {"category": Category.EDUCATION})
        assert list(response.context["organisations"]) == [school]
        response = client.get(url, {"signature_status": "none"})
        assert list(response.context["organisations"]) == [organisation]
        response = client.get(url, {"signature_status": "submitted", "category": "company"})
        assert list(response.context["organisations"]) == []
        assert "No organisation matches these filters." in response.content.decode()
        assert len(response.context["chips"]) == 2

    def test_sort_by_registration_date(self, client, organisation):
        newer = OrganisationFactory(name="Aaa Nieuwer")
        client.force_login(CoordinatorFactory())
        url = reverse("backoffice:organisation-list")
        response = client.get(url, {"sort": "-created"})
        assert list(response.context["organisations"]) == [newer, organisation]
        response = client.get(url, {"sort": "name"})
        assert list(response.context["organisations"]) == [newer, organisation]

    def test_bad_filter_values_do_not_break_the_page(self, client, organisation):
        client.force_login(CoordinatorFactory())
        response = client.get(
            reverse("backoffice:organisation-list"), {"category": "nope", "sort": "drop"}
        )
        assert response.status_code == 200
        assert list(response.context["organisations"]) == [organisation]


class TestDetail:
    def test_shows_profile_members_signatures_and_history(self, client, organisation):
        admin = MembershipFactory(
            organisation=organisation,
            role=Membership.Role.ADMIN,
            user__name="Lies Admin",
            user__email="lies@klimaatlab.example",
        )
        MembershipFactory(organisation=organisation, role=Membership.Role.EDITOR)
        signature = ApprovedSignatureFactory(organisation=organisation)
        audit_record(
            actor=admin.user, code="organisations.organisation.updated", target=organisation
        )
        audit_record(actor=None, code="charter.signature.approved", target=signature)
        audit_record(actor=None, code="charter.signature.approved", target=SignatureFactory())
        client.force_login(CoordinatorFactory())
        response = client.get(
            reverse("backoffice:organisation-detail", kwargs={"slug": organisation.slug})
        )
        content = response.content.decode()
        assert "<h1>Klimaatlab Gent</h1>" in content
        assert "Lies Admin" in content
        assert "lies@klimaatlab.example" in content
        assert "Admin" in content
        assert "Editor" in content
        assert list(response.context["signatures"]) == [signature]
        assert reverse("backoffice:signature-detail", kwargs={"pk": signature.pk}) in content
        assert len(response.context["audit_entries"]) == 2
        assert organisation.get_absolute_url() in content

    def test_contact_point_sees_neither_members_nor_history(self, client, organisation):
        MembershipFactory(organisation=organisation, user__email="lid@klimaatlab.example")
        audit_record(actor=None, code="organisations.organisation.updated", target=organisation)
        client.force_login(make_user("contact_point"))
        response = client.get(
            reverse("backoffice:organisation-detail", kwargs={"slug": organisation.slug})
        )
        assert response.status_code == 403
        content = response.content.decode()
        assert "lid@klimaatlab.example" not in content
        assert "Organisation profile changed" not in content

    def test_history_is_in_words(self, client, organisation):
        member = MembershipFactory(organisation=organisation, user__email="lid@klimaatlab.example")
        audit_record(
            actor=None,
            code="organisations.membership.role_changed",
            target=organisation,
            data={"user": member.user.email, "role": Membership.Role.EDITOR},
        )
        audit_record(
            actor=None,
            code="organisations.invitation.revoked",
            target=organisation,
            data={"email": "weg@klimaatlab.example"},
        )
        client.force_login(CoordinatorFactory())
        response = client.get(
            reverse("backoffice:organisation-detail", kwargs={"slug": organisation.slug})
        )
        content = response.content.decode()
        assert "Member&#x27;s role changed" in content
        assert "Invitation revoked" in content
        assert "Role:</span> Editor" in content
        assert "Email address:</span> weg@klimaatlab.example" in content
        for raw in ("organisations.membership", "organisations.invitation", "role:", "editor"):
            assert raw not in content


# --- the CSV download ------------------------------------------------------------------------


def _csv_rows(response) -> list[list[str]]:
    import csv
    import io

    text = b"".join(response.streaming_content).decode("utf-8").removeprefix("\ufeff")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_export_has_the_rows_of_the_list_with_its_filters_and_order(client):
    client.force_login(make_user("coordinator"))
    ApprovedSignatureFactory(
        organisation=OrganisationFactory(
            name="Zuidschool", town="=HYPERLINK(1)", category=Category.EDUCATION
        )
    )
    OrganisationFactory(name="Bedrijf Zonder Handtekening", category=Category.COMPANY)
    OrganisationFactory(name="Andere School", category=Category.EDUCATION)
    response = client.get(
        reverse("backoffice:organisation-export"), {"category": Category.EDUCATION}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="organisations-')
    header, *rows = _csv_rows(response)
    assert header[:3] == ["Name", "Enterprise number", "Category"]
    # The list's order (by name) and filter; a formula in a member's text is neutralised.
    assert [row[0] for row in rows] == ["Andere School", "Zuidschool"]
    assert rows[1][4] == "'=HYPERLINK(1)"
    assert rows[1][8] == "Approved"
    assert rows[0][8] == ""


def test_the_list_links_to_the_export_with_its_filters(client):
    client.force_login(make_user("coordinator"))
    OrganisationFactory(name="Andere School", category=Category.EDUCATION)
    response = client.get(reverse("backoffice:organisation-list"), {"category": "education"})
    assert f'href="{reverse("backoffice:organisation-export")}?category=education"' in (
        response.content.decode()
    )


@pytest.mark.parametrize("count", [3, 20])
def test_export_reads_in_a_constant_number_of_queries(client, django_assert_max_num_queries, count):
    client.force_login(make_user("coordinator"))
    for number in range(count):
        organisation = OrganisationFactory(name=f"School {number:02}", subregions=[])
        ApprovedSignatureFactory(organisation=organisation)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("backoffice:organisation-export"))
        assert len(_csv_rows(response)) == count + 1


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"category": "bogus"}, "Category: Select a valid choice. bogus is not one of"),
        ({"signature_status": "bogus"}, "Latest signature: Select a valid choice. bogus is not"),
        ({"q": "x" * 201}, "Name or enterprise number: "),
        ({"sort": "bogus"}, "There is no order “bogus”: choose the order on the list's page"),
    ],
)
def test_export_refuses_a_value_the_list_would_ignore(client, params, message):
    """The list shows every organisation for a filter it cannot read, sorted by name for an
    order it does not know; the download refuses rather than hand over other rows (400, as
    every CSV download with filters: ``common.csv_export.csv_refused``)."""
    client.force_login(make_user("coordinator"))
    OrganisationFactory(name="Andere School", category=Category.EDUCATION)
    response = client.get(
        reverse("backoffice:organisation-export"), {"category": Category.EDUCATION, **params}
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "The CSV file was not made: a filter is not valid." in response.text
    assert message in response.text
    assert "Andere School" not in response.text


def test_export_with_valid_filters_and_order_is_not_refused(client):
    client.force_login(make_user("coordinator"))
    OrganisationFactory(name="Andere School", category=Category.EDUCATION)
    response = client.get(
        reverse("backoffice:organisation-export"),
        {"category": Category.EDUCATION, "signature_status": "", "q": "", "sort": ""},
    )
    assert response.status_code == 200
    assert [row[0] for row in _csv_rows(response)[1:]] == ["Andere School"]


def test_the_list_with_a_bad_value_links_to_the_export_of_the_rows_it_shows(client):
    """The list ignores a filter form with an error (every organisation, by name) and an
    unknown order: its download link carries what it applied, never the values the download
    refuses, so "Download these 2" gives those 2."""
    client.force_login(make_user("coordinator"))
    OrganisationFactory(name="Andere School", category=Category.EDUCATION)
    OrganisationFactory(name="Jan Peeters", category=Category.INDIVIDUAL)
    response = client.get(
        reverse("backoffice:organisation-list"), {"category": "bogus", "sort": "bogus"}
    )
    html = response.content.decode()
    export = reverse("backoffice:organisation-export")
    assert f'href="{export}" download>' in html
    assert "Download these 2 organisations and private persons as a spreadsheet" in html
    assert client.get(export).status_code == 200
