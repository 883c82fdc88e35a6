import rules

from stemcharter.accounts.rules import is_contact_point, is_coordinator


@rules.predicate
def is_contact_point_of_its_subregion(user, contact_message) -> bool:
    """The message was written to a subregion of which ``user`` is a contact point."""
    if contact_message is None or contact_message.subregion_id is None:
        return False
    return user.contact_point_for.filter(pk=contact_message.subregion_id).exists()


# The messages hold the senders' names and addresses. Coordinators read and handle every one;
# a contact point those written to their subregions (the list shows them only those:
# selectors.contact_message_list), never the general ones.
rules.add_perm("contact.read_messages", is_coordinator | is_contact_point)
rules.add_perm("contact.handle_message", is_coordinator | is_contact_point_of_its_subregion)
