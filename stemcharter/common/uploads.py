"""Images chosen in a form that is not done yet: kept, so nobody has to choose them again.

A browser never sends a chosen file a second time: when a form comes back with a problem in
another field, the file would be gone. A journey keeps a valid upload instead: a clean copy
(``common.images.image_clean_copy``, no metadata) goes to the default storage under
``drafts/``, and the journey keeps the returned ``KeptImage`` (as a dict) in its draft or the
session; the next submit uses it when no other file is chosen. Signing keeps its logo this way
(``charter.signing.SignDraft``), the portal the image being added to an item
(``reviews.views.portal.ItemImagesView``). Files nobody came back for are deleted by
``kept_images_prune`` (``manage.py prune_sign_drafts``).
"""

import os
import uuid
from dataclasses import asdict, dataclass
from datetime import timedelta
from typing import Any

from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from .images import image_clean_copy

KEPT_FOLDER = "drafts"


@dataclass(frozen=True)
class KeptImage:
    path: str  # in the default storage, under KEPT_FOLDER
    name: str  # the name of the file the person chose, to show and to check against
    width: int
    height: int

    def as_dict(self) -> dict[str, Any]:
        """For a session (JSON)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, value: Any) -> "KeptImage | None":
        """The kept image a session holds, or None (nothing, or something else)."""
        if not isinstance(value, dict):
            return None
        try:
            kept = cls(
                path=str(value["path"]),
                name=str(value["name"]),
                width=int(value["width"]),
                height=int(value["height"]),
            )
        except (KeyError, TypeError, ValueError):
            return None
        return kept if kept.path.startswith(f"{KEPT_FOLDER}/") else None

    def open(self) -> File | None:
        """The kept file (close it after use), or None when it is gone (pruned)."""
        if not default_storage.exists(self.path):
            return None
        return File(default_storage.open(self.path, "rb"), name=self.name)

    def delete(self) -> None:
        kept_file_delete(self.path)


def kept_image_store(upload: UploadedFile, *, max_side: int) -> KeptImage:
    """Keep a validated upload (``validate_image_upload``) as a clean copy."""
    clean = image_clean_copy(upload, name=upload.name or "image", max_side=max_side)
    extension = os.path.splitext(clean.file.name)[1]
    path = default_storage.save(f"{KEPT_FOLDER}/{uuid.uuid4().hex}{extension}", clean.file)
    return KeptImage(
        path=path,
        name=os.path.basename(upload.name or path),
        width=clean.width,
        height=clean.height,
    )


def kept_file_delete(path: str | None) -> None:
    if path and path.startswith(f"{KEPT_FOLDER}/") and default_storage.exists(path):
        default_storage.delete(path)


def kept_images_prune(*, older_than_hours: int = 48) -> int:
    """Delete the kept files older than this; return how many."""
    try:
        _, files = default_storage.listdir(KEPT_FOLDER)
    except FileNotFoundError:
        return 0
    limit = timezone.now() - timedelta(hours=older_than_hours)
    deleted = 0
    for name in files:
        path = f"{KEPT_FOLDER}/{name}"
        if default_storage.get_modified_time(path) < limit:
            default_storage.delete(path)
            deleted += 1
    return deleted
