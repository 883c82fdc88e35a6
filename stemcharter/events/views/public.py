"""Public pages: ``/evenementen/`` (upcoming events, and the past ones on their own tab), one
event's page, and the calendars (one event's ``.ics``, the feeds of all events and of a region).

Read pages for anyone: they work without JavaScript, set no cookie for anonymous visitors and
use a constant number of queries.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, TemplateView

from stemcharter.common.calendar import calendar_response
from stemcharter.common.filters import kept_results, lenient_page
from stemcharter.common.fragments import PAGE_DATA_CACHE, until_content_changes
from stemcharter.common.templatetags.sharing import absolute_url, organisation_json_ld
from stemcharter.organisations.selectors import subregion_list
from stemcharter.regions.models import Subregion
from stemcharter.registrations.selectors import item_places, own_registration_url
from stemcharter.registrations.services import is_signatory_member

from ..calendar import event_entry
from ..filters import EventFilterSet
from ..models import Event
from ..registrable import EVENT_REGISTRATIONS
from ..selectors import (
    event_calendar,
    event_card_list,
    event_get,
    event_past,
    event_signatories,
    event_upcoming,
)
from ..services import event_signable

PAST = "past"


class EventListView(TemplateView):
    """``/evenementen/``: upcoming events, soonest first; ``/evenementen/voorbij/`` (or
    ``?tab=past``): past events, the latest first. Filters: region, audience, month."""

    template_name = "events/event_list.html"
    paginate_by = 20
    past = False

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        past = self.past or self.request.GET.get("tab") == PAST
        now = timezone.now()
        filterset = EventFilterSet(
            self.request.GET,
            queryset=event_past(now) if past else event_upcoming(now),
            subregions=subregion_list(),
            today=timezone.localdate(),
            past=past,
        )
        # The count and each page of rows kept until public content changes, each row's HTML
        # kept on what it shows (``Event.card_version``), as the catalogue does
        # (``common.filters.KeptResults``): a warm page reads nothing. "Upcoming" is read at
        # the time the page was kept: an event that has just ended may stay on it up to
        # ``PUBLIC_PAGES_MAX_AGE`` seconds, as on the page cache.
        results = kept_results(filterset, rows=event_card_list)
        page = lenient_page(
            results,
            per_page=self.paginate_by,
            number=self.request.GET.get("page"),
            notices=filterset.notices,
            count=results.count(),
        )
        context.update(
            {
                "filterset": filterset,
                "selected": filterset.selected(),
                "notices": filterset.notices,
                "page_obj": page,
                "paginator": page.paginator,
                "events": list(page.object_list),
                "past": past,
                "subregions": filterset.subregions,
                "months": filterset.months,
                "audiences": Event.Audience.choices,
            }
        )
        return context


def event_json_ld(event: Event) -> dict:
    """schema.org ``Event``, as actions have (``actions.views.public.action_json_ld``), with
    the status and the way of attending."""
    page = absolute_url(event.get_absolute_url())
    if event.venue_name and event.online_url:
        mode = "https://schema.org/MixedEventAttendanceMode"
    elif event.venue_name:
        mode = "https://schema.org/OfflineEventAttendanceMode"
    else:
        mode = "https://schema.org/OnlineEventAttendanceMode"
    locations = []
    if event.venue_name:
        locations.append(
            {"@type": "Place", "name": event.venue_name, "address": event.venue_address}
        )
    if event.online_url:
        locations.append({"@type": "VirtualLocation", "url": event.online_url})
    if event.organisation_id:
        organiser = organisation_json_ld(event.organisation, is_public=event.organiser_is_public)
    else:
        organiser = {"@type": "Organization", "name": event.organiser_name(), "url": page}
    return {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "url": page,
        "startDate": timezone.localtime(event.starts_at).isoformat(),
        "endDate": timezone.localtime(event.ends_at).isoformat(),
        "eventStatus": "https://schema.org/EventCancelled"
        if event.is_cancelled
        else "https://schema.org/EventScheduled",
        "eventAttendanceMode": mode,
        "location": locations[0] if len(locations) == 1 else locations,
        "organizer": organiser,
    }


def event_page_data(slug: str) -> dict | None:
    """What the page of the published event ``slug`` shows from the database and the same
    for every visitor (``None`` when there is none): the event with its organiser, regions and
    programme, its published report, the organisations that signed the charter at it, and its
    JSON-LD. Not the places left, whether one may register or sign here now, nor anything of
    the visitor: the view reads those for every request."""
    try:
        event = event_get(slug=slug)
    except Event.DoesNotExist:
        return None
    subregions = list(event.subregions.all())
    return {
        "event": event,
        "subregions": subregions,
        "organiser_name": event.organiser_name(subregions),
        "sessions": list(event.sessions.all()),
        # The report with which its organiser closed it, once published (a story that names
        # the event: ``Story.event``, read through the relation; one query).
        "reports": list(
            event.stories.published().only("title", "slug", "summary", "event").order_by("pk")
        ),
        # The approved signatories that signed the charter at this event (signing_at.py).
        "signed_here": event_signatories(event=event),
        "json_ld": event_json_ld(event),
    }


class EventDetailView(DetailView):
    """``/evenementen/<slug>/``: one published event (404 for anything else).

    What every visitor shares is kept until public content changes (an event, its programme,
    its organisation, a region, a report story, a signature: ``common.page_cache``), as the
    action page does: the page's data (``event_page_data``) and, in the template, the HTML of
    everything around the live parts (``{% fragment_cache … until_content_changes %}``,
    keyed on the event and on whether it is over and open for registration now). Rendered
    for every request: the places left (counted for a logged-in person; for an anonymous
    visitor kept as the page cache keeps them, ``registrations.selectors.item_places``), the
    registration state, the "sign the charter here" window, the report link (from the kept
    data) and anything of the visitor."""

    template_name = "events/event_detail.html"
    context_object_name = "event"

    def get_object(self, queryset=None) -> Event:
        self.page_data = until_content_changes(
            "event-page",
            lambda: event_page_data(self.kwargs["slug"]),
            self.kwargs["slug"],
            store=PAGE_DATA_CACHE,
        )
        if self.page_data is None:
            raise Http404(_("There is no published event at this address."))
        return self.page_data["event"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        now = timezone.now()
        context.update(
            {
                **self.page_data,
                "share_url": absolute_url(event.get_absolute_url()),
                # Rendered for every request. Counted for every request for a logged-in
                # person (one query); for an anonymous visitor, kept until public content
                # changes: what the page cache shows them anyway (up to a minute old, and
                # new at once when the event becomes full or frees its last seat:
                # registrations.services), so a warm page reads nothing.
                "registration_places": item_places(
                    item=event, kept=not self.request.user.is_authenticated
                ),
                "register_url": reverse(
                    "registrations:register",
                    kwargs={"type_key": EVENT_REGISTRATIONS.key, "pk": event.pk},
                ),
                # The charter at this event (signing_at.py): the way to sign here while
                # it can be.
                "sign_here_url": (
                    reverse("events:event-sign", kwargs={"slug": event.slug})
                    if event_signable(event, now=now)
                    else ""
                ),
                # A logged-in person's own registration, and whether they may register in
                # one click: their page is never the cached one (``common.page_cache``).
                "own_registration_url": own_registration_url(item=event, user=self.request.user),
                "signatory_member": is_signatory_member(self.request.user),
                "registration_open": (
                    not event.is_cancelled
                    and not event.is_past
                    and (event.registration_deadline is None or event.registration_deadline >= now)
                ),
            }
        )
        return context


class EventCalendarView(View):
    """``/evenementen/<slug>/agenda.ics``: one event, to add to one's calendar."""

    def get(self, request, slug: str):
        try:
            event = event_get(slug=slug)
        except Event.DoesNotExist:
            raise Http404(_("There is no published event at this address.")) from None
        return calendar_response([event_entry(event)], filename=event.slug, name=event.title)


class EventsCalendarFeedView(View):
    """``/evenementen/agenda.ics`` and ``/evenementen/regio/<subregion_slug>/agenda.ics``: a
    calendar to subscribe to, with the upcoming events (and those of the last month)."""

    def get(self, request, subregion_slug: str | None = None):
        subregion = None
        if subregion_slug is not None:
            subregion = get_object_or_404(Subregion, slug=subregion_slug)
            name = _("STEM-charter events in %(region)s") % {"region": subregion.name}
            filename = f"stem-evenementen-{subregion.slug}"
        else:
            name, filename = _("STEM-charter events"), "stem-evenementen"
        entries = [event_entry(event) for event in event_calendar(subregion=subregion)]
        return calendar_response(entries, filename=filename, name=name, attachment=False)
