"""Public pages of the charter: read it, sign it, and what happens next."""

import uuid

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView

from stemcharter.organisations.models import Membership, Organisation
from stemcharter.organisations.services import DuplicateOrganisationError

from ..forms import SignForm
from ..models import CharterVersion, Signature
from ..services import signature_blocking_reason, signature_submit, signer_account_create

# The done page shows the signature only to the session that signed it.
SESSION_SIGNATURE_KEY = "charter_signed_signature"


class CharterDetailView(TemplateView):
    template_name = "charter/charter_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["version"] = CharterVersion.objects.current()
        return context


@method_decorator(never_cache, name="dispatch")
class SignView(FormView):
    """Sign for a new organisation (creating the signer's account when needed) or an own one."""

    template_name = "charter/sign.html"
    form_class = SignForm

    def dispatch(self, request, *args, **kwargs):
        self.charter_version = CharterVersion.objects.current()
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.charter_version is None:
            return self.get(request, *args, **kwargs)
        # The same form posted twice: the first post already signed.
        existing = _signature_for_submission_key(request.POST.get("submission_key"))
        if existing is not None:
            return self._done(existing)
        return super().post(request, *args, **kwargs)

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

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        kwargs["organisations"] = [o for o, reason in self.admin_organisations if reason is None]
        kwargs["blocked_organisations"] = {
            str(o.pk): reason for o, reason in self.admin_organisations if reason
        }
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        context["charter_version"] = self.charter_version
        context["blocked_organisations"] = [(o, r) for o, r in self.admin_organisations if r]
        context["login_url"] = _login_url(self.request)
        context["account_exists"] = form.has_error("email", "account_exists")
        context["logo_lost"] = bool(form.is_bound and form.errors and form.files.get("logo"))
        return context

    def form_valid(self, form):
        request = self.request
        email_address = None
        try:
            with transaction.atomic():
                if request.user.is_authenticated:
                    signer = request.user
                else:
                    signer, email_address = signer_account_create(
                        email=form.cleaned_data["email"],
                        name=form.cleaned_data["signer_name"],
                        password=form.cleaned_data["password1"],
                        language=translation.get_language() or "",
                    )
                organisation = form.organisation
                signature, created = signature_submit(
                    submission_key=form.cleaned_data["submission_key"],
                    signer=signer,
                    signer_data=form.signer_data(),
                    commitments=form.commitments(),
                    organisation=organisation,
                    organisation_data=None if organisation else form.organisation_data(),
                )
        except DuplicateOrganisationError as exc:
            form.add_error(exc.field, exc)
            return self.render_to_response(
                self.get_context_data(
                    form=form, duplicate=exc.organisation, duplicate_field=exc.field
                )
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)

        if created and signature.status == Signature.Status.AWAITING_EMAIL:
            if email_address is None:
                email_address = EmailAddress.objects.filter(
                    user=signer, email__iexact=signer.email, verified=False
                ).first()
            if email_address is not None:
                # After the commit: a refused signature must not send a confirmation link.
                email_address.send_confirmation(request, signup=True)
        return self._done(signature)

    def _done(self, signature: Signature) -> HttpResponseRedirect:
        self.request.session[SESSION_SIGNATURE_KEY] = signature.pk
        return redirect("charter:sign-done")


@method_decorator(never_cache, name="dispatch")
class SignDoneView(TemplateView):
    template_name = "charter/sign_done.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pk = self.request.session.get(SESSION_SIGNATURE_KEY)
        context["signature"] = (
            Signature.objects.select_related("organisation", "charter_version")
            .filter(pk=pk)
            .first()
            if pk
            else None
        )
        context["statuses"] = Signature.Status
        return context


def _signature_for_submission_key(value: str | None) -> Signature | None:
    try:
        key = uuid.UUID(str(value))
    except ValueError:
        return None
    return Signature.objects.filter(submission_key=key).first()


def _login_url(request) -> str:
    return f"{reverse('account_login')}?{urlencode({'next': request.path})}"
