"""The dashboard's filters (``/beheer/inzicht/``): a plain GET form, the filters in the URL
(``van``, ``tot``, ``subregio``, ``categorie``). A value that does not validate is named in the
error summary and left out; the other filters still apply. A reversed period (``van`` after
``tot``) is refused as a whole: neither day applies, as neither can be trusted. The CSV
downloads refuse any bad value (400) with the same messages (``error_lines``)."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from stemcharter.common.forms import CleanTextFormMixin
from stemcharter.organisations.models import Category
from stemcharter.regions.models import Subregion

# The years a period may name: a chart per month of year 1 to 9999 would be 120,000 months.
FIRST_YEAR = 2000
LAST_YEAR = 2100
# The error code of a period whose first day is after its last.
REVERSED = "reversed"


def _date_field(label) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": _("Enter a date like 2026-03-31 (year, month, day)."),
        },
    )


class DashboardFilterForm(CleanTextFormMixin, forms.Form):
    """The period (both days included, Brussels time), one subregion among ``subregions`` (the
    user's: ``selectors.dashboard_subregions``) and a category. ``valid()`` gives the values
    that validated."""

    van = _date_field(_("From"))
    tot = _date_field(_("Until"))
    subregio = forms.ChoiceField(label=_("Subregion"), required=False)
    categorie = forms.ChoiceField(
        label=_("Category of organisation"),
        required=False,
        choices=[("", _("Every category")), *Category.choices],
        error_messages={
            "invalid_choice": _("Choose a category from the list."),
        },
    )

    def __init__(self, *args, subregions: list[Subregion], **kwargs):
        super().__init__(*args, **kwargs)
        self.subregions = {subregion.slug: subregion for subregion in subregions}
        field = self.fields["subregio"]
        field.choices = [
            ("", _("All your subregions")),
            *((subregion.slug, subregion.name) for subregion in subregions),
        ]
        field.error_messages["invalid_choice"] = _(
            "Choose a subregion from the list: you see only the subregions you look after."
        )

    def _clean_year(self, name: str):
        day = self.cleaned_data.get(name)
        if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise forms.ValidationError(
                _("Enter a date between %(first)s and %(last)s.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR},
                code="out_of_range",
            )
        return day

    def clean_van(self):
        return self._clean_year("van")

    def clean_tot(self):
        return self._clean_year("tot")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("van"), cleaned.get("tot")
        if start and end and start > end:
            self.add_error(
                "tot",
                forms.ValidationError(
                    _("The last day must be on or after the first day."), code=REVERSED
                ),
            )
            cleaned.pop("van", None)  # the whole period is refused, not only its end
        return cleaned

    def query(self) -> str:
        """The filters that validated as a query string ("" for none), in the form's order:
        what the page counts, for its CSV links."""
        valid = self.valid()
        params = {
            "van": valid["date_from"].isoformat() if valid["date_from"] else "",
            "tot": valid["date_to"].isoformat() if valid["date_to"] else "",
            "subregio": valid["subregion"].slug if valid["subregion"] else "",
            "categorie": valid["category"],
        }
        return urlencode({name: value for name, value in params.items() if value})

    def valid(self) -> dict:
        """The filters that validated: ``date_from``, ``date_to`` (both None for a reversed
        period), ``subregion`` (a ``Subregion`` or None), ``category`` ("" for all)."""
        if not self.is_bound:
            return {"date_from": None, "date_to": None, "subregion": None, "category": ""}
        self.is_valid()
        data = self.cleaned_data
        return {
            "date_from": data.get("van"),
            "date_to": data.get("tot") if "tot" not in self.errors else None,
            "subregion": self.subregions.get(data.get("subregio") or ""),
            "category": data.get("categorie") or "",
        }
