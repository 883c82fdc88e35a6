"""Who may do what with events.

In the portal, as actions: the members of the proposing signatory change its event; only
members of a signatory propose events. In the back office a coordinator manages every event and
a contact point those of their own regions (``services.may_manage_event``).
"""

import rules

from stemcharter.accounts.rules import is_contact_point, is_coordinator
from stemcharter.reviews.rules import is_item_author, is_signatory_member

from .services import may_manage_event


@rules.predicate
def manages_event(user, event) -> bool:
    if event is None:
        return False
    return may_manage_event(user, event.live_item.subregions.all())


rules.add_perm("events.add_event", is_signatory_member)
rules.add_perm("events.change_event", is_item_author)
rules.add_perm("events.view_event", is_item_author)
# The back office: the list and creating (in one's own regions), and one event.
rules.add_perm("events.manage_events", is_coordinator | is_contact_point)
rules.add_perm("events.manage_event", manages_event)
