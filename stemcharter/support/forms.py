"""Forms of support requests and partner calls: they validate input, the views hand
``cleaned_data`` to ``support.services``. No form has the acting organisation as a free field:
it comes from the URL, or from a choice among the user's own signatories."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from stemcharter.common.forms import CleanTextForm
from stemcharter.common.numbers import IdModelChoiceField, IdModelMultipleChoiceField
from stemcharter.organisations.forms import subregion_choices
from stemcharter.organisations.models import Category, Organisation
from stemcharter.regions.models import Subregion
from stemcharter.reviews.portal import SubregionsField
from stemcharter.vocabulary.models import Sector

from .models import TITLE_MAX_LENGTH, PartnerCall, PartnerCallAnswer

# --- calls: partner calls -------------------------------------------------------------------


class PartnerCallForm(CleanTextForm):
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX_LENGTH,
        help_text=_("For example: Partners wanted for a coding summer camp in Kortrijk."),
    )
    description = forms.CharField(
        label=_("The project and who you look for"),
        max_length=PartnerCall._meta.get_field("description").max_length,
        help_text=_("What you plan, when, and what you expect of a partner."),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    categories = forms.MultipleChoiceField(
        label=_("Which kinds of organisation do you look for?"),
        help_text=_("Choose at least one."),
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one kind of organisation you look for.")},
    )
    sectors = IdModelMultipleChoiceField(
        label=_("Sectors"),
        help_text=_("Only when you look for partners of certain sectors."),
        queryset=Sector.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # Grouped per province: rendered with includes/_subregions.html.
    subregions = SubregionsField(
        label=_("Subregions"),
        help_text=_("Only when partners must be active in certain subregions."),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subregions"].choices = subregion_choices()

    def subregion_groups(self) -> list[tuple[str, list]]:
        """The subregion checkboxes grouped per province, for includes/_subregions.html."""
        groups: dict[str, list] = {}
        labels = [label for label, _choices in self.fields["subregions"].choices]
        for widget in self["subregions"].subwidgets:
            group_index = int(str(widget.data["index"]).split("_")[0])
            groups.setdefault(labels[group_index], []).append(widget)
        return list(groups.items())


class PartnerCallAnswerForm(CleanTextForm):
    """The answer of one of the user's signatories (``organisations``: those that may)."""

    organisation = IdModelChoiceField(
        label=_("You answer for"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the organisation you answer for.")},
    )
    message = forms.CharField(
        label=_("Your message to the caller"),
        max_length=PartnerCallAnswer._meta.get_field("message").max_length,
        help_text=_("What your organisation can bring to the project."),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Write a message to the caller.")},
    )

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])
        if len(organisations) == 1:
            field.initial = organisations[0].pk
            field.widget = forms.HiddenInput()


class PartnerCallFilterForm(CleanTextForm):
    """The filters of the list of open calls (GET)."""

    category = forms.ChoiceField(
        label=_("Looking for"),
        choices=[("", _("Any kind of organisation")), *Category.choices],
        required=False,
    )
    subregion = IdModelChoiceField(
        label=_("Subregion"),
        queryset=Subregion.objects.order_by("name_nl"),
        empty_label=_("Any subregion"),
        required=False,
    )


# --- end calls ------------------------------------------------------------------------------
