"""The item portal: how a content type (actions, stories, later events) appears in the
signatory portal, the same for each.

A content type describes itself with an ``ItemPortal`` (in its own ``portal.py``): its steps
(``common.wizard.Step``, each with an ``ItemStepForm``, and optionally one step without a form:
the images), its create and update services, its permissions and the sentences that name it
(``PortalTexts``). ``reviews.portal_urls.item_portal_urlpatterns`` mounts the views of
``reviews.views.portal`` for it; nothing here knows about actions or stories.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from stemcharter.common.wizard import Step, StepForm, Steps
from stemcharter.organisations.forms import OrganisationDetailsForm, subregion_choices
from stemcharter.regions.models import Subregion

from .models import Reviewable, ReviewStatus

# The last step of every item's journey: check the answers and send the item for review.
CHECK_STEP = Step("controleren", _("Check and send"))


MARKDOWN_HINT = _(
    "You can use Markdown: **bold**, a list with a dash (-) at the start of each line, "
    "a link as [text](https://www.example.be)."
)


def item_title_field(*, help_text: str | Promise) -> forms.CharField:
    """The title of an action, a story or an event (150 characters, as their models), with
    the messages every item's title gives."""
    return forms.CharField(
        label=_("Title"),
        max_length=150,
        help_text=help_text,
        error_messages={
            "required": _("Enter a title."),
            "max_length": _(
                "Shorten the title to at most %(limit_value)d characters (it has %(show_value)d)."
            ),
        },
    )


def item_summary_field(*, help_text: str | Promise) -> forms.CharField:
    """The summary of an action, a story or an event (300 characters, on its card), with the
    messages every item's summary gives."""
    return forms.CharField(
        label=_("Summary"),
        max_length=300,
        help_text=help_text,
        error_messages={
            "required": _("Write a short summary of one or two sentences."),
            "max_length": _(
                "Shorten the summary to at most %(limit_value)d characters (it has %(show_value)d)."
            ),
        },
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ItemStepForm(StepForm):
    """A step of writing an item. It gets the organisation that writes it (from the URL) and
    the item (None before the first step created it); it has no organisation field.

    A step form may define ``summary_rows()`` (label, value) for the check page; otherwise
    every field is shown. Fields named in ``markdown_fields`` are shown rendered.
    """

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


# The confirmation pages' words by default (``PortalTexts``), written for items in the public
# lists with images: actions, stories, events.
WITHDRAW_EXPLAINED = _(
    "The public page disappears and it no longer shows in the lists. You can change it and "
    "send it for review again to put it back online."
)
WITHDRAW_REASON_HELP = _(
    "For example: it is full, or it was cancelled. Only your organisation and the reviewers "
    "see this."
)
DELETE_EXPLAINED = _("It is deleted with its images. This cannot be undone.")


@dataclass(frozen=True)
class PortalTexts:
    """The sentences that name the content type (Dutch words differ per type)."""

    items: str | Promise  # "Actions"
    new: str | Promise  # "New action"
    empty: str | Promise  # "Your organisation has no actions yet."
    not_signatory: str | Promise  # why one cannot create yet, and what to do
    read_only: str | Promise  # for a partner: "%(organisation)s organises this joint action…"
    # The confirmation pages (``ItemConfirmView``): what taking an item offline does, the
    # reason's example, and what deleting does. The defaults are written for items in the
    # public lists with images (actions, stories, events).
    withdraw_explained: str | Promise = WITHDRAW_EXPLAINED
    withdraw_reason_help: str | Promise = WITHDRAW_REASON_HELP
    delete_explained: str | Promise = DELETE_EXPLAINED


@dataclass(frozen=True)
class ItemPortal:
    """How one content type appears in the portal."""

    key: str  # the registry key, and the prefix of the URL names: "action" → portal:action-list
    model: type[Reviewable]
    segment: str  # in the URL: organisaties/<slug>/<segment>/
    # The steps of writing an item, in order: each with an ItemStepForm (its slug in the URL:
    # .../stap/<slug>/), and optionally one without a form, the images. The check page follows.
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
    # More about the item on its portal page, for ``user``: (term, link text, address), e.g.
    # the registrations of an action that takes them (a mechanism reviews does not know).
    extra_links: Callable[[Reviewable, Any], list[tuple[str, str, str]]] = field(
        default=lambda item, user: []
    )
    # For a type an organisation writes at set times (a yearly progress report): instead of
    # the list's "New …" button, ``create_notice_template`` is shown with ``notice``, the value
    # of ``create_notice(organisation)``: where the one item of the moment stands and its next
    # step. None: nothing to create now, no button.
    create_notice: Callable[[Any], Any] | None = None
    create_notice_template: str = ""
    # For such a type, where the "new" route leads instead of an empty first step:
    # ``create_elsewhere(organisation)`` gives (address, message) — the one item of the moment
    # when it exists (never changed by that route), or the type's own start page — or None to
    # show the first step. The message ("" for none) is shown on arrival.
    create_elsewhere: Callable[[Any], tuple[str, str] | None] | None = None
    # The steps as the portal shows them: the item's steps, then the check page (CHECK_STEP).
    journey: Steps = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if len([step for step in self.steps if not step.has_form]) > 1:
            raise ValueError(f"{self.key}: only the images step has no form.")
        if bool(self.create_notice) != bool(self.create_notice_template):
            raise ValueError(f"{self.key}: create_notice needs create_notice_template.")
        object.__setattr__(self, "journey", Steps(*self.steps, CHECK_STEP))

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
        return self.journey.form_steps()

    def form_step(self, slug: str) -> Step | None:
        """The step with a form with this slug, or None."""
        return next((step for step in self.form_steps() if step.slug == slug), None)

    @property
    def images_step(self) -> Step | None:
        """The step without a form, the images; None when the type has no images."""
        return next((step for step in self.steps if not step.has_form), None)


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


def saved_step_form(step: Step, item: Model, *, organisation) -> forms.Form:
    """The step's form bound to what the item holds, to check or show it again. Its initial
    is the same data: nothing in it counts as newly typed (``StepForm.used_only_when``)."""
    data = item_form_data(item, step.form_class)
    return step.form_class(data=data, initial=data, organisation=organisation, item=item)


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError beside the form's fields (or above them)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)
