"""The step abstraction of every journey (common/wizard.py): where a step stands, the step
before and after it, and the frame of a step page."""

import datetime

import pytest
from django import forms

from stemcharter.common.wizard import (
    Step,
    StepForm,
    Steps,
    UnknownStep,
    step_context,
    summary_rows,
)


class NameForm(StepForm):
    name = forms.CharField(label="Name")


class AgeForm(StepForm):
    age = forms.IntegerField(label="Age")


STEPS = Steps(
    Step("name", "Your name", NameForm, url_name="name"),
    Step("age", "Your age", AgeForm, url_name="age"),
    Step("photo", "A photo"),
    Step("check", "Check your answers"),
)


def test_index_number_next_and_previous():
    assert [step.slug for step in STEPS] == ["name", "age", "photo", "check"]
    assert len(STEPS) == 4
    assert (STEPS.first.slug, STEPS.last.slug) == ("name", "check")
    assert STEPS.index("age") == 1
    assert STEPS.number("age") == 2
    assert STEPS.get("photo") is STEPS[2]
    assert STEPS.next("age") is STEPS[2]
    assert STEPS.next("check") is None
    assert STEPS.previous("age") is STEPS[0]
    assert STEPS.previous("name") is None
    assert "age" in STEPS
    assert "nope" not in STEPS


def test_form_steps_are_the_steps_with_a_form():
    assert [step.slug for step in STEPS.form_steps()] == ["name", "age"]
    assert STEPS.get("name").has_form
    assert not STEPS.get("check").has_form


@pytest.mark.parametrize(
    "lookup", [STEPS.get, STEPS.index, STEPS.number, STEPS.next, STEPS.previous]
)
def test_an_unknown_slug_raises(lookup):
    with pytest.raises(UnknownStep):
        lookup("nope")


def test_a_journey_has_steps_with_distinct_slugs():
    with pytest.raises(ValueError, match="at least one step"):
        Steps()
    with pytest.raises(ValueError, match="share a slug"):
        Steps(Step("a", "A"), Step("a", "Again A"))


def test_step_context_gives_progress_links_and_the_way_back():
    def url(step):
        return None if step.slug == "check" else f"/{step.slug}/"

    context = step_context(STEPS, STEPS.get("age"), url=url, back_url="/start/")
    assert context["step_title"] == "Your age"
    assert (context["step_number"], context["step_count"]) == (2, 4)
    assert context["back_url"] == "/name/"
    assert context["next_url"] == "/photo/"
    assert [(link["number"], link["url"], link["current"]) for link in context["step_links"]] == [
        (1, "/name/", False),
        (2, "/age/", True),
        (3, "/photo/", False),
        (4, None, False),
    ]
    first = step_context(STEPS, STEPS.first, url=url, back_url="/start/")
    assert (first["step_number"], first["back_url"]) == (1, "/start/")
    last = step_context(STEPS, STEPS.last, url=url, back_url="/start/")
    assert (last["step_number"], last["back_url"], last["next_url"]) == (4, "/photo/", None)
    with pytest.raises(UnknownStep):
        step_context(STEPS, Step("nope", "Nope"), url=url, back_url="/start/")


def test_summary_rows_show_each_answer_or_the_forms_own_rows():
    form = NameForm(data={"name": "Ada"})
    # (label, value, is Markdown, is written: text people typed, marked with its language)
    assert summary_rows(form) == [("Name", "Ada", False, True)]
    assert summary_rows(AgeForm(data={"age": ""})) == [("Age", "—", False, False)]

    class OwnRowsForm(NameForm):
        def summary_rows(self):
            return [("Who", self.cleaned_data["name"].upper()), ("Said", "Hallo", True)]

    assert summary_rows(OwnRowsForm(data={"name": "Ada"})) == [
        ("Who", "ADA", False, False),
        ("Said", "Hallo", False, True),
    ]


class WhenForm(StepForm):
    timing = forms.ChoiceField(
        label="When?", choices=[("date", "On a day"), ("period", "A period"), ("any", "Any time")]
    )
    day = forms.DateField(label="Day", required=False)
    used_only_when = {"day": ("timing", ("date", "period"))}


def test_a_field_the_other_answer_does_not_use_is_neither_checked_nor_kept_but_named(english):
    # The other answer chosen in this step (no initial): a leftover invalid value does not stop
    # the step; a valid one is not kept either.
    for typed in ("not a day", "2030-01-02"):
        form = WhenForm({"timing": "any", "day": typed})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] is None
        assert form.unused_fields == {"day"}
        assert form.not_kept == [
            f"We did not keep “Day” ({typed}): it is only used when the answer to “When?” is "
            "“On a day” or “A period”."
        ]
    form = WhenForm({"timing": "date", "day": "2030-01-02"})
    assert form.is_valid()
    assert (form.cleaned_data["day"], form.unused_fields, form.not_kept) == (
        datetime.date(2030, 1, 2),
        set(),
        [],
    )
    # Used, it is checked as usual.
    assert "day" in WhenForm({"timing": "date", "day": "not a day"}).errors
    empty = WhenForm({"timing": "any", "day": ""})
    assert empty.is_valid()
    assert empty.not_kept == []


def test_a_field_typed_while_the_other_answer_stays_as_it_was_is_refused(english):
    """The default answer left alone and a day typed below it: the person most likely forgot
    to choose; the step stays, saying what to do (not "enter a valid date")."""
    for typed in ("not a day", "2030-01-02"):
        form = WhenForm({"timing": "any", "day": typed}, initial={"timing": "any"})
        assert not form.is_valid()
        assert form.errors["day"] == [
            "“Day” is not kept when the answer to “When?” is “Any time”. To keep it, choose "
            "“On a day” or “A period” at “When?”; otherwise empty “Day”."
        ]
        assert form.not_kept == []
    assert WhenForm({"timing": "any", "day": ""}, initial={"timing": "any"}).is_valid()


def test_a_value_saved_before_goes_without_a_word_when_the_other_answer_changes():
    """Changing the other answer is how one drops a saved value; only what was typed now is
    named."""
    saved = {"timing": "date", "day": datetime.date(2030, 1, 2)}  # as an item holds it
    form = WhenForm({"timing": "any", "day": "2030-01-02"}, initial=saved)
    assert form.is_valid()
    assert (form.cleaned_data["day"], form.not_kept) == (None, [])
    changed = WhenForm({"timing": "any", "day": "2030-01-03"}, initial=saved)
    assert changed.is_valid()
    assert len(changed.not_kept) == 1


def test_when_the_other_answer_has_a_problem_every_field_is_checked():
    form = WhenForm({"timing": "nonsense", "day": "not a day"})
    assert set(form.errors) == {"timing", "day"}
