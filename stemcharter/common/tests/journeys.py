"""For the tests that walk a journey's steps with invalid input (signing, the item portal):
a value each kind of field refuses, and a form value as the browser posts it."""

import datetime

from django import forms


def invalid_value(field: forms.Field):
    """A value this field refuses whatever the other answers; None when it has none (a
    checkbox, a file)."""
    if isinstance(field, forms.BooleanField | forms.FileField):
        return None
    if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        return ["987654321"]
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        return "not-a-choice"
    if isinstance(field, forms.DateField):
        return "31-02-zzzz"
    if isinstance(field, forms.IntegerField):
        return "many"
    if isinstance(field, forms.EmailField):
        return "not an email address"
    if isinstance(field, forms.URLField):
        return "not a web address"
    if isinstance(field, forms.CharField) and field.max_length:
        return "x" * (field.max_length + 1)
    return None


def as_posted(value) -> list[str]:
    """A form value (bound or initial) as a browser posts it: a list of strings."""
    if value is True:  # a ticked checkbox
        return ["on"]
    if value in (None, "", False):
        return []
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    if isinstance(value, datetime.date):
        return [value.isoformat()]
    return [str(value)]
