"""The forms to add an image to an item and to change one. They validate the input; the views
hand the values to ``images.services``, which checks them again."""

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from stemcharter.common.forms import CleanTextForm
from stemcharter.common.images import validate_image_upload
from stemcharter.common.uploads import KeptImage

from .services import TEXT_MAX_LENGTH

IMAGE_TYPES = "image/png,image/jpeg,image/gif,image/webp"
YES_NO = [("yes", _("Yes")), ("no", _("No"))]

ALT_TEXT_HINT = _(
    "For people who cannot see the image. Say in one sentence what it shows and why it matters "
    "here, for example: Two pupils of the second year test the robot arm they built. "
    "Do not start with “Picture of”."
)
MINORS_LABEL = _("Are children or young people under 18 recognisable in this picture?")
CONSENT_LABEL = _("I have the written consent of their parents or guardians")
CONSENT_HINT = _(
    "Only needed when you answered yes. Without this consent we cannot publish the picture."
)


class _ImageDetailsForm(CleanTextForm):
    alt_text = forms.CharField(
        label=_("Describe the image"),
        max_length=TEXT_MAX_LENGTH,
        help_text=ALT_TEXT_HINT,
        error_messages={
            "required": _(
                "Describe what the image shows, for people who cannot see it. "
                "For example: Two pupils build a robot arm."
            ),
            "max_length": _(
                "Shorten the description to at most %(limit_value)d characters "
                "(it has %(show_value)d)."
            ),
        },
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    caption = forms.CharField(
        label=_("Caption"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        help_text=_("Shown under the image, for example who made it or where it was taken."),
        error_messages={
            "max_length": _(
                "Shorten the caption to at most %(limit_value)d characters (it has %(show_value)d)."
            )
        },
    )
    minors_recognisable = forms.ChoiceField(
        label=MINORS_LABEL,
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Say whether children or young people are recognisable in the picture.")
        },
    )
    consent_confirmed = forms.BooleanField(
        label=CONSENT_LABEL, required=False, help_text=CONSENT_HINT
    )

    def clean(self):
        data = super().clean()
        if data.get("minors_recognisable") == "yes" and not data.get("consent_confirmed"):
            self.add_error(
                "consent_confirmed",
                _(
                    "You can only add a picture in which children or young people are "
                    "recognisable when you have the written consent of their parents or "
                    "guardians. Tick the box to confirm that you have it, or choose a picture "
                    "in which they cannot be recognised."
                ),
            )
        return data

    def image_values(self) -> dict:
        """The values for ``image_add`` / ``image_update``."""
        data = self.cleaned_data
        minors = data["minors_recognisable"] == "yes"
        return {
            "alt_text": data["alt_text"],
            "caption": data.get("caption", ""),
            "minors_recognisable": minors,
            "consent_confirmed": minors and bool(data.get("consent_confirmed")),
        }


class ImageAddForm(_ImageDetailsForm):
    file = forms.FileField(
        label=_("Image"),
        help_text=_(
            "A photo or drawing as a PNG, JPEG, GIF or WebP file of at most 5 MB. "
            "A landscape picture works best."
        ),
        validators=[validate_image_upload],
        error_messages={"required": _("Choose an image file.")},
        widget=forms.FileInput(attrs={"accept": IMAGE_TYPES}),
    )

    field_order = ["file", "alt_text", "caption", "minors_recognisable", "consent_confirmed"]

    def __init__(self, *args, kept: KeptImage | None = None, **kwargs) -> None:
        """``kept``: the image chosen earlier in this form, kept when the form had a problem
        (``common.uploads``); it is added unless another file is chosen."""
        super().__init__(*args, **kwargs)
        self.kept: KeptImage | None = None
        if kept is not None:
            self.fields["file"].required = False
            self.now_kept(kept)

    def now_kept(self, kept: KeptImage) -> None:
        """The image that is kept from now on (also after this form was checked)."""
        self.kept = kept
        self.fields["file"].help_text = _(
            "Choose a file only to replace the image we kept. A PNG, JPEG, GIF or WebP "
            "file of at most 5 MB."
        )

    def chosen_file(self) -> UploadedFile | None:
        """The file chosen in this submit, when it is a valid image."""
        if "file" in self.errors:
            return None
        return getattr(self, "cleaned_data", {}).get("file") or None

    def has_input(self) -> bool:
        """Whether anything was chosen or typed: a file, a description, a caption, an
        answer."""
        return (
            self.kept is not None
            or bool(self.files.get(self.add_prefix("file")))
            or any(
                str(self.data.get(self.add_prefix(name), "")).strip()
                for name in ("alt_text", "caption", "minors_recognisable", "consent_confirmed")
            )
        )

    @property
    def file_must_be_chosen_again(self) -> bool:
        """A file was chosen, the form has errors and no image is kept (``now_kept``): the
        browser will not send the file again."""
        return (
            self.is_bound
            and bool(self.errors)
            and bool(self.files.get(self.add_prefix("file")))
            and self.kept is None
        )


class ImageEditForm(_ImageDetailsForm):
    @classmethod
    def initial_for(cls, image) -> dict:
        return {
            "alt_text": image.alt_text,
            "caption": image.caption,
            "minors_recognisable": "yes" if image.minors_recognisable else "no",
            "consent_confirmed": image.consent_confirmed_at is not None,
        }
