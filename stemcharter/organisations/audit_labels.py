"""The words for the audit entries that the organisations' services write (see
stemcharter/audit/registry.py)."""

from django.utils.translation import gettext_lazy as _

from stemcharter.audit.registry import BackofficeLink, register_audit_labels

from .models import DoNotContact, Membership

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
        # --- invite (issue 14) ---
        # Sent by outreach.services.signing_invitation_create: one subject, "Invitations", for
        # both kinds; revoking either is "invitation.revoked".
        "organisations.invitation.signing_created": _("Invitation to sign sent"),
        "organisations.do_not_contact.added": _("Address put on the do-not-contact list"),
        "organisations.do_not_contact.removed": _("Address taken off the do-not-contact list"),
    },
    subjects={
        "organisations": _("Organisations"),
        "organisations.organisation": _("Organisation profiles"),
        "organisations.membership": _("Members"),
        "organisations.invitation": _("Invitations"),
        "organisations.join_request": _("Requests to join"),
        "organisations.do_not_contact": _("Do-not-contact list"),
    },
    details={
        "role": _("Role"),
        "new_member": _("New member"),
        "provisional": _("Provisional, until its signature is decided"),
        "list_source": _("Added"),
        "invitee_organisation": _("Invited organisation"),
    },
    written_details=["invitee_organisation"],
    values={
        "role": lambda value: str(dict(Membership.Role.choices).get(value, value)),
        "list_source": lambda value: str(dict(DoNotContact.Source.choices).get(value, value)),
    },
    links={
        "organisations.organisation": BackofficeLink(
            "backoffice:organisation-detail", "slug", "slug"
        ),
    },
)
