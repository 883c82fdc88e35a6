"""Audit entries in words in templates: ``{% load audit_labels %}``."""

from django import template

from stemcharter.audit import labels

register = template.Library()


@register.filter
def audit_label(code: str) -> str:
    """``{{ entry.code|audit_label }}``: "Signature approved" for charter.signature.approved."""
    return labels.code_label(code)


@register.filter
def audit_details(entry) -> list[tuple[str, str, bool]]:
    """``{% for label, value, written in entry|audit_details %}``: the details in words, and
    whether each is what people wrote (in the content language: ``{% content_lang %}``)."""
    return labels.entry_details(entry)


@register.filter
def audit_object_written(entry) -> bool:
    """``{% if entry|audit_object_written %}``: the object is named by what people wrote."""
    return labels.object_written(entry)


@register.filter
def audit_object_name(entry) -> str:
    """``{{ entry|audit_object_name }}``: the object's name, in the reader's language where
    the platform makes it (``labels.object_name``)."""
    return labels.object_name(entry)
