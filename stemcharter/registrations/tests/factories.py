import datetime

import factory
from django.utils import timezone

from stemcharter.actions.models import Action
from stemcharter.actions.tests.factories import PublishedActionFactory
from stemcharter.registrations.services import registration_confirm, registration_create


class RegistrableActionFactory(PublishedActionFactory):
    """A published action with 10 places that takes registrations on the site."""

    participation = Action.Participation.REGISTRATION
    participation_email = ""
    places = 10
    group_max = None
    title = factory.Sequence(lambda n: f"Opendag {n}")


def visitor_registers(item, email: str, *, confirm: bool = True, **kwargs):
    """A visitor registers (and confirms through the link): the registration, fresh."""
    kwargs.setdefault("kind", "individual")
    # In English, as the tests read the emails and pages (the site's default is Dutch).
    kwargs.setdefault("language", "en")
    kwargs.setdefault("name", email.split("@")[0])
    registration = registration_create(item=item, email=email, **kwargs)
    if confirm:
        registration = registration_confirm(registration=registration)
    return registration


def open_on_the_day():
    """A deadline that keeps an action that starts today open for registrations (without
    one, registration closes when it starts; an action's organiser may choose a later one)."""
    return timezone.now() + datetime.timedelta(hours=1)
