"""Who may do what with actions in the portal.

The organiser's members change an action; the members of its partners see it (a joint action
shows in every partner's portal) but cannot change it. Only members of an approved signatory
create actions.
"""

import rules

from stemcharter.organisations.rules import is_organisation_member


@rules.predicate
def is_approved_signatory(user, organisation) -> bool:
    """The organisation's signature is approved (so it is a public signatory)."""
    if organisation is None:
        return False
    return organisation.signatures.filter(status="approved").exists()


@rules.predicate
def is_action_organiser(user, action) -> bool:
    return action is not None and is_organisation_member(user, action.organisation)


@rules.predicate
def is_action_partner(user, action) -> bool:
    if action is None or not user.is_authenticated:
        return False
    return action.partners.filter(memberships__user=user).exists()


rules.add_perm("actions.add_action", is_organisation_member & is_approved_signatory)
rules.add_perm("actions.change_action", is_action_organiser)
rules.add_perm("actions.view_action", is_action_organiser | is_action_partner)
