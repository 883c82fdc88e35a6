"""After the help (issue 13, "deliver"): both sides say whether it took place, and the public
counts read the outcome."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from stemcharter.accounts.tests.factories import UserFactory
from stemcharter.audit.models import AuditEntry
from stemcharter.organisations.tests.factories import MembershipFactory
from stemcharter.regions.tests.factories import SubregionFactory
from stemcharter.support.models import Offer, SupportRequest
from stemcharter.support.selectors import signatory_support_counts, support_stats
from stemcharter.support.services import confirm_error, support_request_confirm

from .factories import OfferFactory, SupportRequestFactory, accepted_offer_on

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def member_of(organisation):
    return organisation.memberships.first().user


def school_url(support_request) -> str:
    return reverse("portal:support-request-confirm", kwargs={"pk": support_request.pk})


def offer_url(offer) -> str:
    return reverse(
        "portal:support-offer-confirm",
        kwargs={"organisation_slug": offer.organisation.slug, "pk": offer.pk},
    )


def confirm(offer, side, happened=True, feedback=""):
    support_request = offer.support_request
    by = support_request.created_by if side == "school" else member_of(offer.organisation)
    return support_request_confirm(
        support_request=support_request, side=side, by=by, happened=happened, feedback=feedback
    )


# The service


def test_both_sides_saying_yes_makes_it_delivered():
    offer = accepted_offer_on()
    first = confirm(offer, "school", True, "Heel fijn")
    assert first.status == SupportRequest.Status.MATCHED
    assert first.school_confirmed is True
    assert first.school_feedback == "Heel fijn"
    assert first.delivered_at is None
    done = confirm(offer, "offerer", True, "  Leuke klas  ")
    assert done.status == SupportRequest.Status.DELIVERED
    assert done.offerer_feedback == "Leuke klas"
    assert done.delivered_at is not None
    entries = AuditEntry.objects.filter(code="support.request.confirmed")
    assert entries.count() == 2
    assert entries.order_by("pk").last().data == {
        "side": "offerer",
        "happened": True,
        "request_status": "delivered",
    }


@pytest.mark.parametrize("no_side", ["school", "offerer"])
def test_one_side_saying_no_makes_it_not_delivered_and_keeps_both_answers(no_side):
    offer = accepted_offer_on()
    yes_side = "offerer" if no_side == "school" else "school"
    confirm(offer, yes_side, True, "Het ging door")
    done = confirm(offer, no_side, False, "Niemand kwam opdagen")
    assert done.status == SupportRequest.Status.NOT_DELIVERED
    assert done.delivered_at is None
    # The disagreement stays visible to the contact point.
    assert getattr(done, f"{yes_side}_confirmed") is True
    assert getattr(done, f"{no_side}_confirmed") is False
    assert getattr(done, f"{no_side}_feedback") == "Niemand kwam opdagen"


def test_a_side_may_change_its_answer_until_the_other_side_answered():
    offer = accepted_offer_on()
    confirm(offer, "school", False, "Nog niet")
    changed = confirm(offer, "school", True, "Toch wel")
    assert changed.school_confirmed is True
    assert changed.school_feedback == "Toch wel"
    confirm(offer, "offerer", True)
    with pytest.raises(ValidationError, match="answers are final"):
        confirm(offer, "school", False)
    offer.support_request.refresh_from_db()
    assert offer.support_request.status == SupportRequest.Status.DELIVERED


def test_too_early_is_refused():
    offer = accepted_offer_on(started=False)
    with pytest.raises(ValidationError, match="has not started yet"):
        confirm(offer, "school")
    # From the first day of the window on, it may.
    SupportRequest.objects.filter(pk=offer.support_request_id).update(
        date_from=timezone.localdate()
    )
    assert confirm(offer, "school").school_confirmed is True


def test_a_request_without_an_accepted_offer_is_refused():
    pending = OfferFactory()
    support_request = pending.support_request
    with pytest.raises(ValidationError, match="No offer has been accepted"):
        support_request_confirm(
            support_request=support_request,
            side="school",
            by=support_request.created_by,
            happened=True,
            feedback="",
        )
    # The pending offerer does not answer for the offering side.
    with pytest.raises(PermissionDenied):
        support_request_confirm(
            support_request=support_request,
            side="offerer",
            by=member_of(pending.organisation),
            happened=True,
            feedback="",
        )


def test_a_withdrawn_request_is_refused():
    offer = accepted_offer_on()
    SupportRequest.objects.filter(pk=offer.support_request_id).update(
        status=SupportRequest.Status.WITHDRAWN
    )
    with pytest.raises(ValidationError, match="withdrawn"):
        confirm(offer, "school")


def test_only_the_sides_may_answer():
    offer = accepted_offer_on()
    support_request = offer.support_request
    stranger = UserFactory()
    for side, user in [
        ("school", stranger),
        ("offerer", stranger),
        ("school", member_of(offer.organisation)),  # the offerer is not the school
        ("offerer", support_request.created_by),  # nor the school the offerer
    ]:
        with pytest.raises(PermissionDenied):
            support_request_confirm(
                support_request=support_request, side=side, by=user, happened=True, feedback=""
            )
    # Another member of the school answers for it too.
    colleague = MembershipFactory(organisation=support_request.organisation).user
    done = support_request_confirm(
        support_request=support_request, side="school", by=colleague, happened=True, feedback=""
    )
    assert done.school_confirmed is True
    assert not AuditEntry.objects.filter(actor=stranger).exists()


def test_bad_input_is_refused():
    offer = accepted_offer_on()
    with pytest.raises(ValueError, match="Unknown side"):
        confirm(offer, "coordinator")
    with pytest.raises(ValidationError, match="yes or no"):
        confirm(offer, "school", happened="yes")
    with pytest.raises(ValidationError, match="at most 1000"):
        confirm(offer, "school", feedback="x" * 1001)
    offer.support_request.refresh_from_db()
    assert offer.support_request.school_confirmed is None


def test_the_teacher_of_a_school_that_has_not_signed_answers_for_it():
    teacher = UserFactory()
    offer = accepted_offer_on(organisation=None, school_name="De Linde", created_by=teacher)
    done = support_request_confirm(
        support_request=offer.support_request,
        side="school",
        by=teacher,
        happened=True,
        feedback="",
    )
    assert done.school_confirmed is True


# The pages


def test_the_school_answers_on_its_page(client):
    offer = accepted_offer_on()
    support_request = offer.support_request
    client.force_login(support_request.created_by)
    page = client.get(school_url(support_request))
    html = page.content.decode()
    assert page.status_code == 200
    assert "<h1>Did the help take place?</h1>" in html
    assert offer.organisation.name in html
    response = client.post(
        school_url(support_request), {"happened": "yes", "feedback": "Top"}, follow=True
    )
    assert "Thank you: your answer was saved." in response.content.decode()
    assert "You said the help took place." in response.content.decode()
    support_request.refresh_from_db()
    assert support_request.school_confirmed is True
    assert support_request.school_feedback == "Top"


def test_the_offerer_answers_on_its_page_and_then_may_tell_the_story(client):
    offer = accepted_offer_on()
    confirm(offer, "school", True)
    client.force_login(member_of(offer.organisation))
    response = client.post(offer_url(offer), {"happened": "yes"}, follow=True)
    html = response.content.decode()
    assert "Both sides confirmed that the help took place." in html
    story_url = reverse(
        "portal:support-offer-story",
        kwargs={"organisation_slug": offer.organisation.slug, "pk": offer.pk},
    )
    assert f'href="{story_url}"' in html
    assert "Turn this into a story" in html
    # A second answer: the page says it is final, no form.
    again = client.post(offer_url(offer), {"happened": "no"})
    assert again.status_code == 200
    assert "<form" not in again.content.decode().split("<main", 1)[-1]
    offer.support_request.refresh_from_db()
    assert offer.support_request.offerer_confirmed is True


def test_the_school_that_signed_may_tell_the_story_too(client):
    offer = accepted_offer_on()
    confirm(offer, "school", True)
    confirm(offer, "offerer", True)
    client.force_login(offer.support_request.created_by)
    html = client.get(school_url(offer.support_request)).content.decode()
    story_url = reverse(
        "portal:support-offer-story",
        kwargs={"organisation_slug": offer.support_request.organisation.slug, "pk": offer.pk},
    )
    assert f'href="{story_url}"' in html


def test_a_teacher_whose_school_has_not_signed_gets_no_story_button(client):
    teacher = UserFactory()
    offer = accepted_offer_on(organisation=None, school_name="De Linde", created_by=teacher)
    confirm(offer, "school", True)
    confirm(offer, "offerer", True)
    client.force_login(teacher)
    html = client.get(school_url(offer.support_request)).content.decode()
    assert "Both sides confirmed" in html
    assert "Turn this into a story" not in html


def test_the_page_without_an_answer_shows_the_errors(client):
    offer = accepted_offer_on()
    client.force_login(member_of(offer.organisation))
    response = client.post(offer_url(offer), {"happened": "maybe", "feedback": "x" * 1001})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Say whether the help took place: yes or no." in html
    assert "Shorten your feedback to at most 1000 characters" in html
    offer.support_request.refresh_from_db()
    assert offer.support_request.offerer_confirmed is None


def test_too_early_and_not_accepted_say_so(client):
    early = accepted_offer_on(started=False)
    client.force_login(early.support_request.created_by)
    html = client.get(school_url(early.support_request)).content.decode()
    assert "The help has not started yet" in html
    assert 'name="happened"' not in html
    response = client.post(school_url(early.support_request), {"happened": "yes"})
    assert response.status_code == 200
    early.support_request.refresh_from_db()
    assert early.support_request.school_confirmed is None

    pending = OfferFactory()
    client.force_login(member_of(pending.organisation))
    html = client.get(offer_url(pending)).content.decode()
    assert "The school has not accepted this offer" in html
    assert 'name="happened"' not in html
    client.post(offer_url(pending), {"happened": "yes"})
    pending.support_request.refresh_from_db()
    assert pending.support_request.offerer_confirmed is None

    client.force_login(pending.support_request.created_by)
    html = client.get(school_url(pending.support_request)).content.decode()
    assert "No offer has been accepted for this request yet" in html


def test_others_get_a_404(client):
    offer = accepted_offer_on()
    support_request = offer.support_request
    declined = OfferFactory(support_request=support_request, status=Offer.Status.DECLINED)
    client.force_login(UserFactory())
    assert client.get(school_url(support_request)).status_code == 404
    assert client.post(school_url(support_request), {"happened": "yes"}).status_code == 404
    # The offerer is not the school; the declined signatory is not the accepted one.
    client.force_login(member_of(offer.organisation))
    assert client.get(school_url(support_request)).status_code == 404
    client.force_login(member_of(declined.organisation))
    assert client.get(school_url(support_request)).status_code == 404
    # Another organisation's offer under one's own organisation's slug: 404.
    other_url = reverse(
        "portal:support-offer-confirm",
        kwargs={"organisation_slug": declined.organisation.slug, "pk": offer.pk},
    )
    assert client.get(other_url).status_code == 404
    # Its own declined offer: nothing to confirm.
    html = client.get(offer_url(declined)).content.decode()
    assert "The school has not accepted this offer" in html
    support_request.refresh_from_db()
    assert support_request.school_confirmed is None
    assert support_request.offerer_confirmed is None


def test_anonymous_visitors_are_sent_to_log_in(client):
    offer = accepted_offer_on()
    for url in (school_url(offer.support_request), offer_url(offer)):
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response.url


# The counts


def test_signatory_counts_this_year():
    offerer = accepted_offer_on().organisation
    delivered = accepted_offer_on(offerer=offerer)
    confirm(delivered, "school")
    confirm(delivered, "offerer")
    not_delivered = accepted_offer_on(offerer=offerer)
    confirm(not_delivered, "school", False)
    confirm(not_delivered, "offerer", True)
    OfferFactory(organisation=offerer)  # pending: not answered
    OfferFactory(organisation=offerer, status=Offer.Status.DECLINED)
    last_year = accepted_offer_on(offerer=offerer)
    long_ago = timezone.now() - datetime.timedelta(days=400)
    SupportRequest.objects.filter(pk=last_year.support_request_id).update(
        decided_at=long_ago, status=SupportRequest.Status.DELIVERED, delivered_at=long_ago
    )
    Offer.objects.filter(pk=last_year.pk).update(decided_at=long_ago)
    accepted_offer_on()  # another signatory's
    year = timezone.localdate().year
    counts = signatory_support_counts(organisation=offerer, year=year)
    assert (counts.answered, counts.delivered) == (3, 1)
    previous = signatory_support_counts(organisation=offerer, year=long_ago.year)
    assert (previous.answered, previous.delivered) == (1, 1)


def test_support_stats_per_subregion_and_overall():
    gent, brugge = SubregionFactory(), SubregionFactory()
    now = timezone.now()

    def asked(subregion, *, days_to_offer, status=SupportRequest.Status.OPEN):
        request = SupportRequestFactory(
            subregion=subregion,
            status=status,
            first_offer_at=None if days_to_offer is None else now,
        )
        SupportRequest.objects.filter(pk=request.pk).update(
            created_at=now - datetime.timedelta(days=days_to_offer or 0)
        )

    asked(gent, days_to_offer=1, status=SupportRequest.Status.MATCHED)
    asked(gent, days_to_offer=3, status=SupportRequest.Status.DELIVERED)
    asked(gent, days_to_offer=10)  # an offer, not accepted yet: no answer
    asked(gent, days_to_offer=None)  # no offer yet
    asked(brugge, days_to_offer=2, status=SupportRequest.Status.NOT_DELIVERED)
    asked(brugge, days_to_offer=4, status=SupportRequest.Status.WITHDRAWN)

    in_gent = support_stats(subregion=gent)
    assert in_gent.answered == 2
    assert in_gent.median_first_offer == datetime.timedelta(days=3)
    assert in_gent.median_first_offer_days == 3.0
    in_brugge = support_stats(subregion=brugge)
    assert in_brugge.answered == 1
    assert in_brugge.median_first_offer == datetime.timedelta(days=3)  # of 2 and 4
    overall = support_stats()
    assert overall.answered == 3
    assert overall.median_first_offer == datetime.timedelta(days=3)  # of 1, 2, 3, 4, 10
    empty = support_stats(subregion=SubregionFactory())
    assert (empty.answered, empty.median_first_offer, empty.median_first_offer_days) == (
        0,
        None,
        None,
    )


def test_confirm_error_reads_without_a_query(django_assert_num_queries):
    offer = accepted_offer_on()
    support_request = SupportRequest.objects.get(pk=offer.support_request_id)
    with django_assert_num_queries(0):
        assert confirm_error(support_request) == ""
