import rules

from stemcharter.accounts.rules import is_coordinator


def _role(user, organisation) -> str | None:
    if not user or not user.is_authenticated or organisation is None:
        return None
    return organisation.memberships.filter(user=user).values_list("role", flat=True).first()


@rules.predicate
def is_organisation_member(user, organisation) -> bool:
    return _role(user, organisation) is not None


@rules.predicate
def is_organisation_admin(user, organisation) -> bool:
    return _role(user, organisation) == "admin"


rules.add_perm("organisations.view_portal", is_organisation_member)
rules.add_perm("organisations.change_organisation", is_organisation_member | is_coordinator)
rules.add_perm("organisations.manage_members", is_organisation_admin)
