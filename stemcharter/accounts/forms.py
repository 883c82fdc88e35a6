from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class PreferencesForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=150)
    language = forms.ChoiceField(
        label=_("Language of your emails"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
    )
    name.widget.attrs["autocomplete"] = "name"
