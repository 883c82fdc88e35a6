"""The portal side of the review workflow, the same for every content type (actions, stories,
later events): a list per organisation, writing an item in short steps, its images, the
check-your-answers page that sends it for review, and the item's page with what may happen
next (take back, start a new version, take offline, delete).

A content type takes part with an ``ItemPortal``: its step forms (``StepForm``), its create
and update services and its permissions. ``reviews.portal_urls.item_portal_urlpatterns`` mounts
the views below for it; nothing here knows about actions or stories.

Access: ``PortalAccessMixin`` finds the organisation among the user's own. An item is then
looked up among the items that organisation may see (its own, and for example the joint
actions where it is a partner); changing needs the item among its own items, so someone
else's item is a 404, never a form.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.choices import flatten_choices
from django.utils.formats import date_format
from django.utils.functional import Promise, cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, ListView, TemplateView, View

from stemcharter.common.forms import CleanTextForm
from stemcharter.common.markdown import render_markdown
from stemcharter.common.mixins import LenientPaginationMixin, PortalAccessMixin
from stemcharter.images.forms import ImageAddForm, ImageEditForm
from stemcharter.images.models import MAX_IMAGES_PER_ITEM, Image
from stemcharter.images.services import image_add, image_move, image_remove, image_update
from stemcharter.organisations.forms import OrganisationDetailsForm, subregion_choices
from stemcharter.regions.models import Subregion

from ..editing import reviewable_partner_leave
from ..forms import ItemWithdrawForm
from ..models import Reviewable, ReviewStatus
from ..selectors import review_history
from ..services import (
    review_item_delete,
    review_retract,
    review_submit,
    review_withdraw,
    revision_start,
)

# ---------------------------------------------------------------------------------------------
# What a content type provides


class StepForm(CleanTextForm):
    """A step of writing an item. It gets the organisation that writes it (from the URL) and
    the item (None before the first step created it); it has no organisation field.

    A step form may define ``summary_rows()`` (label, value) for the check page; otherwise
    every field is shown. Fields named in ``markdown_fields`` are shown rendered.
    """

    markdown_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, organisation, item: Reviewable | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.item = item
        if isinstance(self.fields.get("subregions"), SubregionsField):
            self.fields["subregions"].choices = subregion_choices()

    # The subregion checkboxes per province, for includes/_subregions.html.
    subregion_groups = OrganisationDetailsForm.subregion_groups


class SubregionsField(forms.MultipleChoiceField):
    """Subregions as checkboxes grouped per province (``includes/_subregions.html``); cleans to
    Subregion objects."""

    widget = forms.CheckboxSelectMultiple

    def clean(self, value):
        pks = super().clean(value)
        return list(Subregion.objects.filter(pk__in=pks).order_by("name_nl"))


@dataclass(frozen=True)
class Step:
    slug: str  # in the URL: .../stap/<slug>/
    title: str | Promise
    # None: the images step. A form step may name a template that lays out its fields;
    # otherwise each field is shown in order.
    form_class: type[StepForm] | None = None
    template_name: str = ""

    @property
    def is_images(self) -> bool:
        return self.form_class is None


@dataclass(frozen=True)
class PortalTexts:
    """The sentences that name the content type (Dutch words differ per type)."""

    items: str | Promise  # "Actions"
    new: str | Promise  # "New action"
    empty: str | Promise  # "Your organisation has no actions yet."
    not_signatory: str | Promise  # why one cannot create yet, and what to do
    read_only: str | Promise  # for a partner: "%(organisation)s organises this joint action…"


@dataclass(frozen=True)
class ItemPortal:
    """How one content type appears in the portal."""

    key: str  # the registry key, and the prefix of the URL names: "action" → portal:action-list
    model: type[Reviewable]
    segment: str  # in the URL: organisaties/<slug>/<segment>/
    steps: tuple[Step, ...]
    create: Callable[..., Reviewable]  # create(organisation=, by=, data=)
    update: Callable[..., Reviewable]  # update(item=, by=, data=)
    add_permission: str  # checked on the organisation
    change_permission: str  # checked on the item
    view_permission: str  # checked on the item
    # The items an organisation sees in its portal (its own, plus for example joint actions).
    visible_to: Callable[[Any], QuerySet]
    # What kind of item it is, in words, for the list ("Open day", "Youth story").
    kind_label: Callable[[Reviewable], str]
    texts: PortalTexts
    list_select_related: tuple[str, ...] = ()
    # The many-to-many field that names other organisations (partners of an action, the
    # organisations in a story); those may take themselves off it.
    partner_field: str = ""
    public_url: Callable[[Reviewable], str] = field(default=lambda item: item.get_absolute_url())

    def visible(self, organisation) -> QuerySet:
        """What the organisation sees in its portal: all its own items, and of the items it
        is involved in (a partner of a joint action, say) only what is published: another
        organisation's drafts and its reviewers' comments stay with that organisation."""
        return self.visible_to(organisation).filter(
            Q(organisation=organisation)
            | Q(status=ReviewStatus.PUBLISHED, revision_of__isnull=True)
        )

    def url_name(self, view: str) -> str:
        return f"portal:{self.key}-{view}"

    def form_steps(self) -> list[Step]:
        return [step for step in self.steps if not step.is_images]

    def step(self, slug: str) -> Step | None:
        return next((step for step in self.steps if step.slug == slug), None)


# ---------------------------------------------------------------------------------------------
# Helpers


def item_form_data(item: Model, form_class: type[forms.Form]) -> dict[str, Any]:
    """The item's values as the data of a step form, to show it again or to check it."""
    data: dict[str, Any] = {}
    for name, form_field in form_class.base_fields.items():
        if isinstance(form_field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
            data[name] = [str(pk) for pk in getattr(item, name).values_list("pk", flat=True)]
        elif isinstance(form_field, forms.ModelChoiceField):
            data[name] = getattr(item, f"{name}_id")
        else:
            value = getattr(item, name)
            data[name] = "" if value is None else value
    return data


def _display(form: forms.Form, name: str, value: Any) -> Any:
    form_field = form.fields[name]
    if value in (None, "", []) or (isinstance(value, QuerySet) and not value.exists()):
        return "—"
    if name in getattr(form, "markdown_fields", ()):
        return render_markdown(value)
    if isinstance(value, QuerySet | list | tuple | set):
        return ", ".join(str(v) for v in value)
    if isinstance(form_field, forms.ChoiceField) and not isinstance(
        form_field, forms.ModelChoiceField
    ):
        return str(dict(flatten_choices(form_field.choices)).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if hasattr(value, "isoformat") and not hasattr(value, "hour"):
        return date_format(value, "j F Y")
    return str(value)


def summary_rows(form: forms.Form) -> list[tuple[str, Any, bool]]:
    """(label, value, is rendered Markdown) of each answer of a checked step form, for the
    check and item pages."""
    if form.is_valid() and hasattr(form, "summary_rows"):
        return [(label, value, False) for label, value in form.summary_rows()]
    cleaned = getattr(form, "cleaned_data", {})
    markdown = getattr(form, "markdown_fields", ())
    return [
        (
            f.label,
            _display(form, name, cleaned.get(name)),
            name in markdown and bool(cleaned.get(name)),
        )
        for name, f in form.fields.items()
    ]


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError beside the form's fields (or above them)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


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
        messages.error(
            self.request,
            _(
                "You cannot change this now: it is being reviewed, is published or was "
                "rejected. Take it back from review, or start a new version of a published item."
            ),
        )
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
        return context


class StepContextMixin:
    """The frame of a step: its number, the way back, and every step to jump to."""

    step: Step | None = None  # None: the check page

    def step_context(self, item: Reviewable | None) -> dict[str, Any]:
        portal = self.portal
        slugs = [step.slug for step in portal.steps]
        index = slugs.index(self.step.slug) if self.step is not None else len(slugs)
        links = []
        for number, step in enumerate(portal.steps, start=1):
            url = None
            if item is not None:
                url = (
                    self.item_url("images", item)
                    if step.is_images
                    else self.item_url("step", item, step=step.slug)
                )
            links.append(
                {"number": number, "title": step.title, "url": url, "current": step == self.step}
            )
        links.append(
            {
                "number": len(slugs) + 1,
                "title": _("Check and send"),
                "url": self.item_url("check", item) if item is not None else None,
                "current": self.step is None,
            }
        )
        if index == 0:
            back_url = self.item_url("detail", item) if item is not None else self.list_url()
        else:
            back_url = links[index - 1]["url"]
        return {
            "step_links": links,
            "step_number": index + 1,
            "step_count": len(links),
            "step_title": self.step.title if self.step is not None else _("Check your answers"),
            "back_url": back_url,
            "next_url": links[index + 1]["url"] if index + 1 < len(links) else None,
            "journey_item": item,
            "detail_url": self.item_url("detail", item) if item is not None else self.list_url(),
        }


class ItemStepView(StepContextMixin, ItemPortalMixin, FormView):
    """One step with a form. The first step, without an item yet, creates the draft."""

    template_name = "reviews/portal/step_form.html"
    creating = False

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if self.creating:
            self.step = self.portal.form_steps()[0]
        else:
            step = self.portal.step(kwargs.get("step", ""))
            self.step = step if step is not None and not step.is_images else None

    def refusal(self) -> HttpResponse | None:
        """Why this step cannot be shown now (a response), or None."""
        if self.step is None:
            raise Http404
        if self.creating:
            return None if self.can_create() else self.cannot_create()
        return None if self.item.is_editable else self.not_editable()

    def get(self, request, *args, **kwargs):
        return self.refusal() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.refusal() or super().post(request, *args, **kwargs)

    def can_create(self) -> bool:
        return self.request.user.has_perm(self.portal.add_permission, self.organisation)

    def cannot_create(self) -> HttpResponse:
        return self.response_class(
            request=self.request,
            template=["reviews/portal/item_cannot_create.html"],
            context=ItemPortalMixin.get_context_data(self),
            status=403,
        )

    def get_form_class(self):
        return self.step.form_class

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["organisation"] = self.organisation
        kwargs["item"] = None if self.creating else self.item
        if not self.creating and self.request.method == "GET":
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
                item = self.portal.update(item=self.item, by=by, data=form.cleaned_data)
        except ValidationError as error:
            if getattr(error, "code", None) == "not_editable":  # sent for review meanwhile
                return self.not_editable()
            add_service_errors(form, error)
            return self.form_invalid(form)
        if "save_and_close" in self.request.POST:
            messages.success(self.request, _("Your changes have been saved."))
            return redirect(self.item_url("detail", item))
        return redirect(self.step_context(item)["next_url"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        item = None if self.creating else self.item
        context.update(self.step_context(item))
        context["step"] = self.step
        context["item"] = item
        context["page_title"] = self.portal.texts.new if self.creating else str(item)
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
            can_change=can_change,
            next_text=STATUS_NEXT.get(item.status, ""),
            latest_review=latest
            if latest is not None
            and item.status in (ReviewStatus.CHANGES_REQUESTED, ReviewStatus.REJECTED)
            else None,
            reviews=reviews,
            sections=self.sections(item),
            images=list(item.images.all()) if hasattr(item, "images") else [],
            urls=self.urls(item),
            portal_has_images=any(step.is_images for step in self.portal.steps),
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
            form = step.form_class(
                data=item_form_data(item, step.form_class),
                organisation=item.organisation,
                item=item,
            )
            sections.append(
                {
                    "step": step,
                    "rows": summary_rows(form),
                    "url": self.item_url("step", item, step=step.slug),
                }
            )
        return sections

    def urls(self, item: Reviewable) -> dict[str, str]:
        names = ["check", "images", "retract", "revise", "withdraw", "delete"]
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

    def checked_steps(self) -> list[dict[str, Any]]:
        checked = []
        for step in self.portal.form_steps():
            form = step.form_class(
                data=item_form_data(self.item, step.form_class),
                organisation=self.organisation,
                item=self.item,
            )
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
        context.update(
            item=self.item,
            checked=checked,
            problems=problems,
            submit_errors=kwargs.get("submit_errors", []),
            images=list(self.item.images.all()) if hasattr(self.item, "images") else [],
            images_url=self.item_url("images"),
            has_images_step=any(step.is_images for step in self.portal.steps),
            page_title=str(self.item),
        )
        return context


class ItemImagesView(StepContextMixin, ItemPortalMixin, TemplateView):
    """The images step: the item's images (thumbnails, order, change, remove) and an upload
    form. Reachable during the journey and later, as long as the item may be changed."""

    template_name = "reviews/portal/images.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.step = next((step for step in self.portal.steps if step.is_images), None)

    def refusal(self) -> HttpResponse | None:
        if self.step is None:
            raise Http404
        return None if self.item.is_editable else self.not_editable()

    def get(self, request, *args, **kwargs):
        if refusal := self.refusal():
            return refusal
        return self.render_to_response(self.get_context_data(form=ImageAddForm()))

    def post(self, request, *args, **kwargs):
        if refusal := self.refusal():
            return refusal
        form = ImageAddForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                image_add(
                    owner=self.item,
                    file=form.cleaned_data["file"],
                    by=request.user,
                    **form.image_values(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The image has been added."))
                return redirect(self.item_url("images"))
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        images = list(self.item.images.all())
        context.update(self.step_context(self.item))
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
            can_add=len(images) < MAX_IMAGES_PER_ITEM,
            max_images=MAX_IMAGES_PER_ITEM,
            page_title=str(self.item),
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


class ItemImageEditView(ItemImageMixin, FormView):
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

    def form_valid(self, form):
        try:
            image_update(image=self.image, by=self.request.user, **form.image_values())
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

    def get(self, request, *args, **kwargs):
        if not self.is_named():
            return redirect(self.item_url("detail"))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(item=self.item, detail_url=self.item_url("detail"))
        return context

    def post(self, request, *args, **kwargs):
        if not self.is_named():
            return redirect(self.item_url("detail"))
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

    def allowed(self) -> bool:
        item = self.item
        if self.action == "withdraw":
            return item.status == ReviewStatus.PUBLISHED and not item.is_revision
        return item.status not in (
            ReviewStatus.SUBMITTED,
            ReviewStatus.UNDER_REVIEW,
            ReviewStatus.PUBLISHED,
        )

    def get(self, request, *args, **kwargs):
        if not self.allowed():
            return redirect(self.item_url("detail"))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        item = self.item
        context.update(item=item, action=self.action, detail_url=self.item_url("detail"))
        if self.action == "withdraw":
            context.setdefault("form", ItemWithdrawForm())
        return context

    def post(self, request, *args, **kwargs):
        item = self.item
        try:
            if self.action == "withdraw":
                form = ItemWithdrawForm(request.POST)
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
