"""What organisations keep about a person: memberships, invitations to their addresses and
requests to join; and the rule that the last admin of an organisation others depend on cannot
leave it without an admin. Registered with accounts (stemcharter/accounts/registry.py) by
``OrganisationsConfig.ready``."""

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from stemcharter.accounts.models import User
from stemcharter.accounts.registry import (
    DeletedAlong,
    DeletionBlock,
    PersonalData,
    register_personal_data,
)
from stemcharter.accounts.selectors import email_matches_q, iso_datetime, user_email_addresses

from .models import DoNotContact, Invitation, JoinRequest, Membership, Organisation


def _sole_admin_organisations(*, user: User) -> QuerySet[Organisation]:
    admin_of = Membership.objects.filter(user=user, role=Membership.Role.ADMIN).values(
        "organisation_id"
    )
    other_admins = Membership.objects.filter(role=Membership.Role.ADMIN).exclude(user=user)
    return Organisation.objects.filter(pk__in=admin_of).exclude(
        pk__in=other_admins.values("organisation_id")
    )


def organisations_blocking_deletion(*, user: User) -> QuerySet[Organisation]:
    """Organisations where the person is the last admin and that others still depend on.

    They have another member or a signature, so someone else must become admin first.
    """
    return (
        _sole_admin_organisations(user=user)
        .annotate(
            member_count=Count("memberships", distinct=True),
            signature_count=Count("signatures", distinct=True),
        )
        .filter(Q(member_count__gt=1) | Q(signature_count__gt=0))
        .order_by("name")
    )


def organisations_deleted_with_user(*, user: User) -> QuerySet[Organisation]:
    """Organisations with only this person as member and no signature at all."""
    return (
        _sole_admin_organisations(user=user)
        .annotate(
            member_count=Count("memberships", distinct=True),
            signature_count=Count("signatures", distinct=True),
        )
        .filter(member_count=1, signature_count=0)
        .order_by("name")
    )


def invitations_to_user(*, user: User) -> QuerySet[Invitation]:
    """Invitations addressed to one of the person's email addresses."""
    return Invitation.objects.filter(
        email_matches_q("email", user_email_addresses(user=user))
    ).select_related("organisation")


# Memberships: they go with the account (by cascade), and so do the organisations nobody else
# uses; the last admin of an organisation others depend on must hand it over first.


def _memberships(user: User) -> list[dict]:
    return [
        {
            "organisation": membership.organisation.name,
            "role": membership.role,
            "since": iso_datetime(membership.created_at),
        }
        for membership in Membership.objects.filter(user=user).select_related("organisation")
    ]


def _memberships_summary(memberships: list) -> str:
    counter = len(memberships)
    return ngettext(
        "%(counter)s membership of an organisation",
        "%(counter)s memberships of organisations",
        counter,
    ) % {"counter": counter}


def _last_admin_of(user: User) -> DeletionBlock | None:
    organisations = list(organisations_blocking_deletion(user=user))
    if not organisations:
        return None
    names = ", ".join(organisation.name for organisation in organisations)
    return DeletionBlock(
        notice=gettext(
            "You are the last admin of these organisations. Make someone else admin first, "
            "then delete your account:"
        ),
        refusal=gettext(
            "You are the last admin of %(organisations)s. Make someone else admin first, then "
            "delete your account."
        )
        % {"organisations": names},
        links=[
            (
                organisation.name,
                reverse("portal:member-list", kwargs={"organisation_slug": organisation.slug}),
            )
            for organisation in organisations
        ],
    )


def _organisations_deleted_along(user: User) -> DeletedAlong | None:
    organisations = organisations_deleted_with_user(user=user)
    names = [organisation.name for organisation in organisations]
    if not names:
        return None
    return DeletedAlong(
        intro=gettext(
            "These organisations have no other members and no signature; they are deleted "
            "with your account:"
        ),
        names=names,
    )


def _delete_organisations_nobody_else_uses(user: User) -> None:
    for organisation in organisations_deleted_with_user(user=user):
        organisation.delete()


register_personal_data(
    PersonalData(
        key="memberships",
        fields=("organisations.Membership.user",),
        order=10,
        export=_memberships,
        summary=_memberships_summary,
        on_delete=_("your account and your memberships of organisations are removed;"),
        erase=_delete_organisations_nobody_else_uses,
        blocks=_last_admin_of,
        deleted_along=_organisations_deleted_along,
    )
)


def _invitations(user: User) -> list[dict]:
    return [
        {
            "organisation": invitation.organisation.name,
            "kind": invitation.kind,
            "email": invitation.email,
            "role": invitation.role,
            "status": invitation.status,
            # An invitation to sign: what the inviter wrote about the person and to them.
            "name": invitation.invitee_name,
            "invited_organisation": invitation.invitee_organisation_name,
            "message": invitation.message,
            "opened_at": iso_datetime(invitation.opened_at),
            "created_at": iso_datetime(invitation.created_at),
            "expires_at": iso_datetime(invitation.expires_at),
        }
        for invitation in invitations_to_user(user=user)
    ]


def _invitations_summary(invitations: list) -> str:
    counter = len(invitations)
    return ngettext(
        "%(counter)s invitation to your email address",
        "%(counter)s invitations to your email address",
        counter,
    ) % {"counter": counter}


def _delete_invitations(user: User) -> None:
    invitations_to_user(user=user).delete()


register_personal_data(
    PersonalData(
        key="invitations",
        order=30,
        export=_invitations,
        summary=_invitations_summary,
        on_delete=_("invitations to your email address and your requests to join are removed;"),
        erase=_delete_invitations,
    )
)


def do_not_contact_of(*, user: User) -> QuerySet[DoNotContact]:
    """The person's addresses on the do-not-contact list."""
    return DoNotContact.objects.filter(email_matches_q("email", user_email_addresses(user=user)))


def _do_not_contact(user: User) -> list[dict]:
    return [
        {"email": entry.email, "source": entry.source, "created_at": iso_datetime(entry.created_at)}
        for entry in do_not_contact_of(user=user)
    ]


def _do_not_contact_summary(entries: list) -> str:
    counter = len(entries)
    if not counter:
        return ""
    return ngettext(
        "%(counter)s address on the do-not-contact list of invitations",
        "%(counter)s addresses on the do-not-contact list of invitations",
        counter,
    ) % {"counter": counter}


# The do-not-contact list (issue 14) stays when the account goes: it holds only the address,
# and is what keeps invitations from reaching it (a coordinator can take it off on request).
register_personal_data(
    PersonalData(
        key="do_not_contact",
        order=35,
        export=_do_not_contact,
        summary=_do_not_contact_summary,
        on_delete=_(
            "your address stays on the do-not-contact list, if you put it there, so that "
            "nobody invites it again;"
        ),
    )
)


def _join_requests(user: User) -> list[dict]:
    return [
        {
            "organisation": join_request.organisation.name,
            "message": join_request.message,
            "status": join_request.status,
            "created_at": iso_datetime(join_request.created_at),
            "decided_at": iso_datetime(join_request.decided_at),
        }
        for join_request in JoinRequest.objects.filter(user=user).select_related("organisation")
    ]


def _join_requests_summary(join_requests: list) -> str:
    counter = len(join_requests)
    return ngettext("%(counter)s request to join", "%(counter)s requests to join", counter) % {
        "counter": counter
    }


def _delete_join_requests(user: User) -> None:
    JoinRequest.objects.filter(user=user).delete()


register_personal_data(
    PersonalData(
        key="join_requests",
        fields=("organisations.JoinRequest.user",),
        order=40,
        export=_join_requests,
        summary=_join_requests_summary,
        erase=_delete_join_requests,
    )
)

# Who registered an organisation, sent or accepted an invitation, or answered a request to
# join: emptied with the account.
register_personal_data(
    PersonalData(
        key="organisations_bookkeeping",
        fields=(
            "organisations.Organisation.created_by",
            "organisations.Invitation.invited_by",
            "organisations.Invitation.accepted_by",
            "organisations.JoinRequest.decided_by",
        ),
    )
)
