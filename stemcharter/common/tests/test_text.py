"""Characters that XML 1.0 and HTML cannot carry never get in through a form of ours.

The rule (``stemcharter.common.text.clean_text``): a line break of another kind (vertical
tab, form feed, next line, line and paragraph separator) becomes a newline in a multi-line
field and a space in a single-line one, where newlines become spaces too; every other
character outside XML 1.0's Char production (and the C1 controls, DEL and noncharacters it
discourages) is removed. Passwords are left as they are.
"""

from typing import ClassVar

import pytest
from django import forms
from django.contrib import admin
from django.core.management import call_command
from django_filters import CharFilter, FilterSet

from stemcharter.accounts.adapter import AccountAdapter
from stemcharter.charter.models import CharterVersion
from stemcharter.common.filters import LenientFilterSet
from stemcharter.common.forms import CleanTextForm, CleanTextFormMixin
from stemcharter.common.tests.our_code import our_form_classes, our_subclasses, ours
from stemcharter.common.text import clean_text
from stemcharter.stories.forms import StoryWhatForm
from stemcharter.stories.models import Story

# --- The rule ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "multiline", "expected"),
    [
        ("Lisa\x0bkoos", True, "Lisa\nkoos"),
        ("Lisa\x0bkoos", False, "Lisa koos"),
        ("a\x0cb\x85c\u2028d\u2029e", True, "a\nb\nc\nd\ne"),
        ("a\x0cb\x85c\u2028d\u2029e", False, "a b c d e"),
        ("one\r\ntwo\nthree\rfour", True, "one\ntwo\nthree\nfour"),
        ("one\r\ntwo\nthree\rfour", False, "one two three four"),
        ("tab\tstays", True, "tab\tstays"),
        ("tab\tstays", False, "tab\tstays"),
        ("no\x00nul\x01\x08\x0e\x1f\x7f", True, "nonul"),
        ("c1\x80\x84\x86\x9fgone", False, "c1gone"),
        ("\ud800lone\udfffsurrogates", True, "lonesurrogates"),
        ("non\ufffe\uffff\ufdd0\ufdefchars\U0001fffe\U0010ffff", True, "nonchars"),
        ("Élève – “STEM” 🤖 ½ \u00a0ok", False, "Élève – “STEM” 🤖 ½ \u00a0ok"),
        ("", True, ""),
    ],
)
def test_clean_text_rule(value, multiline, expected):
    assert clean_text(value, multiline=multiline) == expected


def test_clean_text_output_is_xml_1_0_chars_only():
    every_bmp_character = "".join(chr(code) for code in range(0x10000))
    cleaned = clean_text(every_bmp_character, multiline=True)
    for character in cleaned:
        code = ord(character)
        assert code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
        assert not 0x7F <= code <= 0x9F


# --- Forms apply it to every text field --------------------------------------------------------


class ExampleForm(CleanTextForm):
    line = forms.CharField(max_length=10)
    text = forms.CharField(widget=forms.Textarea, required=False)
    secret = forms.CharField(widget=forms.PasswordInput, strip=False, required=False)


def test_a_form_cleans_single_and_multi_line_text_before_validating():
    form = ExampleForm(
        data={"line": "a\x0bb\x00\x00\x00\x00c", "text": "x\x0by\x1b", "secret": "p\x0bw"}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"line": "a bc", "text": "x\ny", "secret": "p\x0bw"}
    # A form shown again shows what will be saved.
    assert form["line"].value() == "a bc"


@pytest.mark.usefixtures("english")
def test_a_text_of_only_control_characters_is_empty():
    form = ExampleForm(data={"line": "\x00\x01\x0b"})
    assert not form.is_valid()
    assert form.errors["line"] == ["This field is required."]


def test_a_prefixed_form_is_cleaned_too():
    form = ExampleForm(data={"p-line": "a\x0bb"}, prefix="p")
    assert form.is_valid()
    assert form.cleaned_data["line"] == "a b"


@pytest.mark.usefixtures("english")
def test_a_real_step_form_cleans_title_summary_and_body():
    form = StoryWhatForm(
        data={
            "kind": "youth",
            "title": "Hoe Lisa\x0bhaar stage vond\x01",
            "summary": "Lisa koos\x0bvoor techniek.\x0c",
            "body": "## Kop\x0b\x0bTekst\x00.",
        },
        organisation=None,
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["title"] == "Hoe Lisa haar stage vond"
    assert form.cleaned_data["summary"] == "Lisa koos\nvoor techniek."
    assert form.cleaned_data["body"] == "## Kop\n\nTekst."


# --- ... and no form of ours can leave it out ---------------------------------------------------


@pytest.mark.parametrize("form_class", our_form_classes(), ids=lambda cls: cls.__qualname__)
def test_every_form_of_ours_cleans_its_text(form_class):
    assert issubclass(form_class, CleanTextFormMixin), (
        f"{form_class.__module__}.{form_class.__qualname__}: derive it from "
        "stemcharter.common.forms.CleanTextForm (or CleanTextModelForm)."
    )


@pytest.mark.parametrize(
    "filterset_class", our_subclasses(FilterSet), ids=lambda cls: cls.__qualname__
)
def test_every_filter_set_of_ours_is_lenient_and_so_cleans_its_text(filterset_class):
    assert issubclass(filterset_class, LenientFilterSet)


class StoryTitleFilterSet(LenientFilterSet):
    q = CharFilter(field_name="title", lookup_expr="icontains")

    class Meta:
        model = Story
        fields: ClassVar[list[str]] = []


@pytest.mark.django_db
def test_a_lenient_filter_set_cleans_its_text_inputs():
    filterset = StoryTitleFilterSet(data={"q": "robot\x0barm\x00"}, queryset=Story.objects.all())
    assert isinstance(filterset.form, CleanTextFormMixin)
    assert filterset.valid_data["q"] == "robot arm"
    assert list(filterset.qs) == []


def admin_forms() -> list[tuple[str, type]]:
    """The forms of the admin of our models (and their inlines): (label, form class)."""
    found = []
    for model, model_admin in admin.site._registry.items():
        if not ours(model):
            continue
        label = model._meta.label
        found.append((label, model_admin.form))
        if hasattr(model_admin, "add_form"):
            found.append((f"{label} add", model_admin.add_form))
        for inline in model_admin.inlines:
            found.append((f"{label} {inline.model.__name__}", inline.form))
    return found


@pytest.mark.parametrize(("label", "form_class"), admin_forms(), ids=[x[0] for x in admin_forms()])
def test_every_admin_form_of_our_models_cleans_its_text(label, form_class):
    assert issubclass(form_class, CleanTextFormMixin), label


def test_allauth_forms_clean_email_addresses_through_our_adapter():
    assert AccountAdapter().clean_email('"a\x0bb\x00"@example.be') == '"a b"@example.be'


@pytest.mark.django_db
def test_a_charter_text_imported_from_a_file_is_cleaned_too(tmp_path):
    path = tmp_path / "charter.md"
    path.write_text("# Het\x0bcharter\n\nDeel 1.\x0cDeel 2.\x00\n", encoding="utf-8")
    call_command("import_charter", str(path), "--note", "Nieuw")
    version = CharterVersion.objects.get()
    assert version.title == "Het charter"
    assert version.body == "Deel 1.\nDeel 2.\n"


def test_a_textarea_filled_to_its_limit_by_the_browser_is_within_the_limit():
    """A browser counts a line break as one character (for ``maxlength``, a counter) but sends it as
    ``\\r\\n``: the form must count what the browser counted (the newcomer's 5,000-character
    contact message refused as 5,833)."""
    from stemcharter.contact.forms import ContactForm

    limit = ContactForm.base_fields["message"].max_length
    message = ("regel\r\n" * limit)[: limit + limit // 6]  # over the limit only with \r\n
    assert len(message.replace("\r\n", "\n")) <= limit < len(message)
    form = ContactForm(
        data={"name": "Jan", "email": "jan@example.be", "topic": "other", "message": message}
    )
    assert form.is_valid(), form.errors
    assert "\r" not in form.cleaned_data["message"]


@pytest.mark.django_db
def test_a_text_too_long_is_refused_whole_with_its_length_never_cut_by_the_browser(client, english):
    """No ``maxlength`` in our forms: a browser cuts a pasted text at it without a word (a
    newcomer's 6,000-character contact message arrived as 5,000). Too long, the text comes
    back whole with a message that says by how much."""
    from django.urls import reverse

    from stemcharter.contact.forms import ContactForm

    page = client.get(reverse("contact:contact")).content.decode()
    assert "maxlength" not in page
    limit = ContactForm.base_fields["message"].max_length
    message = "x" * (limit + 1_000)
    response = client.post(
        reverse("contact:contact"),
        {"name": "Jan", "email": "jan@example.be", "topic": "other", "message": message},
    )
    assert response.status_code == 200
    (error,) = response.context["form"].errors["message"]
    assert str(limit) in error.replace(",", "").replace(".", "")
    assert str(limit + 1_000) in error.replace(",", "").replace(".", "")
    assert response.context["form"]["message"].value() == message


def test_no_form_of_ours_asks_the_browser_to_cut_text():
    class Form(CleanTextForm):
        title = forms.CharField(max_length=10)
        text = forms.CharField(max_length=10, widget=forms.Textarea)

    assert "maxlength" not in str(Form())
    assert not Form({"title": "x" * 11, "text": "y"}).is_valid()
