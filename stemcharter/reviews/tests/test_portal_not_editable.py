"""The portal's refusal of a change that is not allowed now (``ItemPortalMixin.not_editable``)
also on a page without an item, the "new" route: a create service that meets an item which
may not be changed is refused with the message, to the list, never a 500."""

import dataclasses

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse

from stemcharter.organisations.tests.factories import MembershipFactory
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.reviews.registry import reviewable_types
from stemcharter.reviews.views.portal import ItemStepView

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _refuses(**kwargs):
    raise ValidationError("Not now.", code="not_editable")


def test_not_editable_on_the_new_route_goes_to_the_list():
    organisation = make_signatory(name="Robotica", slug="robotica")
    user = MembershipFactory(organisation=organisation).user
    action_portal = next(t.portal for t in reviewable_types() if t.portal.key == "action")
    portal = dataclasses.replace(action_portal, create=_refuses)
    create_url = reverse(portal.url_name("create"), kwargs={"organisation_slug": "robotica"})
    data = {"title": "Robotkamp", "summary": "Een kamp.", "type": ""}
    request = RequestFactory().post(create_url, data)
    request.user = user
    SessionMiddleware(lambda r: None).process_request(request)
    MessageMiddleware(lambda r: None).process_request(request)
    view = ItemStepView(portal=portal, creating=True)
    view.setup(request, organisation_slug="robotica")
    form = view.get_form_class()(data=data, organisation=organisation, item=None)
    form.is_valid()
    form.cleaned_data = {"title": "Robotkamp"}
    response = view.form_valid(form)
    assert (response.status_code, response.url) == (
        302,
        reverse(portal.url_name("list"), kwargs={"organisation_slug": "robotica"}),
    )
    assert "You cannot change this now" in next(str(m) for m in get_messages(request))
