"""Closing an event with a report (issue 12, "events that publish").

The organiser of an event that has ended closes it with a report: how many people came, the
organisations that took part, highlights, lessons learned and a photo. The event is marked
finished (``events.services.event_finish``) and the report becomes a practice-example story
linked to the event (``Story.event``), sent for review like any story: a contact point of the
event's region or a coordinator publishes it, and the event's page then shows it.

It lives here, on the top floor, because it gathers three apps that do not know each other:
events, stories and registrations (the attendance from the check-in).

Who closes: for an event of the STEM-charter, a contact point of its region or a coordinator
(back office, ``/beheer/evenementen/<slug>/afsluiten/``); for an event a signatory proposed, a
member of that signatory (portal). A story needs an author organisation: the proposing
signatory, or for an event of the STEM-charter one of the organisations that took part, chosen
in the form (its members can then answer a reviewer who asks for changes).
"""

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stemcharter.common.forms import CleanTextForm
from stemcharter.common.numbers import IdModelChoiceField, IdModelMultipleChoiceField
from stemcharter.events.models import Event
from stemcharter.events.services import (
    ATTENDANCE_MAX,
    event_close_error,
    event_finish,
    may_manage_event,
)
from stemcharter.images.services import image_add
from stemcharter.organisations.models import Organisation
from stemcharter.registrations.selectors import registered_user_ids, seats_attended
from stemcharter.reviews.services import review_submit
from stemcharter.stories.models import Story
from stemcharter.stories.services import story_create

TEXT_MAX_LENGTH = 8_000


# Reads


def event_report_story(event: Event) -> Story | None:
    """The report with which ``event`` was closed (any review state), or None."""
    return Story.objects.live().filter(event=event.live_item).order_by("pk").first()


def event_report_participants(event: Event):
    """The signatories whose members registered for ``event`` (and held a seat): the form's
    first guess at the organisations that took part."""
    return (
        Organisation.objects.signatories()
        .filter(memberships__user__in=registered_user_ids(item=event))
        .distinct()
    )


def may_close_event(user, event: Event) -> bool:
    """Its organiser: a member of the signatory that proposed it; for an event of the
    STEM-charter, a contact point of its region or a coordinator."""
    if not user.is_authenticated:
        return False
    if event.organisation_id is not None:
        return Organisation.objects.for_member(user).filter(pk=event.organisation_id).exists()
    return may_manage_event(user, event.subregions.all())


# The form


def _report_text_field(*, label, help_text, required, too_long) -> forms.CharField:
    """A Markdown text of the report (highlights, lessons learned), with its own messages."""
    return forms.CharField(
        label=label,
        max_length=TEXT_MAX_LENGTH,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": required, "max_length": too_long},
    )


class EventReportForm(CleanTextForm):
    markdown_fields = ("highlights", "lessons")

    attendance = forms.IntegerField(
        label=gettext_lazy("How many people came?"),
        min_value=0,
        max_value=ATTENDANCE_MAX,
        help_text=gettext_lazy(
            "Filled in with the places checked in at the event. Correct it if people came "
            "without registering."
        ),
        error_messages={
            "required": gettext_lazy("Enter the number of people who came (0 or more)."),
            "invalid": gettext_lazy("Enter the number of people who came as a whole number."),
            "min_value": gettext_lazy("Enter the number of people who came (0 or more)."),
            "max_value": gettext_lazy("Enter at most %(limit_value)s people."),
        },
    )
    author = IdModelChoiceField(
        label=gettext_lazy("Which organisation tells the story?"),
        queryset=Organisation.objects.none(),
        help_text=gettext_lazy(
            "The report is published as a story of this signatory; its members can change it "
            "when the reviewer asks for changes."
        ),
        error_messages={
            "required": gettext_lazy("Choose the organisation that tells the story."),
            "invalid_choice": gettext_lazy(
                "Choose an organisation among those that signed the charter."
            ),
        },
    )
    organisations = IdModelMultipleChoiceField(
        label=gettext_lazy("Organisations that took part"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=gettext_lazy(
            "Signatories that took part. The story links to their page, and they see it in "
            "their portal."
        ),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": gettext_lazy(
                "Choose organisations among those that signed the charter."
            )
        },
    )
    highlights = _report_text_field(
        label=gettext_lazy("Highlights"),
        help_text=gettext_lazy("What went well, what people talked about, what came out of it."),
        required=gettext_lazy("Write the highlights of the event."),
        too_long=gettext_lazy(
            "Shorten the highlights to at most %(limit_value)d characters "
            "(they have %(show_value)d)."
        ),
    )
    lessons = _report_text_field(
        label=gettext_lazy("Lessons learned"),
        help_text=gettext_lazy("What would you do the same or differently next time?"),
        required=gettext_lazy("Write what you learned from the event."),
        too_long=gettext_lazy(
            "Shorten the lessons to at most %(limit_value)d characters (they have %(show_value)d)."
        ),
    )

    field_order = ["attendance", "author", "organisations", "highlights", "lessons"]

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        signatories = Organisation.objects.signatories().order_by("name")
        self.fields["organisations"].queryset = signatories
        if event.organisation_id is None:
            self.fields["author"].queryset = signatories
        else:
            del self.fields["author"]

    @classmethod
    def initial_for(cls, event: Event) -> dict[str, Any]:
        participants = list(event_report_participants(event))
        return {
            "attendance": seats_attended(item=event),
            "organisations": participants,
            "author": participants[0] if len(participants) == 1 else None,
        }


# The service


def _story_data(event: Event, *, attendance: int, highlights: str, lessons: str) -> dict:
    date = formats.date_format(timezone.localtime(event.starts_at), "DATE_FORMAT")
    title = _("Report: %(title)s") % {"title": event.title}
    summary = _("How %(title)s on %(date)s went: %(count)s people came.") % {
        "title": event.title,
        "date": date,
        "count": attendance,
    }
    body = "\n\n".join(
        [
            "## " + _("Highlights"),
            highlights.strip(),
            "## " + _("Lessons learned"),
            lessons.strip(),
        ]
    )
    return {
        "kind": Story.Kind.PRACTICE,
        "title": title[:150],
        "summary": summary[:300],
        "body": body,
    }


@transaction.atomic
def event_report_close(
    *,
    event: Event,
    by,
    attendance: int,
    highlights: str,
    lessons: str,
    organisations=(),
    author: Organisation | None = None,
    photo: dict | None = None,
) -> tuple[Story, bool]:
    """Close ``event`` with a report: mark it finished with its attendance, and send the
    report for review as a practice-example story linked to it. Returns the story and
    whether it is new: an event closed already keeps its one report (no second story).

    ``photo``: the values for ``images.services.image_add`` without ``owner`` and ``by``.
    Raises PermissionDenied for anyone but its organiser, ValidationError (by field) for an
    event that has not ended, was cancelled, or input that is not right.
    """
    event = Event.objects.select_for_update().get(pk=event.live_item.pk)
    if not may_close_event(by, event):
        raise PermissionDenied
    existing = event_report_story(event)
    if existing is not None:
        return existing, False
    if error := event_close_error(event):
        raise ValidationError(error, code="not_ended")
    author = event.organisation if event.organisation_id else author
    if author is None:
        raise ValidationError({"author": _("Choose the organisation that tells the story.")})
    errors = {}
    if not highlights.strip():
        errors["highlights"] = _("Write the highlights of the event.")
    if not lessons.strip():
        errors["lessons"] = _("Write what you learned from the event.")
    if errors:
        raise ValidationError(errors)
    event_finish(event=event, by=by, attendance=attendance)
    data = _story_data(event, attendance=attendance, highlights=highlights, lessons=lessons)
    story = story_create(
        organisation=author,
        by=by,
        data={
            **data,
            # The author is not named beside itself (stories' rule).
            "organisations": [o for o in organisations if o.pk != author.pk],
            "subregions": list(event.subregions.all()),
        },
    )
    story.event = event
    story.save(update_fields=["event", "updated_at"])
    if photo:
        # Keyed by the upload form's fields; the whole close is undone with it.
        image_add(owner=story, by=by, **photo)
    story = review_submit(item=story, by=by)
    return story, True
