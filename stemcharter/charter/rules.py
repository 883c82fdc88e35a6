import rules

from stemcharter.accounts.rules import is_coordinator
from stemcharter.organisations.rules import is_organisation_admin


@rules.predicate
def is_admin_of_signing_organisation(user, signature) -> bool:
    return signature is not None and is_organisation_admin(user, signature.organisation)


rules.add_perm("charter.review_signature", is_coordinator)
rules.add_perm("charter.withdraw_signature", is_admin_of_signing_organisation)
rules.add_perm("charter.change_charterversion", is_coordinator)
