"""Who may see and do what with support requests (issue 13, "Only the school's members, the
offering signatories (their own offers only), the region's contact points and coordinators can
see a request's details").

The predicates take the request; the offering signatory's view of a request is limited to its
own offer by the views (``selectors``), not by a second permission.
"""

import rules

from stemcharter.accounts.rules import is_coordinator
from stemcharter.organisations.models import Organisation


@rules.predicate
def is_requester(user, support_request) -> bool:
    """The person who asked, or a member of the school that asked."""
    if support_request is None or not user.is_authenticated:
        return False
    if support_request.created_by_id == user.pk:
        return True
    if support_request.organisation_id is None:
        return False
    return support_request.organisation.memberships.filter(user=user).exists()


@rules.predicate
def is_contact_point_of_request(user, support_request) -> bool:
    if support_request is None or not user.is_authenticated:
        return False
    return support_request.subregion.contact_points.filter(pk=user.pk).exists()


@rules.predicate
def has_offered(user, support_request) -> bool:
    """A member of a signatory that made an offer on it (it sees its own offer only)."""
    if support_request is None or not user.is_authenticated:
        return False
    return support_request.offers.filter(organisation__memberships__user=user).exists()


rules.add_perm("support.manage_request", is_requester)
rules.add_perm("support.oversee_request", is_coordinator | is_contact_point_of_request)
rules.add_perm(
    "support.view_request",
    is_requester | has_offered | is_coordinator | is_contact_point_of_request,
)


# --- calls: partner calls -------------------------------------------------------------------
# Partner calls are between signatories: members of an approved signatory read the open calls
# and answer them; the members of the caller manage theirs (answers, suggestions, close).


@rules.predicate
def is_signatory_member(user) -> bool:
    """A member of an approved signatory (one query)."""
    if not user.is_authenticated:
        return False
    return Organisation.objects.signatories().for_member(user).exists()


@rules.predicate
def is_partner_call_member(user, partner_call) -> bool:
    """A member of the signatory that posted the call."""
    if partner_call is None or not user.is_authenticated:
        return False
    return partner_call.organisation.memberships.filter(user=user).exists()


@rules.predicate
def can_read_partner_call(user, partner_call) -> bool:
    """An open call, or one the user's organisation answered, for a signatory's member."""
    if partner_call is None or not is_signatory_member(user):
        return False
    return (
        partner_call.status == partner_call.Status.OPEN
        or partner_call.answers.filter(organisation__memberships__user=user).exists()
    )


rules.add_perm("support.view_partner_calls", is_signatory_member)
rules.add_perm("support.view_partner_call", is_partner_call_member | can_read_partner_call)
rules.add_perm("support.manage_partner_call", is_partner_call_member)
# --- end calls ------------------------------------------------------------------------------
