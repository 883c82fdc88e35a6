"""Back office of the review workflow: the queue, the review page, the criteria sets.

One set of views serves every content type registered in ``reviews.registry``; the type is
the ``type_key`` in the URL and the item's look comes from its app's ``_review_preview.html``.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, TemplateView, View

from stemcharter.audit.models import AuditEntry
from stemcharter.common.mixins import BackofficeAccessMixin, LenientPaginationMixin
from stemcharter.common.numbers import parse_id

from .. import selectors, services
from ..forms import (
    STATUS_MINE,
    VIEW_DECIDED,
    CriteriaSetForm,
    CriterionFormSet,
    ReviewDecisionForm,
    ReviewQueueFilterForm,
    ReviewWithdrawForm,
    criterion_initial,
)
from ..models import Assessment, CriteriaSet, Review, ReviewStatus
from ..registry import reviewable_type_for_key

# Where each error code of ``review_decide`` belongs on the decision form (None: at the top).
DECISION_ERROR_FIELDS = {
    "decision": "decision",
    "reason_required": "comment",
    "changes_unexplained": "comment",
    "set": "criteria_set",
}


class ReviewQueueView(BackofficeAccessMixin, LenientPaginationMixin, ListView):
    """What waits for this user's review; with ``?view=decided`` the latest decisions."""

    template_name = "reviews/backoffice/review_queue.html"
    context_object_name = "items"
    paginate_by = 25

    @property
    def decided(self) -> bool:
        return self.request.GET.get("view") == VIEW_DECIDED

    def get_queryset(self):
        user = self.request.user
        self.filters = ReviewQueueFilterForm(self.request.GET, decided=self.decided)
        active = self.filters.filters()
        if self.decided:
            reviews = selectors.review_decided(user=user, type_key=active["type_key"])
            if active["status"]:
                reviews = reviews.filter(decision=active["status"])
            return reviews
        status = active["status"]
        self.sort = self.request.GET.get("sort", "submitted")
        if self.sort.removeprefix("-") not in selectors.QUEUE_SORTS:
            self.sort = "submitted"
        items = selectors.review_queue(
            user=user,
            type_key=active["type_key"],
            status=ReviewStatus.UNDER_REVIEW if status == STATUS_MINE else status,
            sort=self.sort,
        )
        if status == STATUS_MINE:
            items = [item for item in items if item.reviewer_id == user.pk]
        return items

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.decided:
            context["reviews"] = selectors.reviews_with_subjects(context["items"])
        active = self.filters.filters()
        chips = []
        if active["type_key"]:
            chips.append(("type", dict(self.filters.fields["type"].choices)[active["type_key"]]))
        if active["status"]:
            chips.append(("status", dict(self.filters.fields["status"].choices)[active["status"]]))
        context.update(
            sort=getattr(self, "sort", ""),
            decided=self.decided,
            filters=self.filters,
            active=active,
            chips=chips,
            notices=self.filters.notices,
        )
        return context


class _ReviewItemMixin(BackofficeAccessMixin):
    """The item named by ``type_key`` and ``pk``, for a user allowed to review it.

    Unknown types and rows, and drafts (never sent, so the organisation's own business), are a
    404; an item the user may not review is a 403, like the rest of the back office.
    """

    permission_required = ("accounts.use_backoffice", "reviews.review_item")

    @cached_property
    def reviewable_type(self):
        reviewable_type = reviewable_type_for_key(self.kwargs["type_key"])
        if reviewable_type is None:
            raise Http404
        return reviewable_type

    @cached_property
    def item(self):
        queryset = self.reviewable_type.model.objects.select_related(
            "organisation", "reviewer", "submitted_by", "revision_of"
        ).exclude(status=ReviewStatus.DRAFT)
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    def get_permission_object(self):
        return self.item

    def detail_url(self, item=None) -> str:
        item = item or self.item
        return reverse(
            "backoffice:review-detail",
            kwargs={"type_key": self.reviewable_type.key, "pk": item.pk},
        )


class ReviewDetailView(_ReviewItemMixin, TemplateView):
    template_name = "reviews/backoffice/review_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item, user = self.item, self.request.user
        live = item.live_item
        pending = None
        if not item.is_revision:
            pending = (
                type(item)
                .objects.filter(revision_of=item)
                .exclude(status=ReviewStatus.DRAFT)
                .first()
            )
        is_coordinator = user.has_perm("accounts.coordinate")
        under_review = item.status == ReviewStatus.UNDER_REVIEW
        context.update(
            item=item,
            live=live,
            reviewable_type=self.reviewable_type,
            type_label=self.reviewable_type.model._meta.verbose_name,
            preview_template=self.reviewable_type.preview_template_name,
            preview=(
                self.reviewable_type.review_context(item)
                if self.reviewable_type.review_context
                else {}
            ),
            history=selectors.review_history(item=item),
            changes=selectors.revision_changes(item=item),
            pending_revision=pending,
            pending_revision_url=self.detail_url(pending) if pending else "",
            live_url=self.detail_url(live) if item.is_revision else "",
            public_url=(
                live.get_absolute_url()
                if live.status == ReviewStatus.PUBLISHED and hasattr(live, "get_absolute_url")
                else ""
            ),
            can_start=item.status == ReviewStatus.SUBMITTED,
            can_decide=under_review and item.reviewer_id == user.pk,
            can_take_over=under_review and item.reviewer_id != user.pk and is_coordinator,
            can_withdraw=item.status == ReviewStatus.PUBLISHED and not item.is_revision,
            audit_entries=(
                AuditEntry.objects.for_object(live).select_related("actor", "target_type")
                if is_coordinator
                else None
            ),
        )
        if context["can_decide"]:
            context.setdefault("form", self.decision_form())
            fitting, others = selectors.criteria_sets_by_fit(
                item=item, criteria_sets=context["form"].fields["criteria_set"].queryset
            )
            context.update(criteria_sets_fitting=fitting, criteria_sets_other=others)
        return context

    def decision_form(self, *, data=None, criteria_set=None, initial=None) -> ReviewDecisionForm:
        criteria_sets = selectors.criteria_sets_current()
        if criteria_set is None:
            wanted = parse_id(self.request.GET.get("set"))
            criteria_set = (
                criteria_sets.filter(pk=wanted).first() if wanted is not None else None
            ) or selectors.criteria_set_suggested(item=self.item, criteria_sets=criteria_sets)
        if criteria_set is None:
            raise Http404("No criteria set")  # the seed migration makes two
        return ReviewDecisionForm(
            data, criteria_set=criteria_set, criteria_sets=criteria_sets, initial=initial
        )


class ReviewStartView(_ReviewItemMixin, View):
    http_method_names = ["post", "options"]

    def post(self, request, *args, **kwargs):
        take_over = "take_over" in request.POST
        if take_over and not request.user.has_perm("accounts.coordinate"):
            raise Http404
        try:
            services.review_start(item=self.item, by=request.user, take_over=take_over)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(self.detail_url())
        if take_over:
            messages.success(request, _("You took over this review. You can now decide."))
        else:
            messages.success(
                request,
                _(
                    "You started the review. Others now see that you are reviewing it, and we "
                    "told the organisation."
                ),
            )
        return HttpResponseRedirect(self.detail_url() + "#decision")


class ReviewDecideView(ReviewDetailView):
    """POST the decision. Errors show on the review page again, with everything kept."""

    http_method_names = ["post", "options"]

    def post(self, request, *args, **kwargs):
        criteria_sets = selectors.criteria_sets_current()
        wanted = parse_id(request.POST.get("criteria_set"))
        chosen = criteria_sets.filter(pk=wanted).first() if wanted is not None else None
        shortcut = "rest_met" in request.POST
        if ("switch_set" in request.POST or shortcut) and chosen is not None:
            # "Show these criteria": the chosen set's criteria, keeping everything typed (the
            # verdicts too, if it is the same set: Enter on a radio button may press this).
            kept = {
                name: value
                for name, value in request.POST.items()
                if name in ("decision", "comment") or name.startswith(("result_", "comment_"))
            }
            if shortcut:
                # "Mark the rest as met": every criterion stays on the page to check; the
                # verdicts given stay as they are.
                for criterion in chosen.criteria.all():
                    kept.setdefault(f"result_{criterion.pk}", Assessment.Result.MET)
                messages.info(
                    request,
                    _(
                        "We marked the criteria without a verdict as met. Check every "
                        "criterion below before you save."
                    ),
                )
            form = self.decision_form(
                criteria_set=chosen, initial={**kept, "criteria_set": chosen.pk}
            )
            return self.render_to_response(self.get_context_data(form=form))
        form = self.decision_form(data=request.POST, criteria_set=chosen)
        if form.is_valid():
            title = str(self.item)
            try:
                services.review_decide(
                    item=self.item,
                    by=request.user,
                    decision=form.cleaned_data["decision"],
                    criteria_set=form.chosen_set,
                    assessments=[
                        services.AssessmentData(criterion_id, result, comment)
                        for criterion_id, result, comment in form.assessments()
                    ],
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as error:
                if getattr(error, "code", None) == "gone":
                    messages.error(request, " ".join(error.messages))
                    return HttpResponseRedirect(reverse("backoffice:review-queue"))
                self._add_errors(form, error)
            else:
                messages.success(request, self._done_message(form.cleaned_data["decision"], title))
                return HttpResponseRedirect(reverse("backoffice:review-queue"))
        return self.render_to_response(self.get_context_data(form=form))

    def _add_errors(self, form: ReviewDecisionForm, error: ValidationError) -> None:
        for part in error.error_list:
            field = DECISION_ERROR_FIELDS.get(part.code)
            if part.code == "incomplete" and form.unanswered_fields():
                # Beside each criterion without a verdict (and so, linked, in the summary).
                for name, criterion in form.unanswered_fields():
                    form.add_error(
                        name,
                        _("Choose met, not met or not applicable for “%(criterion)s”.")
                        % {"criterion": criterion.name},
                    )
            else:
                form.add_error(field, part)

    @staticmethod
    def _done_message(decision: str, title: str) -> str:
        if decision == Review.Decision.PUBLISH:
            text = _("You published “%(title)s”. We emailed the organisation.")
        elif decision == Review.Decision.REQUEST_CHANGES:
            text = _(
                "You asked for changes to “%(title)s”. We emailed the organisation what to change."
            )
        else:
            text = _("You rejected “%(title)s”. We emailed the reason to the organisation.")
        return text % {"title": title}


class ReviewWithdrawView(_ReviewItemMixin, FormView):
    """Take a published item offline, after a confirmation page that asks for the reason."""

    template_name = "reviews/backoffice/review_withdraw.html"
    form_class = ReviewWithdrawForm

    def get(self, request, *args, **kwargs):
        if self.item.status != ReviewStatus.PUBLISHED or self.item.is_revision:
            messages.error(request, _("Only a published item can be taken offline."))
            return HttpResponseRedirect(self.detail_url())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            item=self.item,
            type_label=self.reviewable_type.model._meta.verbose_name,
            detail_url=self.detail_url(),
        )
        return context

    def form_valid(self, form):
        try:
            services.review_withdraw(
                item=self.item, by=self.request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
            return HttpResponseRedirect(self.detail_url())
        messages.success(
            self.request,
            _("“%(title)s” is offline now. We emailed the organisation your reason.")
            % {"title": str(self.item)},
        )
        return HttpResponseRedirect(self.detail_url())


class _CriteriaSetMixin(BackofficeAccessMixin):
    permission_required = "reviews.change_criteriaset"


class CriteriaSetListView(_CriteriaSetMixin, ListView):
    template_name = "reviews/backoffice/criteria_set_list.html"
    context_object_name = "criteria_sets"

    def get_queryset(self):
        return selectors.criteria_set_list()


class CriteriaSetDetailView(_CriteriaSetMixin, TemplateView):
    template_name = "reviews/backoffice/criteria_set_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        versions = selectors.criteria_set_versions(key=self.kwargs["key"])
        current = next((version for version in versions if version.is_current), None)
        if current is None:
            raise Http404
        context.update(
            current=current,
            older=[version for version in versions if not version.is_current],
        )
        return context


class CriteriaSetEditView(_CriteriaSetMixin, TemplateView):
    """A new version of a set (``key`` in the URL) or a new set (no key).

    The form starts from the current version; the hidden ``based_on`` is that version, so an
    edit made meanwhile by someone else is noticed instead of overwritten.
    """

    template_name = "reviews/backoffice/criteria_set_form.html"

    @cached_property
    def current(self) -> CriteriaSet | None:
        key = self.kwargs.get("key")
        if key is None:
            return None
        return get_object_or_404(
            CriteriaSet.objects.current().prefetch_related("criteria"), key=key
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "form" not in context:
            context["form"] = CriteriaSetForm(initial=CriteriaSetForm.initial_from(self.current))
            context["formset"] = CriterionFormSet(
                initial=criterion_initial(self.current), prefix="criteria"
            )
        context["current"] = self.current
        return context

    def post(self, request, *args, **kwargs):
        data = request.POST
        if "more" in data:
            # "More empty blocks", without JavaScript: the same form with more extra rows.
            data = data.copy()
            total = parse_id(data.get("criteria-TOTAL_FORMS")) or 0
            data["criteria-TOTAL_FORMS"] = str(min(total, 90) + 5)
        form = CriteriaSetForm(data)
        formset = CriterionFormSet(data, initial=criterion_initial(self.current), prefix="criteria")
        if "more" in data:
            return self.render_to_response(self.get_context_data(form=form, formset=formset))
        form_ok, formset_ok = form.is_valid(), formset.is_valid()
        if form_ok and formset_ok:
            criteria = [
                services.CriterionData(
                    name_nl=row.cleaned_data["name_nl"],
                    name_en=row.cleaned_data["name_en"],
                    description_nl=row.cleaned_data["description_nl"],
                    description_en=row.cleaned_data["description_en"],
                    public_nl=row.cleaned_data["public_nl"],
                    public_en=row.cleaned_data["public_en"],
                )
                for row in formset.criteria_forms()
            ]
            fields = form.cleaned_data
            try:
                if self.current is None:
                    criteria_set = services.criteria_set_create(
                        by=request.user, criteria=criteria, **fields
                    )
                else:
                    # The version the form was filled from; the service refuses a stale one,
                    # and a form that does not say which version it started from is stale too.
                    posted = parse_id(request.POST.get("based_on"))
                    based_on = (
                        CriteriaSet.objects.filter(key=self.current.key, pk=posted).first()
                        if posted is not None
                        else None
                    )
                    if based_on is None:
                        raise ValidationError(
                            _(
                                "We could not tell which version you changed. Open the "
                                "current version again and make your changes there."
                            ),
                            code="stale",
                        )
                    criteria_set = services.criteria_set_revise(
                        criteria_set=based_on, by=request.user, criteria=criteria, **fields
                    )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if self.current is None:
                    text = _("You made the criteria set “%(name)s”. Reviewers can use it now.")
                else:
                    text = _(
                        "You saved version %(version)s of “%(name)s”. Reviews from now on use it; "
                        "earlier reviews keep the version they used."
                    )
                messages.success(
                    request, text % {"name": criteria_set.name, "version": criteria_set.version}
                )
                return HttpResponseRedirect(
                    reverse("backoffice:criteria-set-detail", kwargs={"key": criteria_set.key})
                )
        if not formset_ok:
            for error in formset.non_form_errors():
                form.add_error(None, error)
            if any(formset.errors):
                form.add_error(None, _("Check the criteria marked below."))
        return self.render_to_response(self.get_context_data(form=form, formset=formset))
