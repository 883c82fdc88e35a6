"""The back office of events (``/beheer/evenementen/``): contact points and coordinators list
the events of their regions, create events of the STEM-charter (published at once: they are
the reviewers) and change or cancel them. A contact point reaches only their own regions'
events: another region's event answers 403."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView

from stemcharter.accounts.rules import is_coordinator
from stemcharter.common.concurrency import EditConflict, EditConflictMixin
from stemcharter.common.mixins import BackofficeAccessMixin, LenientPaginationMixin
from stemcharter.regions.models import Subregion
from stemcharter.reviews.models import ReviewStatus
from stemcharter.reviews.portal import add_service_errors

from .. import services
from ..forms import (
    EventBackofficeForm,
    EventCancelForm,
    EventSessionFormSet,
    event_data,
    session_initial,
    session_rows,
)
from ..models import Event
from ..selectors import event_backoffice_list, event_for_backoffice


def _own_subregions(user):
    """The regions a user may put events in: all for a coordinator, their own for a contact
    point."""
    subregions = Subregion.objects.with_province()
    if is_coordinator(user):
        return subregions
    return subregions.filter(contact_points=user)


class EventListView(BackofficeAccessMixin, LenientPaginationMixin, ListView):
    """``/beheer/evenementen/``: the published events of one's regions, the latest first."""

    permission_required = "events.manage_events"
    template_name = "events/backoffice/event_list.html"
    context_object_name = "events"
    paginate_by = 30

    def get_queryset(self):
        return event_backoffice_list(user=self.request.user)


class _EventFormMixin(BackofficeAccessMixin):
    template_name = "events/backoffice/event_form.html"
    form_class = EventBackofficeForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["subregions"] = _own_subregions(self.request.user)
        return kwargs

    def sessions_formset(self):
        if self.request.method == "POST":
            return EventSessionFormSet(self.request.POST, prefix="session")
        return EventSessionFormSet(initial=self.session_initial(), prefix="session")

    def session_initial(self) -> list:
        return []

    def get_context_data(self, **kwargs):
        kwargs.setdefault("sessions", self.sessions_formset())
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        sessions = self.sessions_formset()
        if not sessions.is_valid():
            return self.render_to_response(self.get_context_data(form=form, sessions=sessions))
        rows = session_rows(sessions, event_start=form.cleaned_data.get("starts_at"))
        if any(f.errors for f in sessions.forms):
            return self.render_to_response(self.get_context_data(form=form, sessions=sessions))
        try:
            with self.unchanged_since():
                event = self.save(form, rows)
        except EditConflict as conflict:
            return self.edit_conflict(form, conflict)
        except ValidationError as error:
            if hasattr(error, "error_dict") and "sessions" in error.error_dict:
                form.add_error(None, error.error_dict.pop("sessions"))
            add_service_errors(form, error)
            return self.render_to_response(self.get_context_data(form=form, sessions=sessions))
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(reverse("backoffice:event-edit", kwargs={"slug": event.slug}))


class EventCreateView(_EventFormMixin, EditConflictMixin, FormView):
    """``/beheer/evenementen/nieuw/``: a new event of the STEM-charter, published at once."""

    permission_required = "events.manage_events"

    def versioned_object(self) -> None:
        return None  # nothing to compare with while creating

    @property
    def success_message(self) -> str:
        return _("You published the event. It is on the list of events now.")

    def save(self, form, rows) -> Event:
        return services.event_create_published(
            by=self.request.user, data=event_data(form.cleaned_data), sessions=rows
        )


class OneEventMixin(BackofficeAccessMixin):
    """One published event, by its slug: one of the STEM-charter, or one a signatory proposed
    and a reviewer published (its contact point changes it in place, as the reviewer of its
    region, e.g. a new room; the signatory changes it through review); a contact point of
    another region gets 403 (``events.manage_event``). A signatory's event that is not
    published (a draft, under review) is theirs alone: 404 here."""

    permission_required = "events.manage_event"

    @cached_property
    def event(self) -> Event:
        try:
            event = event_for_backoffice(slug=self.kwargs["slug"])
        except Event.DoesNotExist:
            raise Http404(_("There is no event at this address.")) from None
        if event.organisation_id is not None and event.status != ReviewStatus.PUBLISHED:
            raise Http404(_("There is no event at this address."))
        return event

    def get_permission_object(self):
        return self.event

    def get_context_data(self, **kwargs):
        return super().get_context_data(event=self.event, **kwargs)


class EventEditView(OneEventMixin, _EventFormMixin, EditConflictMixin, FormView):
    """``/beheer/evenementen/<slug>/``: change an event; calendars get the change (a higher
    SEQUENCE when times, place or status change), everyone registered an email when its time
    or place changes. A save from a page opened before someone else changed the event is
    refused, nothing lost (``common.concurrency``)."""

    def versioned_object(self) -> Event:
        return self.event

    @property
    def success_message(self) -> str:
        return _("You saved the event.")

    def get_initial(self):
        return EventBackofficeForm.initial_for(self.event)

    def session_initial(self) -> list:
        return session_initial(self.event)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("cancel_form", EventCancelForm())
        return super().get_context_data(**kwargs)

    def save(self, form, rows) -> Event:
        return services.event_update_published(
            event=self.event,
            by=self.request.user,
            data=event_data(form.cleaned_data),
            sessions=rows,
        )


class EventCancelView(OneEventMixin, FormView):
    """``/beheer/evenementen/<slug>/annuleren/`` (POST): cancel the event."""

    form_class = EventCancelForm
    template_name = "events/backoffice/event_cancel.html"

    def form_valid(self, form):
        try:
            services.event_cancel(
                event=self.event, by=self.request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("You cancelled the event. Its page and the calendars say so.")
        )
        return HttpResponseRedirect(
            reverse("backoffice:event-edit", kwargs={"slug": self.event.slug})
        )
