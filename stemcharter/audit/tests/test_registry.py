"""The audit words come from the apps that write the entries (audit/registry.py)."""

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import translation

from stemcharter.audit.labels import prefix_choices
from stemcharter.audit.registry import AuditLabels, BackofficeLink, audit_labels


def test_a_code_registered_twice_is_a_mistake():
    labels = AuditLabels()
    labels.register(codes={"things.thing.made": "Thing made"})
    with pytest.raises(ImproperlyConfigured, match=r"things\.thing\.made"):
        labels.register(codes={"things.thing.made": "Thing made again"})


def test_words_for_recorded_values_come_from_several_apps_but_a_function_from_one():
    labels = AuditLabels()
    labels.register(values={"reason": {"too_late": "Too late"}})
    labels.register(values={"reason": {"too_early": "Too early"}})
    words = labels.value_format("reason")
    assert (words("too_late"), words("too_early"), words("typed")) == (
        "Too late",
        "Too early",
        "typed",
    )
    with pytest.raises(ImproperlyConfigured):
        labels.register(values={"reason": {"too_late": "Late"}})
    with pytest.raises(ImproperlyConfigured):
        labels.register(values={"reason": str.upper})
    labels.register(values={"size": lambda value: f"{value} cm"})
    with pytest.raises(ImproperlyConfigured):
        labels.register(values={"size": {"1": "one"}})


def test_every_code_belongs_to_an_app_and_every_prefix_has_a_subject():
    our_apps = {
        config.label for config in apps.get_app_configs() if config.name.startswith("stemcharter.")
    }
    for code in audit_labels.codes:
        parts = code.split(".")
        assert parts[0] in our_apps, code
        for n in range(1, len(parts)):
            assert ".".join(parts[:n]) in audit_labels.subjects, code


def test_every_backoffice_link_resolves():
    assert audit_labels.links
    for model_label, link in audit_labels.links.items():
        model = apps.get_model(model_label)
        assert model._meta.label_lower == model_label
        if not isinstance(link, BackofficeLink):
            assert callable(link), model_label  # a function of the object, tested per app
            continue
        if link.attribute != "pk":
            model._meta.get_field(link.attribute)
        assert reverse(link.url_name, kwargs={link.kwarg: "1"})


def test_personal_details_are_the_keys_that_can_hold_an_email_address():
    # Deleting an account removes the person's address from these keys of every entry.
    assert {"email", "user", "signer_email"} <= audit_labels.personal_details


def test_the_filter_never_offers_one_description_twice():
    """ "Actions: all events" stood twice (for "actions" and "actions.action"); a prefix that
    reads like a shorter one is left out, for every code any app registered."""
    with translation.override("nl"):
        choices = prefix_choices(audit_labels.codes)
        labels = [label for _prefix, label in choices]
        assert len(labels) == len(set(labels)), sorted(
            label for label in labels if labels.count(label) > 1
        )
    prefixes = {prefix for prefix, _label in choices}
    assert {"actions", "images", "stories", "charter.signature"} <= prefixes
    assert not {"actions.action", "images.image", "stories.story"} & prefixes
    # Every code can still be chosen, by itself or through a prefix that reads the same.
    for code in audit_labels.codes:
        assert any(code.startswith(prefix) for prefix in prefixes), code


def test_internal_details_are_not_shown():
    labels = AuditLabels()
    labels.register(internal_details=["row_id"])
    assert "row_id" in labels.internal_details
    assert {"image", "review", "organisation_id"} <= audit_labels.internal_details
