import rules

from stemcharter.accounts.rules import is_coordinator
from stemcharter.organisations.rules import is_organisation_admin


@rules.predicate
def is_signature_reviewer(user, signature) -> bool:
    """A coordinator, for a signature of an organisation they are not a member of (conflict of
    interest: ``Signature.has_conflict_of_interest``, the rule of the reviews). Without a
    signature to check, nobody."""
    return (
        signature is not None
        and is_coordinator(user)
        and not signature.has_conflict_of_interest(user)
    )


rules.add_perm("charter.review_signature", is_signature_reviewer)
# On the organisation: withdrawing takes back its signature, whichever is approved or open.
rules.add_perm("charter.withdraw_signature", is_organisation_admin)
rules.add_perm("charter.change_charterversion", is_coordinator)
