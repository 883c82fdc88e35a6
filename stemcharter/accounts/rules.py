import rules


@rules.predicate
def is_coordinator(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_coordinator or user.is_superuser))


@rules.predicate
def is_contact_point(user) -> bool:
    return bool(user and user.is_authenticated and user.is_contact_point)


rules.add_perm("accounts.use_backoffice", is_coordinator | is_contact_point)
rules.add_perm("accounts.coordinate", is_coordinator)
