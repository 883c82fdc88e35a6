"""Who may see what about a signatory's progress (issue 15).

A commitment with nothing behind it for a year (a gap, ``proof.py``) is visible "to the
signatory and the coordinator (not publicly shamed)": the organisation's members, the
coordinators and the contact points of its subregions, never the public or other signatories.
"""

import rules

from stemcharter.accounts.rules import is_coordinator
from stemcharter.organisations.rules import is_organisation_member


@rules.predicate
def is_contact_point_of_organisation(user, organisation) -> bool:
    """A contact point of one of the subregions the organisation is active in."""
    if organisation is None or not user.is_authenticated:
        return False
    return organisation.subregions.filter(contact_points=user).exists()


# --- proof ---
rules.add_perm(
    "progress.see_commitment_gaps",
    is_organisation_member | is_coordinator | is_contact_point_of_organisation,
)
# --- end of proof ---
