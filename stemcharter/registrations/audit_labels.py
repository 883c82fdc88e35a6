"""The words for the audit entries that the registration mechanism writes (see
stemcharter/audit/registry.py)."""

from django.utils.translation import gettext_lazy as _

from stemcharter.audit.registry import register_audit_labels

from .models import Registration

register_audit_labels(
    codes={
        "registrations.registration.created": _("Registration made"),
        "registrations.registration.confirmed": _("Registration confirmed by email"),
        "registrations.registration.cancelled": _("Registration cancelled"),
        "registrations.registration.cancelled_with_item": _(
            "Registration cancelled with the activity"
        ),
        "registrations.registration.cancelled_by_organiser": _(
            "Registration cancelled by the organiser"
        ),
        "registrations.registration.added_by_organiser": _("Registration added by the organiser"),
        "registrations.registration.promoted": _("Promoted from the waitlist"),
        "registrations.registration.accepted": _("Application accepted"),
        "registrations.registration.declined": _("Application declined"),
        "registrations.registration.checked_in": _("Checked in"),
        "registrations.registration.attendance": _("Attendance recorded"),
    },
    subjects={
        "registrations": _("Registrations"),
        "registrations.registration": _("Registrations"),
    },
    details={
        "registered_item": _("Registered for"),
        "registration_seats": _("Places"),
        "registration_state": _("Status"),
        "registration_attended": _("Attended"),
    },
    values={"registration_state": dict(Registration.State.choices)},
    # The item as "app.model:number", for programs; the entry names the registration.
    internal_details=["registered_item"],
)
