"""Who may do what with progress reports: the members of a signatory start and write their
organisation's report (inside the reporting period: ``services``); coordinators decide whether
a signatory's public page says it did not report."""

import rules

from stemcharter.accounts.rules import is_coordinator
from stemcharter.reviews.rules import is_item_author, is_signatory_member

rules.add_perm("progress.add_progressreport", is_signatory_member)
rules.add_perm("progress.change_progressreport", is_item_author)
rules.add_perm("progress.view_progressreport", is_item_author)
rules.add_perm("progress.show_not_reported", is_coordinator)
