"""Back office for regions: access per role, names, subregions and contact points."""

import pytest
from django.urls import reverse
from django.utils import translation

from stemcharter.accounts.tests.factories import CoordinatorFactory, UserFactory
from stemcharter.audit.models import AuditEntry
from stemcharter.common.tests.roles import make_user
from stemcharter.regions.models import Province, Subregion

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def leuven():
    return Subregion.objects.get(slug="leuven")


@pytest.fixture
def coordinator(client):
    user = CoordinatorFactory()
    client.force_login(user)
    return user


def urls(subregion, user):
    return [
        ("get", reverse("backoffice:region-list")),
        ("post", reverse("backoffice:region-list")),
        ("get", reverse("backoffice:subregion-edit", kwargs={"slug": subregion.slug})),
        ("post", reverse("backoffice:subregion-edit", kwargs={"slug": subregion.slug})),
        ("post", reverse("backoffice:contact-point-add", kwargs={"slug": subregion.slug})),
        (
            "post",
            reverse(
                "backoffice:contact-point-remove",
                kwargs={"slug": subregion.slug, "user_pk": user.pk},
            ),
        ),
    ]


def test_anonymous_is_sent_to_login(client, leuven):
    person = UserFactory()
    leuven.contact_points.add(person)
    for method, url in urls(leuven, person):
        response = getattr(client, method)(url, {"name_nl": "X", "email": person.email})
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ["signatory", "contact_point"])
def test_only_coordinators_manage_regions(client, leuven, role):
    person = UserFactory()
    leuven.contact_points.add(person)
    client.force_login(make_user(role))
    for method, url in urls(leuven, person):
        response = getattr(client, method)(
            url, {"name_nl": "Hacked", "email": "x@example.org", "province": leuven.province_id}
        )
        assert response.status_code == 403, url
    leuven.refresh_from_db()
    assert leuven.name_nl == "Leuven"
    assert list(leuven.contact_points.all()) == [person]
    assert not AuditEntry.objects.filter(code__startswith="regions.").exists()


def test_list_shows_provinces_subregions_and_contact_points(client, coordinator, leuven):
    person = UserFactory(name="Karel Contact", email="karel@example.org")
    leuven.contact_points.add(person)
    # The Dutch page, with the Dutch names of the provinces.
    with translation.override("nl"):
        list_url = reverse("backoffice:region-list")
        edit_url = reverse("backoffice:subregion-edit", kwargs={"slug": "leuven"})
    response = client.get(list_url)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Vlaams-Brabant" in content
    assert "Halle-Vilvoorde" in content
    assert "Karel Contact" in content
    assert edit_url in content
    assert len(response.context["provinces"]) == Province.objects.count()


def test_the_count_per_subregion_says_it_holds_private_persons_too(client, coordinator):
    """The count is of every organisation linked to the subregion, private persons who
    signed included (what ``regions.selectors`` counts): its heading says so."""
    with translation.override("en"):
        content = client.get(reverse("backoffice:region-list")).content.decode()
    assert "Organisations and private persons active there</th>" in content
    assert ">Organisations active there</th>" not in content


def test_list_query_count_does_not_grow_with_contact_points(
    client, coordinator, django_assert_max_num_queries
):
    for subregion in Subregion.objects.all():
        subregion.contact_points.add(UserFactory(), UserFactory())
    with django_assert_max_num_queries(12):
        client.get(reverse("backoffice:region-list"))


def test_edit_names(client, coordinator, leuven):
    url = reverse("backoffice:subregion-edit", kwargs={"slug": "leuven"})
    assert client.get(url).context["form"]["name_nl"].value() == "Leuven"
    response = client.post(url, {"name_nl": " Leuven-stad ", "name_en": "Louvain"})
    assert response.status_code == 302
    leuven.refresh_from_db()
    assert (leuven.name_nl, leuven.name_en, leuven.slug) == ("Leuven-stad", "Louvain", "leuven")
    entry = AuditEntry.objects.get(code="regions.subregion.updated")
    assert entry.actor == coordinator
    assert entry.data == {"name_nl": ["Leuven", "Leuven-stad"], "name_en": ["Leuven", "Louvain"]}


def test_a_page_opened_before_another_save_cannot_undo_it(client, coordinator, leuven):
    """Two coordinators edit the names at once (``common.concurrency``): the second save,
    from a page opened before the first, is refused and keeps what was typed."""
    import re

    from stemcharter.common.concurrency import VERSION_FIELD

    url = reverse("backoffice:subregion-edit", kwargs={"slug": "leuven"})
    page = client.get(url).content.decode()
    opened = re.search(rf'name="{VERSION_FIELD}" value="([^"]+)"', page).group(1)
    first = {"name_nl": "Leuven-stad", "name_en": "Leuven", VERSION_FIELD: opened}
    assert client.post(url, first).status_code == 302
    response = client.post(url, {"name_nl": "Leuven", "name_en": "Louvain", VERSION_FIELD: opened})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Someone changed this (in another tab or another person)" in content
    assert 'value="Louvain"' in content
    assert any(value == "Leuven-stad" for _label, value in response.context["conflict_rows"])
    leuven.refresh_from_db()
    assert (leuven.name_nl, leuven.name_en) == ("Leuven-stad", "Leuven")


def test_edit_names_requires_the_dutch_name(client, coordinator, leuven):
    url = reverse("backoffice:subregion-edit", kwargs={"slug": "leuven"})
    response = client.post(url, {"name_nl": "", "name_en": "Louvain"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Enter the Dutch name." in content
    assert "There is a problem" in content
    assert "<title>Error:" in content
    leuven.refresh_from_db()
    assert leuven.name_en == "Leuven"


def test_edit_refuses_a_name_already_used_in_the_province(client, coordinator, leuven):
    url = reverse("backoffice:subregion-edit", kwargs={"slug": "leuven"})
    response = client.post(url, {"name_nl": "halle-vilvoorde", "name_en": ""})
    assert "already has a subregion with this name" in response.content.decode()
    leuven.refresh_from_db()
    assert leuven.name_nl == "Leuven"


def test_unknown_subregion_is_404(client, coordinator):
    url = reverse("backoffice:subregion-edit", kwargs={"slug": "atlantis"})
    assert client.get(url).status_code == 404


class TestAddSubregion:
    def test_add_to_a_province(self, client, coordinator, leuven):
        response = client.post(
            reverse("backoffice:region-list"),
            {"province": leuven.province_id, "name_nl": "Tienen", "name_en": ""},
        )
        subregion = Subregion.objects.get(name_nl="Tienen")
        assert response.status_code == 302
        assert response.url == reverse("backoffice:subregion-edit", kwargs={"slug": "tienen"})
        assert subregion.province == leuven.province
        assert AuditEntry.objects.filter(
            code="regions.subregion.created", target_id=str(subregion.pk)
        ).exists()

    def test_same_name_elsewhere_gets_its_own_slug(self, client, coordinator):
        limburg = Province.objects.get(slug="limburg")
        client.post(
            reverse("backoffice:region-list"),
            {"province": limburg.pk, "name_nl": "Leuven", "name_en": ""},
        )
        assert Subregion.objects.filter(name_nl="Leuven").count() == 2
        assert Subregion.objects.filter(slug="leuven-2").exists()

    def test_errors_are_shown_and_nothing_is_saved(self, client, coordinator, leuven):
        count = Subregion.objects.count()
        response = client.post(reverse("backoffice:region-list"), {"name_nl": "Tienen"})
        assert response.status_code == 200
        assert "Choose the province of the subregion." in response.content.decode()
        response = client.post(
            reverse("backoffice:region-list"),
            {"province": leuven.province_id, "name_nl": "LEUVEN"},
        )
        assert "already has a subregion with this name" in response.content.decode()
        assert Subregion.objects.count() == count


class TestContactPoints:
    def test_add_by_email_of_an_existing_account(self, client, coordinator, leuven):
        person = UserFactory(email="nieuw@example.org")
        response = client.post(
            reverse("backoffice:contact-point-add", kwargs={"slug": "leuven"}),
            {"email": "Nieuw@Example.org"},
        )
        assert response.status_code == 302
        assert list(leuven.contact_points.all()) == [person]
        person.refresh_from_db()
        assert person.is_contact_point
        entry = AuditEntry.objects.get(code="regions.contact_point.added")
        assert entry.data == {"user_id": person.pk, "email": "nieuw@example.org"}
        # Now this person may use the back office.
        client.force_login(person)
        assert client.get(reverse("backoffice:home")).status_code == 200

    def test_unknown_email_gives_a_clear_message(self, client, coordinator, leuven):
        response = client.post(
            reverse("backoffice:contact-point-add", kwargs={"slug": "leuven"}),
            {"email": "niemand@example.org"},
        )
        assert response.status_code == 200
        content = response.content.decode()
        assert "There is no account with the email address niemand@example.org" in content
        assert "There is a problem" in content
        assert "<title>Error:" in content
        assert not leuven.contact_points.exists()

    def test_invalid_and_duplicate_email(self, client, coordinator, leuven):
        person = UserFactory()
        leuven.contact_points.add(person)
        url = reverse("backoffice:contact-point-add", kwargs={"slug": "leuven"})
        response = client.post(url, {"email": "geen-adres"})
        assert "Enter an email address like name@example.org." in response.content.decode()
        response = client.post(url, {"email": person.email})
        assert "is already a contact point of this subregion" in response.content.decode()
        assert leuven.contact_points.count() == 1
        assert not AuditEntry.objects.filter(code="regions.contact_point.added").exists()

    def test_get_on_add_or_remove_is_not_allowed(self, client, coordinator, leuven):
        person = UserFactory()
        leuven.contact_points.add(person)
        add = reverse("backoffice:contact-point-add", kwargs={"slug": "leuven"})
        remove = reverse(
            "backoffice:contact-point-remove", kwargs={"slug": "leuven", "user_pk": person.pk}
        )
        assert client.get(add).status_code == 405
        assert client.get(remove).status_code == 405

    def test_remove(self, client, coordinator, leuven):
        person = UserFactory()
        leuven.contact_points.add(person)
        response = client.post(
            reverse(
                "backoffice:contact-point-remove", kwargs={"slug": "leuven", "user_pk": person.pk}
            )
        )
        assert response.status_code == 302
        assert not leuven.contact_points.exists()
        assert AuditEntry.objects.filter(code="regions.contact_point.removed").count() == 1

    def test_remove_someone_who_is_not_a_contact_point_is_404(self, client, coordinator, leuven):
        stranger = UserFactory()
        response = client.post(
            reverse(
                "backoffice:contact-point-remove",
                kwargs={"slug": "leuven", "user_pk": stranger.pk},
            )
        )
        assert response.status_code == 404
