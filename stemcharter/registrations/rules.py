"""Who manages the registrations of an item: the members of its organiser organisation(s),
the contact points of its subregions, and the coordinators (the registrable type says which
organisations and subregions, ``registry.RegistrableType``)."""

import rules

from stemcharter.accounts.rules import is_coordinator
from stemcharter.organisations.rules import is_organisation_member

from .registry import registrable_type_for


@rules.predicate
def is_registration_manager(user, item) -> bool:
    if item is None or not user.is_authenticated:
        return False
    if is_coordinator(user):
        return True
    registrable_type = registrable_type_for(item)
    if any(is_organisation_member(user, o) for o in registrable_type.organisations(item)):
        return True
    return user.is_contact_point and any(
        subregion.contact_points.filter(pk=user.pk).exists()
        for subregion in registrable_type.subregions(item)
    )


rules.add_perm("registrations.manage_registrations", is_registration_manager)
