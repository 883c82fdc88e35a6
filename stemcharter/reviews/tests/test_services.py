"""The review workflow's services, called directly: every transition, every refusal."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from stemcharter.actions.models import Action
from stemcharter.actions.tests.factories import ActionFactory, PublishedActionFactory
from stemcharter.audit.models import AuditEntry
from stemcharter.images.models import Image
from stemcharter.organisations.tests.factories import OrganisationFactory
from stemcharter.regions.tests.factories import SubregionFactory
from stemcharter.reviews.models import Assessment, CriteriaSet, Criterion, Review, ReviewStatus
from stemcharter.reviews.selectors import review_history
from stemcharter.reviews.services import (
    AssessmentData,
    CriterionData,
    criteria_set_create,
    criteria_set_revise,
    review_decide,
    review_item_delete,
    review_retract,
    review_start,
    review_submit,
    review_withdraw,
    revision_start,
)
from stemcharter.vocabulary.models import Audience, Discipline

from .conftest import add_image, verdicts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def messages_of(excinfo) -> list[str]:
    return excinfo.value.messages


def under_review(item, by):
    review_submit(item=item, by=by)
    return review_start(item=item, by=by)


@pytest.fixture
def reviewer(world):
    return world.contact_point


class TestTransitions:
    def test_submit_a_draft(self, world):
        action = review_submit(item=world.action, by=world.owner_member)
        assert action.status == ReviewStatus.SUBMITTED
        assert action.submitted_by == world.owner_member
        assert action.submitted_at is not None
        assert action.reviewer is None

    @pytest.mark.parametrize(
        "status", [ReviewStatus.DRAFT, ReviewStatus.CHANGES_REQUESTED, ReviewStatus.WITHDRAWN]
    )
    def test_submit_from_every_editable_status(self, status):
        action = ActionFactory(status=status)
        assert review_submit(item=action, by=None).status == ReviewStatus.SUBMITTED

    @pytest.mark.parametrize(
        "status",
        [
            ReviewStatus.SUBMITTED,
            ReviewStatus.UNDER_REVIEW,
            ReviewStatus.PUBLISHED,
            ReviewStatus.REJECTED,
        ],
    )
    def test_submit_is_refused_when_not_editable(self, status):
        action = ActionFactory(status=status)
        with pytest.raises(ValidationError) as excinfo:
            review_submit(item=action, by=None)
        assert messages_of(excinfo) == ["This has already been sent for review."]
        action.refresh_from_db()
        assert action.status == status

    def test_retract_before_a_reviewer_starts(self, world):
        review_submit(item=world.action, by=world.owner_member)
        action = review_retract(item=world.action, by=world.owner_member)
        assert action.status == ReviewStatus.DRAFT

    @pytest.mark.parametrize(
        "status", [ReviewStatus.DRAFT, ReviewStatus.UNDER_REVIEW, ReviewStatus.PUBLISHED]
    )
    def test_retract_is_refused_unless_submitted(self, status):
        action = ActionFactory(status=status)
        with pytest.raises(ValidationError) as excinfo:
            review_retract(item=action, by=None)
        assert messages_of(excinfo) == [
            "A reviewer has already started on this, so it can no longer be taken back."
        ]

    def test_start_takes_it_under_review_and_again_is_harmless(self, world, reviewer):
        review_submit(item=world.action, by=world.owner_member)
        action = review_start(item=world.action, by=reviewer)
        assert (action.status, action.reviewer) == (ReviewStatus.UNDER_REVIEW, reviewer)
        assert review_start(item=world.action, by=reviewer).reviewer == reviewer
        assert AuditEntry.objects.filter(code="reviews.item.review_started").count() == 1

    def test_start_is_refused_when_someone_else_reviews(self, world, reviewer):
        under_review(world.action, reviewer)
        with pytest.raises(ValidationError) as excinfo:
            review_start(item=world.action, by=world.coordinator)
        assert messages_of(excinfo) == ["Someone else is already reviewing this."]

    @pytest.mark.parametrize(
        "status", [ReviewStatus.DRAFT, ReviewStatus.PUBLISHED, ReviewStatus.CHANGES_REQUESTED]
    )
    def test_start_is_refused_unless_submitted(self, status, world):
        action = ActionFactory(status=status)
        with pytest.raises(ValidationError) as excinfo:
            review_start(item=action, by=world.coordinator)
        assert messages_of(excinfo) == ["This is not waiting for a review."]

    def test_a_coordinator_takes_over_and_then_only_they_decide(
        self, world, reviewer, criteria_set
    ):
        under_review(world.action, reviewer)
        action = review_start(item=world.action, by=world.coordinator, take_over=True)
        assert action.reviewer == world.coordinator
        entry = AuditEntry.objects.get(code="reviews.item.review_taken_over")
        assert entry.data["user"] == str(reviewer)
        with pytest.raises(ValidationError) as excinfo:
            review_decide(
                item=action,
                by=reviewer,
                decision="publish",
                criteria_set=criteria_set,
                assessments=verdicts(criteria_set),
            )
        assert excinfo.value.code == "other_reviewer"
        review_decide(
            item=action,
            by=world.coordinator,
            decision="publish",
            criteria_set=criteria_set,
            assessments=verdicts(criteria_set),
        )
        action.refresh_from_db()
        assert action.status == ReviewStatus.PUBLISHED

    def test_publish(self, world, reviewer, criteria_set):
        under_review(world.action, reviewer)
        review = review_decide(
            item=world.action,
            by=reviewer,
            decision="publish",
            criteria_set=criteria_set,
            assessments=verdicts(criteria_set),
            comment="  Mooi.  ",
        )
        world.action.refresh_from_db()
        assert world.action.status == ReviewStatus.PUBLISHED
        assert world.action.published_at is not None
        assert world.action.first_published_at == world.action.published_at
        assert review.comment == "Mooi."
        assert review.criteria_set == criteria_set
        assert review.subject_id == world.action.pk
        assert review.assessments.count() == criteria_set.criteria.count()

    def test_request_changes_with_a_criterion_not_met(self, world, reviewer, criteria_set):
        under_review(world.story, reviewer)
        answers = verdicts(criteria_set)
        answers[0] = AssessmentData(answers[0].criterion_id, "not_met", "Meer uitleg graag.")
        review_decide(
            item=world.story,
            by=reviewer,
            decision="request_changes",
            criteria_set=criteria_set,
            assessments=answers,
        )
        world.story.refresh_from_db()
        assert world.story.status == ReviewStatus.CHANGES_REQUESTED
        assessment = Assessment.objects.get(result="not_met")
        assert assessment.comment == "Meer uitleg graag."
        # The author can change it and send it again.
        assert review_submit(item=world.story, by=None).status == ReviewStatus.SUBMITTED

    def test_reject_with_a_reason_and_without_verdicts(self, world, reviewer, criteria_set):
        under_review(world.action, reviewer)
        review = review_decide(
            item=world.action,
            by=reviewer,
            decision="reject",
            criteria_set=None,
            assessments=[],
            comment="Dit is reclame, geen STEM-actie.",
        )
        world.action.refresh_from_db()
        assert world.action.status == ReviewStatus.REJECTED
        assert review.criteria_set is None

    @pytest.mark.parametrize(
        "status", [ReviewStatus.SUBMITTED, ReviewStatus.DRAFT, ReviewStatus.PUBLISHED]
    )
    def test_decide_is_refused_unless_under_review(self, status, world, criteria_set):
        action = ActionFactory(status=status)
        with pytest.raises(ValidationError) as excinfo:
            review_decide(
                item=action,
                by=world.coordinator,
                decision="publish",
                criteria_set=criteria_set,
                assessments=verdicts(criteria_set),
            )
        assert messages_of(excinfo) == [
            "Start the review first; it may also have been decided already."
        ]
        assert not Review.objects.exists()

    def test_withdraw_a_published_item(self, world):
        action = PublishedActionFactory(organisation=world.organisation)
        action = review_withdraw(item=action, by=world.coordinator, reason=" Verouderd. ")
        assert action.status == ReviewStatus.WITHDRAWN
        entry = AuditEntry.objects.get(code="reviews.item.withdrawn")
        assert entry.data["reason"] == "Verouderd."
        assert review_submit(item=action, by=None).status == ReviewStatus.SUBMITTED

    @pytest.mark.parametrize(
        "status", [ReviewStatus.DRAFT, ReviewStatus.SUBMITTED, ReviewStatus.WITHDRAWN]
    )
    def test_withdraw_is_refused_unless_published(self, status, world):
        action = ActionFactory(status=status)
        with pytest.raises(ValidationError) as excinfo:
            review_withdraw(item=action, by=world.coordinator, reason="x")
        assert messages_of(excinfo) == ["Only a published item can be taken offline."]

    def test_withdraw_is_refused_for_a_working_copy(self, world):
        copy = revision_start(item=PublishedActionFactory(), by=world.owner_member)
        # A working copy never is "published" itself; if one were, it still stays online.
        Action.objects.filter(pk=copy.pk).update(status=ReviewStatus.PUBLISHED)
        with pytest.raises(ValidationError) as excinfo:
            review_withdraw(item=copy, by=world.coordinator, reason="x")
        assert messages_of(excinfo) == ["Only a published item can be taken offline."]
        copy.refresh_from_db()
        assert copy.status == ReviewStatus.PUBLISHED

    @pytest.mark.parametrize(
        "status", [ReviewStatus.DRAFT, ReviewStatus.REJECTED, ReviewStatus.WITHDRAWN]
    )
    def test_delete(self, status, world):
        action = ActionFactory(status=status)
        review_item_delete(item=action, by=world.owner_member)
        assert not Action.objects.filter(pk=action.pk).exists()
        assert AuditEntry.objects.get(code="reviews.item.deleted").data["title"] == action.title

    @pytest.mark.parametrize(
        ("status", "message"),
        [
            (
                ReviewStatus.SUBMITTED,
                "This is being reviewed. Take it back first, if a reviewer has not started yet.",
            ),
            (
                ReviewStatus.UNDER_REVIEW,
                "This is being reviewed. Take it back first, if a reviewer has not started yet.",
            ),
            (ReviewStatus.PUBLISHED, "A published item cannot be deleted. Take it offline first."),
        ],
    )
    def test_delete_is_refused(self, status, message, world):
        action = ActionFactory(status=status)
        with pytest.raises(ValidationError) as excinfo:
            review_item_delete(item=action, by=world.owner_member)
        assert messages_of(excinfo) == [message]
        assert Action.objects.filter(pk=action.pk).exists()


class TestRevisions:
    def test_revision_start_refused_unless_published(self, world):
        with pytest.raises(ValidationError) as excinfo:
            revision_start(item=world.action, by=world.owner_member)
        assert messages_of(excinfo) == ["Only a published item is changed through a new version."]

    def test_discarding_a_working_copy_keeps_the_live_item(self, world):
        live = PublishedActionFactory()
        copy = revision_start(item=live, by=world.owner_member)
        review_item_delete(item=copy, by=world.owner_member)
        assert Action.objects.filter(pk=live.pk, status=ReviewStatus.PUBLISHED).exists()
        assert AuditEntry.objects.filter(code="reviews.item.revision_discarded").exists()

    def test_publishing_a_revision_merges_fields_many_to_many_and_images(
        self, world, reviewer, criteria_set
    ):
        live = PublishedActionFactory(
            organisation=world.organisation, title="Oude titel", subregions=[world.subregion]
        )
        old_partner = OrganisationFactory(name="Oude partner")
        live.partners.add(old_partner)
        live.disciplines.set(Discipline.objects.all()[:1])
        old_image = add_image(live, alt_text="Oude foto")
        published_at = live.published_at

        copy = revision_start(item=live, by=world.owner_member)
        assert copy.images.get().alt_text == "Oude foto"
        new_partner = OrganisationFactory(name="Nieuwe partner")
        new_subregion = SubregionFactory()
        copy.title = "Nieuwe titel"
        copy.places = 12
        copy.save()
        copy.partners.set([new_partner])
        copy.subregions.add(new_subregion)
        copy.audiences.set(Audience.objects.order_by("-pk")[:2])
        copy.disciplines.clear()
        copy.images.all().delete()
        add_image(copy, alt_text="Nieuwe foto", minors=True, by=world.owner_member)

        under_review(copy, reviewer)
        live.refresh_from_db()
        assert live.title == "Oude titel"  # the live item stays as it was meanwhile
        assert live.status == ReviewStatus.PUBLISHED
        review = review_decide(
            item=copy,
            by=reviewer,
            decision="publish",
            criteria_set=criteria_set,
            assessments=verdicts(criteria_set),
        )

        live.refresh_from_db()
        assert live.title == "Nieuwe titel"
        assert live.places == 12
        assert list(live.partners.all()) == [new_partner]
        assert set(live.subregions.all()) == {world.subregion, new_subregion}
        assert set(live.audiences.all()) == set(Audience.objects.order_by("-pk")[:2])
        assert not live.disciplines.exists()
        assert [image.alt_text for image in live.images.all()] == ["Nieuwe foto"]
        assert not Image.objects.filter(pk=old_image.pk).exists()
        assert live.first_published_at == published_at
        assert live.published_at > published_at
        assert live.reviewer == reviewer
        assert not Action.objects.filter(revision_of=live).exists()
        assert review.subject_id == live.pk
        assert list(review_history(item=live)) == [review]

    def test_changes_requested_on_a_revision_keep_the_live_item_online(
        self, world, reviewer, criteria_set
    ):
        live = PublishedActionFactory(organisation=world.organisation, subregions=[world.subregion])
        copy = revision_start(item=live, by=world.owner_member)
        under_review(copy, reviewer)
        review_decide(
            item=copy,
            by=reviewer,
            decision="request_changes",
            criteria_set=criteria_set,
            assessments=verdicts(criteria_set),
            comment="Vul de datum aan.",
        )
        live.refresh_from_db()
        copy.refresh_from_db()
        assert live.status == ReviewStatus.PUBLISHED
        assert copy.status == ReviewStatus.CHANGES_REQUESTED
        assert review_history(item=copy).get().subject_id == live.pk

    def test_a_working_copy_merged_meanwhile_is_reported_not_crashed(
        self, world, reviewer, criteria_set
    ):
        live = PublishedActionFactory(organisation=world.organisation, subregions=[world.subregion])
        copy = under_review(revision_start(item=live, by=world.owner_member), reviewer)
        data = {
            "by": reviewer,
            "decision": "publish",
            "criteria_set": criteria_set,
            "assessments": verdicts(criteria_set),
        }
        review_decide(item=copy, **data)
        with pytest.raises(ValidationError) as excinfo:
            review_decide(item=copy, **data)  # a second tab, with the old copy
        assert excinfo.value.code == "gone"
        assert Review.objects.count() == 1


class TestDecisionValidation:
    @pytest.fixture
    def action(self, world, reviewer):
        return under_review(world.action, reviewer)

    def decide(self, action, reviewer, **kwargs):
        with pytest.raises(ValidationError) as excinfo:
            review_decide(item=action, by=reviewer, **kwargs)
        action.refresh_from_db()
        assert action.status == ReviewStatus.UNDER_REVIEW
        assert not Review.objects.exists()
        return excinfo.value

    def test_missing_verdicts(self, action, reviewer, criteria_set):
        error = self.decide(
            action,
            reviewer,
            decision="publish",
            criteria_set=criteria_set,
            assessments=verdicts(criteria_set)[:-1],
        )
        assert [e.code for e in error.error_list] == ["incomplete"]
        assert error.messages == ["Give a verdict on every criterion."]

    def test_criteria_of_another_set(self, action, reviewer, criteria_set):
        other = CriteriaSet.objects.current().exclude(pk=criteria_set.pk).first()
        error = self.decide(
            action,
            reviewer,
            decision="publish",
            criteria_set=criteria_set,
            assessments=verdicts(criteria_set)[:-1] + verdicts(other)[:1],
        )
        assert error.messages == ["The criteria do not belong to this set."]

    def test_reject_without_reason(self, action, reviewer, criteria_set):
        error = self.decide(
            action, reviewer, decision="reject", criteria_set=None, assessments=[], comment="  "
        )
        assert error.messages == ["Give the reason for the rejection."]

    def test_changes_without_explanation(self, action, reviewer, criteria_set):
        answers = verdicts(criteria_set)
        answers[0] = AssessmentData(answers[0].criterion_id, "not_met")  # no comment
        error = self.decide(
            action,
            reviewer,
            decision="request_changes",
            criteria_set=criteria_set,
            assessments=answers,
        )
        assert [e.code for e in error.error_list] == ["changes_unexplained"]

    def test_unknown_decision(self, action, reviewer, criteria_set):
        error = self.decide(
            action,
            reviewer,
            decision="maybe",
            criteria_set=criteria_set,
            assessments=verdicts(criteria_set),
        )
        assert error.messages == ["Choose a decision."]

    def test_publish_needs_a_criteria_set(self, action, reviewer):
        error = self.decide(action, reviewer, decision="publish", criteria_set=None, assessments=[])
        assert error.messages == ["Choose the criteria you reviewed against."]

    def test_unknown_verdict(self, action, reviewer, criteria_set):
        answers = verdicts(criteria_set)
        answers[0] = AssessmentData(answers[0].criterion_id, "perfect")
        error = self.decide(
            action, reviewer, decision="publish", criteria_set=criteria_set, assessments=answers
        )
        assert error.messages == ["Choose met, not met or not applicable."]

    def test_a_picture_of_minors_without_consent_cannot_exist(self, action, world):
        # Publishing it is impossible because the database refuses the row itself ...
        with pytest.raises(IntegrityError), transaction.atomic():
            Image.objects.filter(
                pk=add_image(action, minors=True, by=world.owner_member).pk
            ).update(consent_confirmed_at=None)
        image = add_image(action, minors=False)
        with pytest.raises(IntegrityError), transaction.atomic():
            Image.objects.filter(pk=image.pk).update(minors_recognisable=True)

    def test_publishing_is_refused_while_the_item_reports_a_problem(
        self, action, reviewer, criteria_set, monkeypatch
    ):
        # ... and whatever an item reports in ``review_problems`` blocks publication (the
        # hook of WithImages checks consent; the database rule above makes that state
        # unreachable, so the hook is replaced here to see the service honour it).
        monkeypatch.setattr(
            Action, "review_problems", lambda self: ["An image shows recognisable minors."]
        )
        error = self.decide(
            action,
            reviewer,
            decision="publish",
            criteria_set=criteria_set,
            assessments=verdicts(criteria_set),
        )
        assert error.messages == ["An image shows recognisable minors."]
        # Asking for changes is still possible: that is how the author hears of it.
        review_decide(
            item=action,
            by=reviewer,
            decision="request_changes",
            criteria_set=criteria_set,
            assessments=verdicts(criteria_set),
            comment="Haal de foto weg of vraag toestemming.",
        )


class TestAudit:
    def test_every_transition_is_recorded_on_the_live_item(self, world, reviewer, criteria_set):
        member = world.owner_member
        review_submit(item=world.action, by=member)
        review_retract(item=world.action, by=member)
        under_review(world.action, reviewer)
        review_decide(
            item=world.action,
            by=reviewer,
            decision="publish",
            criteria_set=criteria_set,
            assessments=verdicts(criteria_set),
        )
        copy = revision_start(item=world.action, by=member)
        under_review(copy, reviewer)
        review_decide(
            item=copy,
            by=reviewer,
            decision="reject",
            criteria_set=None,
            assessments=[],
            comment="Nee.",
        )
        review_withdraw(item=world.action, by=reviewer, reason="Te oud.")

        entries = AuditEntry.objects.for_object(world.action).order_by("pk")
        assert [(e.code, e.actor, e.data["revision"]) for e in entries] == [
            ("reviews.item.submitted", member, False),
            ("reviews.item.retracted", member, False),
            ("reviews.item.submitted", reviewer, False),
            ("reviews.item.review_started", reviewer, False),
            ("reviews.item.published", reviewer, False),
            ("reviews.item.revision_started", member, True),
            ("reviews.item.submitted", reviewer, True),
            ("reviews.item.review_started", reviewer, True),
            ("reviews.item.rejected", reviewer, True),
            # Taking it offline discards the new version waiting beside it.
            ("reviews.item.revision_discarded", reviewer, True),
            ("reviews.item.withdrawn", reviewer, False),
        ]
        assert {e.data["type"] for e in entries} == {"action"}
        published = entries.get(code="reviews.item.published")
        assert published.data["review"] == Review.objects.get(decision="publish").pk

    def test_story_entries_name_their_type(self, world):
        review_submit(item=world.story, by=world.owner_member)
        entry = AuditEntry.objects.get(code="reviews.item.submitted")
        assert entry.data["type"] == "story"
        assert entry.target_repr == "Robots in de klas"


class TestCriteriaSets:
    def test_revise_makes_a_new_version_and_old_reviews_keep_theirs(
        self, world, reviewer, criteria_set
    ):
        under_review(world.action, reviewer)
        review = review_decide(
            item=world.action,
            by=reviewer,
            decision="publish",
            criteria_set=criteria_set,
            assessments=verdicts(criteria_set),
        )
        old_criteria = list(criteria_set.criteria.values_list("pk", "name_nl"))
        revised = criteria_set_revise(
            criteria_set=criteria_set,
            by=world.coordinator,
            name_nl=criteria_set.name_nl + " (herzien)",
            name_en="Revised",
            description_nl="",
            description_en="",
            criteria=[
                CriterionData(name_nl=" Eerste ", name_en="First", description_nl="Uitleg"),
                CriterionData(name_nl="Tweede"),
            ],
        )
        criteria_set.refresh_from_db()
        assert not criteria_set.is_current
        assert (revised.key, revised.version, revised.is_current) == (
            criteria_set.key,
            criteria_set.version + 1,
            True,
        )
        assert list(revised.criteria.values_list("position", "name_nl", "name_en")) == [
            (1, "Eerste", "First"),
            (2, "Tweede", ""),
        ]
        assert list(criteria_set.criteria.values_list("pk", "name_nl")) == old_criteria
        review.refresh_from_db()
        assert review.criteria_set == criteria_set
        entry = AuditEntry.objects.get(code="reviews.criteria_set.revised")
        assert (entry.actor, entry.data) == (world.coordinator, {"number": revised.version})
        assert CriteriaSet.objects.current().filter(key=revised.key).get() == revised

    def test_revising_a_version_that_is_no_longer_current_is_refused(self, world, criteria_set):
        data = {"name_nl": "Set", "criteria": [CriterionData(name_nl="Een")]}
        criteria_set_revise(criteria_set=criteria_set, by=world.coordinator, **data)
        with pytest.raises(ValidationError) as excinfo:
            criteria_set_revise(criteria_set=criteria_set, by=world.coordinator, **data)
        assert excinfo.value.code == "stale"
        assert CriteriaSet.objects.filter(key=criteria_set.key).count() == 2

    @pytest.mark.parametrize(
        ("name_nl", "criteria", "message"),
        [
            (" ", [CriterionData(name_nl="Een")], "Give the set a Dutch name."),
            ("Set", [], "Add at least one criterion."),
            ("Set", [CriterionData(name_nl=" ")], "Give every criterion a Dutch name."),
        ],
    )
    def test_invalid_input_is_refused(self, world, criteria_set, name_nl, criteria, message):
        count = Criterion.objects.count()
        for service, extra in (
            (criteria_set_revise, {"criteria_set": criteria_set}),
            (criteria_set_create, {}),
        ):
            with pytest.raises(ValidationError) as excinfo:
                service(by=world.coordinator, name_nl=name_nl, criteria=criteria, **extra)
            assert excinfo.value.messages == [message]
        assert Criterion.objects.count() == count
        criteria_set.refresh_from_db()
        assert criteria_set.is_current

    def test_create_makes_version_one_with_a_unique_key(self, world):
        first = criteria_set_create(
            by=world.coordinator, name_nl="Eigen criteria", criteria=[CriterionData("Een")]
        )
        second = criteria_set_create(
            by=world.coordinator, name_nl="Eigen criteria", criteria=[CriterionData("Twee")]
        )
        reserved = criteria_set_create(
            by=world.coordinator, name_nl="Nieuw", criteria=[CriterionData("Drie")]
        )
        assert (first.key, first.version, first.is_current) == ("eigen-criteria", 1, True)
        assert second.key == "eigen-criteria-2"
        assert reserved.key == "nieuw-2"  # /beheer/criteria/nieuw/ is the page that makes one
        assert AuditEntry.objects.filter(code="reviews.criteria_set.created").count() == 3
