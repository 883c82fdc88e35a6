"""images.services: clean renditions, alt text, consent for minors, limits, order, removal."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from PIL import Image as PillowImage

from stemcharter.accounts.tests.factories import UserFactory
from stemcharter.actions.tests.factories import ActionFactory, PublishedActionFactory
from stemcharter.audit.models import AuditEntry
from stemcharter.images import services
from stemcharter.images.models import MAX_IMAGES_PER_ITEM, Image
from stemcharter.images.tests.factories import GPS_IFD, ImageFactory, picture_bytes, picture_upload
from stemcharter.reviews.services import revision_start

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def action():
    return ActionFactory()


@pytest.fixture
def user():
    return UserFactory()


def add(owner, by, **overrides):
    values = {
        "file": picture_upload(),
        "alt_text": "Twee leerlingen bouwen een robotarm.",
        "minors_recognisable": False,
        "consent_confirmed": False,
        **overrides,
    }
    return services.image_add(owner=owner, by=by, **values)


def opened(field):
    with field.open("rb") as file:
        picture = PillowImage.open(io.BytesIO(file.read()))
        picture.load()
    return picture


def test_renditions_have_their_sizes(action, user):
    image = add(action, user, file=picture_upload(size=(3000, 1500)))
    assert (image.detail_width, image.detail_height) == (1600, 800)
    assert opened(image.detail).size == (1600, 800)
    assert (image.card_width, image.card_height) == (640, 400)
    assert opened(image.card).size == (640, 400)
    assert opened(image.social).size == (1200, 630)


def test_a_small_or_portrait_picture_still_fills_card_and_social_image(action, user):
    image = add(action, user, file=picture_upload(size=(300, 900)))
    assert (image.detail_width, image.detail_height) == (300, 900)
    assert opened(image.card).size == (640, 400)
    assert opened(image.social).size == (1200, 630)


def test_no_exif_or_gps_is_left_in_any_rendition(action, user):
    original = PillowImage.open(io.BytesIO(picture_bytes(with_gps=True)))
    assert original.getexif().get_ifd(GPS_IFD)  # the upload does carry a position
    image = add(action, user, file=picture_upload(with_gps=True))
    for field in (image.detail, image.card, image.social):
        picture = opened(field)
        assert not picture.getexif()
        assert "exif" not in picture.info
        with field.open("rb") as file:
            content = file.read()
        assert b"PhoneMaker" not in content
        assert b"Exif" not in content


def test_a_minor_without_consent_is_refused_with_what_to_do(action, user):
    with pytest.raises(ValidationError) as excinfo:
        add(action, user, minors_recognisable=True, consent_confirmed=False)
    message = excinfo.value.message_dict["consent_confirmed"][0]
    assert "written consent of their parents or guardians" in message
    assert "Tick the box" in message
    assert not Image.objects.exists()


def test_consent_is_recorded_with_who_and_when(action, user):
    before = timezone.now()
    image = add(action, user, minors_recognisable=True, consent_confirmed=True)
    assert image.consent_confirmed_by == user
    assert before <= image.consent_confirmed_at <= timezone.now()
    assert image.uploaded_by == user
    plain = add(action, user)
    assert (plain.consent_confirmed_at, plain.consent_confirmed_by) == (None, None)


@pytest.mark.parametrize(
    ("alt_text", "message"),
    [
        ("", "Describe what the image shows"),
        ("   ", "Describe what the image shows"),
        ("IMG_2041.jpg", "not the name of the file"),
        ("x" * 251, "at most 250 characters"),
    ],
)
def test_alt_text_is_required_and_meaningful(action, user, alt_text, message):
    with pytest.raises(ValidationError) as excinfo:
        add(action, user, alt_text=alt_text)
    assert message in excinfo.value.message_dict["alt_text"][0]


def test_a_file_that_is_not_an_image_is_refused(action, user):
    with pytest.raises(ValidationError) as excinfo:
        add(action, user, file=SimpleUploadedFile("robot.jpg", b"not a picture"))
    assert "The file is not an image" in excinfo.value.message_dict["file"][0]


def test_at_most_six_images(action, user):
    for _ in range(MAX_IMAGES_PER_ITEM):
        add(action, user, file=picture_upload(size=(40, 20)))
    with pytest.raises(ValidationError) as excinfo:
        add(action, user, file=picture_upload(size=(40, 20)))
    assert excinfo.value.code == "too_many"
    assert "at most 6 images" in excinfo.value.messages[0]
    assert [image.position for image in action.images.all()] == list(range(6))


def test_adding_is_audited_on_the_live_item(user):
    live = PublishedActionFactory()
    copy = revision_start(item=live, by=user)
    add(copy, user)
    entry = AuditEntry.objects.get(code="images.image.added")
    assert entry.target_id == str(live.pk)
    assert entry.data["minors_recognisable"] is False


def test_update_texts_and_consent(action, user):
    image = add(action, user)
    other = UserFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.image_update(image=image, by=other, minors_recognisable=True)
    assert "consent_confirmed" in excinfo.value.message_dict
    image = services.image_update(
        image=image,
        by=other,
        alt_text="Een leerling soldeert.",
        caption="Foto: school",
        minors_recognisable=True,
        consent_confirmed=True,
    )
    assert (image.alt_text, image.caption) == ("Een leerling soldeert.", "Foto: school")
    assert image.consent_confirmed_by == other
    recorded_at = image.consent_confirmed_at
    # Confirming again keeps the first record; saying "no minors" clears it.
    image = services.image_update(
        image=image, by=user, minors_recognisable=True, consent_confirmed=True
    )
    assert (image.consent_confirmed_by, image.consent_confirmed_at) == (other, recorded_at)
    image = services.image_update(image=image, by=user, minors_recognisable=False)
    assert image.consent_confirmed_at is None
    assert AuditEntry.objects.filter(code="images.image.updated").count() == 2
    with pytest.raises(ValidationError):
        services.image_update(image=image, by=user, alt_text="")


def test_move_and_position(action, user):
    first, _second, third = (add(action, user, alt_text=f"Beeld {n}") for n in "abc")
    services.image_move(image=third, by=user, offset=-1)
    assert [i.alt_text for i in action.images.all()] == ["Beeld a", "Beeld c", "Beeld b"]
    services.image_move(image=first, by=user, offset=-1)  # already first: nothing moves
    assert [i.alt_text for i in action.images.all()] == ["Beeld a", "Beeld c", "Beeld b"]
    services.image_update(image=first, by=user, position=9)
    assert [i.alt_text for i in action.images.all()][-1] == "Beeld a"


def test_remove_deletes_files_unless_a_working_copy_shares_them(
    user, django_capture_on_commit_callbacks
):
    live = PublishedActionFactory()
    image = add(live, user)
    copy = revision_start(item=live, by=user)
    shared = copy.images.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.image_remove(image=shared, by=user)
    assert default_storage.exists(image.detail.name)  # the live item still shows it
    with django_capture_on_commit_callbacks(execute=True):
        services.image_remove(image=image, by=user)
    assert not default_storage.exists(image.detail.name)
    assert not default_storage.exists(image.social.name)
    assert AuditEntry.objects.filter(code="images.image.removed").count() == 2


def test_factory_adds_through_the_service(action):
    image = ImageFactory(owner=action, minors_recognisable=True, consent_confirmed=True)
    assert image.pk
    assert image.consent_confirmed_at


@pytest.mark.parametrize(
    ("mode", "image_format", "saved_as"),
    [("P", "PNG", "PNG"), ("RGBA", "PNG", "PNG"), ("CMYK", "JPEG", "JPEG"), ("L", "GIF", "PNG")],
)
def test_renditions_of_other_kinds_of_pictures(action, user, mode, image_format, saved_as):
    buffer = io.BytesIO()
    picture = PillowImage.new(mode, (800, 500))
    options = {"transparency": 0} if mode == "P" else {}
    picture.save(buffer, format=image_format, **options)
    upload = SimpleUploadedFile(f"tekening.{image_format.lower()}", buffer.getvalue())
    image = add(action, user, file=upload)
    for field in (image.detail, image.card, image.social):
        assert opened(field).format == saved_as
    assert opened(image.card).size == (640, 400)
