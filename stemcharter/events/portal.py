"""Events in the signatory portal: the generic item portal of ``reviews`` configured for events
(steps, services, permissions). A signatory proposes an event; a contact point of its region or
a coordinator reviews it. ``urls.py`` mounts it (``reviews.portal_urls.item_portal_urlpatterns``).
"""

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stemcharter.common.wizard import Step
from stemcharter.reviews.portal import ItemPortal, PortalTexts

from . import services
from .forms import (
    EventProgrammeForm,
    EventTakePartForm,
    EventWhatForm,
    EventWhereWhenForm,
    event_data,
)
from .models import Event


def _create(*, organisation, by, data) -> Event:
    return services.event_create(organisation=organisation, by=by, data=event_data(data))


def _update(*, item, by, data) -> Event:
    return services.event_update(
        event=item, by=by, data=event_data(data), sessions=data.get("sessions")
    )


def _report_links(event: Event, user) -> list[tuple[str, str, str]]:
    """Closing a published event that is over with a report (``pages.event_report``)."""
    if event.is_revision or event.status != "published" or not event.is_past:
        return []
    if event.is_cancelled:
        return []
    url = reverse(
        "portal:event-report",
        kwargs={"organisation_slug": event.organisation.slug, "pk": event.pk},
    )
    return [(gettext("Report"), gettext("Close with a report"), url)]


EVENT_PORTAL = ItemPortal(
    key="event",
    model=Event,
    segment="evenementen",
    steps=(
        Step("wat", _("What is the event?"), EventWhatForm),
        Step("waar-en-wanneer", _("Where and when?"), EventWhereWhenForm),
        Step(
            "programma",
            _("What is the programme?"),
            EventProgrammeForm,
            template_name="events/portal/_step_programme.html",
        ),
        Step("deelname", _("Who takes part?"), EventTakePartForm),
    ),
    create=_create,
    update=_update,
    add_permission="events.add_event",
    change_permission="events.change_event",
    view_permission="events.view_event",
    visible_to=lambda organisation: Event.objects.filter(organisation=organisation),
    kind_label=lambda event: str(_("Event")),
    extra_links=_report_links,
    texts=PortalTexts(
        items=_("Events"),
        new=_("Propose an event"),
        empty=_(
            "Your organisation has not proposed an event yet. Propose one: a meeting where "
            "signatories share what works, a STEM fair, a workshop for teachers…"
        ),
        not_signatory=_(
            "Your organisation can propose events once a coordinator has approved its "
            "signature of the charter. Has it not signed yet? An admin of your organisation "
            "signs the charter from the portal home page."
        ),
        read_only=_("%(organisation)s organises this event. Only its members can change it."),
    ),
)
