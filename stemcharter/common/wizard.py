"""Journeys in steps: one abstraction for signing the charter and for writing an item in the
portal (and later registrations and requests).

A journey is a ``Steps`` sequence: each ``Step`` has a slug, a title (the h1 of its page, its
name in the list of steps), and usually a form; a step without a form is a page of its own
(the images of an item, check your answers). ``Steps`` answers where a step stands: its
number ("step 2 of 4"), the step before and after it, the steps with a form.
``step_context`` gives every step page the same frame (title, progress, the way back, the steps
to jump to; ``templates/includes/_step_progress.html`` shows it), and ``summary_rows`` the
answers of a checked step form for a check-your-answers page.

On a step page with a form, the way back and the steps to jump to are buttons of that form
(``name="go"``, the value a step's slug or ``LEAVE``), never plain links: what was typed is
saved first, or the page stays with a message that says what to do (``StepJumpMixin`` for a
step form's view, ``requested_go`` and ``go_refused`` for any other form of a step page).

Where the answers are kept is the journey's business: signing keeps them in the session
(``charter.signing.SignDraft``), the portal in the item itself (``reviews.portal``).
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpResponseRedirect
from django.utils.choices import flatten_choices
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from .forms import CleanTextForm
from .markdown import render_markdown

# The name of the buttons of a step's form that go to another step (the way back, the list of
# steps); the value is a step's slug, or LEAVE: the way out before the first step.
GO_FIELD = "go"
LEAVE = "leave"


class UnknownStep(LookupError):
    """A slug that names no step of the journey."""


@dataclass(frozen=True)
class Step:
    slug: str  # unique in its journey: in the URL, or the key of its answers in a draft
    title: str | Promise  # the h1 of its page, and its name in the list of steps
    # None: a page of its own (an item's images, check your answers).
    form_class: type[forms.Form] | None = None
    # The template of the step's page, or the one that lays out its form's fields.
    template_name: str = ""
    # The URL name of its page, when that takes no arguments ("charter:sign").
    url_name: str = ""

    @property
    def has_form(self) -> bool:
        return self.form_class is not None


class Steps:
    """The steps of a journey, in order. Raises ``ValueError`` when empty or when two steps
    share a slug; a lookup by an unknown slug raises ``UnknownStep``."""

    def __init__(self, *steps: Step) -> None:
        if not steps:
            raise ValueError("A journey has at least one step.")
        slugs = [step.slug for step in steps]
        if len(set(slugs)) != len(slugs):
            raise ValueError(f"Two steps share a slug: {slugs}")
        if LEAVE in slugs:
            raise ValueError(f"“{LEAVE}” is the way out of a journey, not a step's slug.")
        self._steps = steps

    def __iter__(self) -> Iterator[Step]:
        return iter(self._steps)

    def __len__(self) -> int:
        return len(self._steps)

    def __getitem__(self, index: int) -> Step:
        return self._steps[index]

    def __contains__(self, slug: object) -> bool:
        return any(step.slug == slug for step in self._steps)

    def __repr__(self) -> str:
        return f"Steps({', '.join(step.slug for step in self._steps)})"

    @property
    def first(self) -> Step:
        return self._steps[0]

    @property
    def last(self) -> Step:
        return self._steps[-1]

    def get(self, slug: str) -> Step:
        """The step with this slug; ``UnknownStep`` when there is none."""
        return self._steps[self.index(slug)]

    def index(self, slug: str) -> int:
        """Where the step stands, from 0; ``UnknownStep`` when there is none."""
        for index, step in enumerate(self._steps):
            if step.slug == slug:
                return index
        raise UnknownStep(slug)

    def number(self, slug: str) -> int:
        """Where the step stands, from 1, as in "step 2 of 4"."""
        return self.index(slug) + 1

    def previous(self, slug: str) -> Step | None:
        """The step before it; None for the first step."""
        index = self.index(slug)
        return self._steps[index - 1] if index > 0 else None

    def next(self, slug: str) -> Step | None:
        """The step after it; None for the last step."""
        index = self.index(slug)
        return self._steps[index + 1] if index + 1 < len(self._steps) else None

    def form_steps(self) -> list[Step]:
        """The steps with a form, in order."""
        return [step for step in self._steps if step.has_form]


def step_context(
    steps: Steps,
    current: Step,
    *,
    url: Callable[[Step], str | None],
    back_url: str,
    form_id: str | None = None,
) -> dict[str, Any]:
    """The frame of a step page (``includes/_step_progress.html``): ``step_title``,
    ``step_number`` of ``step_count``, ``back_url`` (the step before, or ``back_url`` from the
    first step), ``next_url`` (None after the last step) and ``step_links`` (number, title, url,
    current, slug) for the list of steps. ``url(step)`` is the address of a step, None when it
    cannot be opened yet. Raises ``UnknownStep`` when ``current`` is not one of ``steps``.

    ``form_id``: the id of the page's form with the user's input, when there is one; the way
    back (``back_go``: the slug of the step before, or ``LEAVE``) and the steps to jump to are
    then buttons of that form (``step_form_id``), which the view handles with
    ``requested_go``."""
    index = steps.index(current.slug)
    links = [
        {
            "number": number,
            "title": step.title,
            "url": url(step),
            "current": step == current,
            "slug": step.slug,
        }
        for number, step in enumerate(steps, start=1)
    ]
    return {
        "step_form_id": form_id,
        "back_go": steps[index - 1].slug if index > 0 else LEAVE,
        "step_title": current.title,
        "step_number": index + 1,
        "step_count": len(steps),
        "step_links": links,
        "back_url": links[index - 1]["url"] if index > 0 else back_url,
        "next_url": links[index + 1]["url"] if index + 1 < len(links) else None,
    }


def requested_go(steps: Steps, data: Any) -> str | None:
    """Where a button of a step's form asks to go (``GO_FIELD``): a slug of ``steps``, or
    ``LEAVE``; None for the form's own buttons (Continue) and for anything else."""
    value = data.get(GO_FIELD) if data is not None else None
    if not isinstance(value, str):
        return None
    return value if value == LEAVE or value in steps else None


def go_refused(steps: Steps, go: str, url: str | None) -> dict[str, Any]:
    """What a step page says when a button asked to go to another step (``go``) but the form
    has a problem: that nothing was saved, what to do, and a link (``url``) to go there
    anyway, dropping what was typed on purpose (``includes/_error_summary.html``)."""
    if go == LEAVE:
        message = _(
            "Nothing on this step was saved, so you are still on it: correct the fields "
            "marked to go back."
        )
        link_text = _("Go back without saving this step")
    else:
        title = steps.get(go).title
        message = _(
            "Nothing on this step was saved, so you are still on it: correct the fields "
            "marked to go to “%(step)s”."
        ) % {"step": title}
        link_text = _("Go to “%(step)s” without saving this step") % {"step": title}
    return {"message": message, "link_text": link_text, "url": url}


class StepJumpMixin:
    """For the view of a step page with a form (a ``FormView``): the buttons of the way back
    and of the list of steps (``GO_FIELD``, see ``step_context``) save the step, then go.

    - nothing typed (the form has not changed from what was saved): go at once, saving
      nothing, even when the form would not be valid (an empty step one goes back from);
    - valid: the view's ``form_valid`` saves as for Continue, then redirects to
      ``self.go_url(self.go)`` instead of the next step;
    - invalid: the page stays with its errors and ``go_refused`` (what to do, and a link to go
      there without saving).

    The view defines ``journey_steps`` (its ``Steps``) and ``go_url(go)`` (the address of a
    step, or of the way out for ``LEAVE``). It keeps its form id ``step_form_id`` for
    ``step_context``.
    """

    step_form_id = "step-form"
    go_refusal: dict[str, Any] | None = None

    def journey_steps(self) -> Steps:
        raise NotImplementedError

    def go_url(self, go: str) -> str | None:
        raise NotImplementedError

    @property
    def go(self) -> str | None:
        """The step the button pressed goes to (a slug or ``LEAVE``); None for Continue."""
        if self.request.method != "POST":
            return None
        return requested_go(self.journey_steps(), self.request.POST)

    def post(self, request, *args, **kwargs):
        go = self.go
        url = self.go_url(go) if go is not None else None
        if url and not self.get_form().has_changed():
            return HttpResponseRedirect(url)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        go = self.go
        if go is not None:
            self.go_refusal = go_refused(self.journey_steps(), go, self.go_url(go))
        return super().form_invalid(form)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["go_refused"] = self.go_refusal
        return context


class UsedOnlyWhenMixin:
    """For a step form with fields that only one answer of another field uses (a date only
    for a dated action, a web address only to sign up through a website, the details of a
    new organisation only when signing for a new one).

    ``used_only_when`` names them: ``{"start_date": ("timing", ("date", "period"))}``. While
    the other field has another answer, such a field is not checked (a leftover invalid web
    address does not stop the step with "enter a valid address"), and what was typed into it
    now (what differs from the form's ``initial``, the saved answer) is never dropped without a
    word:

    - the other answer was left as it was (the default "on request" of a new action, and a
      date typed below it): the step is refused, with a message on the field that names both
      fields and says what to do (choose the answer that uses it, or empty it);
    - the other answer was changed in this same step (a switch from "through a website" to
      "by email" with an address left behind): the field is not kept (its cleaned value is
      empty, it is in ``unused_fields``, which a journey that keeps the raw input, the signing
      draft, leaves out), and ``not_kept`` holds a message per such field, naming it and what
      it held, that the journey shows once the step is saved (``tell_not_kept``).

    A value saved earlier and not touched now goes without a word: changing the other answer
    is how one drops it. When the other field itself has a problem, nothing is decided and
    every field is checked as usual.
    """

    used_only_when: dict[str, tuple[str, tuple[str, ...]]] = {}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self.unused_fields: set[str] = set()
        self.not_kept: list[str] = []
        for name, (other, answers) in self.used_only_when.items():
            if name not in self.fields or other not in self.fields or other in self._errors:
                continue
            if cleaned.get(other) in answers:
                continue
            self._errors.pop(name, None)
            typed = _raw_value(self, name) if name in self.changed_data else ""
            if typed and other not in self.changed_data:
                self.add_error(name, unused_answer_message(self, name, other, answers))
                continue
            self.unused_fields.add(name)
            cleaned[name] = _empty_value(self.fields[name])
            if typed:
                self.not_kept.append(not_kept_message(self, name, other, answers, typed))
        return cleaned


class StepForm(UsedOnlyWhenMixin, CleanTextForm):
    """A convenient base for the form of a step. It may define ``summary_rows()`` (label,
    value) for the check page; otherwise ``summary_rows(form)`` shows every field. Fields named
    in ``markdown_fields`` are checked (``CleanTextForm``) and shown rendered. Fields used only
    for some answers of another one: ``used_only_when`` (``UsedOnlyWhenMixin``).
    """

    markdown_fields: tuple[str, ...] = ()


def _empty_value(form_field: forms.Field) -> Any:
    if isinstance(form_field, forms.ModelMultipleChoiceField):
        return form_field.queryset.none()
    if isinstance(form_field, forms.MultipleChoiceField):
        return []
    return getattr(form_field, "empty_value", None)


def _raw_value(form: forms.Form, name: str) -> str:
    """What a field held as sent (a file's name, the choices' labels), "" when empty."""
    key = form.add_prefix(name)
    form_field = form.fields[name]
    if isinstance(form_field, forms.FileField):
        upload = form.files.get(key)
        return str(getattr(upload, "name", "") or "")
    if hasattr(form.data, "getlist"):
        values = [str(v).strip() for v in form.data.getlist(key)]
    else:
        value = form.data.get(key)
        values = [str(v).strip() for v in (value if isinstance(value, list | tuple) else [value])]
    values = [v for v in values if v and v != "None"]
    if isinstance(form_field, forms.ChoiceField) and values:
        choices = {str(k): str(v) for k, v in flatten_choices(form_field.choices)}
        values = [choices.get(v, v) for v in values]
    return ", ".join(values)


def _answers_named(form: forms.Form, other: str, answers: tuple[str, ...]) -> str:
    choices = dict(flatten_choices(form.fields[other].choices))
    named = [f"“{choices.get(answer, answer)}”" for answer in answers]
    if len(named) == 1:
        return named[0]
    return _("%(some)s or %(last)s") % {"some": ", ".join(named[:-1]), "last": named[-1]}


def unused_answer_message(form: forms.Form, name: str, other: str, answers: tuple[str, ...]) -> str:
    """ "“Date” is not kept when the answer to “When?” is “On request”. To keep it, choose
    “On one day” or “During a period” at “When?”; otherwise empty “Date”." (see
    ``UsedOnlyWhenMixin``)"""
    choices = dict(flatten_choices(form.fields[other].choices))
    answer = form.cleaned_data.get(other)
    return _(
        "“%(field)s” is not kept when the answer to “%(question)s” is “%(answer)s”. To keep "
        "it, choose %(answers)s at “%(question)s”; otherwise empty “%(field)s”."
    ) % {
        "field": form.fields[name].label,
        "question": form.fields[other].label,
        "answer": choices.get(answer, answer),
        "answers": _answers_named(form, other, answers),
    }


def not_kept_message(
    form: forms.Form, name: str, other: str, answers: tuple[str, ...], typed: str
) -> str:
    """ "We did not keep “Date” (2030-01-02): it is only used when the answer to “When?” is
    “On one day” or “During a period”." (see ``UsedOnlyWhenMixin``)"""
    return _(
        "We did not keep “%(field)s” (%(value)s): it is only used when the answer to "
        "“%(question)s” is %(answers)s."
    ) % {
        "field": form.fields[name].label,
        "value": typed if len(typed) <= 80 else typed[:79] + "…",
        "question": form.fields[other].label,
        "answers": _answers_named(form, other, answers),
    }


def tell_not_kept(request: Any, form: forms.Form) -> None:
    """After a step was saved: say what was filled in but not kept (``UsedOnlyWhenMixin``)."""
    for message in getattr(form, "not_kept", []):
        messages.info(request, message)


def summary_rows(form: forms.Form) -> list[tuple[str, Any, bool, bool]]:
    """(label, value, is rendered Markdown, is written) of each answer of a checked step form,
    for a check page or a summary: the form's own ``summary_rows()`` when it is valid and has
    one (rows of (label, value), or (label, value, is written)), otherwise each field with its
    cleaned value in words ("—" when empty). "Written" is text people typed (a title, a
    description), in the content language (``{% content_lang %}``), not a choice or a date."""
    if form.is_valid() and hasattr(form, "summary_rows"):
        return [(row[0], row[1], False, len(row) > 2 and row[2]) for row in form.summary_rows()]
    cleaned = getattr(form, "cleaned_data", {})
    markdown = getattr(form, "markdown_fields", ())
    return [
        (
            f.label,
            _display(form, name, cleaned.get(name)),
            name in markdown and bool(cleaned.get(name)),
            _written(f) and bool(cleaned.get(name)),
        )
        for name, f in form.fields.items()
    ]


def _written(form_field: forms.Field) -> bool:
    return isinstance(form_field, forms.CharField) and not isinstance(
        form_field, forms.EmailField | forms.URLField | forms.UUIDField
    )


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
        return date_format(value)
    return str(value)
