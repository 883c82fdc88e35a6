"""Back office (issue 13, "nobody waits unseen"): the support requests of a contact point's
subregions (a coordinator's: all), with their age, offers and overdue flags; one request with
its offers, suggestions and history, and the form to suggest a signatory by hand."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView
from django.views.generic.edit import FormMixin

from stemcharter.common.mixins import BackofficeAccessMixin, LenientPaginationMixin

from .. import selectors
from ..filters import SupportRequestBackofficeFilterSet
from ..forms import SuggestionForm
from ..models import SupportRequest
from ..services import suggestion_create

SEARCH_MAX_LENGTH = 100


class SupportRequestListView(BackofficeAccessMixin, LenientPaginationMixin, ListView):
    """``/beheer/hulpvragen/``: the requests of the user's subregions (a coordinator: all),
    the open ones first, the oldest first; filters: status, subregion, overdue."""

    template_name = "support/wait/support_request_list.html"
    context_object_name = "support_requests"
    paginate_by = 50

    def get_queryset(self):
        user = self.request.user
        self.filterset = SupportRequestBackofficeFilterSet(
            self.request.GET or None,
            queryset=selectors.support_request_backoffice_list(user=user),
            subregions=selectors.support_request_subregion_choices(user=user),
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        for support_request in context["support_requests"]:
            support_request.age_days = selectors.age_in_days(support_request, today=today)
        context["filters"] = self.filterset.form
        context["active"] = self.filterset.active
        context["notices"] = self.filterset.notices
        context["flag_contact_point_days"] = settings.SUPPORT_FLAG_CONTACT_POINT_DAYS
        context["flag_coordinators_days"] = settings.SUPPORT_FLAG_COORDINATORS_DAYS
        return context


class SupportRequestDetailView(BackofficeAccessMixin, FormMixin, DetailView):
    """``/beheer/hulpvragen/<pk>/``: the whole request, its offers, suggestions and history;
    POST suggests a signatory. A request of another contact point's subregion is a 404."""

    template_name = "support/wait/support_request_detail.html"
    context_object_name = "support_request"
    form_class = SuggestionForm

    def get_permission_object(self):
        return None  # the back office's permission; the request is looked up among the user's

    @cached_property
    def support_request(self) -> SupportRequest:
        try:
            return selectors.support_request_backoffice_get(
                user=self.request.user, pk=self.kwargs["pk"]
            )
        except SupportRequest.DoesNotExist as exc:
            raise Http404 from exc

    def get_object(self, queryset=None):
        return self.support_request

    @cached_property
    def search(self) -> str:
        return " ".join(self.request.GET.get("q", "").split())[:SEARCH_MAX_LENGTH]

    @cached_property
    def candidates(self) -> selectors.SuggestionCandidates:
        return selectors.suggestion_candidates(self.support_request, search=self.search)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "candidates": selectors.suggestion_candidates_queryset(self.support_request),
            "shown": self.candidates,
        }

    def get_context_data(self, **kwargs):
        support_request = self.support_request
        context = super().get_context_data(**kwargs)
        context.update(
            age_days=selectors.age_in_days(support_request),
            offers=list(selectors.support_request_offers(support_request)),
            suggestions=list(selectors.support_request_suggestions(support_request)),
            audit_entries=list(selectors.support_request_audit_entries(support_request)),
            candidates=self.candidates,
            candidates_shown=len(self.candidates.in_subregion) + len(self.candidates.elsewhere),
            search=self.search,
            can_suggest=support_request.status == SupportRequest.Status.OPEN,
        )
        return context

    def post(self, request, *args, **kwargs):
        self.object = self.support_request
        form = self.get_form()
        if not form.is_valid():
            return self.form_invalid(form)
        organisation = form.cleaned_data["organisation"]
        try:
            suggestion_create(
                support_request=self.object,
                organisation=organisation,
                by=request.user,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error("organisation", error)
            return self.form_invalid(form)
        messages.success(
            request,
            _("You suggested the request to %(organisation)s: its members got an email.")
            % {"organisation": organisation.name},
        )
        return HttpResponseRedirect(
            reverse("backoffice:support-request-detail", kwargs={"pk": self.object.pk})
        )
