"""The filter forms of the public lists are built once per filter set, language and choices
(``common.filters._KeptForms``), and what a request changes is never shared."""

import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils import translation

from stemcharter.actions.filters import ActionFilterSet
from stemcharter.common.filters import _kept_forms
from stemcharter.vocabulary.models import ActionType


def catalogue_filters(data: str, *action_types: ActionType) -> ActionFilterSet:
    return ActionFilterSet(
        QueryDict(data), action_types=action_types, subregions=[], audiences=[], disciplines=[]
    )


def type_choices(filterset: ActionFilterSet) -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in filterset.form.fields["type"].choices]


def test_the_same_choices_share_one_form_class_and_other_choices_get_their_own():
    internship = ActionType(slug="stage", name_nl="Stage", name_en="Internship")
    lecture = ActionType(slug="lezing", name_nl="Lezing", name_en="Lecture")
    with translation.override("nl"):
        first = catalogue_filters("type=stage", internship)
        second = catalogue_filters("type=stage", internship)
        assert first.get_form_class() is second.get_form_class()
        # A type added to the vocabulary (or renamed) is a choice at once.
        wider = catalogue_filters("type=lezing", internship, lecture)
        assert wider.get_form_class() is not first.get_form_class()
        assert type_choices(wider) == [("stage", "Stage"), ("lezing", "Lezing")]
        assert wider.valid_data["type"] == ["lezing"]
        assert wider.notices == []
        renamed = ActionType(slug="stage", name_nl="Snuperstage", name_en="Internship")
        assert type_choices(catalogue_filters("", renamed)) == [("stage", "Snuperstage")]
        # The narrower list still knows nothing of the new type.
        narrow = catalogue_filters("type=lezing", internship)
        assert narrow.valid_data.get("type") in (None, [])
        assert len(narrow.notices) == 1


def test_two_languages_do_not_mix():
    # The same choices in both languages (no English name): only the class's own labels
    # (the order's) differ, so the language must be part of the key.
    internship = ActionType(slug="stage", name_nl="Stage", name_en="")

    def sort_labels(filterset: ActionFilterSet) -> list[str]:
        return [str(label) for _value, label in filterset.form.fields["sort"].choices]

    with translation.override("nl"):
        dutch = catalogue_filters("sort=x", internship)
        dutch_labels = sort_labels(dutch)
    with translation.override("en"):
        english = catalogue_filters("sort=x", internship)
        assert sort_labels(english) == ["Best match first", "Soonest first", "Newest first"]
        assert type_choices(english) == [("stage", "Stage")]
    assert "Soonest first" not in dutch_labels
    assert english.get_form_class() is not dutch.get_form_class()
    with translation.override("nl"):
        again = catalogue_filters("", internship)
        assert again.get_form_class() is dutch.get_form_class()
        assert sort_labels(again) == dutch_labels
    with translation.override("en"):
        internship.name_en = "Internship"
        assert type_choices(catalogue_filters("", internship)) == [("stage", "Internship")]


def test_what_a_request_changes_on_its_form_stays_its_own():
    internship = ActionType(slug="stage", name_nl="Stage", name_en="Internship")
    first = catalogue_filters("type=stage", internship)
    first.form.fields["type"].choices = [("ander", "Ander")]
    first.form.fields["type"].label = "Changed"
    first.form.fields["type"].widget.attrs["data-x"] = "1"
    second = catalogue_filters("type=stage", internship)
    assert second.get_form_class() is first.get_form_class()
    field = second.form.fields["type"]
    assert [value for value, _label in field.choices] == ["stage"]
    assert field.label != "Changed"
    assert "data-x" not in field.widget.attrs
    assert second.valid_data["type"] == ["stage"]
    # The shared choices cannot be changed in place.
    base = second.get_form_class().base_fields["type"]
    assert isinstance(base.choices, tuple)
    assert isinstance(base.widget.choices, tuple)
    assert first.form.fields["type"].widget.choices == [("ander", "Ander")]
    assert second.form.fields["type"].widget.choices is base.widget.choices
    assert second.form.fields["type"].widget is not base.widget


def test_the_kept_forms_are_bounded():
    for number in range(_kept_forms.LIMIT + 5):
        item = ActionType(slug=f"type-{number}", name_nl=f"Type {number}", name_en="")
        catalogue_filters("", item).form  # noqa: B018 - builds the form
    assert len(_kept_forms) <= _kept_forms.LIMIT


@pytest.mark.django_db
def test_a_new_type_of_action_is_a_choice_of_the_catalogue_at_once(client, english):
    url = reverse("actions:action-list")
    response = client.get(url, {"type": "escape-room"})
    assert response.status_code == 200
    assert any("escape-room" in str(notice) for notice in response.context["notices"])

    ActionType.objects.create(slug="escape-room", name_nl="Escaperoom", name_en="Escape room")
    response = client.get(url, {"type": "escape-room"})
    assert response.context["notices"] == []
    assert response.context["selected"]["type"] == ["escape-room"]
    assert [chip["label"] for chip in response.context["chips"]] == ["Escape room"]

    with translation.override("nl"):
        response = client.get(reverse("actions:action-list"), {"type": "escape-room"})
    assert response.context["notices"] == []
    assert [chip["label"] for chip in response.context["chips"]] == ["Escaperoom"]


def test_the_months_of_the_events_filter_follow_the_language_and_the_day():
    import datetime

    from stemcharter.events.filters import EventFilterSet

    def months(day: datetime.date) -> list[str]:
        filterset = EventFilterSet(QueryDict(""), subregions=[], today=day)
        return [str(label) for _value, label in filterset.form.fields["month"].choices][1:3]

    day = datetime.date(2027, 3, 15)
    with translation.override("en"):
        assert months(day) == ["March 2027", "April 2027"]
    with translation.override("nl"):
        assert months(day) == ["maart 2027", "april 2027"]
        assert months(datetime.date(2027, 4, 1)) == ["april 2027", "mei 2027"]
    with translation.override("en"):
        assert months(day) == ["March 2027", "April 2027"]
