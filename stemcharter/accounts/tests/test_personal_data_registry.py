"""Every app that keeps something about a person says so (accounts/registry.py), so the
download and the account deletion cannot forget a new app's data."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from stemcharter.accounts import registry
from stemcharter.accounts.registry import PersonalData, personal_data_kinds
from stemcharter.accounts.selectors import personal_data_summary, user_personal_data
from stemcharter.accounts.tests.factories import UserFactory

User = get_user_model()


def _user_references() -> dict[str, set[str]]:
    """Each field of our apps' models that points to the user model, with the names it may be
    registered under: "app.Model.field", or that of the abstract model that declares it."""
    references = {}
    for model in apps.get_models():
        if not model.__module__.startswith("stemcharter."):
            continue
        for field in model._meta.get_fields(include_hidden=True):
            if field.auto_created or not field.is_relation or field.related_model is not User:
                continue
            names = {f"{model._meta.label}.{field.name}"}
            for base in model.__mro__[1:]:
                meta = getattr(base, "_meta", None)
                declared = meta.local_fields + meta.local_many_to_many if meta else []
                if meta is not None and meta.abstract and field.name in {f.name for f in declared}:
                    names.add(f"{meta.app_label}.{base.__name__}.{field.name}")
            references[f"{model._meta.label}.{field.name}"] = names
    return references


def test_every_reference_to_a_person_is_registered():
    registered = {name for kind in personal_data_kinds() for name in kind.fields}
    references = _user_references()
    assert len(references) >= 15
    missing = sorted(field for field, names in references.items() if not names & registered)
    assert not missing, (
        f"{missing} point to the user model but no app registered them as personal data "
        "(see stemcharter/accounts/registry.py)"
    )
    known = set().union(*references.values())
    assert not registered - known, f"registered but no such reference: {registered - known}"


def test_a_reference_that_blocks_deleting_the_user_has_an_eraser():
    for kind in personal_data_kinds():
        for name in kind.fields:
            app_label, model_name, field_name = name.split(".")
            try:
                field = apps.get_model(app_label, model_name)._meta.get_field(field_name)
            except LookupError:  # an abstract model: its concrete models are checked above
                continue
            on_delete = getattr(field.remote_field, "on_delete", None)
            if on_delete in (models.PROTECT, models.RESTRICT):
                assert kind.erase is not None, name


def test_a_kind_registered_twice_is_a_mistake(monkeypatch):
    monkeypatch.setattr(registry, "_kinds", dict(registry._kinds))
    with pytest.raises(ImproperlyConfigured, match="memberships"):
        registry.register_personal_data(PersonalData(key="memberships"))


@pytest.mark.django_db
def test_the_download_has_one_part_per_kind_in_order_and_a_line_for_each():
    data = user_personal_data(user=UserFactory())
    assert list(data) == [
        "account",
        "memberships",
        "signatures",
        "invitations",
        "do_not_contact",
        "join_requests",
        "contact_point_subregions",
        "contact_messages",
        "registrations",
        "support_requests",
        "support_offers",
        # --- pipeline ---
        "prospects_owned",
        "prospect_contacts",
        # --- end of pipeline ---
        "audit_entries",
    ]
    # Not a contact point, sent no contact message, no registrations, asked and offered
    # nothing: no line for those.
    assert len(personal_data_summary(data=data)) == 5
