"""Audit entries in words in templates: ``{% load audit_labels %}``."""

from django import template

from stemcharter.audit import labels

register = template.Library()


@register.filter
def audit_label(code: str) -> str:
    """``{{ entry.code|audit_label }}``: "Signature approved" for charter.signature.approved."""
    return labels.code_label(code)


@register.filter
def audit_details(entry) -> list[tuple[str, str]]:
    """``{% for label, value in entry|audit_details %}``: the details in words."""
    return labels.entry_details(entry)
