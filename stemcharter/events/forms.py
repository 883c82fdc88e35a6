"""The forms of events: the steps a signatory fills in the portal (``reviews.portal``
``ItemStepForm``), and the one form of the back office with the same fields plus the
programme. Times are asked as a date and a time in Brussels time (``TIME_ZONE``) and become
aware datetimes here; ``services.event_errors`` checks them against each other (the forms show
its messages beside their fields, the services check again on save)."""

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import from_current_timezone
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from stemcharter.common.forms import CleanTextForm
from stemcharter.common.numbers import IdModelChoiceField
from stemcharter.regions.models import Subregion
from stemcharter.registrations.registry import RegistrationMode
from stemcharter.reviews.portal import (
    MARKDOWN_HINT,
    ItemStepForm,
    item_summary_field,
    item_title_field,
)

from . import services
from .models import CAPACITY_MAX, Event

# The pairs of form fields that make one datetime of the model.
DATETIME_PARTS = {
    "starts_at": ("start_date", "start_time"),
    "ends_at": ("end_date", "end_time"),
    "registration_deadline": ("deadline_date", "deadline_time"),
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs=attrs, format="%H:%M")


def _date_field(label, *, required=True, help_text="") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=DateInput(),
        error_messages={
            "required": _("Enter a date, for example 2027-03-27."),
            "invalid": _("Enter a real date, for example 2027-03-27."),
        },
    )


def _time_field(label, *, required=True, help_text="") -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=required,
        help_text=help_text,
        widget=TimeInput(),
        error_messages={
            "required": _("Enter a time, for example 19:30."),
            "invalid": _("Enter a time as hours and minutes, for example 19:30."),
        },
    )


def local_datetime(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """A date and a time typed in Brussels time as an aware datetime; a time the clock skips
    (the last Sunday of March) or passes twice (of October) is refused with Django's message."""
    return from_current_timezone(datetime.datetime.combine(day, time))


def _join_datetimes(form: forms.Form, data: dict[str, Any]) -> None:
    """Put ``starts_at``, ``ends_at`` and ``registration_deadline`` in ``data`` from their
    date and time fields (those the form has)."""
    for name, (day_name, time_name) in DATETIME_PARTS.items():
        if day_name not in form.fields:
            continue
        day, time = data.get(day_name), data.get(time_name)
        if name == "registration_deadline" and day and not time:
            time = datetime.time(23, 59)
        if name == "registration_deadline" and time and not day and day_name not in form.errors:
            form.add_error(
                day_name, _("Enter the day of the registration deadline, or leave its time empty.")
            )
        if day and time:
            try:
                data[name] = local_datetime(day, time)
            except ValidationError as error:
                form.add_error(time_name, error)
        else:
            data[name] = None


def _belongs_to(form: forms.Form, name: str) -> str | None:
    """The field of ``form`` that shows an error about the model field ``name``, or None."""
    if name in DATETIME_PARTS:
        name = DATETIME_PARTS[name][0]
    return name if name in form.fields else None


def _add_event_errors(form: forms.Form, values: dict[str, Any], *, complete: bool) -> None:
    """``services.event_errors`` beside the fields of ``form`` that show them (a datetime's
    message beside its date), unless the field has an error of its own."""
    for name, message in services.event_errors(values, complete=complete).items():
        field = _belongs_to(form, name)
        if field is None or field in form.errors:
            continue
        if name in DATETIME_PARTS and DATETIME_PARTS[name][1] in form.errors:
            continue
        form.add_error(field, message)


def _subregion_field(label=None, help_text=None) -> IdModelChoiceField:
    field = IdModelChoiceField(
        label=label or _("In which region does it take place?"),
        queryset=Subregion.objects.with_province(),
        help_text=help_text or _("The contact point of this region reviews the event."),
        error_messages={"required": _("Choose the region of the event.")},
    )
    field.label_from_instance = lambda subregion: f"{subregion.name} ({subregion.province.name})"
    return field


class EventWhatFields(CleanTextForm):
    markdown_fields = ("description",)

    title = item_title_field(
        help_text=_("Short and concrete, for example: STEM exchange day in Ghent.")
    )
    summary = item_summary_field(
        help_text=_("One or two sentences that appear in the list of events.")
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=10_000,
        help_text=format_lazy(
            "{} {}", _("What happens, for whom, what participants need."), MARKDOWN_HINT
        ),
        error_messages={
            "required": _("Describe the event: what happens, for whom, what participants need."),
            "max_length": _(
                "Shorten the description to at most %(limit_value)d characters (it has "
                "%(show_value)d)."
            ),
        },
        widget=forms.Textarea(attrs={"rows": 10}),
    )


class EventWhereWhenFields(CleanTextForm):
    venue_name = forms.CharField(
        label=_("Venue"),
        required=False,
        max_length=150,
        help_text=_(
            "For example: Technopolis, or the name of a school. Empty for an online event."
        ),
        error_messages={
            "max_length": _(
                "Shorten the venue to at most %(limit_value)d characters (it has %(show_value)d)."
            )
        },
    )
    venue_address = forms.CharField(
        label=_("Address of the venue"),
        required=False,
        max_length=250,
        help_text=_("Street and number, postcode and town."),
        error_messages={
            "max_length": _(
                "Shorten the address to at most %(limit_value)d characters (it has %(show_value)d)."
            )
        },
        # The venue's address, not the writer's own: no autofill (and "street-address" is
        # for a multi-line field only, HTML's autofill rules).
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    online_url = forms.URLField(
        label=_("Online link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("For an online event or one you can also follow online."),
        error_messages={
            "invalid": _("Enter a web address, for example https://meet.example.be/x."),
            "max_length": _(
                "Shorten the link to at most %(limit_value)d characters (it has %(show_value)d)."
            ),
        },
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    start_date = _date_field(_("Start date"))
    start_time = _time_field(_("Start time"), help_text=_("In Belgian time."))
    end_date = _date_field(_("End date"), help_text=_("The same as the start date for one day."))
    end_time = _time_field(_("End time"))


class EventTakePartFields(CleanTextForm):
    audience = forms.ChoiceField(
        label=_("Who may take part?"),
        choices=Event.Audience.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Everyone sees the event; for an event for signatories only, only members of "
            "signatories may register."
        ),
        error_messages={"required": _("Choose who may take part.")},
    )
    capacity = forms.IntegerField(
        label=_("Places"),
        required=False,
        min_value=1,
        max_value=CAPACITY_MAX,
        help_text=_("Leave empty if the number of participants is not limited."),
        error_messages={
            "invalid": _("Enter the number of places as a whole number, for example 40."),
            "min_value": _("Enter a number of places of 1 or more, or leave it empty."),
            "max_value": _(
                "Enter at most %(limit_value)s places, or leave it empty if the number is "
                "not limited."
            ),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    registration_mode = forms.ChoiceField(
        label=_("Who gets a place?"),
        choices=RegistrationMode.choices,
        initial=RegistrationMode.FIRST_COME,
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "“On approval”: you accept or decline each registration, with a message; there is "
            "no waitlist then."
        ),
    )
    deadline_date = _date_field(
        _("Registration deadline"),
        required=False,
        help_text=_("The last day to register. Leave empty to register until the start."),
    )
    deadline_time = _time_field(
        _("Registration deadline (time)"),
        required=False,
        help_text=_("Leave empty for the end of that day."),
    )

    def clean_registration_mode(self) -> str:
        return self.cleaned_data.get("registration_mode") or RegistrationMode.FIRST_COME


def _step_clean(form: ItemStepForm, data: dict[str, Any]) -> dict[str, Any]:
    """A portal step: its own fields checked against what the event already holds. The step
    with the place and the times asks them whole; the services check the whole event again."""
    _join_datetimes(form, data)
    if "subregion" in form.fields:
        data["subregions"] = [data["subregion"]] if data.get("subregion") else []
    values = {
        name: getattr(form.item, name) if form.item is not None else None
        for name in Event.revision_fields
    }
    values.update({name: data.get(name) for name in Event.revision_fields if name in data})
    _add_event_errors(form, values, complete="venue_name" in form.fields)
    return data


def event_data(cleaned: dict[str, Any]) -> dict[str, Any]:
    """What the services take from a form's cleaned data: the model's fields."""
    names = {*Event.revision_fields, "subregions"}
    return {name: value for name, value in cleaned.items() if name in names}


def _local(value: datetime.datetime | None) -> str:
    return date_format(timezone.localtime(value), "DATETIME_FORMAT") if value else "—"


# The portal: a signatory proposes an event in three steps.


class EventWhatForm(ItemStepForm, EventWhatFields):
    markdown_fields = ("description",)  # StepForm's empty default comes first in the MRO


class EventWhereWhenForm(ItemStepForm, EventWhereWhenFields):
    subregion = _subregion_field()

    field_order = ["subregion"]

    def clean(self) -> dict[str, Any]:
        return _step_clean(self, super().clean())

    def summary_rows(self) -> list[tuple]:
        data = self.cleaned_data
        rows: list[tuple] = [(self.fields["subregion"].label, str(data["subregion"]))]
        if data.get("venue_name"):
            rows.append((self.fields["venue_name"].label, data["venue_name"], True))
            rows.append((self.fields["venue_address"].label, data["venue_address"], True))
        if data.get("online_url"):
            rows.append((self.fields["online_url"].label, data["online_url"]))
        rows.append((_("Starts"), _local(data.get("starts_at"))))
        rows.append((_("Ends"), _local(data.get("ends_at"))))
        return rows


class EventTakePartForm(ItemStepForm, EventTakePartFields):
    def clean(self) -> dict[str, Any]:
        return _step_clean(self, super().clean())

    def summary_rows(self) -> list[tuple]:
        data = self.cleaned_data
        capacity = data.get("capacity")
        mode = data.get("registration_mode") or RegistrationMode.FIRST_COME
        return [
            (self.fields["audience"].label, Event.Audience(data["audience"]).label),
            (self.fields["capacity"].label, str(capacity) if capacity else _("Not limited")),
            (self.fields["registration_mode"].label, RegistrationMode(mode).label),
            (self.fields["deadline_date"].label, _local(data.get("registration_deadline"))),
        ]


# The back office: everything on one page, with the programme below.


class EventBackofficeForm(EventWhatFields, EventWhereWhenFields, EventTakePartFields):
    # Written in the back office, an event (or its change) is published at once: no review.
    subregion = _subregion_field(
        _("Region"),
        help_text=_("The event appears in this region's list. It is published at once."),
    )

    field_order = ["title", "summary", "description", "subregion"]

    def __init__(self, *args: Any, subregions=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if subregions is not None:
            self.fields["subregion"].queryset = subregions

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _join_datetimes(self, data)
        data["subregions"] = [data["subregion"]] if data.get("subregion") else []
        _add_event_errors(self, data, complete=True)
        return data

    @classmethod
    def initial_for(cls, event: Event) -> dict[str, Any]:
        initial = {name: getattr(event, name) for name in Event.revision_fields}
        for name, (day_name, time_name) in DATETIME_PARTS.items():
            value = getattr(event, name)
            if value:
                local = timezone.localtime(value)
                initial[day_name], initial[time_name] = local.date(), local.time()
        initial["subregion"] = event.subregion_id
        return initial


class EventSessionForm(CleanTextForm):
    """One row of the programme; a row left empty is no session."""

    date = _date_field(_("Date"), required=False, help_text=_("Empty: the day the event starts."))
    start_time = _time_field(_("Starts"), required=False)
    end_time = _time_field(_("Ends"), required=False)
    title = forms.CharField(
        label=_("Session"),
        required=False,
        max_length=200,
        error_messages={
            "max_length": _(
                "Shorten the title of the session to at most %(limit_value)d characters (it has "
                "%(show_value)d)."
            )
        },
    )
    speaker = forms.CharField(
        label=_("Speaker"),
        required=False,
        max_length=200,
        error_messages={
            "max_length": _(
                "Shorten the speaker to at most %(limit_value)d characters (it has %(show_value)d)."
            )
        },
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("title") and not data.get("start_time") and "start_time" not in self.errors:
            self.add_error(
                "start_time", _("Enter the time this session starts, for example 19:30.")
            )
        if data.get("start_time") and not data.get("title"):
            self.add_error("title", _("Enter the title of this session."))
        return data


EventSessionFormSet = forms.formset_factory(EventSessionForm, extra=3, max_num=30)


def session_rows(formset, *, event_start: datetime.datetime | None) -> list[services.SessionRow]:
    """The programme from a valid formset, in aware datetimes (a row without a date is on the
    day the event starts). A time the clock skips becomes an error of the formset."""
    rows = []
    default_day = timezone.localtime(event_start).date() if event_start else None
    for form in formset.forms:
        data = form.cleaned_data
        if not data or not data.get("title"):
            continue
        day = data.get("date") or default_day
        if day is None:
            continue
        try:
            starts = local_datetime(day, data["start_time"])
            ends = local_datetime(day, data["end_time"]) if data.get("end_time") else None
        except ValidationError as error:
            form.add_error("start_time", error)
            continue
        rows.append(
            services.SessionRow(
                starts_at=starts, ends_at=ends, title=data["title"], speaker=data.get("speaker", "")
            )
        )
    return rows


def session_initial(event: Event) -> list[dict[str, Any]]:
    if event.starts_at is None:
        return []
    first_day = timezone.localtime(event.starts_at).date()
    rows = []
    for session in event.sessions.all():
        starts = timezone.localtime(session.starts_at)
        rows.append(
            {
                "date": None if starts.date() == first_day else starts.date(),
                "start_time": starts.time(),
                "end_time": timezone.localtime(session.ends_at).time() if session.ends_at else None,
                "title": session.title,
                "speaker": session.speaker,
            }
        )
    return rows


class EventCancelForm(CleanTextForm):
    reason = forms.CharField(
        label=_("Why is it cancelled?"),
        max_length=services.REASON_MAX,
        help_text=_(
            "Shown on the event's page and in the email to everyone registered. For example: "
            "too few registrations."
        ),
        error_messages={
            "required": _(
                "Say why the event is cancelled: the reason is on its page and in the email "
                "to everyone registered."
            ),
            "max_length": _(
                "Shorten the reason to at most %(limit_value)d characters (it has %(show_value)d)."
            ),
        },
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class EventProgrammeForm(ItemStepForm):
    """The portal's step with the programme: the sessions (time, title, speaker) as in the back
    office, one row each (``EventSessionFormSet``). Its ``cleaned_data["sessions"]`` holds the
    rows (``services.SessionRow``) when the page sent them; checked on the check page against
    the event's times as saved (a session outside the event after its times changed)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sent = self.is_bound and f"{SESSION_PREFIX}-TOTAL_FORMS" in self.data
        if sent:
            self.sessions = EventSessionFormSet(self.data, prefix=SESSION_PREFIX)
        else:
            initial = session_initial(self.item) if self.item is not None else []
            self.sessions = EventSessionFormSet(initial=initial, prefix=SESSION_PREFIX)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        event = self.item
        values = {
            "starts_at": event.starts_at if event else None,
            "ends_at": event.ends_at if event else None,
        }
        if not self.sessions.is_bound:  # the check page: the programme as saved
            rows = [
                services.SessionRow(
                    starts_at=session.starts_at,
                    ends_at=session.ends_at,
                    title=session.title,
                    speaker=session.speaker,
                )
                for session in (event.sessions.all() if event else [])
            ]
            self._add_session_errors(values, rows)
            return data
        if not self.sessions.is_valid():
            self.add_error(None, _("Check the sessions: a message says what to change."))
            return data
        titled = [f for f in self.sessions.forms if f.cleaned_data.get("title")]
        if titled and values["starts_at"] is None:
            self.add_error(
                None,
                _(
                    "Fill in when the event takes place first (the step “Where and when?”): "
                    "the sessions take place during the event."
                ),
            )
            return data
        rows = session_rows(self.sessions, event_start=values["starts_at"])
        if any(f.errors for f in self.sessions.forms):
            self.add_error(None, _("Check the sessions: a message says what to change."))
            return data
        self._add_session_errors(values, rows)
        data["sessions"] = rows
        return data

    def _add_session_errors(self, values: dict[str, Any], rows: list) -> None:
        for message in services.session_errors(values, rows).values():
            self.add_error(None, message)

    def summary_rows(self) -> list[tuple]:
        rows = self.cleaned_data.get("sessions")
        if rows is None:
            rows = list(self.item.sessions.all()) if self.item is not None else []
        if not rows:
            return [(_("Programme"), _("No sessions yet (the programme is optional)."))]
        return [
            (
                date_format(timezone.localtime(row.starts_at), "DATETIME_FORMAT"),
                f"{row.title} ({row.speaker})" if row.speaker else row.title,
                True,
            )
            for row in rows
        ]


SESSION_PREFIX = "session"
