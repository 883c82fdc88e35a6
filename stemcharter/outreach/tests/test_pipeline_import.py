"""The import of prospects (issue 14, pipeline): the note's real file, twice, its duplicates
merged; each kind of bad file refused with a clear message and nothing imported."""

import codecs
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from stemcharter.audit.models import AuditEntry
from stemcharter.common.tests.roles import make_user
from stemcharter.outreach.models import Prospect, ProspectGroup
from stemcharter.outreach.services import (
    PROSPECT_IMPORT_MAX_BYTES,
    PROSPECT_IMPORT_MAX_ROWS,
    prospect_names,
    prospects_import,
)
from stemcharter.outreach.services import PROSPECTS_FILE as DEFAULT_FILE

# The messages are read in English (their Dutch comes with the translations).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

# The real file: 65 rows, one without organisation, two organisations named twice.
REAL_ROWS = 65
REAL_PROSPECTS = 62


def _groups(prospect: Prospect) -> set[str]:
    return set(prospect.groups.values_list("name", flat=True))


def test_the_real_file_makes_one_prospect_per_organisation():
    result = prospects_import(file=DEFAULT_FILE.read_bytes(), by=make_user("coordinator"))

    assert Prospect.objects.count() == REAL_PROSPECTS
    assert len(result.created) == REAL_PROSPECTS
    assert result.skipped == [(60, "no organisation")]
    # 16 groups; "paritaire partners op sectoraal niveau" names no organisation yet.
    assert ProspectGroup.objects.count() == 15
    assert sorted(name for name, _rows in result.merged) == [
        "Fonds voor Vakopleiding in de Bouw",
        "Jeugd - Cultuur en Wetenschap",
    ]
    fvb = Prospect.objects.get(also_known_as="FVB")
    assert fvb.name == "Fonds voor Vakopleiding in de Bouw"
    assert _groups(fvb) == {"sector bouw"}
    jcw = Prospect.objects.get(also_known_as="JCW")
    assert jcw.name == "Jeugd - Cultuur en Wetenschap"
    assert _groups(jcw) == {
        "organisaties voor wetenschapspopularisering",
        "onbaatzuchtige STEM-initiatiefnemers",
    }
    assert not Prospect.objects.filter(name__in=["FVB", "JCW"]).exists()
    assert Prospect.objects.get(name="Co-valent").notes == "sectoraal vormingsfonds"
    # "Full name (ABBR)" without a twin: the abbreviation is its other name too.
    assert Prospect.objects.get(name="Vlaamse Jonge Ondernemingen").also_known_as == "Vlajo"
    assert Prospect.objects.get(also_known_as="FWO").name == "Fonds wetenschappelijk onderzoek"
    assert Prospect.objects.get(name="Departement Economie, Wetenschap en Innovatie")
    assert set(Prospect.objects.values_list("status", flat=True)) == {"proposed"}
    entry = AuditEntry.objects.get(code="outreach.prospect.imported")
    assert entry.data["prospects_created"] == REAL_PROSPECTS


def test_importing_the_real_file_twice_gives_the_same_rows():
    prospects_import(file=DEFAULT_FILE.read_bytes())
    before = {
        prospect.pk: (prospect.name, prospect.also_known_as, prospect.notes, _groups(prospect))
        for prospect in Prospect.objects.all()
    }

    result = prospects_import(file=DEFAULT_FILE.read_bytes())

    after = {
        prospect.pk: (prospect.name, prospect.also_known_as, prospect.notes, _groups(prospect))
        for prospect in Prospect.objects.all()
    }
    assert after == before
    assert result.created == []
    assert result.updated == []
    assert len(result.unchanged) == REAL_PROSPECTS


def test_a_second_file_adds_groups_and_notes_once_and_keeps_the_coordinators_work():
    prospects_import(file=DEFAULT_FILE.read_bytes())
    fvb = Prospect.objects.get(also_known_as="FVB")
    fvb.status = Prospect.Status.CONTACTED
    fvb.notes = "Gebeld op maandag"
    fvb.save()
    again = b"group,organisation,note\nopleiding,FVB,fonds\nopleiding,fvb,fonds\n"

    result = prospects_import(file=again)
    prospects_import(file=again)

    fvb.refresh_from_db()
    assert result.updated == ["Fonds voor Vakopleiding in de Bouw"]
    assert fvb.status == Prospect.Status.CONTACTED
    assert fvb.notes == "Gebeld op maandag\nfonds"
    assert _groups(fvb) == {"sector bouw", "opleiding"}
    assert Prospect.objects.count() == REAL_PROSPECTS


def test_a_dry_run_says_what_it_would_do_and_saves_nothing():
    result = prospects_import(file=DEFAULT_FILE.read_bytes(), dry_run=True)
    assert len(result.created) == REAL_PROSPECTS
    assert not Prospect.objects.exists()
    assert not ProspectGroup.objects.exists()
    assert not AuditEntry.objects.filter(code="outreach.prospect.imported").exists()


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Fonds voor Vakopleiding in de Bouw (FVB)", ("Fonds voor Vakopleiding in de Bouw", "FVB")),
        ("JCW (Jeugd - Cultuur en Wetenschap)", ("Jeugd - Cultuur en Wetenschap", "JCW")),
        ("GO!", ("GO!", "")),
        (
            "Departement Onderwijs (Vlaamse overheid)",
            ("Departement Onderwijs (Vlaamse overheid)", ""),
        ),
        ("KU Leuven", ("KU Leuven", "")),
    ],
)
def test_prospect_names_reads_an_abbreviation_in_parentheses(written, expected):
    assert prospect_names(written) == expected


def test_semicolons_and_a_byte_order_mark_as_excel_saves_it():
    data = codecs.BOM_UTF8 + "Group;Organisation\nbouw;Élan vzw\n".encode()
    result = prospects_import(file=io.BytesIO(data))
    assert result.created == ["Élan vzw"]
    assert _groups(Prospect.objects.get()) == {"bouw"}


def _refused(data: bytes, code: str) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        prospects_import(file=data)
    assert caught.value.code == code
    assert not Prospect.objects.exists()
    assert not ProspectGroup.objects.exists()
    return caught.value


def test_missing_columns_are_named():
    error = _refused(b"groep,naam\nbouw,Bouwunie\n", "columns")
    assert "“group”, “organisation”" in error.messages[0]
    error = _refused(b"group,name\nbouw,Bouwunie\n", "columns")
    assert "“organisation”" in error.messages[0]
    assert "“group”" not in error.messages[0]


def test_a_latin_1_file_is_refused_with_how_to_save_it():
    error = _refused("group,organisation\nbouw,Élan\n".encode("latin-1"), "encoding")
    assert "UTF-8" in error.messages[0]


def test_a_utf_16_file_is_refused_with_how_to_save_it():
    error = _refused("group,organisation\nbouw,Élan\n".encode("utf-16"), "encoding")
    assert "UTF-16" in error.messages[0]


@pytest.mark.parametrize("data", [b"", b"   \n\n", codecs.BOM_UTF8])
def test_an_empty_file_is_refused(data):
    _refused(data, "empty")


def test_a_huge_file_is_refused():
    row = b"bouw," + b"x" * 100 + b"\n"
    _refused(
        b"group,organisation\n" + row * (PROSPECT_IMPORT_MAX_BYTES // len(row) + 1), "too_large"
    )


def test_too_many_rows_are_refused_and_nothing_is_half_imported():
    rows = "".join(f"g,Organisatie {index}\n" for index in range(PROSPECT_IMPORT_MAX_ROWS + 1))
    _refused(("group,organisation\n" + rows).encode(), "too_many_rows")


def test_a_file_that_is_not_csv_is_refused():
    error = _refused(b'group,organisation\nbouw,Bouwunie\nbouw,"Bouw"unie\n', "format")
    assert "line 3" in error.messages[0]


def test_bad_rows_are_skipped_with_their_reason_and_the_others_imported():
    data = (
        f"group,organisation,note\nbouw,,nobody\nbouw,{'x' * 201},\nbouw,!!!,\nbouw,Bouwunie,\n"
    ).encode()
    result = prospects_import(file=data)
    assert [line for line, _reason in result.skipped] == [2, 3, 4]
    assert "200" in result.skipped[1][1]
    assert result.created == ["Bouwunie"]


def test_the_command_imports_the_real_file_twice(capsys):
    call_command("import_prospects")
    call_command("import_prospects")
    out = capsys.readouterr().out
    assert f"0 prospect(s) created, 0 completed, {REAL_PROSPECTS} unchanged" in out
    assert "Merged into one prospect, Fonds voor Vakopleiding in de Bouw" in out
    assert Prospect.objects.count() == REAL_PROSPECTS


def test_the_command_dry_run_saves_nothing(capsys):
    call_command("import_prospects", "--dry-run")
    assert f"would have {REAL_PROSPECTS} prospect(s) created" in capsys.readouterr().out
    assert not Prospect.objects.exists()


def test_the_command_says_what_is_wrong_with_a_bad_file(tmp_path):
    bad = tmp_path / "latin.csv"
    bad.write_bytes("group,organisation\nbouw,Élan\n".encode("latin-1"))
    with pytest.raises(CommandError, match="UTF-8"):
        call_command("import_prospects", str(bad))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_prospects", str(tmp_path / "missing.csv"))
    assert not Prospect.objects.exists()


def test_the_command_exits_with_code_1_on_a_bad_file(tmp_path):
    import subprocess
    import sys

    bad = tmp_path / "empty.csv"
    bad.write_bytes(b"")
    done = subprocess.run(
        [sys.executable, "manage.py", "import_prospects", str(bad), "--dry-run"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_command_speaks_english_whatever_language_is_active(tmp_path, capsys, language):
    """Its own words are English; so are the service's reasons and errors it prints (Dutch
    is the default language, and the translations of those messages exist)."""
    from django.utils import translation

    rows = tmp_path / "rows.csv"
    rows.write_text("group,organisation\nbouw,\nbouw,Bouwunie\n", encoding="utf-8")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with translation.override(language):
        call_command("import_prospects", str(rows))
        with pytest.raises(CommandError) as raised:
            call_command("import_prospects", str(empty))
        assert translation.get_language() == language  # left as it was
    out = capsys.readouterr().out
    assert "1 prospect(s) created" in out
    assert "Skipped line 2: no organisation." in out
    assert "The file is empty. Nothing was imported." in str(raised.value)
    assert "Het bestand" not in str(raised.value)
