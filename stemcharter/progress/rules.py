"""Who may see and do what about a signatory's progress (issue 15).

A commitment with nothing behind it for a year (a gap, ``proof.py``) is visible "to the
signatory and the coordinator (not publicly shamed)": the organisation's members, the
coordinators and the contact points of its subregions, never the public or other signatories.

Progress reports: the members of a signatory start and write their organisation's report
(inside the reporting period: ``services``); coordinators decide whether a signatory's public
page says it did not report.
"""

import rules

from stemcharter.accounts.rules import is_coordinator
from stemcharter.organisations.rules import is_organisation_member
from stemcharter.reviews.rules import is_item_author, is_signatory_member


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
# --- report ---
rules.add_perm("progress.add_progressreport", is_signatory_member)
rules.add_perm("progress.change_progressreport", is_item_author)
rules.add_perm("progress.view_progressreport", is_item_author)
rules.add_perm("progress.show_not_reported", is_coordinator)
# --- end of report ---
