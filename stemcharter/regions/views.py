"""Back office for regions: subregions per province, their names and their contact points."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, View

from stemcharter.common.concurrency import (
    VERSION_FIELD,
    EditConflict,
    EditConflictMixin,
    version_of,
)
from stemcharter.common.mixins import BackofficeAccessMixin

from . import selectors, services
from .forms import ContactPointAddForm, SubregionCreateForm, SubregionNamesForm
from .models import Subregion


class RegionListView(BackofficeAccessMixin, FormView):
    """Provinces with their subregions and contact points; the form adds a subregion."""

    permission_required = "regions.change_subregion"
    template_name = "regions/backoffice/region_list.html"
    form_class = SubregionCreateForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["provinces"] = selectors.province_list_with_subregions()
        return context

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("regions.add_subregion"):
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            subregion = services.subregion_create(
                province=form.cleaned_data["province"],
                name_nl=form.cleaned_data["name_nl"],
                name_en=form.cleaned_data["name_en"],
                by=self.request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("You added the subregion %(name)s. Add its contact points below.")
            % {"name": subregion.name_nl},
        )
        return HttpResponseRedirect(reverse("backoffice:subregion-edit", args=[subregion.slug]))


class _SubregionMixin(BackofficeAccessMixin):
    permission_required = "regions.change_subregion"
    template_name = "regions/backoffice/subregion_edit.html"

    @cached_property
    def subregion(self) -> Subregion:
        return get_object_or_404(
            Subregion.objects.select_related("province"), slug=self.kwargs["slug"]
        )

    def edit_url(self) -> str:
        return reverse("backoffice:subregion-edit", kwargs={"slug": self.subregion.slug})

    def page_context(self, **kwargs) -> dict:
        kwargs.setdefault(
            "form",
            SubregionNamesForm(
                initial={"name_nl": self.subregion.name_nl, "name_en": self.subregion.name_en}
            ),
        )
        kwargs.setdefault("contact_form", ContactPointAddForm())
        kwargs.setdefault("opened_version", version_of(self.subregion))
        kwargs.setdefault("version_field", VERSION_FIELD)
        kwargs["subregion"] = self.subregion
        kwargs["contact_points"] = self.subregion.contact_points.order_by("name", "email")
        return kwargs


class SubregionEditView(_SubregionMixin, EditConflictMixin, FormView):
    """The names of a subregion; a save from a page opened before someone else changed them
    is refused, nothing lost (``common.concurrency``)."""

    form_class = SubregionNamesForm

    def get_initial(self):
        return {"name_nl": self.subregion.name_nl, "name_en": self.subregion.name_en}

    def get_context_data(self, **kwargs):
        return self.page_context(**super().get_context_data(**kwargs))

    def versioned_object(self) -> Subregion:
        return self.subregion

    def form_valid(self, form):
        try:
            with self.unchanged_since():
                services.subregion_update(
                    subregion=self.subregion,
                    name_nl=form.cleaned_data["name_nl"],
                    name_en=form.cleaned_data["name_en"],
                    by=self.request.user,
                )
        except EditConflict as conflict:
            return self.edit_conflict(form, conflict)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("You saved the names of the subregion."))
        return HttpResponseRedirect(self.edit_url())


class ContactPointAddView(_SubregionMixin, FormView):
    form_class = ContactPointAddForm
    http_method_names = ["post", "options"]

    def get_context_data(self, **kwargs):
        # The edit page again, with this form's errors; the names form stays as saved.
        return self.page_context(view=self, contact_form=kwargs["form"])

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        user = selectors.contact_point_candidate(email=email)
        if user is None:
            form.add_error(
                "email",
                _(
                    "There is no account with the email address %(email)s. Ask the person to "
                    "create an account first, then add them."
                )
                % {"email": email},
            )
            return self.form_invalid(form)
        try:
            services.contact_point_add(subregion=self.subregion, user=user, by=self.request.user)
        except ValidationError as error:
            form.add_error("email", error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(user)s is now a contact point of %(subregion)s.")
            % {"user": user.name or user.email, "subregion": self.subregion.name},
        )
        return HttpResponseRedirect(self.edit_url())


class ContactPointRemoveView(_SubregionMixin, View):
    http_method_names = ["post", "options"]

    def post(self, request, *args, **kwargs):
        user = get_object_or_404(self.subregion.contact_points, pk=self.kwargs["user_pk"])
        try:
            services.contact_point_remove(subregion=self.subregion, user=user, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(user)s is no longer a contact point of %(subregion)s.")
                % {"user": user.name or user.email, "subregion": self.subregion.name},
            )
        return HttpResponseRedirect(self.edit_url())
