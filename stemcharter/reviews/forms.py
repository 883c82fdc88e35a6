"""Forms of the review back office: queue filters, the decision, criteria sets."""

from django import forms
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stemcharter.common.forms import CleanTextForm
from stemcharter.common.numbers import (
    IdModelChoiceField,
    IdModelMultipleChoiceField,
    parse_id,
)
from stemcharter.vocabulary.models import ActionType

from .models import Assessment, CriteriaSet, Criterion, Review, ReviewStatus
from .registry import reviewable_types

STATUS_MINE = "mine"
VIEW_DECIDED = "decided"


class ReviewQueueFilterForm(CleanTextForm):
    """The queue's filters, submitted by GET. A value we do not know is left out with a notice
    (an old bookmark must not break the page)."""

    type = forms.ChoiceField(label=_("Kind"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, data=None, *, decided: bool = False, **kwargs):
        super().__init__(data, **kwargs)
        self.decided = decided
        self.fields["type"].choices = [
            ("", _("All kinds")),
            *((t.key, capfirst(t.model._meta.verbose_name_plural)) for t in reviewable_types()),
        ]
        if decided:
            # The decided tab filters on the decision, not on the item's status.
            self.fields["status"].label = _("Decision")
            self.fields["status"].choices = [("", _("All decisions")), *Review.Decision.choices]
        else:
            self.fields["status"].choices = [
                ("", _("Waiting or under review")),
                (ReviewStatus.SUBMITTED, _("Waiting for a reviewer")),
                (ReviewStatus.UNDER_REVIEW, _("Under review")),
                (STATUS_MINE, _("Under review by me")),
            ]
        self.notices: list[str] = []
        if data is not None:
            # Keep the valid filters, drop and describe the unknown ones.
            cleaned = data.copy()
            for name in ("type", "status"):
                value = data.get(name, "")
                known = {str(key) for key, _label in self.fields[name].choices}
                if value not in known:
                    cleaned.pop(name, None)
                    self.notices.append(
                        gettext("There is no %(label)s “%(value)s”, so we left it out.")
                        % {"label": str(self.fields[name].label).lower(), "value": value[:50]}
                    )
            self.data = cleaned

    def filters(self) -> dict[str, str]:
        if not self.is_bound or not self.is_valid():
            return {"type_key": "", "status": ""}
        return {"type_key": self.cleaned_data["type"], "status": self.cleaned_data["status"]}


class ReviewDecisionForm(CleanTextForm):
    """The reviewer's decision on one item, with a verdict per criterion of one set.

    The criteria fields are ``result_<criterion id>`` and ``comment_<criterion id>``;
    ``criteria_rows`` gives them per criterion for the template. Which verdicts are required
    for which decision is the service's business (``review_decide``); the view puts its
    errors beside the fields.
    """

    criteria_set = IdModelChoiceField(
        label=_("Criteria to review against"),
        queryset=CriteriaSet.objects.none(),
        empty_label=None,
        error_messages={
            "invalid_choice": _(
                "These criteria were changed meanwhile. Check the criteria below and give "
                "your verdicts again."
            ),
            "required": _("Choose the criteria you reviewed against."),
        },
    )
    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=[
            (Review.Decision.PUBLISH, _("Publish it")),
            (Review.Decision.REQUEST_CHANGES, _("Ask for changes")),
            (Review.Decision.REJECT, _("Reject it")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose publish, ask for changes or reject.")},
    )
    comment = forms.CharField(
        label=_("Comment for the organisation"),
        help_text=_(
            "The organisation receives this by email. Required when you reject: give the "
            "reason. When you ask for changes, say what should change here or with a criterion."
        ),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    field_order = ["criteria_set"]

    def __init__(self, *args, criteria_set: CriteriaSet, criteria_sets, **kwargs):
        super().__init__(*args, **kwargs)
        self.chosen_set = criteria_set
        self.fields["criteria_set"].queryset = criteria_sets
        self.fields["criteria_set"].initial = criteria_set.pk
        self.criteria: list[Criterion] = list(criteria_set.criteria.all())
        result_choices = Assessment.Result.choices
        for criterion in self.criteria:
            self.fields[f"result_{criterion.pk}"] = forms.ChoiceField(
                label=criterion.name,
                choices=result_choices,
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=gettext("Comment on “%(criterion)s”") % {"criterion": criterion.name},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    @cached_property
    def carried_inputs(self) -> list[tuple[str, str]]:
        """(name, value) of the verdicts and comments typed for the criteria of the other current
        sets, to carry along as hidden inputs: switching to another set and back keeps them.
        Only criteria of the current sets, only known verdicts; they are never saved with this
        set (``assessments`` reads this set's criteria only)."""
        source = self.data if self.is_bound else self.initial
        own = {criterion.pk for criterion in self.criteria}
        others = {
            criterion.pk
            for criteria_set in self.fields["criteria_set"].queryset
            for criterion in criteria_set.criteria.all()
        } - own
        results = {str(value) for value, _label in Assessment.Result.choices}
        carried = []
        for name, value in source.items():
            prefix, _sep, pk = str(name).partition("_")
            if prefix not in ("result", "comment") or parse_id(pk) not in others:
                continue
            value = str(value)
            if (prefix == "result" and value in results) or (prefix == "comment" and value):
                carried.append((name, value[:2000]))
        return carried

    def criteria_rows(self) -> list[dict]:
        return [
            {
                "criterion": criterion,
                "result": self[f"result_{criterion.pk}"],
                "comment": self[f"comment_{criterion.pk}"],
            }
            for criterion in self.criteria
        ]

    def clean_criteria_set(self):
        criteria_set = self.cleaned_data["criteria_set"]
        if criteria_set.pk != self.chosen_set.pk:
            raise forms.ValidationError(
                _("Choose “Show these criteria” first, then give your verdicts."),
                code="switched",
            )
        return criteria_set

    def assessments(self) -> list[tuple[int, str, str]]:
        """(criterion id, result, comment) for every criterion with a verdict."""
        rows = []
        for criterion in self.criteria:
            result = self.cleaned_data.get(f"result_{criterion.pk}") or ""
            if result:
                comment = self.cleaned_data.get(f"comment_{criterion.pk}") or ""
                rows.append((criterion.pk, result, comment))
        return rows

    def unanswered_fields(self) -> list[tuple[str, Criterion]]:
        """(field name, criterion) for every criterion without a verdict."""
        return [
            (f"result_{criterion.pk}", criterion)
            for criterion in self.criteria
            if not self.cleaned_data.get(f"result_{criterion.pk}")
        ]


class ReviewWithdrawForm(CleanTextForm):
    reason = forms.CharField(
        label=_("Why do you take it offline?"),
        help_text=_(
            "The organisation receives this by email, and it is kept in the audit trail. Say "
            "what they can change to publish it again."
        ),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Give a reason, so the organisation knows what to do.")},
    )


class ItemWithdrawForm(CleanTextForm):
    """The author organisation takes its own published item offline (portal), with an
    optional reason that its members and the reviewers see."""

    reason = forms.CharField(
        label=_("Why?"),
        help_text=_(
            "For example: it is full, or it was cancelled. Only your organisation and the "
            "reviewers see this."
        ),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CriteriaSetForm(CleanTextForm):
    name_nl = forms.CharField(
        label=_("Name in Dutch"),
        max_length=150,
        error_messages={"required": _("Give the set a Dutch name.")},
    )
    name_en = forms.CharField(label=_("Name in English"), max_length=150, required=False)
    description_nl = forms.CharField(
        label=_("Description in Dutch"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    description_en = forms.CharField(
        label=_("Description in English"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    kinds = forms.MultipleChoiceField(
        label=_("Made for these kinds of items"),
        help_text=_("Tick none if the set is for everything we review."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    action_types = IdModelMultipleChoiceField(
        label=_("Made for these action types"),
        help_text=_(
            "The review of an action of a ticked type starts with this set. Tick none if the "
            "set is for every type."
        ),
        queryset=ActionType.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("That action type no longer exists. Tick another.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = [
            (t.key, capfirst(t.label_plural)) for t in reviewable_types()
        ]

    @classmethod
    def initial_from(cls, criteria_set: CriteriaSet | None) -> dict:
        if criteria_set is None:
            return {}
        return {
            "name_nl": criteria_set.name_nl,
            "name_en": criteria_set.name_en,
            "description_nl": criteria_set.description_nl,
            "description_en": criteria_set.description_en,
            "kinds": list(criteria_set.kinds),
            "action_types": [action_type.pk for action_type in criteria_set.action_types.all()],
        }


class CriterionForm(CleanTextForm):
    name_nl = forms.CharField(
        label=_("Criterion in Dutch"),
        max_length=200,
        error_messages={"required": _("Give the criterion a Dutch name, or mark it to delete.")},
    )
    name_en = forms.CharField(label=_("Criterion in English"), max_length=200, required=False)
    description_nl = forms.CharField(
        label=_("Explanation in Dutch"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    description_en = forms.CharField(
        label=_("Explanation in English"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    public_nl = forms.CharField(
        label=_("For visitors, in Dutch"),
        help_text=_(
            "What it means to a pupil or teacher when it is met, in their words (“Je doet "
            "zelf iets”). The public page lists it; leave it empty to keep the criterion off "
            "the public page."
        ),
        max_length=200,
        required=False,
    )
    public_en = forms.CharField(label=_("For visitors, in English"), max_length=200, required=False)


class BaseCriterionFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["ORDER"].label = _("Position")
        form.fields["ORDER"].help_text = _("Criteria are shown from low to high number.")
        form.fields["ORDER"].widget.attrs.update({"min": 0})
        form.fields["DELETE"].label = _("Delete this criterion")

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not self.criteria_forms():
            raise forms.ValidationError(_("Add at least one criterion."), code="no_criteria")

    def criteria_forms(self) -> list[forms.Form]:
        """The filled-in forms that are not deleted, in the order the coordinator chose (the
        formset's order when no position was given)."""
        forms_ = [
            form
            for form in self.forms
            if not self._should_delete_form(form) and form.cleaned_data.get("name_nl")
        ]
        return sorted(
            forms_,
            key=lambda form: (
                form.cleaned_data.get("ORDER") is None,
                form.cleaned_data.get("ORDER") or 0,
                self.forms.index(form),
            ),
        )


CriterionFormSet = forms.formset_factory(
    CriterionForm,
    formset=BaseCriterionFormSet,
    extra=3,
    can_order=True,
    can_delete=True,
    max_num=100,
    validate_max=True,
)


def criterion_initial(criteria_set: CriteriaSet | None) -> list[dict]:
    if criteria_set is None:
        return []
    return [
        {
            "name_nl": criterion.name_nl,
            "name_en": criterion.name_en,
            "description_nl": criterion.description_nl,
            "description_en": criterion.description_en,
            "public_nl": criterion.public_nl,
            "public_en": criterion.public_en,
            "ORDER": position,
        }
        for position, criterion in enumerate(criteria_set.criteria.all(), start=1)
    ]
