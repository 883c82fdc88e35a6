"""Images kept between two submits of a form (common/uploads.py): a clean copy under
drafts/, opened again under the name the person chose, and nothing outside drafts/."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from stemcharter.common.uploads import KEPT_FOLDER, KeptImage, kept_image_store


def png(name="schets.png", size=(300, 100)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "orange").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_a_kept_image_is_a_bounded_clean_copy_opened_under_its_name():
    kept = kept_image_store(png(), max_side=150)
    assert kept.path.startswith(f"{KEPT_FOLDER}/")
    assert (kept.name, kept.width, kept.height) == ("schets.png", 150, 50)
    again = KeptImage.from_dict(kept.as_dict())
    assert again == kept
    file = again.open()
    try:
        assert file.name == "schets.png"
        with Image.open(file) as image:
            assert image.size == (150, 50)
    finally:
        file.close()
    kept.delete()
    assert not default_storage.exists(kept.path)
    assert kept.open() is None


@pytest.mark.parametrize(
    "value",
    [
        None,
        "drafts/x.png",
        {"path": "logos/real-logo.png", "name": "x.png", "width": 1, "height": 1},
        {"path": "drafts/x.png", "name": "x.png"},
        {"path": "drafts/x.png", "name": "x.png", "width": "wide", "height": 1},
    ],
)
def test_a_session_value_that_is_not_a_kept_image_is_ignored(value):
    assert KeptImage.from_dict(value) is None
