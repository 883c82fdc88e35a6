"""The charter's read queries of the public directory of signatories."""

from datetime import timedelta

import pytest
from django.utils import timezone

from stemcharter.accounts.tests.factories import CoordinatorFactory
from stemcharter.charter.models import Signature
from stemcharter.charter.selectors import (
    signatory_card_list,
    signatory_commitments,
    signatory_counts,
    signatory_get,
    signatory_latest,
    signatory_list,
)
from stemcharter.charter.services import signature_approve, signature_withdraw
from stemcharter.charter.tests.factories import (
    ApprovedSignatureFactory,
    CharterVersionFactory,
    CommitmentFactory,
    SignatureFactory,
)
from stemcharter.organisations.models import Category, Organisation
from stemcharter.organisations.tests.factories import OrganisationFactory, SectorFactory
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.regions.models import Subregion

pytestmark = pytest.mark.django_db

NOT_PUBLIC = [
    Signature.Status.AWAITING_EMAIL,
    Signature.Status.SUBMITTED,
    Signature.Status.REJECTED,
    Signature.Status.WITHDRAWN,
    Signature.Status.SUPERSEDED,
]


@pytest.mark.parametrize("status", NOT_PUBLIC)
def test_signatory_list_leaves_out_organisations_without_approved_signature(status):
    public = make_signatory(name="Publiek")
    SignatureFactory(status=status, decided_at=timezone.now())
    OrganisationFactory(name="Nooit ondertekend")

    assert list(signatory_list()) == [public]
    with pytest.raises(Organisation.DoesNotExist):
        signatory_get(slug=Signature.objects.get(status=status).organisation.slug)


def test_signatory_list_has_one_row_per_organisation_with_the_approved_signature_data():
    """Old withdrawn and rejected signatures must not add rows nor leak their dates."""
    version_1 = CharterVersionFactory(number=1)
    version_2 = CharterVersionFactory(number=2)
    organisation = OrganisationFactory(subregions=list(Subregion.objects.all()[:3]))
    long_ago = timezone.now() - timedelta(days=400)
    SignatureFactory(
        organisation=organisation,
        charter_version=version_1,
        status=Signature.Status.WITHDRAWN,
        decided_at=long_ago,
    )
    SignatureFactory(
        organisation=organisation,
        charter_version=version_1,
        status=Signature.Status.REJECTED,
        decided_at=long_ago + timedelta(days=1),
    )
    approved = ApprovedSignatureFactory(organisation=organisation, charter_version=version_2)

    rows = list(signatory_list())

    assert rows == [organisation]
    assert rows[0].signed_at == approved.decided_at
    assert rows[0].charter_version_number == 2
    assert signatory_list().count() == 1
    assert signatory_get(slug=organisation.slug).charter_version_number == 2


def test_signatory_cards_join_the_sector_and_prefetch_the_subregions_once(
    django_assert_num_queries,
):
    """``signatory_list`` joins the sector; ``signatory_card_list`` prefetches the regions of
    the whole list in one query and computes each card's key from them (``card_version``)."""
    subregions = list(Subregion.objects.all()[:2])
    for number in range(3):
        make_signatory(name=f"Org {number}", subregions=subregions)

    with django_assert_num_queries(2):
        organisations = signatory_card_list(signatory_list())
    with django_assert_num_queries(0):
        assert all(organisation.sector.name for organisation in organisations)
        assert len({organisation.card_version for organisation in organisations}) == 3
        for organisation in organisations:
            assert len(organisation.subregions.all()) == 2


def test_signatory_commitments_only_of_the_approved_signature():
    organisation = make_signatory(commitment="Wat we nu beloven.")
    old = SignatureFactory(
        organisation=organisation,
        status=Signature.Status.WITHDRAWN,
        decided_at=timezone.now(),
    )
    CommitmentFactory(signature=old, description="Wat we vroeger beloofden.")

    commitments = signatory_commitments(organisation=organisation)

    assert [c.description for c in commitments] == ["Wat we nu beloven."]


def test_signatory_latest_is_newest_first_and_limited():
    now = timezone.now()
    oldest = make_signatory(name="Oud", decided_at=now - timedelta(days=3))
    newest = make_signatory(name="Nieuw", decided_at=now)
    middle = make_signatory(name="Midden", decided_at=now - timedelta(days=1))

    assert signatory_latest(limit=2) == [newest, middle]
    assert signatory_latest() == [newest, middle, oldest]


def test_signatory_counts_per_category_and_total():
    make_signatory(name="A", category=Category.COMPANY)
    make_signatory(name="B", category=Category.COMPANY)
    make_signatory(name="C", category=Category.EDUCATION)
    SignatureFactory(organisation__category=Category.INDIVIDUAL)  # not public

    counts = signatory_counts()

    assert counts["total"] == 3
    by_value = {row["value"]: row["count"] for row in counts["per_category"]}
    assert by_value == {
        "company": 2,
        "social_partner": 0,
        "education": 1,
        "stem_academy": 0,
        "central_government": 0,
        "local_government": 0,
        "individual": 0,
    }
    assert [row["value"] for row in counts["per_category"]] == Category.values


def test_signatory_counts_of_a_given_queryset():
    sector = SectorFactory()
    make_signatory(name="A", category=Category.COMPANY, sector=sector)
    make_signatory(name="B", category=Category.COMPANY)
    make_signatory(name="C", category=Category.EDUCATION, sector=sector)

    counts = signatory_counts(queryset=signatory_list().filter(sector=sector))

    assert counts["total"] == 2
    by_value = {row["value"]: row["count"] for row in counts["per_category"]}
    assert by_value["company"] == 1
    assert by_value["education"] == 1


def test_signatory_counts_of_all_come_from_the_cache_until_a_signature_changes(
    django_assert_num_queries,
):
    company = make_signatory(name="A", category=Category.COMPANY)
    submitted = SignatureFactory(
        organisation__category=Category.EDUCATION, status=Signature.Status.SUBMITTED
    )
    assert signatory_counts()["total"] == 1
    with django_assert_num_queries(0):
        assert signatory_counts()["total"] == 1

    coordinator = CoordinatorFactory()
    signature_approve(signature=submitted, by=coordinator)
    counts = signatory_counts()
    assert counts["total"] == 2
    assert {row["value"]: row["count"] for row in counts["per_category"]}["education"] == 1

    signature_withdraw(organisation=company, by=coordinator)
    assert signatory_counts()["total"] == 1
    company_row = {row["value"]: row["count"] for row in signatory_counts()["per_category"]}
    assert company_row["company"] == 0

    # An organisation that changes category moves in the counts at once.
    submitted.organisation.category = Category.INDIVIDUAL
    submitted.organisation.save()
    by_value = {row["value"]: row["count"] for row in signatory_counts()["per_category"]}
    assert (by_value["education"], by_value["individual"]) == (0, 1)


def test_signatory_counts_of_a_query_are_never_cached():
    make_signatory(name="A", category=Category.COMPANY)
    assert signatory_counts(queryset=Organisation.objects.signatories())["total"] == 1
    make_signatory(name="B", category=Category.COMPANY)
    # Factories save through the ORM, so the cache of all counts is forgotten as well.
    assert signatory_counts()["total"] == 2
    Organisation.objects.filter(name="B").update(category=Category.EDUCATION)  # no signal
    by_value = {
        row["value"]: row["count"]
        for row in signatory_counts(queryset=Organisation.objects.signatories())["per_category"]
    }
    assert by_value["education"] == 1
