"""The review back office at work: the queue, the review page, deciding, criteria sets."""

import html
import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from stemcharter.actions.models import Action
from stemcharter.actions.tests.factories import ActionFactory, PublishedActionFactory
from stemcharter.organisations.tests.factories import OrganisationFactory
from stemcharter.reviews.models import Assessment, CriteriaSet, Review, ReviewStatus
from stemcharter.reviews.services import (
    AssessmentData,
    CriterionData,
    criteria_set_revise,
    review_decide,
    review_start,
    review_submit,
    revision_start,
)
from stemcharter.stories.tests.factories import StoryFactory

from .conftest import add_image, verdicts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def text_of(response) -> str:
    """The page's text without tags and with whitespace collapsed."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def detail_url(item, type_key="action"):
    return reverse("backoffice:review-detail", kwargs={"type_key": type_key, "pk": item.pk})


def decide_url(item, type_key="action"):
    return reverse("backoffice:review-decide", kwargs={"type_key": type_key, "pk": item.pk})


def decision_data(criteria_set, decision="publish", result="met", comment="", **extra):
    data = {"criteria_set": criteria_set.pk, "decision": decision, "comment": comment}
    data.update({f"result_{c.pk}": result for c in criteria_set.criteria.all()})
    data.update(extra)
    return data


@pytest.fixture
def reviewing(world):
    """The action, under review by the contact point, who is logged in."""
    review_submit(item=world.action, by=world.owner_member)
    review_start(item=world.action, by=world.contact_point)
    world.action.refresh_from_db()
    return world.action


class TestQueuePage:
    def test_the_table(self, client, world):
        review_submit(item=world.story, by=world.owner_member)
        review_submit(item=world.action, by=world.owner_member)
        review_start(item=world.action, by=world.coordinator)
        live = PublishedActionFactory(organisation=world.organisation, subregions=[world.subregion])
        copy = revision_start(item=live, by=world.owner_member)
        review_submit(item=copy, by=world.owner_member)
        client.force_login(world.contact_point)
        response = client.get(reverse("backoffice:review-queue"))
        text = text_of(response)
        assert "3 items waiting" in text
        assert "Robots in de klas" in text
        assert "Story" in text
        assert "Robotica Waasland" in text
        assert "Waasland" in text
        assert "by Mia Member" in text
        assert "Submitted" in text
        assert "Under review by Cor Coordinator" in text
        assert "New version of a published item" in text
        content = response.content.decode()
        assert detail_url(world.story, "story") in content
        assert detail_url(copy) in content
        assert 'class="status status-under_review"' in content

    def test_filters_are_kept_in_the_url_and_shown_as_chips(self, client, world):
        review_submit(item=world.story, by=world.owner_member)
        review_submit(item=world.action, by=world.owner_member)
        client.force_login(world.contact_point)
        response = client.get(reverse("backoffice:review-queue"), {"type": "story"})
        assert [item.pk for item in response.context["items"]] == [world.story.pk]
        assert "1 item waiting" in text_of(response)
        assert "Remove filter: Stories" in text_of(response)
        response = client.get(
            reverse("backoffice:review-queue"), {"type": "story", "status": "under_review"}
        )
        assert list(response.context["items"]) == []
        assert "Nothing waiting matches these filters." in text_of(response)

    def test_sortable_columns(self, client, world):
        titles = ["Bouwdag", "Arduino-kamp", "Chemieshow"]
        for days_ago, title in enumerate(titles):
            action = review_submit(
                item=ActionFactory(title=title, subregions=[world.subregion]), by=None
            )
            Action.objects.filter(pk=action.pk).update(
                submitted_at=timezone.now() - timedelta(days=days_ago)
            )
        client.force_login(world.contact_point)
        url = reverse("backoffice:review-queue")

        def order(**query):
            return [str(item) for item in client.get(url, query).context["items"]]

        assert order() == ["Chemieshow", "Arduino-kamp", "Bouwdag"]  # oldest first
        assert order(sort="title") == ["Arduino-kamp", "Bouwdag", "Chemieshow"]
        assert order(sort="-title") == ["Chemieshow", "Bouwdag", "Arduino-kamp"]
        assert order(sort="-submitted") == ["Bouwdag", "Arduino-kamp", "Chemieshow"]
        assert order(sort="nonsense") == order()
        assert 'aria-sort="ascending"' in client.get(url, {"sort": "title"}).content.decode()

    def test_mine(self, client, world):
        review_submit(item=world.story, by=world.owner_member)
        review_start(item=world.story, by=world.contact_point)
        review_submit(item=world.action, by=world.owner_member)
        client.force_login(world.contact_point)
        response = client.get(reverse("backoffice:review-queue"), {"status": "mine"})
        assert [item.pk for item in response.context["items"]] == [world.story.pk]

    def test_unknown_filter_values_are_left_out_with_a_notice(self, client, world):
        review_submit(item=world.story, by=world.owner_member)
        review_submit(item=world.action, by=world.owner_member)
        client.force_login(world.contact_point)
        response = client.get(
            reverse("backoffice:review-queue"),
            {"type": "event<script>", "status": "submitted", "page": "x"},
        )
        assert response.status_code == 200
        assert "There is no kind “event&lt;script&gt;”, so we left it out." in (
            response.content.decode()
        )
        assert len(response.context["items"]) == 2

    def test_empty_state(self, client, world):
        client.force_login(world.other_contact_point)
        response = client.get(reverse("backoffice:review-queue"))
        assert "Nothing is waiting for your review." in text_of(response)

    def test_paginated(self, client, world):
        for _ in range(26):
            review_submit(item=ActionFactory(subregions=[world.subregion]), by=None)
        client.force_login(world.contact_point)
        response = client.get(reverse("backoffice:review-queue"))
        assert "26 items waiting" in text_of(response)
        assert len(response.context["items"]) == 25
        assert (
            len(client.get(reverse("backoffice:review-queue"), {"page": 2}).context["items"]) == 1
        )

    def test_decided_tab(self, client, world, reviewing, criteria_set):
        review_decide(
            item=reviewing,
            by=world.contact_point,
            decision="reject",
            criteria_set=None,
            assessments=[],
            comment="Geen STEM.",
        )
        client.force_login(world.contact_point)
        response = client.get(reverse("backoffice:review-queue"), {"view": "decided"})
        text = text_of(response)
        assert "1 decision" in text
        assert "Open bedrijvendag" in text
        assert "Reject" in text
        assert "Carla Contact" in text
        response = client.get(
            reverse("backoffice:review-queue"), {"view": "decided", "status": "publish"}
        )
        assert "No decisions yet." in text_of(response)

    def test_home_shows_the_count(self, client, world):
        kinds = "actions, stories, events and progress reports"
        review_submit(item=world.story, by=world.owner_member)
        review_submit(item=world.action, by=world.owner_member)
        client.force_login(world.contact_point)
        response = client.get(reverse("backoffice:home"))
        assert f"2 items wait for your review ({kinds})" in text_of(response)
        assert reverse("backoffice:review-queue") in response.content.decode()
        client.force_login(world.other_contact_point)
        response = client.get(reverse("backoffice:home"))
        assert f"0 items wait for your review ({kinds})" in text_of(response)


class TestReviewPage:
    def test_shows_the_whole_action_with_images_and_consent(self, client, world):
        action = world.action
        action.description = "Kom **kijken**.<script>alert(1)</script>"
        action.places = 15
        action.save()
        add_image(action, alt_text="Een leerling soldeert.", minors=True, by=world.owner_member)
        add_image(action, alt_text="De werkplaats.", caption="Onze hal")
        review_submit(item=action, by=world.owner_member)
        client.force_login(world.contact_point)
        response = client.get(detail_url(action))
        content = response.content.decode()
        text = text_of(response)
        assert "<strong>kijken</strong>" in content
        assert "<script>alert" not in content
        for expected in (
            "Review: Open bedrijvendag",
            "Partnerschool",
            "Waasland",
            "15",
            "Een leerling soldeert.",
            "confirmed on",
            "that consent was obtained",
            "Mia Member",
            "No recognisable minors, says the uploader.",
            "Onze hal",
            "Start the review",
        ):
            assert expected in text, expected
        assert 'alt="De werkplaats."' in content
        assert re.search(r'<img [^>]*width="8" height="4"', content)

    def test_story_preview(self, client, world):
        world.story.organisations.add(OrganisationFactory(name="Samen BV"))
        review_submit(item=world.story, by=world.owner_member)
        client.force_login(world.coordinator)
        text = text_of(client.get(detail_url(world.story, "story")))
        assert "Collaboration story" in text
        assert "Samen BV" in text
        assert "Hoe een school en een bedrijf samen een robot bouwden." in text

    def test_history_with_verdicts(self, client, world, reviewing, criteria_set):
        answers = verdicts(criteria_set)
        answers[1] = AssessmentData(answers[1].criterion_id, "not_met", "Geen vervolgactiviteit.")
        review_decide(
            item=reviewing,
            by=world.contact_point,
            decision="request_changes",
            criteria_set=criteria_set,
            assessments=answers,
            comment="Bijna.",
        )
        client.force_login(world.coordinator)
        text = text_of(client.get(detail_url(reviewing)))
        assert "Changes requested" in text
        assert "Carla Contact" in text
        assert f"{criteria_set.name_en} (version 1)" in text
        assert "Not met" in text
        assert "Geen vervolgactiviteit." in text
        assert "Bijna." in text
        assert "Changes were requested." in text
        assert "Changes requested" in text  # the audit trail, for a coordinator

    def test_under_review_by_someone_else(self, client, world, reviewing):
        client.force_login(world.coordinator)
        text = text_of(client.get(detail_url(reviewing)))
        assert "Carla Contact is reviewing this. Only they can decide." in text
        assert "Take over this review" in text
        assert "Save my decision" not in text

    def test_take_over(self, client, world, reviewing):
        client.force_login(world.coordinator)
        url = reverse("backoffice:review-start", kwargs={"type_key": "action", "pk": reviewing.pk})
        response = client.post(url, {"take_over": "1"})
        assert response.status_code == 302
        assert messages_of(response) == ["You took over this review. You can now decide."]
        reviewing.refresh_from_db()
        assert reviewing.reviewer == world.coordinator

    def test_start(self, client, world):
        review_submit(item=world.action, by=world.owner_member)
        client.force_login(world.contact_point)
        url = reverse(
            "backoffice:review-start", kwargs={"type_key": "action", "pk": world.action.pk}
        )
        response = client.post(url)
        assert response.url == detail_url(world.action) + "#decision"
        assert "You started the review." in messages_of(response)[0]
        # A second reviewer is told, not given an error page.
        client.force_login(world.coordinator)
        response = client.post(url)
        assert response.status_code == 302
        assert messages_of(response) == ["Someone else is already reviewing this."]

    def test_a_new_version_shows_what_changed(self, client, world):
        live = PublishedActionFactory(
            organisation=world.organisation, title="Oude titel", subregions=[world.subregion]
        )
        copy = revision_start(item=live, by=world.owner_member)
        copy.title = "Nieuwe titel"
        copy.save()
        copy.partners.add(OrganisationFactory(name="Extra partner"))
        review_submit(item=copy, by=world.owner_member)
        client.force_login(world.contact_point)
        response = client.get(detail_url(copy))
        text = text_of(response)
        assert "This is a new version of a published action." in text
        assert "What changed" in text
        assert "Title Oude titel Nieuwe titel" in text
        assert "Partners — Added: Extra partner" in text
        assert detail_url(live) in response.content.decode()
        # The live item's page points to the new version.
        response = client.get(detail_url(live))
        assert "The organisation sent a new version of this." in text_of(response)
        assert detail_url(copy) in response.content.decode()
        assert "Take offline" in text_of(response)


class TestDeciding:
    def test_publish(self, client, world, reviewing, criteria_set):
        client.force_login(world.contact_point)
        # The set made for its action type (an internship) is preselected; this one is not.
        response = client.get(detail_url(reviewing), {"set": criteria_set.pk})
        assert response.context["form"].chosen_set == criteria_set
        text = text_of(response)
        assert "Save my decision" in text
        for criterion in criteria_set.criteria.all():
            assert criterion.name_en in text
        response = client.post(decide_url(reviewing), decision_data(criteria_set))
        assert response.status_code == 302
        assert response.url == reverse("backoffice:review-queue")
        assert messages_of(response) == [
            "You published “Open bedrijvendag”. We emailed the organisation."
        ]
        reviewing.refresh_from_db()
        assert reviewing.status == ReviewStatus.PUBLISHED
        review = Review.objects.get()
        assert review.assessments.count() == criteria_set.criteria.count()

    def test_ask_for_changes_on_one_criterion(self, client, world, reviewing, criteria_set):
        client.force_login(world.contact_point)
        first = criteria_set.criteria.first()
        data = decision_data(criteria_set, decision="request_changes")
        data.update({f"result_{first.pk}": "not_met", f"comment_{first.pk}": "Welke leeftijd?"})
        response = client.post(decide_url(reviewing), data)
        assert response.status_code == 302
        assert "We emailed the organisation what to change." in messages_of(response)[0]
        assessment = Assessment.objects.get(result="not_met")
        assert (assessment.criterion, assessment.comment) == (first, "Welke leeftijd?")
        reviewing.refresh_from_db()
        assert reviewing.status == ReviewStatus.CHANGES_REQUESTED

    def test_missing_verdicts_are_marked_and_nothing_typed_is_lost(
        self, client, world, reviewing, criteria_set
    ):
        client.force_login(world.contact_point)
        first, second, *others = criteria_set.criteria.all()
        data = {
            "criteria_set": criteria_set.pk,
            "decision": "publish",
            "comment": "Mijn algemene opmerking",
            f"result_{first.pk}": "met",
            f"comment_{first.pk}": "Sterk punt",
        }
        response = client.post(decide_url(reviewing), data)
        assert response.status_code == 200
        content = response.content.decode()
        assert "<title>Error:" in content
        assert "There is a problem" in content
        form = response.context["form"]
        assert f"result_{first.pk}" not in form.errors
        # Each error names its criterion, and the summary links to each of them.
        for criterion in others:
            assert form.errors[f"result_{criterion.pk}"] == [
                f"Choose met, not met or not applicable for “{criterion.name_en}”."
            ]
            assert f'href="#id_result_{criterion.pk}"' in content
        assert form.errors[f"result_{second.pk}"] == [
            f"Choose met, not met or not applicable for “{second.name_en}”."
        ]
        assert f'href="#id_result_{second.pk}"' in content
        assert "Mijn algemene opmerking" in content
        assert "Sterk punt" in content
        assert re.search(
            rf'<input [^>]*value="met" id="id_result_{first.pk}_0"[^>]*checked', content
        )
        assert not re.search(rf'<input [^>]*id="id_result_{second.pk}_\d"[^>]*checked', content)
        assert not Review.objects.exists()

    def test_reject_without_reason(self, client, world, reviewing, criteria_set):
        client.force_login(world.contact_point)
        response = client.post(
            decide_url(reviewing), {"criteria_set": criteria_set.pk, "decision": "reject"}
        )
        assert response.status_code == 200
        assert response.context["form"].errors["comment"] == ["Give the reason for the rejection."]
        assert 'href="#id_comment"' in response.content.decode()

    def test_reject_with_reason(self, client, world, reviewing, criteria_set):
        client.force_login(world.contact_point)
        response = client.post(
            decide_url(reviewing),
            {"criteria_set": criteria_set.pk, "decision": "reject", "comment": "Geen STEM."},
        )
        assert response.status_code == 302
        assert "We emailed the reason" in messages_of(response)[0]
        reviewing.refresh_from_db()
        assert reviewing.status == ReviewStatus.REJECTED

    def test_changes_without_explanation(self, client, world, reviewing, criteria_set):
        client.force_login(world.contact_point)
        response = client.post(
            decide_url(reviewing), decision_data(criteria_set, decision="request_changes")
        )
        assert response.status_code == 200
        assert "Say what should change" in response.context["form"].errors["comment"][0]

    def test_no_decision(self, client, world, reviewing, criteria_set):
        client.force_login(world.contact_point)
        data = decision_data(criteria_set)
        del data["decision"]
        response = client.post(decide_url(reviewing), data)
        assert response.context["form"].errors["decision"] == [
            "Choose publish, ask for changes or reject."
        ]

    def test_a_set_changed_meanwhile_is_noticed(self, client, world, reviewing, criteria_set):
        client.force_login(world.contact_point)
        data = decision_data(criteria_set, comment="Getypt")
        criteria_set_revise(
            criteria_set=criteria_set,
            by=world.coordinator,
            name_nl=criteria_set.name_nl,
            criteria=[CriterionData("Een")],
        )
        response = client.post(decide_url(reviewing), data)
        assert response.status_code == 200
        assert (
            "These criteria were changed meanwhile."
            in response.context["form"].errors["criteria_set"][0]
        )
        assert "Getypt" in response.content.decode()
        assert not Review.objects.exists()

    def test_switching_the_set_keeps_what_was_typed(self, client, world, reviewing, criteria_set):
        other = CriteriaSet.objects.current().exclude(pk=criteria_set.pk).first()
        client.force_login(world.contact_point)
        data = decision_data(criteria_set, decision="request_changes", comment="Mijn tekst")
        data.update({"criteria_set": other.pk, "switch_set": "1"})
        response = client.post(decide_url(reviewing), data)
        assert response.status_code == 200
        form = response.context["form"]
        assert not form.is_bound
        assert form.chosen_set == other
        content = response.content.decode()
        assert "Mijn tekst" in content
        assert re.search(r'<input [^>]*value="request_changes"[^>]*checked', content)
        for criterion in other.criteria.all():
            assert criterion.name_en in text_of(response)
        # Without JavaScript a link with ?set= does the same.
        response = client.get(detail_url(reviewing), {"set": other.pk})
        assert response.context["form"].chosen_set == other
        # Deciding with the other set works.
        response = client.post(decide_url(reviewing), decision_data(other))
        assert response.status_code == 302
        assert Review.objects.get().criteria_set == other

    def test_switching_away_and_back_keeps_the_verdicts_of_each_set(
        self, client, world, reviewing, criteria_set
    ):
        other = CriteriaSet.objects.current().exclude(pk=criteria_set.pk).first()
        first = criteria_set.criteria.first()
        other_first = other.criteria.first()
        client.force_login(world.contact_point)
        response = client.post(
            decide_url(reviewing),
            {
                "criteria_set": other.pk,
                "switch_set": "1",
                "comment": "Algemeen",
                f"result_{first.pk}": "met",
                f"comment_{first.pk}": "Mooie opendag",
            },
        )
        content = response.content.decode()
        # Set A's verdict and comment go along, hidden, with the criteria of set B.
        assert f'<input type="hidden" name="result_{first.pk}" value="met">' in content
        assert f'<input type="hidden" name="comment_{first.pk}" value="Mooie opendag">' in content
        # Back to set A, with a verdict typed for set B: both are kept.
        response = client.post(
            decide_url(reviewing),
            {
                "criteria_set": criteria_set.pk,
                "switch_set": "1",
                "comment": "Algemeen",
                f"result_{first.pk}": "met",
                f"comment_{first.pk}": "Mooie opendag",
                f"result_{other_first.pk}": "not_met",
                f"comment_{other_first.pk}": "Te kort",
            },
        )
        form = response.context["form"]
        assert form.chosen_set == criteria_set
        content = response.content.decode()
        assert re.search(
            rf'<input [^>]*value="met" id="id_result_{first.pk}_0"[^>]*checked', content
        )
        assert re.search(
            rf'<textarea [^>]*id="id_comment_{first.pk}"[^>]*>\s*Mooie opendag<', content
        )
        assert "Algemeen" in content
        assert f'<input type="hidden" name="result_{other_first.pk}" value="not_met">' in content
        assert f'<input type="hidden" name="comment_{other_first.pk}" value="Te kort">' in content
        assert f'name="result_{first.pk}" value="met">' not in content  # not hidden twice

    def test_deciding_with_one_set_leaves_the_other_sets_verdicts(
        self, client, world, reviewing, criteria_set
    ):
        other = CriteriaSet.objects.current().exclude(pk=criteria_set.pk).first()
        first = criteria_set.criteria.first()
        client.force_login(world.contact_point)
        data = decision_data(other)
        data.update({f"result_{first.pk}": "not_met", f"comment_{first.pk}": "Mooie opendag"})
        response = client.post(decide_url(reviewing), data)
        assert response.status_code == 302
        review = Review.objects.get()
        assert review.criteria_set == other
        assert set(review.assessments.values_list("criterion_id", flat=True)) == set(
            other.criteria.values_list("pk", flat=True)
        )
        assert not Assessment.objects.filter(comment="Mooie opendag").exists()

    def test_an_error_keeps_the_other_sets_verdicts(self, client, world, reviewing, criteria_set):
        other = CriteriaSet.objects.current().exclude(pk=criteria_set.pk).first()
        first = criteria_set.criteria.first()
        client.force_login(world.contact_point)
        data = decision_data(other)
        del data["decision"]
        data.update({f"result_{first.pk}": "met", f"comment_{first.pk}": "Mooie opendag"})
        data["result_99999999999999999999"] = "met"
        response = client.post(decide_url(reviewing), data)
        assert response.status_code == 200
        content = response.content.decode()
        assert f'<input type="hidden" name="comment_{first.pk}" value="Mooie opendag">' in content
        assert "99999999999999999999" not in content

    def test_decided_meanwhile(self, client, world, reviewing, criteria_set):
        client.force_login(world.contact_point)
        review_decide(
            item=reviewing,
            by=world.contact_point,
            decision="publish",
            criteria_set=criteria_set,
            assessments=verdicts(criteria_set),
        )
        response = client.post(decide_url(reviewing), decision_data(criteria_set))
        assert response.status_code == 200
        assert "it may also have been decided already" in response.content.decode()
        assert Review.objects.count() == 1

    def test_a_story_revision_is_merged(self, client, world, criteria_set):
        live = StoryFactory(
            organisation=world.organisation,
            subregions=[world.subregion],
            status="published",
            published_at=timezone.now() - timedelta(days=3),
        )
        copy = revision_start(item=live, by=world.owner_member)
        copy.body = "Een nieuw einde."
        copy.save()
        review_submit(item=copy, by=world.owner_member)
        review_start(item=copy, by=world.contact_point)
        client.force_login(world.contact_point)
        response = client.post(decide_url(copy, "story"), decision_data(criteria_set))
        assert response.status_code == 302
        live.refresh_from_db()
        assert live.body == "Een nieuw einde."


class TestTakeOffline:
    @pytest.fixture
    def published(self, world):
        return PublishedActionFactory(
            organisation=world.organisation, subregions=[world.subregion], title="Live actie"
        )

    def test_confirm_with_a_reason(self, client, world, published):
        client.force_login(world.contact_point)
        url = reverse(
            "backoffice:review-withdraw", kwargs={"type_key": "action", "pk": published.pk}
        )
        response = client.get(url)
        assert "Take “Live actie” offline" in text_of(response)
        response = client.post(url, {"reason": ""})
        assert response.status_code == 200
        assert "<title>Error:" in response.content.decode()
        assert "Give a reason, so the organisation knows what to do." in text_of(response)
        published.refresh_from_db()
        assert published.status == ReviewStatus.PUBLISHED
        response = client.post(url, {"reason": "De datum is voorbij."})
        assert response.status_code == 302
        assert messages_of(response) == [
            "“Live actie” is offline now. We emailed the organisation your reason."
        ]
        published.refresh_from_db()
        assert published.status == ReviewStatus.WITHDRAWN

    def test_only_published_items(self, client, world):
        review_submit(item=world.action, by=world.owner_member)
        client.force_login(world.contact_point)
        url = reverse(
            "backoffice:review-withdraw", kwargs={"type_key": "action", "pk": world.action.pk}
        )
        response = client.get(url)
        assert response.status_code == 302
        assert messages_of(response) == ["Only a published item can be taken offline."]
        response = client.post(url, {"reason": "x"})
        assert messages_of(response)[-1] == "Only a published item can be taken offline."
        assert Action.objects.get(pk=world.action.pk).status == ReviewStatus.SUBMITTED


class TestCriteriaSetPages:
    def test_list_and_detail(self, client, world, criteria_set):
        criteria_set_revise(
            criteria_set=criteria_set,
            by=world.coordinator,
            name_nl=criteria_set.name_nl,
            name_en=criteria_set.name_en,
            criteria=[CriterionData("Nieuw criterium", "New criterion")],
        )
        client.force_login(world.coordinator)
        text = text_of(client.get(reverse("backoffice:criteria-set-list")))
        assert f"{criteria_set.name_en} 2 1" in text
        response = client.get(
            reverse("backoffice:criteria-set-detail", kwargs={"key": criteria_set.key})
        )
        text = text_of(response)
        assert "Version 2, since" in text
        assert "Nieuw criterium" in text
        assert "Version 1, from" in text
        assert criteria_set.criteria.first().name_nl in text  # the old version's criteria
        response = client.get(reverse("backoffice:criteria-set-detail", kwargs={"key": "nope"}))
        assert response.status_code == 404

    def test_edit_makes_a_new_version(self, client, world, criteria_set):
        client.force_login(world.coordinator)
        url = reverse("backoffice:criteria-set-edit", kwargs={"key": criteria_set.key})
        response = client.get(url)
        formset = response.context["formset"]
        criteria = list(criteria_set.criteria.all())
        assert len(formset.forms) == len(criteria) + 3
        assert formset.forms[0].initial["name_nl"] == criteria[0].name_nl
        data = {
            "based_on": str(criteria_set.pk),
            "name_nl": "Herzien",
            "name_en": "Revised",
            "description_nl": "",
            "description_en": "",
            "criteria-TOTAL_FORMS": str(len(criteria) + 1),
            "criteria-INITIAL_FORMS": str(len(criteria)),
        }
        for index, criterion in enumerate(criteria):
            data[f"criteria-{index}-name_nl"] = criterion.name_nl
            data[f"criteria-{index}-name_en"] = criterion.name_en
            data[f"criteria-{index}-ORDER"] = str(index + 1)
        data["criteria-0-name_nl"] = "Eerste, herschreven"
        data["criteria-1-DELETE"] = "on"
        data[f"criteria-{len(criteria)}-name_nl"] = "Helemaal vooraan"
        data[f"criteria-{len(criteria)}-ORDER"] = "0"
        response = client.post(url, data)
        assert response.status_code == 302
        revised = CriteriaSet.objects.current().get(key=criteria_set.key)
        assert response.url == reverse(
            "backoffice:criteria-set-detail", kwargs={"key": criteria_set.key}
        )
        assert revised.version == 2
        assert (revised.name_nl, revised.name_en) == ("Herzien", "Revised")
        names = list(revised.criteria.values_list("name_nl", flat=True))
        assert names[:2] == ["Helemaal vooraan", "Eerste, herschreven"]
        assert criteria[1].name_nl not in names
        assert len(names) == len(criteria)
        assert "You saved version 2 of" in messages_of(response)[0]
        # The form was filled from version 1, which is no longer current: refused.
        response = client.post(url, data)
        assert response.status_code == 200
        assert "Someone else changed this criteria set meanwhile." in response.content.decode()
        assert CriteriaSet.objects.filter(key=criteria_set.key).count() == 2

    def test_create(self, client, world):
        client.force_login(world.coordinator)
        url = reverse("backoffice:criteria-set-create")
        response = client.get(url)
        assert len(response.context["formset"].forms) == 3
        data = {
            "name_nl": "Gendergevoeligheid",
            "criteria-TOTAL_FORMS": "3",
            "criteria-INITIAL_FORMS": "0",
            "criteria-0-name_nl": "Spreekt meisjes aan",
            "criteria-2-name_nl": "Rolmodellen",
        }
        response = client.post(url, data)
        assert response.status_code == 302
        created = CriteriaSet.objects.get(key="gendergevoeligheid")
        assert list(created.criteria.values_list("name_nl", flat=True)) == [
            "Spreekt meisjes aan",
            "Rolmodellen",
        ]

    def test_errors(self, client, world):
        client.force_login(world.coordinator)
        url = reverse("backoffice:criteria-set-create")
        response = client.post(
            url, {"name_nl": "", "criteria-TOTAL_FORMS": "3", "criteria-INITIAL_FORMS": "0"}
        )
        assert response.status_code == 200
        content = response.content.decode()
        assert "<title>Error:" in content
        assert "Give the set a Dutch name." in content
        assert "Add at least one criterion." in content
        response = client.post(
            url,
            {
                "name_nl": "Set",
                "criteria-TOTAL_FORMS": "1",
                "criteria-INITIAL_FORMS": "0",
                "criteria-0-name_en": "Only English",
            },
        )
        content = response.content.decode()
        assert "Give the criterion a Dutch name, or mark it to delete." in content
        assert 'href="#id_criteria-0-name_nl"' in content
        assert "Only English" in content
        assert not CriteriaSet.objects.filter(name_nl="Set").exists()

    def test_more_empty_blocks(self, client, world):
        client.force_login(world.coordinator)
        response = client.post(
            reverse("backoffice:criteria-set-create"),
            {
                "name_nl": "Bijna klaar",
                "criteria-TOTAL_FORMS": "3",
                "criteria-INITIAL_FORMS": "0",
                "criteria-0-name_nl": "Een",
                "more": "1",
            },
        )
        assert response.status_code == 200
        assert len(response.context["formset"].forms) == 8
        assert "Bijna klaar" in response.content.decode()
        assert not CriteriaSet.objects.filter(name_nl="Bijna klaar").exists()
