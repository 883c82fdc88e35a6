"""The Nu HTML checker (vnu-jar, npm; needs Java) finds no error on any page, with the demo data:
every public page in both languages, and the portal and back-office pages reachable from their
home pages.

The pages are rendered with Django's test client into files and the checker runs once over all
of them (one JVM start, no server, no port). Warnings are printed, not failed on."""

import json
import os
import shutil
import subprocess  # nosec B404: runs the checker, a fixed command
from pathlib import Path

import pytest
from django.test import Client

from e2e.conftest import REQUIRED
from stemcharter.pages.tests.page_list import public_paths, render, seed_demo, signed_in_pages

VNU_JAR = Path(__file__).parent / ".vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _missing() -> str | None:
    if not shutil.which("java"):
        return "java not found (apt-get install default-jre-headless)"
    if not VNU_JAR.exists():
        return f"the Nu HTML checker not found at {VNU_JAR} (scripts/test installs it with npm)"
    return None


def check(pages: dict[str, bytes], folder: Path) -> dict[str, list[dict]]:
    """Run the checker once over ``pages`` ({path: html}); its messages per path."""
    names = {}
    for number, (path, html) in enumerate(pages.items()):
        file = folder / f"page-{number:03}.html"
        file.write_bytes(html)
        names[file.name] = path
    result = subprocess.run(  # nosec B603: fixed arguments, our own files
        ["java", "-Xss1024k", "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always"]
        + [str(folder / name) for name in names],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    messages: dict[str, list[dict]] = {path: [] for path in pages}
    for message in json.loads(result.stderr)["messages"]:
        url = message.get("url", "?")
        path = names.get(url.rsplit("/", 1)[-1], url)
        messages.setdefault(path, []).append(message)
    return messages


def report(messages: dict[str, list[dict]], kind: str) -> list[str]:
    """One line per message of ``kind`` ("error" or "info" for warnings)."""
    return [
        f"{path}:{m.get('lastLine', '?')}: {m.get('message')} [{m.get('extract', '').strip()}]"
        for path, found in messages.items()
        for m in found
        if (m["type"] == kind or (kind == "error" and m["type"] == "non-document-error"))
    ]


@pytest.mark.django_db
def test_every_page_is_valid_html(tmp_path, settings):
    missing = _missing()
    if missing:
        if REQUIRED:
            pytest.fail(missing)
        pytest.skip(missing)
    settings.STAFF_MFA_REQUIRED = False
    seed_demo()
    client = Client()
    pages = {path: render(client, path) for path in public_paths()}
    signed_in = signed_in_pages()
    assert len(signed_in["portal"]) > 3
    assert len(signed_in["backoffice"]) > 3
    print(
        f"Nu HTML checker: {len(pages)} public pages, {len(signed_in['portal'])} portal pages, "
        f"{len(signed_in['backoffice'])} back-office pages"
    )
    pages |= signed_in["portal"] | signed_in["backoffice"]

    messages = check(pages, tmp_path)
    warnings = report(messages, "info")
    if warnings and os.environ.get("VNU_VERBOSE"):
        print("Warnings:\n" + "\n".join(warnings))
    errors = report(messages, "error")
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors)
