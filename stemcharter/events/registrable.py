"""Events described to the registration mechanism (``registrations.registry``), registered by
``EventsConfig.ready``: every published event takes registrations for its places, on its live
row (never a working copy of a new version), as its organiser chose: first come, first served,
with a waitlist when it is full, or on approval (the organiser accepts or declines each). An
event for signatories only takes registrations from members of signatories only.
Who manages them: members of the signatory that organises it, the contact points of its region
and the coordinators (an event of the STEM-charter itself: the last two)."""

from django.utils.translation import gettext_lazy as _

from stemcharter.registrations.registry import RegistrableType, RegistrationMode
from stemcharter.reviews.models import ReviewStatus

from .calendar import event_entry
from .models import Event

EVENT_REGISTRATIONS = RegistrableType(
    key="evenement",
    model=Event,
    label=_("event"),
    takes_registrations=lambda event: True,
    is_visible=lambda event: (
        event.status == ReviewStatus.PUBLISHED and event.revision_of_id is None
    ),
    capacity=lambda event: event.capacity,
    mode=lambda event: event.registration_mode or RegistrationMode.FIRST_COME,
    deadline=lambda event: event.registration_deadline,
    starts_at=lambda event: event.starts_at,
    ends_at=lambda event: event.ends_at,
    is_cancelled=lambda event: event.is_cancelled,
    title=lambda event: event.title,
    url=lambda event: event.get_absolute_url(),
    organisations=lambda event: [event.organisation] if event.organisation_id else [],
    subregions=lambda event: event.subregions.all(),
    calendar_entry=event_entry,
    members_only=lambda event: event.for_signatories_only,
    cancellation_reason=lambda event: event.cancellation_reason,
)
