"""The portal side of the review workflow, the same for every content type (actions, stories,
later events): a list per organisation, writing an item in short steps, its images, the
check-your-answers page that sends it for review, and the item's page with what may happen
next (take back, start a new version, take offline, delete).

A content type takes part with an ``ItemPortal`` (``reviews.portal``): its steps, its create
and update services and its permissions. ``reviews.portal_urls.item_portal_urlpatterns`` mounts
the views below for it; nothing here knows about actions or stories. The steps follow the one
step abstraction of ``common.wizard``.

Access: ``PortalAccessMixin`` finds the organisation among the user's own. An item is then
looked up among the items that organisation may see (its own, and for example the joint
actions where it is a partner); changing needs the item among its own items, so someone
else's item is a 404, never a form.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, ListView, TemplateView, View

from stemcharter.common.concurrency import EditConflict, EditConflictMixin
from stemcharter.common.mixins import LenientPaginationMixin, PortalAccessMixin
from stemcharter.common.uploads import KeptImage, kept_image_store
from stemcharter.common.wizard import (
    LEAVE,
    Step,
    StepJumpMixin,
    go_refused,
    requested_go,
    step_context,
    summary_rows,
    tell_not_kept,
)
from stemcharter.images.forms import ImageAddForm, ImageEditForm
from stemcharter.images.models import DETAIL_MAX_SIDE, MAX_IMAGES_PER_ITEM, Image
from stemcharter.images.services import image_add, image_move, image_remove, image_update

from ..editing import reviewable_partner_leave
from ..forms import ItemWithdrawForm
from ..models import Reviewable, ReviewStatus
from ..portal import (
    CHECK_STEP,
    ItemPortal,
    add_service_errors,
    item_form_data,
    saved_step_form,
)
from ..selectors import review_history
from ..services import (
    review_item_deletable,
    review_item_delete,
    review_item_delete_refusal,
    review_retract,
    review_submit,
    review_withdraw,
    revision_start,
)

STATUS_NEXT = {
    ReviewStatus.DRAFT: gettext_lazy(
        "This is a draft: only the members of your organisation see it. Complete the steps "
        "and send it for review."
    ),
    ReviewStatus.SUBMITTED: gettext_lazy(
        "It waits for a reviewer: the contact point of its subregion or a coordinator. They "
        "usually decide within 5 working days and you get an email. Until a reviewer starts, "
        "you can take it back to change it."
    ),
    ReviewStatus.UNDER_REVIEW: gettext_lazy(
        "A reviewer is looking at it now. You get an email when they decide."
    ),
    ReviewStatus.CHANGES_REQUESTED: gettext_lazy(
        "The reviewer asks for changes: read the comments below, change what is needed and "
        "send it for review again."
    ),
    ReviewStatus.PUBLISHED: gettext_lazy(
        "It is online. To change it, start a new version: the published version stays online "
        "until a reviewer approves the new one."
    ),
    ReviewStatus.REJECTED: gettext_lazy(
        "The reviewer did not approve it; the reason is below. It cannot be published as it "
        "is. You can delete it."
    ),
    ReviewStatus.WITHDRAWN: gettext_lazy(
        "It is offline. Change it if needed and send it for review to put it online again, or "
        "delete it."
    ),
}


# What happens next for a type whose rejected items are changed and sent again
# (``EditingRules.editable_when_rejected``), and for an item taken offline that stays.
REJECTED_EDITABLE_NEXT = gettext_lazy(
    "The reviewer did not approve it as it is; the reason is below. Change it and send it for "
    "review again."
)
WITHDRAWN_KEPT_NEXT = gettext_lazy(
    "It is offline. Change it if needed and send it for review to put it online again."
)


def _next_text(item: Reviewable, *, deletable: bool) -> str:
    """What happens next with ``item`` (``STATUS_NEXT``), without offering to delete what
    cannot be deleted."""
    if item.status == ReviewStatus.REJECTED and item.is_editable:
        return str(REJECTED_EDITABLE_NEXT)
    if item.status == ReviewStatus.WITHDRAWN and not deletable:
        return str(WITHDRAWN_KEPT_NEXT)
    return str(STATUS_NEXT.get(item.status, ""))


# The image chosen in the images step's form when that form had a problem: item -> KeptImage.
SESSION_KEPT_IMAGES_KEY = "portal_kept_images"

# ---------------------------------------------------------------------------------------------
# Views


class ItemPortalMixin(PortalAccessMixin):
    """An organisation's view of one content type. ``portal`` is set by the URL patterns."""

    portal: ItemPortal = None  # type: ignore[assignment]
    # "view": any item the organisation sees; "change": only its own items, if editable by
    # the user (someone else's item is a 404).
    item_access = "change"

    def item_queryset(self) -> QuerySet:
        if self.item_access == "view":
            queryset = self.portal.visible(self.organisation)
        else:
            queryset = self.portal.model.objects.filter(organisation=self.organisation)
        return queryset.select_related("organisation", "revision_of")

    @cached_property
    def item(self) -> Reviewable:
        item = get_object_or_404(self.item_queryset(), pk=self.kwargs["pk"])
        permission = (
            self.portal.view_permission
            if self.item_access == "view"
            else self.portal.change_permission
        )
        if not self.request.user.has_perm(permission, item):
            raise Http404
        return item

    def item_url(self, view: str, item: Reviewable | None = None, **kwargs: Any) -> str:
        item = item or self.item
        return reverse(
            self.portal.url_name(view),
            kwargs={"organisation_slug": self.organisation.slug, "pk": item.pk, **kwargs},
        )

    def list_url(self) -> str:
        return reverse(
            self.portal.url_name("list"), kwargs={"organisation_slug": self.organisation.slug}
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["portal"] = self.portal
        context["texts"] = self.portal.texts
        context["list_url"] = self.list_url()
        return context

    def not_editable(self) -> HttpResponseRedirect:
        """Refuse a change of an item that may not be changed now: to the item's page, or to
        the list from a page without an item (the "new" route)."""
        messages.error(
            self.request,
            _(
                "You cannot change this now: it is being reviewed, is published or was "
                "rejected. Take it back from review, or start a new version of a published item."
            ),
        )
        if "pk" not in self.kwargs:
            return redirect(self.list_url())
        return redirect(self.item_url("detail"))


class ItemListView(ItemPortalMixin, LenientPaginationMixin, ListView):
    """The organisation's items and those it sees as a partner, with their status."""

    template_name = "reviews/portal/item_list.html"
    paginate_by = 25

    def get_queryset(self) -> QuerySet:
        return (
            self.portal.visible(self.organisation)
            .live()
            .select_related("organisation", "pending_revision", *self.portal.list_select_related)
            .order_by("-updated_at", "-pk")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["rows"] = [
            {
                "item": item,
                "kind": self.portal.kind_label(item),
                "url": self.item_url("detail", item),
                "is_own": item.organisation_id == self.organisation.pk,
                "revision": getattr(item, "pending_revision", None),
            }
            for item in context["object_list"]
        ]
        context["can_create"] = self.request.user.has_perm(
            self.portal.add_permission, self.organisation
        )
        context["create_url"] = reverse(
            self.portal.url_name("create"), kwargs={"organisation_slug": self.organisation.slug}
        )
        if self.portal.create_notice is not None and context["can_create"]:
            context["create_notice"] = self.portal.create_notice(self.organisation)
        return context


class StepContextMixin:
    """The frame of a step (``common.wizard.step_context``): its number, the way back, and
    every step to jump to once the item exists."""

    step: Step | None = None  # CHECK_STEP on the check page

    def step_url(self, step: Step, item: Reviewable | None) -> str | None:
        if item is None:
            return None
        if step == CHECK_STEP:
            return self.item_url("check", item)
        if not step.has_form:
            return self.item_url("images", item)
        return self.item_url("step", item, step=step.slug)

    def step_context(
        self, item: Reviewable | None, *, form_id: str | None = None
    ) -> dict[str, Any]:
        """``form_id``: the page's form with the user's input, whose buttons the way back and
        the list of steps become (``common.wizard``)."""
        detail_url = self.item_url("detail", item) if item is not None else self.list_url()
        context = step_context(
            self.portal.journey,
            self.step,
            url=lambda step: self.step_url(step, item),
            back_url=detail_url,
            form_id=form_id,
        )
        context.update(journey_item=item, detail_url=detail_url)
        return context

    def journey_steps(self):
        return self.portal.journey

    def go_url(self, go: str, item: Reviewable | None = None) -> str | None:
        """Where a Back or step button goes (``common.wizard.GO_FIELD``)."""
        if item is None and not getattr(self, "creating", False):
            item = self.item
        context = self.step_context(item)
        if go == LEAVE:
            return context["back_url"]
        return self.step_url(self.portal.journey.get(go), item)


class ItemStepView(StepContextMixin, ItemPortalMixin, StepJumpMixin, EditConflictMixin, FormView):
    """One step with a form. The first step, without an item yet, creates the draft. The way
    back and the list of steps save the step first (``common.wizard.StepJumpMixin``).

    A step saved from a page opened before someone else (another tab, another member) changed
    the item is refused, nothing lost (``common.concurrency``): the page stays with what was
    typed, and lists the fields that differ from the current version."""

    template_name = "reviews/portal/step_form.html"
    creating = False

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if self.creating:
            self.step = self.portal.form_steps()[0]
        else:
            self.step = self.portal.form_step(kwargs.get("step", ""))

    def refusal(self) -> HttpResponse | None:
        """Why this step cannot be shown now (a response), or None."""
        if self.step is None:
            raise Http404
        if self.creating:
            if not self.can_create():
                return self.cannot_create()
            return self.created_elsewhere()
        return None if self.item.is_editable else self.not_editable()

    def get(self, request, *args, **kwargs):
        return self.refusal() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.refusal() or super().post(request, *args, **kwargs)

    def can_create(self) -> bool:
        return self.request.user.has_perm(self.portal.add_permission, self.organisation)

    def created_elsewhere(self) -> HttpResponseRedirect | None:
        """For a type with one item of the moment (``ItemPortal.create_elsewhere``): to that
        item, or to the type's start page, with its message; the item is not touched."""
        if self.portal.create_elsewhere is None:
            return None
        elsewhere = self.portal.create_elsewhere(self.organisation)
        if elsewhere is None:
            return None
        url, message = elsewhere
        if message:
            messages.info(self.request, message)
        return redirect(url)

    def cannot_create(self) -> HttpResponse:
        return self.response_class(
            request=self.request,
            template=["reviews/portal/item_cannot_create.html"],
            context=ItemPortalMixin.get_context_data(self),
            status=403,
        )

    def get_form_class(self):
        return self.step.form_class

    def versioned_object(self) -> Reviewable | None:
        return None if self.creating else self.item

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["organisation"] = self.organisation
        kwargs["item"] = None if self.creating else self.item
        if not self.creating:
            # On POST too: what differs from the saved answers is what was typed now.
            kwargs["initial"] = item_form_data(self.item, self.step.form_class)
        return kwargs

    def form_valid(self, form):
        by = self.request.user
        try:
            if self.creating:
                item = self.portal.create(
                    organisation=self.organisation, by=by, data=form.cleaned_data
                )
                messages.success(
                    self.request,
                    _(
                        "Your draft has been saved. Only your organisation sees it until it is "
                        "published."
                    ),
                )
            else:
                with self.unchanged_since():
                    item = self.portal.update(item=self.item, by=by, data=form.cleaned_data)
        except EditConflict as conflict:
            return self.edit_conflict(form, conflict)
        except ValidationError as error:
            if getattr(error, "code", None) == "not_editable":  # sent for review meanwhile
                return self.not_editable()
            add_service_errors(form, error)
            return self.form_invalid(form)
        tell_not_kept(self.request, form)
        if "save_and_close" in self.request.POST:
            messages.success(self.request, _("Your changes have been saved."))
            return redirect(self.item_url("detail", item))
        if self.go is not None:
            return redirect(self.go_url(self.go, item))
        return redirect(self.step_context(item)["next_url"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        item = None if self.creating else self.item
        context.update(self.step_context(item, form_id=self.step_form_id))
        context["step"] = self.step
        context["item"] = item
        context["page_title"] = self.portal.texts.new if self.creating else str(item)
        context["page_title_written"] = not self.creating  # the item's title, in Dutch
        return context


class ItemDetailView(ItemPortalMixin, TemplateView):
    """The item in the portal: its status, what happens next, the reviewer's comments, its
    content, and the buttons allowed in its state. Partners see it read-only."""

    template_name = "reviews/portal/item_detail.html"
    item_access = "view"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        item = self.item
        user = self.request.user
        can_change = item.organisation_id == self.organisation.pk and user.has_perm(
            self.portal.change_permission, item
        )
        is_own = item.organisation_id == self.organisation.pk
        reviews = list(review_history(item=item)) if is_own else []
        own_reviews = [review for review in reviews if review.object_id == item.pk]
        latest = own_reviews[0] if own_reviews else None
        if context_latest := (
            latest
            if latest is not None
            and item.status in (ReviewStatus.CHANGES_REQUESTED, ReviewStatus.REJECTED)
            else None
        ):
            # What to fix first: the criteria not met, then those with a comment.
            context["assessments"] = sorted(
                context_latest.assessments.all(),
                key=lambda a: (a.result != "not_met", not a.comment),
            )
        context.update(
            item=item,
            extra_links=self.portal.extra_links(item, user),
            can_change=can_change,
            next_text=_next_text(item, deletable=review_item_deletable(item)),
            may_delete=review_item_deletable(item),
            latest_review=latest
            if latest is not None
            and item.status in (ReviewStatus.CHANGES_REQUESTED, ReviewStatus.REJECTED)
            else None,
            reviews=reviews,
            sections=self.sections(item),
            images=list(item.images.all()) if hasattr(item, "images") else [],
            urls=self.urls(item),
            portal_has_images=self.portal.images_step is not None,
            read_only_text=self.portal.texts.read_only % {"organisation": item.organisation.name},
        )
        pending = None if item.is_revision else self.pending_revision(item)
        if pending is not None:
            context["pending_revision"] = pending
            context["pending_revision_url"] = self.item_url("detail", pending)
        return context

    def pending_revision(self, item: Reviewable) -> Reviewable | None:
        return type(item).objects.filter(revision_of=item).first()

    def sections(self, item: Reviewable) -> list[dict[str, Any]]:
        sections = []
        for step in self.portal.form_steps():
            form = saved_step_form(step, item, organisation=item.organisation)
            sections.append(
                {
                    "step": step,
                    "rows": summary_rows(form),
                    "url": self.item_url("step", item, step=step.slug),
                }
            )
        return sections

    def urls(self, item: Reviewable) -> dict[str, str]:
        names = ["check", "retract", "revise", "withdraw", "delete"]
        if self.portal.images_step is not None:  # a type without images has no such page
            names.append("images")
        urls = {name: self.item_url(name, item) for name in names}
        if self.portal.partner_field and item.organisation_id != self.organisation.pk:
            urls["leave"] = self.item_url("leave", item)
        urls["edit"] = self.item_url("step", item, step=self.portal.form_steps()[0].slug)
        if item.is_revision:
            urls["live"] = self.item_url("detail", item.revision_of)
        if item.live_item.status == ReviewStatus.PUBLISHED and item.live_item.published_at:
            urls["public"] = self.portal.public_url(item.live_item)
        return urls


class ItemCheckView(StepContextMixin, ItemPortalMixin, TemplateView):
    """Check your answers, then send for review. Every step form is checked again with what
    was saved, so nothing incomplete goes to a reviewer."""

    template_name = "reviews/portal/check.html"
    step = CHECK_STEP

    def checked_steps(self) -> list[dict[str, Any]]:
        checked = []
        for step in self.portal.form_steps():
            form = saved_step_form(step, self.item, organisation=self.organisation)
            checked.append(
                {
                    "step": step,
                    "form": form,
                    "valid": form.is_valid(),
                    "rows": summary_rows(form),
                    "url": self.item_url("step", step=step.slug),
                }
            )
        return checked

    def get(self, request, *args, **kwargs):
        if not self.item.is_editable:
            return self.not_editable()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.item.is_awaiting_review:  # sent a moment ago (a double click, a colleague)
            messages.info(request, _("This has already been sent for review."))
            return redirect(self.item_url("detail"))
        if not self.item.is_editable:
            return self.not_editable()
        checked = self.checked_steps()
        if not all(step["valid"] for step in checked):
            return self.render_to_response(self.get_context_data(checked=checked))
        try:
            review_submit(item=self.item, by=request.user)
        except ValidationError as error:
            if (
                getattr(error, "code", None) == "already_submitted"
            ):  # someone else sent it a moment ago
                messages.info(request, " ".join(error.messages))
                return redirect(self.item_url("detail"))
            return self.render_to_response(
                self.get_context_data(checked=checked, submit_errors=error.messages)
            )
        messages.success(
            request,
            _(
                "“%(title)s” has been sent for review. The contact point of its subregion or a "
                "coordinator reviews it, usually within 5 working days. You get an email when "
                "they decide."
            )
            % {"title": self.item},
        )
        return redirect(self.item_url("detail"))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        checked = kwargs.get("checked") or self.checked_steps()
        problems = [
            {"number": number, "step": step["step"], "url": step["url"], "message": message}
            for number, step in enumerate(checked, start=1)
            if not step["valid"]
            for errors in step["form"].errors.values()
            for message in errors
        ]
        context.update(self.step_context(self.item))
        # Its name in the list of steps is "Check and send".
        context["step_title"] = _("Check your answers")
        context.update(
            item=self.item,
            checked=checked,
            problems=problems,
            submit_errors=kwargs.get("submit_errors", []),
            images=list(self.item.images.all()) if hasattr(self.item, "images") else [],
            images_url=self.item_url("images") if self.portal.images_step else "",
            has_images_step=self.portal.images_step is not None,
            page_title=str(self.item),
            page_title_written=True,
        )
        return context


class ItemImagesView(StepContextMixin, ItemPortalMixin, TemplateView):
    """The images step: the item's images (thumbnails, order, change, remove) and an upload
    form. Reachable during the journey and later, as long as the item may be changed."""

    template_name = "reviews/portal/images.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.step = self.portal.images_step

    def refusal(self) -> HttpResponse | None:
        if self.step is None:
            raise Http404
        return None if self.item.is_editable else self.not_editable()

    def get(self, request, *args, **kwargs):
        if refusal := self.refusal():
            return refusal
        kept = KeptImage.from_dict(self.kept_images.get(self.kept_key))
        return self.render_to_response(self.get_context_data(form=ImageAddForm(kept=kept)))

    def post(self, request, *args, **kwargs):
        if refusal := self.refusal():
            return refusal
        kept = KeptImage.from_dict(self.kept_images.get(self.kept_key))
        if "forget" in request.POST:
            self.forget_kept(kept)
            if kept is not None:
                messages.info(request, _("%(name)s will not be added.") % {"name": kept.name})
            return redirect(self.item_url("images"))
        form = ImageAddForm(request.POST, request.FILES, kept=kept)
        # "Continue", "Come back later", Back and the list of steps are buttons of the upload
        # form, so a file chosen (or a description typed) is added before leaving, never
        # dropped; with nothing filled in, they just leave.
        go_on = self.leave_url()
        if go_on and not form.has_input():
            return redirect(go_on)
        if form.is_valid() and self.add(form):
            messages.success(request, _("The image has been added."))
            return redirect(go_on or self.item_url("images"))
        chosen = form.chosen_file()
        if chosen and self.item.images.count() < MAX_IMAGES_PER_ITEM:
            # The browser will not send it again: keep it for the next try.
            self.forget_kept(kept)
            kept = kept_image_store(chosen, max_side=DETAIL_MAX_SIDE)
            self.kept_images = {**self.kept_images, self.kept_key: kept.as_dict()}
            form.now_kept(kept)
        go = requested_go(self.portal.journey, request.POST)
        refused = go_refused(self.portal.journey, go, go_on) if go is not None else None
        return self.render_to_response(self.get_context_data(form=form, go_refused=refused))

    def add(self, form: ImageAddForm) -> bool:
        """Add the chosen file, or else the kept one; False with the errors on the form."""
        chosen = form.chosen_file()
        file = chosen or (form.kept.open() if form.kept is not None else None)
        if file is None:  # the kept file is gone (pruned after two days)
            self.forget_kept(form.kept)
            form.kept = None
            form.add_error("file", _("Choose an image file."))
            return False
        try:
            image_add(owner=self.item, file=file, by=self.request.user, **form.image_values())
        except ValidationError as error:
            add_service_errors(form, error)
            return False
        finally:
            if file is not chosen:  # the kept file, opened here
                file.close()
        self.forget_kept(form.kept)
        return True

    # The image chosen in a form that had a problem, kept per item (common.uploads).

    @property
    def kept_key(self) -> str:
        return f"{self.portal.key}:{self.item.pk}"

    @property
    def kept_images(self) -> dict[str, Any]:
        value = self.request.session.get(SESSION_KEPT_IMAGES_KEY)
        return dict(value) if isinstance(value, dict) else {}

    @kept_images.setter
    def kept_images(self, value: dict[str, Any]) -> None:
        # A handful at most: one per item someone is adding an image to.
        self.request.session[SESSION_KEPT_IMAGES_KEY] = dict(list(value.items())[-5:])

    def forget_kept(self, kept: KeptImage | None) -> None:
        if kept is not None:
            kept.delete()
        self.kept_images = {k: v for k, v in self.kept_images.items() if k != self.kept_key}

    def leave_url(self) -> str | None:
        """Where the button pressed leaves to: the next step, the item's page, or None (add
        the image and stay)."""
        if "continue" in self.request.POST:
            return self.step_context(self.item)["next_url"]
        if "later" in self.request.POST:
            return self.item_url("detail")
        go = requested_go(self.portal.journey, self.request.POST)
        if go is not None:
            return self.go_url(go, self.item)
        return None

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        images = list(self.item.images.all())
        can_add = len(images) < MAX_IMAGES_PER_ITEM
        # With the upload form, the way back and the list of steps are its buttons.
        context.update(self.step_context(self.item, form_id="step-form" if can_add else None))
        context.update(
            item=self.item,
            images=[
                {
                    "image": image,
                    "edit_url": self.item_url("image-edit", image_pk=image.pk),
                    "remove_url": self.item_url("image-remove", image_pk=image.pk),
                    "move_url": self.item_url("image-move", image_pk=image.pk),
                }
                for image in images
            ],
            can_add=can_add,
            max_images=MAX_IMAGES_PER_ITEM,
            page_title=str(self.item),
            page_title_written=True,
        )
        return context


class ItemImageMixin(ItemPortalMixin):
    @cached_property
    def image(self) -> Image:
        return get_object_or_404(self.item.images.all(), pk=self.kwargs["image_pk"])

    def back(self) -> HttpResponseRedirect:
        return redirect(self.item_url("images"))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(item=self.item, image=self.image, images_url=self.item_url("images"))
        return context


class ItemImageEditView(ItemImageMixin, EditConflictMixin, FormView):
    """The texts of an image; a save from a page opened before someone else changed the
    image is refused, nothing lost (``common.concurrency``)."""

    template_name = "reviews/portal/image_edit.html"
    form_class = ImageEditForm

    def get(self, request, *args, **kwargs):
        if not self.item.is_editable:
            return self.not_editable()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.item.is_editable:
            return self.not_editable()
        return super().post(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        return ImageEditForm.initial_for(self.image)

    def versioned_object(self) -> Image:
        return self.image

    def form_valid(self, form):
        try:
            with self.unchanged_since():
                image_update(image=self.image, by=self.request.user, **form.image_values())
        except EditConflict as conflict:
            return self.edit_conflict(form, conflict)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The image has been changed."))
        return self.back()


class ItemImageRemoveView(ItemImageMixin, TemplateView):
    """A confirmation page, then the removal."""

    template_name = "reviews/portal/image_remove.html"

    def get(self, request, *args, **kwargs):
        if not self.item.is_editable:
            return self.not_editable()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.item.is_editable:
            return self.not_editable()
        image_remove(image=self.image, by=request.user)
        messages.success(request, _("The image has been removed."))
        return self.back()


class ItemImageMoveView(ItemImageMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if not self.item.is_editable:
            return self.not_editable()
        offset = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
        if offset is not None:
            image_move(image=self.image, by=request.user, offset=offset)
        return self.back()


class ItemTransitionView(ItemPortalMixin, View):
    """POST only: take back from review, or start a new version of a published item."""

    http_method_names = ["post"]
    transition = ""  # "retract" or "revise"

    def post(self, request, *args, **kwargs):
        item = self.item
        try:
            if self.transition == "retract":
                review_retract(item=item, by=request.user)
                messages.success(
                    request,
                    _("You took “%(title)s” back from review. Change it and send it again.")
                    % {"title": item},
                )
                return redirect(self.item_url("detail"))
            copy = revision_start(item=item, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(self.item_url("detail"))
        if not copy.is_editable:
            # The new version someone started is with a reviewer: show where it stands.
            messages.info(
                request,
                _("A new version of “%(title)s” is already waiting for review.") % {"title": item},
            )
            return redirect(self.item_url("detail", copy))
        messages.success(
            request,
            _(
                "You are working on a new version of “%(title)s”. The published version stays "
                "online until a reviewer approves the new one."
            )
            % {"title": item},
        )
        return redirect(self.item_url("step", copy, step=self.portal.form_steps()[0].slug))


class ItemLeaveView(ItemPortalMixin, TemplateView):
    """Another organisation named in an item (a partner) takes itself off it, after a
    confirmation page."""

    template_name = "reviews/portal/item_leave.html"
    item_access = "view"

    def dispatch(self, request, *args, **kwargs):
        if not self.portal.partner_field:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def is_named(self) -> bool:
        item = self.item
        return item.organisation_id != self.organisation.pk and (
            getattr(item, self.portal.partner_field).filter(pk=self.organisation.pk).exists()
        )

    def not_named(self) -> HttpResponseRedirect:
        """Not silently (GET and POST alike): the item's page, saying why there is nothing to
        leave."""
        messages.error(
            self.request,
            _(
                "%(organisation)s cannot take itself off this: only an organisation named "
                "beside its author can, while it is named."
            )
            % {"organisation": self.organisation},
        )
        return redirect(self.item_url("detail"))

    def get(self, request, *args, **kwargs):
        if not self.is_named():
            return self.not_named()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(item=self.item, detail_url=self.item_url("detail"))
        return context

    def post(self, request, *args, **kwargs):
        if not self.is_named():
            return self.not_named()
        try:
            reviewable_partner_leave(
                item=self.item,
                field=self.portal.partner_field,
                organisation=self.organisation,
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(self.list_url())
        messages.success(
            request,
            _("%(organisation)s is no longer named in “%(title)s”.")
            % {"organisation": self.organisation, "title": self.item},
        )
        return redirect(self.list_url())


class ItemConfirmView(ItemPortalMixin, TemplateView):
    """A confirmation page for what cannot be undone from the portal: delete, take offline."""

    template_name = "reviews/portal/item_confirm.html"
    action = ""  # "delete" or "withdraw"

    def refusal(self) -> str | None:
        """Why the item cannot be deleted (or taken offline) now, in the user's language
        (``review_item_delete_refusal``), or None when it can."""
        item = self.item
        if self.action == "withdraw":
            if item.status == ReviewStatus.PUBLISHED and not item.is_revision:
                return None
            return _("Only a published item can be taken offline.")
        refusal = review_item_delete_refusal(item)
        return None if refusal is None else " ".join(refusal.messages)

    def withdraw_form(self, data=None) -> ItemWithdrawForm:
        """The reason's form, with the type's example (``PortalTexts.withdraw_reason_help``)."""
        form = ItemWithdrawForm(data)
        form.fields["reason"].help_text = self.portal.texts.withdraw_reason_help
        return form

    def get(self, request, *args, **kwargs):
        # Not silently: the item's page, with why it cannot be done.
        refusal = self.refusal()
        if refusal is not None:
            messages.error(request, refusal)
            return redirect(self.item_url("detail"))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        item = self.item
        context.update(item=item, action=self.action, detail_url=self.item_url("detail"))
        if self.action == "withdraw":
            context.setdefault("form", self.withdraw_form())
            # Taking it offline discards a new version in progress or waiting for review
            # (``review_withdraw``): say so before.
            context["pending_revision"] = type(item).objects.filter(revision_of=item).first()
        return context

    def post(self, request, *args, **kwargs):
        item = self.item
        try:
            if self.action == "withdraw":
                form = self.withdraw_form(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(form=form))
                review_withdraw(item=item, by=request.user, reason=form.cleaned_data["reason"])
                messages.success(
                    request,
                    _(
                        "“%(title)s” is offline now. You can change it and send it for review to "
                        "put it online again."
                    )
                    % {"title": item},
                )
                return redirect(self.item_url("detail"))
            review_item_delete(item=item, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(self.item_url("detail"))
        if item.is_revision:
            messages.success(
                request,
                _("The new version has been discarded. The published version stays online."),
            )
            return redirect(self.item_url("detail", item.revision_of))
        messages.success(request, _("“%(title)s” has been deleted.") % {"title": item})
        return redirect(self.list_url())
