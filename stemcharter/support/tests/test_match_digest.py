"""The daily digest of school requests: ``send_support_request_digests`` queues one task per
person (the task queue runs them at once in tests, see conftest.py), each sends ONE email with
the requests not told before, at most one a day, never to someone who opted out; the one-click
opt-out link works without logging in."""

import datetime
import re
from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from stemcharter.accounts.tests.factories import UserFactory
from stemcharter.audit.models import AuditEntry
from stemcharter.charter.tests.factories import CommitmentFactory, SignatureFactory
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory
from stemcharter.regions.tests.factories import SubregionFactory
from stemcharter.support.digest_links import opt_out_token
from stemcharter.support.models import DigestEntry, DigestPreference, Offer
from stemcharter.support.services import support_digest_due

from .factories import SupportRequestFactory, requestable_kind, signatory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def helping_signatory(subregion, member=None):
    """A company signatory in ``subregion`` committed to guest lessons, with one member."""
    organisation = signatory(subregions=[subregion], member=member)
    CommitmentFactory(signature=organisation.signatures.get()).action_types.add(requestable_kind())
    return organisation


@pytest.fixture
def subregion():
    return SubregionFactory()


@pytest.fixture
def company(subregion):
    return helping_signatory(subregion)


@pytest.fixture
def person(company):
    user = company.memberships.get().user
    user.language = "en"  # the email's words, whatever the Dutch translation says
    user.save(update_fields=["language"])
    return user


def run_digests() -> None:
    call_command("send_support_request_digests", stdout=mock.Mock())


def digests_to(user) -> list:
    return [message for message in mail.outbox if message.to == [user.email]]


def a_day_later(user) -> None:
    """As if the last digest was sent yesterday (the "one a day" rule lets the next one go)."""
    DigestPreference.objects.filter(user=user).update(
        last_sent_at=timezone.now() - datetime.timedelta(days=1)
    )


def test_one_email_lists_every_new_request_that_matches(subregion, company, person):
    first = SupportRequestFactory(subregion=subregion, title="Robots in het vijfde leerjaar")
    second = SupportRequestFactory(subregion=subregion, title="Bruggen bouwen")
    far = SupportRequestFactory(subregion=SubregionFactory(), title="Ver weg")
    run_digests()
    [email] = digests_to(person)
    assert "2 new school requests you can help with" in email.subject
    assert first.title in email.body
    assert second.title in email.body
    assert far.title not in email.body
    offer_path = f"/en/portal/organisaties/{company.slug}/schoolvragen/{first.pk}/"
    assert offer_path in email.body
    assert "/en/hulpvragen/digest/uit/" in email.body
    assert set(
        DigestEntry.objects.filter(user=person).values_list("support_request", flat=True)
    ) == {
        first.pk,
        second.pk,
    }
    # The school's asker is not named (only the school).
    assert first.created_by.email not in email.body


def test_two_runs_on_one_day_send_one_email(subregion, person):
    SupportRequestFactory(subregion=subregion)
    run_digests()
    later = SupportRequestFactory(subregion=subregion, title="Later die dag")
    run_digests()
    assert len(digests_to(person)) == 1

    a_day_later(person)  # the next day, the new request comes in its own digest
    run_digests()
    assert len(digests_to(person)) == 2
    assert later.title in digests_to(person)[1].body


def test_a_request_is_never_sent_twice(subregion, person):
    told = SupportRequestFactory(subregion=subregion, title="Een keer verteld")
    run_digests()
    a_day_later(person)
    assert person.pk not in support_digest_due()
    run_digests()
    assert len(digests_to(person)) == 1
    new = SupportRequestFactory(subregion=subregion, title="Nieuw")
    a_day_later(person)
    run_digests()
    body = digests_to(person)[1].body
    assert new.title in body
    assert told.title not in body


def test_nothing_new_sends_nothing(subregion, person):
    SupportRequestFactory(subregion=SubregionFactory())  # not for this signatory
    run_digests()
    assert mail.outbox == []
    assert not DigestPreference.objects.filter(user=person, last_sent_at__isnull=False).exists()


def test_people_who_opted_out_get_nothing(subregion, person):
    DigestPreference.objects.create(user=person, receives_digest=False)
    SupportRequestFactory(subregion=subregion)
    run_digests()
    assert mail.outbox == []
    assert not DigestEntry.objects.exists()


def test_requests_already_offered_on_and_the_own_schools_are_left_out(subregion, company, person):
    offered = SupportRequestFactory(subregion=subregion, title="Al aangeboden")
    Offer.objects.create(support_request=offered, organisation=company, what="Wij komen")
    own_school = helping_signatory(subregion, member=person)  # the person is in a school too
    own = SupportRequestFactory(
        subregion=subregion, organisation=own_school, created_by=UserFactory(), title="Eigen"
    )
    fresh = SupportRequestFactory(subregion=subregion, title="Vers")
    run_digests()
    [email] = digests_to(person)
    assert fresh.title in email.body
    assert offered.title not in email.body
    assert own.title not in email.body


def test_a_member_of_two_signatories_gets_one_email_linking_each_request_to_its_signatory(
    subregion, company, person
):
    other_subregion = SubregionFactory()
    other = helping_signatory(other_subregion, member=person)
    here = SupportRequestFactory(subregion=subregion)
    there = SupportRequestFactory(subregion=other_subregion)
    run_digests()
    [email] = digests_to(person)
    assert f"/organisaties/{company.slug}/schoolvragen/{here.pk}/" in email.body
    assert f"/organisaties/{other.slug}/schoolvragen/{there.pk}/" in email.body


def test_every_member_gets_their_own_digest(subregion, company, person):
    colleague = MembershipFactory(organisation=company).user
    SupportRequestFactory(subregion=subregion)
    run_digests()
    assert len(digests_to(person)) == 1
    assert len(digests_to(colleague)) == 1


def test_a_failed_send_stores_nothing_and_the_next_run_sends_it(subregion, person):
    SupportRequestFactory(subregion=subregion)
    with mock.patch.object(
        EmailBackend, "send_messages", side_effect=ConnectionRefusedError(111, "refused")
    ):
        run_digests()
    assert mail.outbox == []
    assert not DigestEntry.objects.exists()
    assert not DigestPreference.objects.filter(last_sent_at__isnull=False).exists()
    run_digests()
    assert len(digests_to(person)) == 1


# --- the one-click opt-out ---------------------------------------------------------------------


def opt_out_url(body: str) -> str:
    return re.search(r"https?://\S+/hulpvragen/digest/uit/\S+/", body).group(0)


def test_the_link_in_the_email_opts_out_without_logging_in(client, subregion, person):
    SupportRequestFactory(subregion=subregion)
    run_digests()
    url = opt_out_url(digests_to(person)[0].body)
    path = url.split("://", 1)[1].split("/", 1)[1]
    page = client.get(f"/{path}")
    assert page.status_code == 200
    assert b"Stop these emails" in page.content
    assert "no-store" in page["Cache-Control"]
    assert DigestPreference.objects.get(user=person).receives_digest  # GET changes nothing

    done = client.post(f"/{path}")
    assert done.status_code == 200
    assert b"You no longer get these emails" in done.content
    assert not DigestPreference.objects.get(user=person).receives_digest
    assert AuditEntry.objects.filter(code="support.digest.turned_off").count() == 1

    SupportRequestFactory(subregion=subregion)
    a_day_later(person)
    run_digests()
    assert len(digests_to(person)) == 1


def test_a_changed_link_says_so(client, person):
    token = opt_out_token(person)
    response = client.get(reverse("support:digest-opt-out", kwargs={"token": token[:-2] + "xx"}))
    assert response.status_code == 404
    assert b"This is not a link we sent" in response.content
    response = client.post(reverse("support:digest-opt-out", kwargs={"token": "made-up"}))
    assert response.status_code == 404
    assert not DigestPreference.objects.filter(receives_digest=False).exists()


def test_an_old_link_says_so(client, person):
    token = opt_out_token(person)
    in_a_year = timezone.now().timestamp() + 365 * 24 * 60 * 60
    with mock.patch("django.core.signing.time.time", return_value=in_a_year):
        response = client.get(reverse("support:digest-opt-out", kwargs={"token": token}))
    assert response.status_code == 404
    assert b"This link is too old" in response.content


def test_the_link_of_a_deleted_account_says_so(client, person):
    token = opt_out_token(person)
    person.delete()
    response = client.get(reverse("support:digest-opt-out", kwargs={"token": token}))
    assert response.status_code == 404
    assert b"This account no longer exists" in response.content


def test_only_members_of_approved_signatories_are_due(subregion, person):
    waiting = OrganisationFactory(subregions=[subregion])
    CommitmentFactory(signature=SignatureFactory(organisation=waiting)).action_types.add(
        requestable_kind()
    )
    outsider = MembershipFactory(organisation=waiting).user
    SupportRequestFactory(subregion=subregion)
    assert support_digest_due() == [person.pk]
    run_digests()
    assert digests_to(outsider) == []
