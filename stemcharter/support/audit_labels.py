"""The words for the audit entries about support requests (see stemcharter/audit/registry.py)."""

from django.utils.translation import gettext_lazy as _

from stemcharter.audit.registry import BackofficeLink, register_audit_labels

from .models import SupportRequest

register_audit_labels(
    codes={
        "support.request.created": _("Support request posted"),
        "support.request.withdrawn": _("Support request withdrawn"),
        "support.request.flagged_contact_point": _(
            "Support request without an offer: contact point told"
        ),
        "support.request.flagged_coordinators": _(
            "Support request without an offer: coordinators told"
        ),
        "support.request.confirmed": _("Support request: said whether the help took place"),
        "support.offer.created": _("Offer made"),
        "support.offer.accepted": _("Offer accepted"),
        "support.offer.declined": _("Offer declined"),
        "support.offer.withdrawn": _("Offer withdrawn"),
        "support.suggestion.created": _("Signatory suggested for a request"),
        "support.partner_call.created": _("Partner call posted"),
        "support.partner_call.closed": _("Partner call closed"),
        "support.partner_call.answered": _("Partner call answered"),
        # match: the daily digest of school requests
        "support.digest.turned_on": _("Daily email of school requests turned on"),
        "support.digest.turned_off": _("Daily email of school requests turned off"),
        # calls: the joint action a call led to
        "support.partner_call.linked": _("Partner call linked to its joint action"),
        "support.partner_call.unlinked": _("Partner call no longer linked to an action"),
    },
    subjects={
        "support": _("Support requests"),
        "support.request": _("Support requests"),
        "support.offer": _("Support requests"),
        "support.suggestion": _("Support requests"),
        "support.partner_call": _("Partner calls"),
        "support.digest": _("Support requests"),
    },
    # --- wait: a request's page in the back office ---
    links={
        "support.supportrequest": BackofficeLink("backoffice:support-request-detail", "pk", "pk"),
        "support.suggestion": BackofficeLink(
            "backoffice:support-request-detail", "pk", "support_request_id"
        ),
    },
    # --- end wait ---
    details={
        "days_waiting": _("Days without an offer"),
        "request_title": _("Request"),
        "school": _("School"),
        "kind": _("Kind of help"),
        "side": _("Who answered"),
        "happened": _("Took place"),
        "request_status": _("Status of the request"),
        "offers_told": _("Signatories told"),
        "action": _("Joint action"),
    },
    values={
        "side": {"school": _("the school"), "offerer": _("the signatory that helped")},
        "happened": {True: _("yes"), False: _("no")},
        "request_status": dict(SupportRequest.Status.choices),
    },
)
