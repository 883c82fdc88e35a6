"""The signing draft: what the signer typed so far, kept in the session between the steps.

Signing is split into steps (organisation, you, commitment, check your answers: ``STEPS``, a
journey of ``common.wizard``). Each step stores the values of its form in the draft; the check
page binds every step form again with those values, so the final submit validates exactly what
the summary showed.

What the draft never holds: a raw password (only ``make_password`` output) and an uploaded file
(the logo is kept as ``common.uploads.KeptImage``: a clean copy in the default storage under
``drafts/``; the draft keeps its path and name).
"""

import re
import time
import uuid
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.forms import Form
from django.utils.translation import gettext_lazy as _

from stemcharter.common.uploads import (
    KEPT_FOLDER,
    KeptImage,
    kept_file_delete,
    kept_image_store,
    kept_images_prune,
)
from stemcharter.common.wizard import Step, Steps
from stemcharter.organisations.services import LOGO_MAX_SIDE

from .forms import CommitmentStepForm, OrganisationStepForm, SignerStepForm

SESSION_DRAFT_KEY = "charter_sign_draft"
# The signatures this browser signed (pks), kept after the done page: confirming the email
# in another browser is treated with suspicion (see signatures_submit_for_confirmed_email).
SESSION_SIGNED_KEY = "charter_signed_in_this_browser"
# Signings with the address of an existing account, which registered nothing but emailed its
# holder: submission key -> what the done page shows (the same as for a real signing, so the
# pages never tell whether an address has an account).
SESSION_NOTICES_KEY = "charter_sign_notices"
# Anonymous signings of this browser: submission key -> the answers, the password hash and
# when it was signed, so that correcting the address to one of an existing account (which
# discards the signature, see services.signature_signer_email_correct) leaves what a notice
# needs to be corrected again, within the same hour from the signing.
SESSION_ANSWERS_KEY = "charter_sign_answers"
DRAFT_LOGO_FOLDER = KEPT_FOLDER


# A step's slug is also the key of its values in the draft.
STEPS = Steps(
    Step("organisation", _("Your organisation"), OrganisationStepForm, url_name="charter:sign"),
    Step("signer", _("You, the signer"), SignerStepForm, url_name="charter:sign-signer"),
    Step(
        "commitment", _("Your commitment"), CommitmentStepForm, url_name="charter:sign-commitment"
    ),
    Step("check", _("Check your answers"), url_name="charter:sign-check"),
)
FORM_STEPS = STEPS.form_steps()
# Never stored: passwords are hashed, files go to the storage.
SKIPPED_FIELDS = {"password1", "password2", "logo", "remove_logo"}
# A share link's code as ``?bron=`` gives it (outreach.ShareLink.code; Signature.referral_code).
REFERRAL_CODE_RE = re.compile(r"[A-Za-z0-9_-]{1,16}")
# What the draft keeps of how the signer came (an invitation, a share link's code), also when
# the anonymous signer logs in on the way (the draft starts over, these stay).
ARRIVAL_KEYS = ("invitation_id", "prefill", "referral_code")


class SignDraft:
    """The draft of one signing journey, stored in ``request.session``.

    A draft belongs to the user who started it (or to an anonymous visitor): when someone else
    logs in within the same browser, the draft starts over.
    """

    def __init__(self, request) -> None:
        self.session = request.session
        user_id = request.user.pk if request.user.is_authenticated else None
        data = self.session.get(SESSION_DRAFT_KEY)
        if not isinstance(data, dict) or data.get("user_id") != user_id:
            arrival = {}
            if isinstance(data, dict):
                kept_file_delete(data.get("logo_path"))
                if data.get("user_id") is None:
                    # The signer logged in on the way (an invitation to an existing account):
                    # how they came stays, what they typed does not.
                    arrival = {key: data[key] for key in ARRIVAL_KEYS if key in data}
            data = {
                "user_id": user_id,
                "submission_key": str(uuid.uuid4()),
                "steps": {},
                **arrival,
            }
        self.data = data

    def _save(self) -> None:
        self.session[SESSION_DRAFT_KEY] = self.data
        self.session.modified = True

    @property
    def submission_key(self) -> uuid.UUID:
        return uuid.UUID(self.data["submission_key"])

    def values(self, step: str) -> dict[str, Any] | None:
        """The values saved for a step, or None when the step was not done yet."""
        return self.data["steps"].get(step)

    def save_step(self, step: str, form: Form) -> None:
        """Keep the values of a valid step form, as typed (so they can fill the form again);
        not those of fields the answers do not use (``common.wizard.UsedOnlyWhenMixin``)."""
        values = {}
        unused = getattr(form, "unused_fields", set())
        for name, field in form.fields.items():
            if name in SKIPPED_FIELDS or field.disabled:
                continue
            if name in unused:
                values[name] = [] if isinstance(form[name].data, list) else ""
            else:
                values[name] = form[name].data
        self.data["steps"][step] = values
        self._save()

    # How the signer came: an invitation to sign (its pk, and what it pre-fills), a share
    # link's code (``?bron=``). Signing records them (services.signature_sign).

    def remember_invitation(self, *, invitation_id: int, prefill: dict[str, dict]) -> None:
        """Sign through this invitation; ``prefill``: step slug -> initial values of its form
        (used until the step is saved)."""
        self.data["invitation_id"] = invitation_id
        self.data["prefill"] = prefill
        self._save()

    def forget_invitation(self) -> None:
        self.data.pop("invitation_id", None)
        self.data.pop("prefill", None)
        self._save()

    @property
    def invitation_id(self) -> int | None:
        value = self.data.get("invitation_id")
        return value if isinstance(value, int) else None

    def prefill(self, step: str) -> dict[str, Any]:
        """What the invitation knew for this step's form ({} without one)."""
        prefill = self.data.get("prefill")
        values = prefill.get(step) if isinstance(prefill, dict) else None
        return dict(values) if isinstance(values, dict) else {}

    def set_referral_code(self, code: str) -> bool:
        """Keep a share link's code (``?bron=``) if it looks like one; True when kept."""
        if not isinstance(code, str) or not REFERRAL_CODE_RE.fullmatch(code):
            return False
        if self.data.get("referral_code") != code:
            self.data["referral_code"] = code
            self._save()
        return True

    @property
    def referral_code(self) -> str:
        value = self.data.get("referral_code")
        return value if isinstance(value, str) and REFERRAL_CODE_RE.fullmatch(value) else ""

    def first_incomplete_step(self) -> Step:
        """The first form step without saved values, or the check step when all are done."""
        for step in FORM_STEPS:
            if self.values(step.slug) is None:
                return step
        return STEPS.last

    # Password: only the hash is kept.

    def set_password(self, raw_password: str) -> None:
        self.data["password_hash"] = make_password(raw_password)
        self._save()

    @property
    def password_hash(self) -> str | None:
        return self.data.get("password_hash")

    # Logo: the file in the storage, its path and original name in the draft.

    def set_logo(self, upload: UploadedFile) -> None:
        """Store a validated upload as the draft logo, replacing an earlier one.

        The draft is already the clean copy (no metadata, extension from the real format), so
        the check page never serves what the browser sent as is.
        """
        kept = kept_image_store(upload, max_side=LOGO_MAX_SIDE)
        kept_file_delete(self.data.get("logo_path"))
        self.data["logo_path"] = kept.path
        self.data["logo_name"] = kept.name
        self.data["logo_size"] = [kept.width, kept.height]
        self._save()

    def remove_logo(self) -> None:
        kept_file_delete(self.data.pop("logo_path", None))
        self.data.pop("logo_name", None)
        self.data.pop("logo_size", None)
        self._save()

    @property
    def logo_name(self) -> str | None:
        return self.data.get("logo_name") if self.data.get("logo_path") else None

    @property
    def logo_url(self) -> str | None:
        path = self.data.get("logo_path")
        return default_storage.url(path) if path else None

    @property
    def logo_size(self) -> tuple[int, int] | None:
        size = self.data.get("logo_size")
        return (size[0], size[1]) if self.logo_name and size else None

    def open_logo(self) -> File | None:
        """The draft logo as a file for ``organisation_create`` (close it after use)."""
        path = self.data.get("logo_path")
        if not path:
            return None
        name = self.data.get("logo_name") or path
        return KeptImage(path=path, name=name, width=0, height=0).open()

    def clear(self) -> None:
        """Forget the draft and delete its logo file (after signing)."""
        kept_file_delete(self.data.get("logo_path"))
        self.session.pop(SESSION_DRAFT_KEY, None)
        self.data = {"user_id": None, "submission_key": str(uuid.uuid4()), "steps": {}}


def signed_in_this_browser(request) -> list[int]:
    """The pks of the signatures signed in this browser session."""
    value = getattr(request, "session", {}).get(SESSION_SIGNED_KEY)
    return [pk for pk in value if isinstance(pk, int)] if isinstance(value, list) else []


def mark_signed_in_this_browser(request, signature_pk: int) -> None:
    signed = signed_in_this_browser(request)
    if signature_pk not in signed:
        request.session[SESSION_SIGNED_KEY] = [*signed, signature_pk]


def notice_remember(
    request,
    *,
    submission_key: uuid.UUID,
    email: str,
    organisation: str,
    charter_version: int,
    answers: dict[str, Any] | None = None,
    password_hash: str | None = None,
    signed_at: float | None = None,
) -> None:
    """Keep what the done page shows for a signing that only emailed an account's holder,
    and the answers (the draft's steps, the password hash: never a file) to sign with if the
    signer corrects the address (views.public.signing_notice_email_correct)."""
    notices = signing_notices(request)
    previous = notices.get(str(submission_key)) or {}
    notices[str(submission_key)] = {
        "email": email,
        "organisation": organisation,
        "charter_version": charter_version,
        "answers": answers if answers is not None else previous.get("answers"),
        "password_hash": password_hash or previous.get("password_hash"),
        "signed_at": previous.get("signed_at") or signed_at or time.time(),
    }
    # The last few are enough: a browser signs a handful of times at most.
    request.session[SESSION_NOTICES_KEY] = dict(list(notices.items())[-5:])


def signing_answers_remember(
    request, *, submission_key: uuid.UUID, answers: dict[str, Any], password_hash: str
) -> None:
    """Keep the answers of an anonymous signing of this browser (never a file), for as long as
    the session lasts; the last few only (see SESSION_ANSWERS_KEY)."""
    kept = signing_answers(request)
    kept[str(submission_key)] = {
        "answers": answers,
        "password_hash": password_hash,
        "signed_at": time.time(),
    }
    request.session[SESSION_ANSWERS_KEY] = dict(list(kept.items())[-5:])


def signing_answers(request) -> dict[str, dict[str, Any]]:
    value = getattr(request, "session", {}).get(SESSION_ANSWERS_KEY)
    return dict(value) if isinstance(value, dict) else {}


def signing_signed_at(request, submission_key: str) -> float | None:
    """When this browser signed the signing with this submission key (the first time, before
    any correction of its address), or None if the session does not know."""
    moments = [
        float(kept["signed_at"])
        for kept in (
            signing_notices(request).get(submission_key),
            signing_answers(request).get(submission_key),
        )
        if isinstance(kept, dict) and kept.get("signed_at")
    ]
    return min(moments) if moments else None


def signing_notices(request) -> dict[str, dict[str, Any]]:
    """The signings of this browser that only emailed an account's holder (see above)."""
    value = getattr(request, "session", {}).get(SESSION_NOTICES_KEY)
    return dict(value) if isinstance(value, dict) else {}


def draft_logos_prune(*, older_than_hours: int = 48) -> int:
    """Delete draft logos of signing journeys that were never finished, and the other kept
    images (``common.uploads``: an image being added in the portal); return how many.

    Sessions expire after two weeks at most, but an abandoned draft's logo is useless once
    the signer has left; 48 hours leaves room for someone who finishes the next day.
    """
    return kept_images_prune(older_than_hours=older_than_hours)
