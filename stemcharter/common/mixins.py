"""One access mixin per audience: portal (signatory members) and back office (staff).

Common imports no app of ours, so the portal's organisations come from the app that owns them:
``organisations`` registers where a user's own organisations are
(``portal_organisations_register``, in its ``AppConfig.ready``).
"""

from collections.abc import Callable

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext
from rules.contrib.views import PermissionRequiredMixin
from rules.permissions import permissions as rules_permissions

from .filters import lenient_page

_portal_organisations: Callable[..., QuerySet] | None = None


def portal_organisations_register(organisations_of: Callable[..., QuerySet]) -> None:
    """Say where the portal finds a user's own organisations: ``organisations_of(user)``."""
    global _portal_organisations  # one registration, at start-up
    _portal_organisations = organisations_of


def portal_organisations(user) -> QuerySet:
    """The organisations ``user`` is a member of (none for an anonymous user)."""
    if _portal_organisations is None:
        raise ImproperlyConfigured("No app registered the portal's organisations.")
    return _portal_organisations(user)


class PortalAccessMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Logged-in members; views about one organisation take ``organisation_slug`` from the URL.

    The organisation is looked up among the user's own organisations only, so changing the
    slug in the URL cannot reach another organisation's data (it is a 404, not a 403, so it
    does not even confirm that the other organisation exists).
    """

    permission_required = "organisations.view_portal"
    raise_exception = False

    @cached_property
    def organisation(self):
        slug = self.kwargs.get("organisation_slug")
        if slug is None:
            return None
        return get_object_or_404(portal_organisations(self.request.user), slug=slug)

    def get_permission_object(self):
        return self.organisation

    def has_permission(self) -> bool:
        if self.kwargs.get("organisation_slug") is None:
            return self.request.user.is_authenticated
        return super().has_permission()

    def handle_no_permission(self):
        if self.request.user.is_authenticated:
            raise Http404
        return super().handle_no_permission()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["organisation"] = self.organisation
        return context


class BackofficeAccessMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Coordinators and contact points. Coordinator-only views set ``accounts.coordinate``
    (or a permission granted by the same rule, such as ``progress.show_not_reported``).

    The 403 page (``templates/403.html``) says why: to a contact point refused a
    coordinator-only page, that it is for coordinators (not the general "the back office is
    for coordinators and contact points", which they are)."""

    permission_required = "accounts.use_backoffice"

    def get_permission_denied_message(self) -> str:
        user = self.request.user
        if (
            user.is_authenticated
            and user.has_perm("accounts.use_backoffice")
            and self.for_coordinators_only()
        ):
            return gettext("This page of the back office is for coordinators.")
        return super().get_permission_denied_message()

    def for_coordinators_only(self) -> bool:
        """Whether every permission the view requires is granted by the coordinators' rule
        (``accounts.coordinate``'s predicate): then only a coordinator may open it."""
        coordinators = rules_permissions.get("accounts.coordinate")
        return coordinators is not None and all(
            rules_permissions.get(name) is coordinators for name in self.get_permission_required()
        )


class LenientPaginationMixin:
    """A ``ListView`` whose page number, when it is not a number or past the end, shows the
    nearest page with a notice (``page_notices`` in the context, shown by
    ``includes/_pagination.html``), not a 404: the one lenient paginator, ``lenient_page``."""

    def paginate_queryset(self, queryset, page_size):
        self.page_notices: list[str] = []
        page = lenient_page(
            queryset,
            per_page=page_size,
            number=self.request.GET.get(self.page_kwarg),
            notices=self.page_notices,
        )
        return page.paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_notices"] = getattr(self, "page_notices", [])
        return context
