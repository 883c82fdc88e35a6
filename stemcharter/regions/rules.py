import rules

from stemcharter.accounts.rules import is_coordinator

rules.add_perm("regions.change_subregion", is_coordinator)
rules.add_perm("regions.add_subregion", is_coordinator)
