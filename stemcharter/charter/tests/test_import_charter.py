import pytest
from django.core.management import CommandError, call_command

from stemcharter.charter.models import CharterVersion
from stemcharter.charter.tests.factories import CharterVersionFactory

pytestmark = pytest.mark.django_db


def write(tmp_path, text, name="charter.md"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_imports_a_file_with_the_title_from_its_first_heading(tmp_path, capsys):
    path = write(tmp_path, "# Het STEM-charter\n\n## Wij engageren ons\n\nTekst.\n")
    call_command("import_charter", path)
    version = CharterVersion.objects.get()
    assert version.number == 1
    assert version.title == "Het STEM-charter"
    assert version.body.startswith("## Wij engageren ons")
    assert not version.is_demo
    assert version.published_at is not None
    assert version.published_by is None
    assert "Published charter version 1" in capsys.readouterr().out


def test_title_note_and_demo_options(tmp_path):
    CharterVersionFactory(number=1)
    path = write(tmp_path, "We make STEM attractive.\n")
    call_command("import_charter", path, "--title", "Demo charter", "--note", "Shorter", "--demo")
    version = CharterVersion.objects.current()
    assert version.number == 2
    assert version.title == "Demo charter"
    assert version.change_note == "Shorter"
    assert version.is_demo
    assert version.body == "We make STEM attractive.\n"


def test_title_option_wins_over_the_heading(tmp_path):
    path = write(tmp_path, "# Heading title\n\nText.\n")
    call_command("import_charter", path, "--title", "Given title")
    version = CharterVersion.objects.get()
    assert version.title == "Given title"
    assert version.body == "Text.\n"


def test_missing_file(tmp_path):
    with pytest.raises(CommandError, match="File not found"):
        call_command("import_charter", str(tmp_path / "nope.md"), "--title", "X")
    assert not CharterVersion.objects.exists()


@pytest.mark.parametrize("text", ["", "  \n\n ", "# Only a title\n"])
def test_empty_file(tmp_path, text):
    with pytest.raises(CommandError, match="no charter text"):
        call_command("import_charter", write(tmp_path, text), "--title", "X")
    assert not CharterVersion.objects.exists()


def test_no_title_at_all(tmp_path):
    with pytest.raises(CommandError, match="--title"):
        call_command("import_charter", write(tmp_path, "Just text.\n"))
    assert not CharterVersion.objects.exists()


def test_not_utf8(tmp_path):
    path = tmp_path / "charter.md"
    path.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(CommandError, match="UTF-8"):
        call_command("import_charter", str(path), "--title", "X")
