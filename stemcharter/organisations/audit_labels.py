"""The words for the audit entries that the organisations' services write (see
stemcharter/audit/registry.py)."""

from django.utils.translation import gettext_lazy as _

from stemcharter.audit.registry import BackofficeLink, register_audit_labels

from .models import Membership

register_audit_labels(
    codes={
        "organisations.organisation.created": _("Organisation registered"),
        "organisations.organisation.confirmed": _(
            "Organisation registration confirmed (its signer confirmed the email address)"
        ),
        "organisations.organisation.updated": _("Organisation profile changed"),
        "organisations.membership.removed": _("Member removed"),
        "organisations.membership.role_changed": _("Member's role changed"),
        "organisations.invitation.created": _("Invitation sent"),
        "organisations.invitation.accepted": _("Invitation accepted"),
        "organisations.invitation.revoked": _("Invitation revoked"),
        "organisations.join_request.created": _("Request to join sent"),
        "organisations.join_request.accepted": _("Request to join accepted"),
        "organisations.join_request.declined": _("Request to join declined"),
    },
    subjects={
        "organisations": _("Organisations"),
        "organisations.organisation": _("Organisation profiles"),
        "organisations.membership": _("Members"),
        "organisations.invitation": _("Invitations"),
        "organisations.join_request": _("Requests to join"),
    },
    details={
        "role": _("Role"),
        "new_member": _("New member"),
        "provisional": _("Provisional, until its signature is decided"),
    },
    values={"role": lambda value: str(dict(Membership.Role.choices).get(value, value))},
    links={
        "organisations.organisation": BackofficeLink(
            "backoffice:organisation-detail", "slug", "slug"
        ),
    },
)
