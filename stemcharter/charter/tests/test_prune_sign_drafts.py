import os
import time

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from stemcharter.charter.signing import DRAFT_LOGO_FOLDER, draft_logos_prune


def test_prunes_only_old_draft_logos(settings):
    old = default_storage.save(f"{DRAFT_LOGO_FOLDER}/old.png", ContentFile(b"x"))
    new = default_storage.save(f"{DRAFT_LOGO_FOLDER}/new.png", ContentFile(b"x"))
    logo = default_storage.save("logos/kept.png", ContentFile(b"x"))
    three_days_ago = time.time() - 3 * 24 * 3600
    os.utime(default_storage.path(old), (three_days_ago, three_days_ago))

    assert draft_logos_prune(older_than_hours=48) == 1

    assert not default_storage.exists(old)
    assert default_storage.exists(new)
    assert default_storage.exists(logo)


def test_command_without_drafts_folder(capsys):
    call_command("prune_sign_drafts")
    assert "Deleted 0 draft logo(s)." in capsys.readouterr().out
