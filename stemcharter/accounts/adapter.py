from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.utils import translation

from stemcharter.common.text import clean_text
from stemcharter.notifications.services import email_queue

from .validators import normalise_email


class AccountAdapter(DefaultAccountAdapter):
    """Account emails in the recipient's language, sent through the task queue."""

    def save_user(self, request: HttpRequest, user, form, commit: bool = True):
        user.language = (translation.get_language() or "nl")[:2]
        return super().save_user(request, user, form, commit=commit)

    def clean_email(self, email: str) -> str:
        """An address typed into an allauth form (sign up, add an address), cleaned like the
        text of our own forms (``common.text.clean_text``): only a quoted local part can hold
        a control character that the email validation lets through.

        allauth lowercases the address before this, which can make it longer ("İ" becomes
        two characters): what no longer fits its column is refused here (allauth would cut
        the account's address short, or fail on saving another address).
        """
        email = super().clean_email(clean_text(email, multiline=False))
        return normalise_email(email)

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """Staff start in the back office; a ``next`` URL still wins (allauth checks it first)."""
        if request.user.has_perm("accounts.use_backoffice"):
            return resolve_url("backoffice:home")
        return super().get_login_redirect_url(request)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        from .models import User

        user = context.get("user") or User.objects.filter(email__iexact=email).first()
        language = getattr(user, "language", None) or translation.get_language()
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        with translation.override(language):
            message = self.render_mail(template_prefix, email, ctx)
        email_queue(to=list(message.to), subject=message.subject, body=message.body)
