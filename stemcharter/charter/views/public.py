"""Public pages of the charter: read it, sign it, what happens next, and who signed (the
directory of signatories; each signatory's own page is in ``pages``, as it shows their actions
and stories too)."""

import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

from allauth.account.models import EmailAddress
from allauth.core import ratelimit
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateformat import time_format
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView

from stemcharter.common.filters import HtmxResultsMixin, kept_results, lenient_page
from stemcharter.common.fragments import until_content_changes
from stemcharter.common.ratelimits import RateLimitExceeded, rate_limit_consume
from stemcharter.common.wizard import LEAVE, StepJumpMixin, step_context, tell_not_kept
from stemcharter.organisations.models import Membership, Organisation
from stemcharter.organisations.selectors import sector_list, subregion_list
from stemcharter.organisations.services import DuplicateOrganisationError

from .. import signing_notes
from ..filters import SORT_CHOICES, SignatoryFilterSet
from ..forms import (
    CommitmentStepForm,
    OrganisationStepForm,
    SignCheckForm,
    SignerEmailCorrectForm,
    SignerStepForm,
)
from ..models import CharterVersion, Signature
from ..selectors import (
    invitation_organisation,
    is_signatory,
    signatory_card_list,
    signatory_counts,
    signatory_list,
    signing_invitation_get,
)
from ..services import (
    SIGNER_EMAIL_CORRECTION_WINDOW,
    SigningResult,
    signature_blocking_reason,
    signature_sign,
    signature_signer_email_correct,
    signer_email_correctable,
    signing_account_exists_notify,
    signing_invitation_opened,
    signing_invitation_problem,
)
from ..signals import signature_signed
from ..signing import (
    FORM_STEPS,
    STEPS,
    SignDraft,
    mark_signed_in_this_browser,
    notice_remember,
    signed_in_this_browser,
    signing_answers,
    signing_answers_remember,
    signing_notices,
    signing_signed_at,
)

# The done page shows the signature once, only to the session that signed it (its pk, or the
# submission key of a signing that emailed an account's holder, see signing.notice_remember).
SESSION_SIGNATURE_KEY = "charter_signed_signature"

CORRECTION_EXPIRED_MESSAGE = _(
    "This signing can no longer be changed here. Sign again with the correct address."
)

# When a rate limit of signing is reached (settings.STEMCHARTER_RATE_LIMITS["charter_sign"]),
# by what it counts per.
RATE_LIMIT_MESSAGES = {
    "ip": _(
        "You signed several times in a short while from this internet connection. Try again "
        "later: your answers are kept."
    ),
    "key": _(
        "We already sent several emails to this address in a short while. Try again later, or "
        "sign with another email address: your answers are kept."
    ),
    "user": _("You signed several times today. Try again tomorrow: your answers are kept."),
}


# When correcting the address on the thank-you page reaches that limit: what happened, and when
# to try again (%(when)s: a time today, or a day and a time).
CORRECTION_RATE_LIMIT_MESSAGES = {
    "ip": _(
        "We did not send the email: several signings or corrections came from this internet "
        "connection in a short while. You can try again from %(when)s. Your signature is kept."
    ),
    "key": _(
        "We did not send the email: we already sent several emails to this address today. You "
        "can try again from %(when)s, or correct it to another address now. Your signature is "
        "kept."
    ),
}


def _retry_when(exc: RateLimitExceeded) -> str:
    """When the limit allows another attempt, in words: "14:05" today, else "1 December 14:05"."""
    retry_at = exc.retry_at if exc.retry_at is not None else time.time() + exc.rate.duration
    moment = timezone.localtime(datetime.fromtimestamp(retry_at, tz=UTC))
    if moment.date() == timezone.localdate():
        return time_format(moment, "H:i")
    return f"{date_format(moment, 'j F')} {time_format(moment, 'H:i')}"


class CharterDetailView(TemplateView):
    template_name = "charter/charter_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["version"] = CharterVersion.objects.current()
        return context


class SignStepMixin:
    """What every signing step shares: the draft, the progress and the way back.

    A step can only be opened once the steps before it are done; otherwise it sends the
    signer to the first step still to do.
    """

    step: str  # the slug of its step in STEPS

    def dispatch(self, request, *args, **kwargs):
        self.charter_version = CharterVersion.objects.current()
        self.draft = SignDraft(request)
        if self.charter_version is None and self.step != STEPS.first.slug:
            return redirect(STEPS.first.url_name)
        first_incomplete = self.draft.first_incomplete_step()
        if STEPS.index(self.step) > STEPS.index(first_incomplete.slug):
            return redirect(first_incomplete.url_name)
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def admin_organisations(self) -> list[tuple[Organisation, str | None]]:
        """The signer's organisations where they are admin, each with why it cannot sign."""
        user = self.request.user
        if not user.is_authenticated:
            return []
        organisations = Organisation.objects.filter(
            memberships__user=user, memberships__role=Membership.Role.ADMIN
        ).order_by("name")
        return [(o, signature_blocking_reason(organisation=o)) for o in organisations]

    def step_form(self, step: str, **kwargs) -> forms.Form:
        """The form of a step; ``data`` binds it, otherwise the draft fills it in. The
        draft is its ``initial`` either way: what differs from it was typed now."""
        initial = self.draft.values(step)
        if initial is None and not (step == "signer" and self.request.user.is_authenticated):
            # Not typed yet: what an invitation knew (a logged-in signer is who they are).
            initial = self.draft.prefill(step)
        kwargs.setdefault("initial", initial or {})
        if step == "organisation":
            return OrganisationStepForm(
                organisations=[o for o, reason in self.admin_organisations if reason is None],
                blocked_organisations={
                    str(o.pk): reason for o, reason in self.admin_organisations if reason
                },
                has_logo=bool(self.draft.logo_name),
                **kwargs,
            )
        if step == "signer":
            return SignerStepForm(
                user=self.request.user, has_password=bool(self.draft.password_hash), **kwargs
            )
        return CommitmentStepForm(**kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        step = STEPS.get(self.step)
        context.update(
            step_context(
                STEPS,
                step,
                url=lambda other: reverse(other.url_name),
                back_url=reverse("charter:charter-detail"),
                # The way back is a button of the step's form (common.wizard.StepJumpMixin).
                form_id=getattr(self, "step_form_id", None) if self.charter_version else None,
            ),
            charter_version=self.charter_version,
            step_url=reverse(step.url_name),
            login_url=_login_url(),
            # What apps above charter tell the signer (e.g. the event they sign at).
            signing_notes=signing_notes.notes(self.request),
            invited_by=self.invited_by,
        )
        return context

    @cached_property
    def invited_by(self) -> Organisation | None:
        """The organisation whose invitation the signer follows (its public name is shown)."""
        if self.draft.invitation_id is None:
            return None
        return invitation_organisation(invitation_id=self.draft.invitation_id)


@method_decorator(never_cache, name="dispatch")
class SignFormStepView(SignStepMixin, StepJumpMixin, FormView):
    """A step with a form: valid input goes into the draft, then on to the next step (or to
    the step the Back button asks for: common.wizard.StepJumpMixin)."""

    def journey_steps(self):
        return STEPS

    def go_url(self, go: str) -> str:
        if go == LEAVE:
            return reverse("charter:charter-detail")
        return reverse(STEPS.get(go).url_name)

    def get_form(self, form_class=None):
        if self.request.method in ("POST", "PUT"):
            return self.step_form(self.step, data=self.request.POST, files=self.request.FILES)
        return self.step_form(self.step)

    def post(self, request, *args, **kwargs):
        if self.charter_version is None:
            return self.get(request, *args, **kwargs)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        self.save_extra(form)
        self.draft.save_step(self.step, form)
        tell_not_kept(self.request, form)
        if self.go is not None:
            return redirect(self.go_url(self.go))
        return redirect(STEPS.next(self.step).url_name)

    def save_extra(self, form) -> None:
        """What the draft keeps besides the typed values (a password hash, a logo)."""

    def form_invalid(self, form):
        # A browser never sends a chosen file or a password again: what of it is valid goes
        # into the draft now, so a problem in another field does not make it disappear.
        if self.keep_extra(form):
            form = self.get_form()  # bound again, knowing what the draft now holds
            form.is_valid()
        return super().form_invalid(form)

    def keep_extra(self, form) -> bool:
        """Keep in the draft what the browser will not send again (a logo, a password) when
        it is valid although the form is not; True when something was kept."""
        return False


class SignOrganisationView(SignFormStepView):
    """Step 1: for which organisation (an own one or a new one, with its details)."""

    step = "organisation"
    template_name = "charter/sign_organisation.html"

    logo_kept = False

    def get(self, request, *args, **kwargs):
        # A share link's code (``/d/<code>/`` sends the signing form's links here with it):
        # kept for the signature; anything else is ignored.
        if "bron" in request.GET:
            self.draft.set_referral_code(request.GET["bron"])
        return super().get(request, *args, **kwargs)

    def save_extra(self, form) -> None:
        if form.cleaned_data.get("logo"):
            self.draft.set_logo(form.cleaned_data["logo"])
        elif form.cleaned_data.get("remove_logo"):
            self.draft.remove_logo()

    def keep_extra(self, form) -> bool:
        logo = None if "logo" in form.errors else form.cleaned_data.get("logo")
        if not logo:
            return False
        self.draft.set_logo(logo)
        self.logo_kept = True
        return True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        context["blocked_organisations"] = [(o, r) for o, r in self.admin_organisations if r]
        context["logo_kept"] = self.logo_kept
        context["logo_lost"] = (
            form.is_bound and bool(form.errors) and bool(form.files.get("logo"))
        ) and not self.logo_kept
        context["draft_logo_name"] = self.draft.logo_name
        if form.duplicate is not None and "duplicate" not in context:
            context["duplicate"], context["duplicate_field"] = form.duplicate, form.duplicate_field
        duplicate = context.get("duplicate")
        # Only a public signatory is named: an unconfirmed or refused registration stays private.
        context["duplicate_is_public"] = is_signatory(duplicate)
        return context


class SignSignerView(SignFormStepView):
    """Step 2: who signs (and, without an account, the password of the new account)."""

    step = "signer"
    template_name = "charter/sign_signer.html"
    password_kept = False

    def save_extra(self, form) -> None:
        if form.new_password:
            self.draft.set_password(form.new_password)

    def keep_extra(self, form) -> bool:
        # Checked against the name and address typed: kept only when those are valid too.
        if form.user is not None or {"password1", "password2", "email", "signer_name"} & set(
            form.errors
        ):
            return False
        if not form.new_password:
            return False
        self.draft.set_password(form.new_password)
        self.password_kept = True
        return True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        # A password typed in a form with a problem that could not be kept: say so.
        context["password_lost"] = (
            form.is_bound
            and bool(form.errors)
            and "password1" in form.fields
            and bool(form.data.get("password1"))
            and not self.password_kept
        )
        return context


class SignCommitmentView(SignFormStepView):
    """Step 3: what the organisation commits to."""

    step = "commitment"
    template_name = "charter/sign_commitment.html"


STEP_VIEWS = {
    "organisation": SignOrganisationView,
    "signer": SignSignerView,
    "commitment": SignCommitmentView,
}


@method_decorator(never_cache, name="dispatch")
class SignCheckView(SignStepMixin, FormView):
    """Step 4: check your answers, then sign. Every step form is validated again here."""

    step = "check"
    template_name = "charter/sign_check.html"
    form_class = SignCheckForm

    def dispatch(self, request, *args, **kwargs):
        if request.method == "POST":
            # The same page posted twice: the first post already signed (and cleared the
            # draft), so this one only shows the done page, even from another browser.
            existing = _signature_for_submission_key(request.POST.get("submission_key"))
            if existing is not None:
                return self._done(existing)
            if str(request.POST.get("submission_key")) in signing_notices(request):
                request.session[SESSION_SIGNATURE_KEY] = str(request.POST["submission_key"])
                return redirect("charter:sign-done")
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"submission_key": self.draft.submission_key}

    def bound_step_forms(self) -> dict[str, forms.Form]:
        return {
            step.slug: self.step_form(step.slug, data=self.draft.values(step.slug))
            for step in FORM_STEPS
        }

    def get(self, request, *args, **kwargs):
        step_forms = self.bound_step_forms()
        for slug, form in step_forms.items():
            if not form.is_valid():
                return self._render_step(slug, form)
        return self.render_to_response(self.get_context_data(step_forms=step_forms))

    def form_valid(self, form):
        step_forms = self.bound_step_forms()
        for slug, step_form in step_forms.items():
            if not step_form.is_valid():
                return self._render_step(slug, step_form)
        # Each signing makes an organisation and emails the coordinators; an anonymous one
        # also makes an account and emails any address. Limited per client address and per
        # target address when anonymous, per person when logged in
        # (settings.STEMCHARTER_RATE_LIMITS).
        if self.request.user.is_authenticated:
            action, key = "charter_sign_member", None
        else:
            action, key = "charter_sign", step_forms["signer"].cleaned_data["email"]
        try:
            usage = rate_limit_consume(self.request, action=action, key=key)
        except RateLimitExceeded as exc:
            form.add_error(None, ValidationError(RATE_LIMIT_MESSAGES[exc.rate.per]))
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        try:
            result = self._sign(step_forms)
        except DuplicateOrganisationError as exc:
            usage.rollback()  # refused: not an attempt that counts
            organisation_form = step_forms["organisation"]
            organisation_form.add_error(None if organisation_form.organisation else exc.field, exc)
            return self._render_step(
                "organisation",
                organisation_form,
                duplicate=exc.organisation,
                duplicate_field=exc.field,
            )
        except ValidationError as exc:
            usage.rollback()
            if getattr(exc, "code", None) == "invitation_unusable":
                # Used up meanwhile (another signing), expired or revoked: dropped, so the
                # signer can sign without it from this page.
                self.draft.forget_invitation()
            return self._render_refusal(exc, form, step_forms)
        if result.holder_notified:
            return self._done_without_signing(result)
        if self.draft.password_hash and not self.request.user.is_authenticated:
            # To correct the address again after a correction to an account's (see
            # SignDoneView._correct).
            signing_answers_remember(
                self.request,
                submission_key=self.draft.submission_key,
                answers=self.draft.data["steps"],
                password_hash=self.draft.password_hash,
            )
        self.draft.clear()
        return self._done(result.signature, signed_here=True)

    def _sign(self, step_forms: dict[str, forms.Form]) -> SigningResult:
        """Sign with the answers of every step (``services.signature_sign``)."""
        user = self.request.user if self.request.user.is_authenticated else None
        logo = self.draft.open_logo() if step_forms["organisation"].organisation is None else None
        try:
            return _sign_with(
                step_forms,
                request=self.request,
                submission_key=self.draft.submission_key,
                user=user,
                logo=logo,
                password_hash=self.draft.password_hash,
                invitation_id=self.draft.invitation_id,
                referral_code=self.draft.referral_code,
            )
        finally:
            if logo is not None:
                logo.close()

    def _done_without_signing(self, result: SigningResult) -> HttpResponseRedirect:
        """The address has an account, whose holder we emailed: the done page looks as it
        does after any signing (the signer must not learn that the address has an account)."""
        key = self.draft.submission_key
        notice_remember(
            self.request,
            submission_key=key,
            email=result.email,
            organisation=result.organisation_name,
            charter_version=self.charter_version.number,
            answers=self.draft.data["steps"],
            password_hash=self.draft.password_hash,
        )
        self.draft.clear()
        self.request.session[SESSION_SIGNATURE_KEY] = str(key)
        return redirect("charter:sign-done")

    def _render_refusal(self, exc: ValidationError, form, step_forms) -> HttpResponse:
        """The final save refused the answers: show the step they belong to with the message
        (the draft keeps every answer), or this page for what belongs to no step."""
        if hasattr(exc, "error_dict"):
            for slug in ("organisation", "signer"):
                step_form = step_forms[slug]
                fields = [name for name in exc.error_dict if name in step_form.fields]
                if fields:
                    step_form.add_error(
                        None, ValidationError({name: exc.error_dict[name] for name in fields})
                    )
                    return self._render_step(slug, step_form)
            form.add_error(None, ValidationError(exc.messages))
        else:
            form.add_error(None, exc)
        return self.form_invalid(form)

    def form_invalid(self, form):
        step_forms = self.bound_step_forms()
        for slug, step_form in step_forms.items():
            if not step_form.is_valid():
                return self._render_step(slug, step_form)
        return self.render_to_response(self.get_context_data(form=form, step_forms=step_forms))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        step_forms = context.get("step_forms") or {}
        organisation_form = step_forms.get("organisation")
        context.update(
            organisation_form=organisation_form,
            signer_form=step_forms.get("signer"),
            commitment_form=step_forms.get("commitment"),
            organisation=organisation_form.organisation if organisation_form else None,
            logo_name=self.draft.logo_name,
            logo_url=self.draft.logo_url,
            logo_size=self.draft.logo_size,
            change_urls={step.slug: reverse(step.url_name) for step in FORM_STEPS},
        )
        return context

    def _render_step(self, slug: str, form: forms.Form, **extra) -> HttpResponse:
        """Show an earlier step with its errors (found only now), posting back to that step."""
        view = STEP_VIEWS[slug]()
        view.setup(self.request, *self.args, **self.kwargs)
        view.charter_version = self.charter_version
        view.draft = self.draft
        return view.render_to_response(view.get_context_data(form=form, **extra))

    def _done(self, signature: Signature, *, signed_here: bool = False) -> HttpResponseRedirect:
        self.request.session[SESSION_SIGNATURE_KEY] = signature.pk
        if signed_here:
            mark_signed_in_this_browser(self.request, signature.pk)
        return redirect("charter:sign-done")


# An invitation link that cannot be used: the status of the page that says so.
INVITATION_PROBLEM_STATUS = {"unknown": 404, "revoked": 404, "expired": 410, "used": 410}


@method_decorator(never_cache, name="dispatch")
class SignInvitationView(TemplateView):
    """``/ondertekenen/uitnodiging/<token>/``: the personal link of an invitation to sign.

    GET: who invites (the inviter's name and their organisation's public name, nothing else of
    it), their message as their quoted words with its addresses made unclickable, what signing
    means, and a button; the first GET marks the invitation opened. POST (the button): the
    invitation goes into the signing draft, with what it knew pre-filling the steps, and the
    signing starts. An unknown or revoked invitation (404), an expired or used one (410): a
    page that says so and links to the plain signing form.
    """

    template_name = "charter/sign_invitation.html"
    problem_template_name = "charter/sign_invitation_problem.html"

    def dispatch(self, request, *args, **kwargs):
        self.invitation = signing_invitation_get(token=kwargs["token"])
        problem = signing_invitation_problem(invitation=self.invitation)
        if problem is not None:
            return self.response_class(
                request=request,
                template=[self.problem_template_name],
                context={"problem": problem},
                status=INVITATION_PROBLEM_STATUS[problem],
            )
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        signing_invitation_opened(invitation=self.invitation)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        invitation = self.invitation
        draft = SignDraft(request)
        if draft.invitation_id != invitation.pk:
            draft.remember_invitation(
                invitation_id=invitation.pk,
                prefill={
                    "organisation": {
                        "name": invitation.invitee_organisation_name,
                        "town": invitation.invitee_town,
                        "category": invitation.invitee_category,
                        "website": invitation.invitee_website,
                    },
                    "signer": {
                        "signer_name": invitation.invitee_name,
                        "email": invitation.email,
                    },
                },
            )
        return redirect(draft.first_incomplete_step().url_name)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        invitation = self.invitation
        context.update(
            organisation_name=invitation.organisation.name,
            inviter_name=invitation.invited_by.name if invitation.invited_by else "",
            message=invitation.message,
            charter_version=CharterVersion.objects.current(),
            login_url=(
                f"{reverse('account_login')}?{urlencode({'next': self.request.get_full_path()})}"
            ),
        )
        return context


@dataclass(frozen=True)
class _Shown:
    """What the done page shows of a signing with an existing account's address (which
    registered nothing): the same as of a real signing that waits for its confirmation."""

    organisation: Any
    charter_version: Any
    signer_email: str
    submission_key: str
    status: str = Signature.Status.AWAITING_EMAIL
    signed_at: float = 0.0

    @property
    def correctable(self) -> bool:
        """As services.signer_email_correctable says of a signature."""
        age = time.time() - self.signed_at
        return 0 <= age < SIGNER_EMAIL_CORRECTION_WINDOW.total_seconds()

    def get_status_display(self) -> str:
        return Signature.Status.AWAITING_EMAIL.label


@method_decorator(never_cache, name="dispatch")
class SignDoneView(TemplateView):
    """What happens next, shown to the browser that signed: once, or for as long as the
    address can still be corrected there (unconfirmed, within the hour), so a reload or coming
    back keeps the correction; a shared computer shows it to nobody after. It can send the
    confirmation email again, or to a corrected address."""

    template_name = "charter/sign_done.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        signature = kwargs.get("signature")
        from_session = signature is None
        if from_session:
            signature = self._shown(self.request.session.get(SESSION_SIGNATURE_KEY))
        context["signature"] = signature
        context["statuses"] = Signature.Status
        context["can_resend"] = bool(
            isinstance(signature, _Shown)
            or (signature and signature.pk in signed_in_this_browser(self.request))
        )
        # The same form for a signing that only emailed an account's holder: the page must not
        # tell whether the address has an account. Again after a correction, within the hour.
        context["can_correct"] = signature is not None and self._correctable(
            signature, can_resend=context["can_resend"]
        )
        if context["can_correct"]:
            context["email_form"] = kwargs.get("email_form") or SignerEmailCorrectForm()
        elif from_session:
            # Shown again (a reload, coming back) only while the address can be corrected:
            # this browser's signing, unconfirmed, within the hour; then once more, and gone.
            self.request.session.pop(SESSION_SIGNATURE_KEY, None)
        return context

    def _correctable(self, shown: "Signature | _Shown", *, can_resend: bool) -> bool:
        """Whether this browser can still correct the address of this signing: unconfirmed,
        within SIGNER_EMAIL_CORRECTION_WINDOW of the first signing (a correction that signed
        anew, from a notice, does not start another hour)."""
        if isinstance(shown, _Shown):
            # Correcting a notice signs with its answers: without them it cannot.
            notice = signing_notices(self.request).get(str(shown.submission_key)) or {}
            return shown.correctable and bool(notice.get("answers") and notice.get("password_hash"))
        if not (
            can_resend
            and shown.status == Signature.Status.AWAITING_EMAIL
            and signer_email_correctable(signature=shown)
        ):
            return False
        signed_at = signing_signed_at(self.request, str(shown.submission_key))
        return signed_at is None or (
            0 <= time.time() - signed_at < SIGNER_EMAIL_CORRECTION_WINDOW.total_seconds()
        )

    def _shown(self, value) -> "Signature | _Shown | None":
        if isinstance(value, int):
            return (
                Signature.objects.select_related("organisation", "charter_version", "signer")
                .filter(pk=value)
                .first()
            )
        if isinstance(value, str):
            return _notice_shown(self.request, value)
        return None

    def post(self, request, *args, **kwargs):
        """Send the email again (the confirmation link, or the notice to the holder of an
        existing account, which the signer cannot tell apart), or send it to a corrected
        address (a field ``email``). Rate-limited alike."""
        value = request.POST.get("signature") or ""
        signature = self._resend_signature(value)
        notice = signing_notices(request).get(value) if signature is None else None
        if signature is None and notice is None:
            return redirect("charter:sign-done")
        if "email" in request.POST:
            return self._correct(signature, value, notice)
        email_address = None
        if signature is not None:
            email_address = EmailAddress.objects.filter(
                user=signature.signer, email__iexact=signature.signer_email, verified=False
            ).first()
            if email_address is None:
                request.session[SESSION_SIGNATURE_KEY] = signature.pk
                return redirect("charter:sign-done")
        email = email_address.email if email_address is not None else notice["email"]
        if ratelimit.consume(request, action="confirm_email", key=email.lower()):
            if email_address is not None:
                email_address.send_confirmation(request, signup=True)
            else:
                signing_account_exists_notify(email=email, organisation_name=notice["organisation"])
            messages.success(request, _("We sent the email to %(email)s again.") % {"email": email})
        else:
            messages.error(
                request, _("We sent the email a moment ago. Wait a few minutes, then try again.")
            )
        request.session[SESSION_SIGNATURE_KEY] = signature.pk if signature else value
        return redirect("charter:sign-done")

    def _correct(self, signature: Signature | None, value: str, notice) -> HttpResponse:
        """The signer mistyped their address: send the confirmation to the corrected one.

        Only this browser's signing, within services.SIGNER_EMAIL_CORRECTION_WINDOW, counted
        as a signing (settings.STEMCHARTER_RATE_LIMITS["charter_sign"], per target address).
        """
        shown = signature or _notice_shown(self.request, value)
        if not self._correctable(shown, can_resend=True):
            messages.error(self.request, CORRECTION_EXPIRED_MESSAGE)
            self.request.session[SESSION_SIGNATURE_KEY] = signature.pk if signature else value
            return redirect("charter:sign-done")
        form = SignerEmailCorrectForm(self.request.POST)
        if not form.is_valid():
            return self._render_correction(shown, form)
        email = form.cleaned_data["email"]
        try:
            usage = rate_limit_consume(self.request, action="charter_sign", key=email)
        except RateLimitExceeded as exc:
            message = CORRECTION_RATE_LIMIT_MESSAGES.get(
                exc.rate.per, CORRECTION_RATE_LIMIT_MESSAGES["ip"]
            )
            form.add_error(None, ValidationError(message % {"when": _retry_when(exc)}))
            return self._render_correction(shown, form, status=429)
        try:
            if signature is not None:
                result = signature_signer_email_correct(
                    signature=signature, email=email, request=self.request
                )
            else:
                result = signing_notice_email_correct(
                    request=self.request, submission_key=value, email=email
                )
        except ValidationError as exc:
            usage.rollback()
            if hasattr(exc, "error_dict"):
                form.add_error(None, exc)
                return self._render_correction(shown, form)
            messages.error(self.request, " ".join(exc.messages))
            self.request.session[SESSION_SIGNATURE_KEY] = signature.pk if signature else value
            return redirect("charter:sign-done")
        if result.holder_notified:
            key = uuid.UUID(value) if signature is None else signature.submission_key
            # A signature that went: its answers, so the notice can be corrected again (to
            # an address without an account: that signs with them), within the same hour.
            kept = signing_answers(self.request).get(str(key)) or {}
            notice_remember(
                self.request,
                submission_key=key,
                email=result.email,
                organisation=result.organisation_name,
                charter_version=shown.charter_version.number,
                answers=kept.get("answers"),
                password_hash=kept.get("password_hash"),
                signed_at=signing_signed_at(self.request, str(key)),
            )
            self.request.session[SESSION_SIGNATURE_KEY] = str(key)
        else:
            mark_signed_in_this_browser(self.request, result.signature.pk)
            self.request.session[SESSION_SIGNATURE_KEY] = result.signature.pk
        messages.success(
            self.request,
            _("We sent the email to %(email)s. The link in the first email no longer works.")
            % {"email": result.email},
        )
        return redirect("charter:sign-done")

    def _render_correction(self, shown, form, *, status: int = 200) -> HttpResponse:
        response = self.render_to_response(self.get_context_data(signature=shown, email_form=form))
        response.status_code = status
        return response

    def _resend_signature(self, value: str) -> Signature | None:
        """A signature of this browser that still waits for its email confirmation."""
        signature = _signature_for_submission_key(value)
        if signature is None or signature.pk not in signed_in_this_browser(self.request):
            return None
        if signature.status != Signature.Status.AWAITING_EMAIL or signature.signer_id is None:
            return None
        return signature


def signing_notice_email_correct(*, request, submission_key: str, email: str) -> SigningResult:
    """Correct the address of a signing that only emailed an account's holder: sign again
    with the answers it kept (signing.notice_remember) and the corrected address, as the
    check page would (the same submission key: a double post signs once). The logo is not
    kept: it can be added in the portal."""
    notice = signing_notices(request).get(submission_key) or {}
    answers = notice.get("answers")
    shown = _notice_shown(request, submission_key)
    if not isinstance(answers, dict) or not notice.get("password_hash") or not shown.correctable:
        raise ValidationError(CORRECTION_EXPIRED_MESSAGE, code="too_late")
    step_forms = {
        "organisation": OrganisationStepForm(
            organisations=[],
            blocked_organisations={},
            has_logo=False,
            data=answers.get("organisation") or {},
        ),
        "signer": SignerStepForm(
            user=None, has_password=True, data={**(answers.get("signer") or {}), "email": email}
        ),
        "commitment": CommitmentStepForm(data=answers.get("commitment") or {}),
    }
    if not all(form.is_valid() for form in step_forms.values()):
        raise ValidationError(CORRECTION_EXPIRED_MESSAGE, code="too_late")
    return _sign_with(
        step_forms,
        request=request,
        submission_key=uuid.UUID(submission_key),
        user=None,
        logo=None,
        password_hash=notice["password_hash"],
    )


def _sign_with(
    step_forms: dict[str, forms.Form],
    *,
    request,
    submission_key: uuid.UUID,
    user,
    logo,
    password_hash: str | None,
    invitation_id: int | None = None,
    referral_code: str = "",
) -> SigningResult:
    """Sign with the answers of every step (``services.signature_sign``), through the
    invitation and with the share link's code the signer came with, if any."""
    organisation_form = step_forms["organisation"]
    organisation = organisation_form.organisation
    result = signature_sign(
        submission_key=submission_key,
        user=user,
        signer_data=step_forms["signer"].signer_data(),
        commitments=step_forms["commitment"].commitments(),
        language=translation.get_language() or "",
        organisation=organisation,
        organisation_data=(
            {**organisation_form.organisation_data(), "logo": logo}
            if organisation is None
            else None
        ),
        password_hash=password_hash if user is None else None,
        request=request,
        invitation_id=invitation_id,
        referral_code=referral_code,
    )
    if result.signature is not None:
        # For the apps above charter (charter.signals): e.g. the event signed at.
        signature_signed.send(sender=Signature, signature=result.signature, request=request)
    return result


def _notice_shown(request, submission_key: str) -> _Shown | None:
    notice = signing_notices(request).get(submission_key)
    if notice is None:
        return None
    return _Shown(
        organisation=SimpleNamespace(name=notice["organisation"]),
        charter_version=SimpleNamespace(number=notice["charter_version"]),
        signer_email=notice["email"],
        submission_key=submission_key,
        signed_at=float(notice.get("signed_at") or 0),
    )


def _signature_for_submission_key(value: str | None) -> Signature | None:
    try:
        key = uuid.UUID(str(value))
    except ValueError:
        return None
    return Signature.objects.filter(submission_key=key).first()


def _login_url() -> str:
    # Back to the start of signing: after logging in, the signer's own organisations show.
    return f"{reverse('account_login')}?{urlencode({'next': reverse('charter:sign')})}"


class SignatoryListView(HtmxResultsMixin, TemplateView):
    """``/ondertekenaars/``: search, filter, sort and page through the public signatories.

    A read page for anyone: it works without JavaScript, sets no cookie for anonymous visitors
    (no session writes, no messages framework, no CSRF token) and uses a constant number of
    queries.
    """

    template_name = "organisations/organisation_list.html"
    results_template_name = "organisations/includes/_results.html"
    paginate_by = 20

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = SignatoryFilterSet(
            self.request.GET,
            queryset=signatory_list(),
            sectors=sector_list(),
            subregions=subregion_list(),
        )
        results = kept_results(filterset, rows=signatory_card_list)
        page = self._page(results, filterset.notices, count=results.count())
        chips = filterset.chips()
        context.update(
            {
                "filterset": filterset,
                "selected": filterset.selected(),
                "chips": chips,
                # A search or filter changes the <title> too, so screen readers announce the count.
                "filters_active": bool(chips),
                "sectors": filterset.sectors,
                "subregions": filterset.subregions,
                "sort_choices": SORT_CHOICES,
                # Like the number of results, kept until public content changes.
                "category_counts": until_content_changes(
                    "signatory-category-counts",
                    lambda: [
                        # The label as text: kept per language, and a lazy translation would
                        # build a class each time it is read back from the cache.
                        {**row, "label": str(row["label"])}
                        for row in signatory_counts(
                            queryset=filterset.filtered(signatory_list(), skip=["category"])
                        )["per_category"]
                    ],
                    sorted(filterset.valid_data.items()),
                    translation.get_language(),
                ),
                "page_obj": page,
                "paginator": page.paginator,
                "notices": filterset.notices,
                "is_results_request": self._is_results_request(),
            }
        )
        return context

    def _page(self, queryset, notices: list[str], *, count: int | None = None) -> Page:
        return lenient_page(
            queryset,
            per_page=self.paginate_by,
            number=self.request.GET.get("page"),
            notices=notices,
            count=count,
        )
