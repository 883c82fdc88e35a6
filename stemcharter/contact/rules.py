import rules

from stemcharter.accounts.rules import is_coordinator

# The messages hold the senders' names and addresses, and are about anything: the coordinators
# read and handle them, contact points do not.
rules.add_perm("contact.handle_message", is_coordinator)
