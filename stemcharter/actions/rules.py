"""Who may do what with actions in the portal.

The organiser's members change an action; the members of its partners see it (a joint action
shows in every partner's portal) but cannot change it. Only members of a signatory create
actions.
"""

import rules

from stemcharter.reviews.rules import is_item_author, is_signatory_member


@rules.predicate
def is_action_partner(user, action) -> bool:
    if action is None or not user.is_authenticated:
        return False
    return action.partners.filter(memberships__user=user).exists()


rules.add_perm("actions.add_action", is_signatory_member)
rules.add_perm("actions.change_action", is_item_author)
rules.add_perm("actions.view_action", is_item_author | is_action_partner)
