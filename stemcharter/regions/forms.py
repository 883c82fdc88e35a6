from django import forms
from django.utils.translation import gettext_lazy as _

from stemcharter.common.forms import CleanTextForm
from stemcharter.common.numbers import IdModelChoiceField

from .models import Province


class SubregionNamesForm(CleanTextForm):
    name_nl = forms.CharField(
        label=_("Name in Dutch"),
        max_length=120,
        error_messages={
            "required": _("Enter the Dutch name."),
            "max_length": _(
                "Shorten the name to at most %(limit_value)d characters (it has %(show_value)d)."
            ),
        },
    )
    name_en = forms.CharField(
        label=_("Name in English"),
        max_length=120,
        required=False,
        help_text=_("Leave it empty when it is the same as the Dutch name."),
        error_messages={
            "max_length": _(
                "Shorten the name to at most %(limit_value)d characters (it has %(show_value)d)."
            )
        },
    )


class SubregionCreateForm(SubregionNamesForm):
    province = IdModelChoiceField(
        label=_("Province"),
        queryset=Province.objects.all(),
        empty_label=_("Choose a province"),
        error_messages={"required": _("Choose the province of the subregion.")},
    )

    field_order = ["province", "name_nl", "name_en"]


class ContactPointAddForm(CleanTextForm):
    email = forms.EmailField(
        label=_("Email address of the new contact point"),
        help_text=_("The person needs an account on this site. Ask them to create one first."),
        error_messages={
            "required": _("Enter the email address of the person's account."),
            "invalid": _("Enter an email address like name@example.org."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
