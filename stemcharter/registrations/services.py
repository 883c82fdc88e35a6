"""Every change of a registration: register, confirm, cancel, the waitlist, decisions,
check-in and attendance, the item's cancellation, reminders and the erasure of personal data.

Seats and the waitlist:

- **An unconfirmed registration holds no seat.** A visitor's registration takes a seat (or a
  place on the waitlist) when they confirm it through the link in the email, not when they
  fill in the form: else anyone could fill an open day with made-up addresses. The page they
  confirm on says whether they got a seat or joined the waitlist. A member of a signatory
  (logged in) registers in one click, without that email.
- **One lock per item.** Every change that counts seats locks the item's own row
  (``select_for_update`` on the action or the event) for the rest of its transaction, and
  counts the seats after it has the lock: on PostgreSQL, registrations, confirmations,
  cancellations and decisions for one item happen one after the other, so seats are never
  given twice and the waitlist keeps the order in which people joined it.
- **Groups on the waitlist.** When seats free up, the waitlist is walked in order and each
  registration that fits in the free seats is promoted. A group that does not fit yet keeps
  its place at the head; smaller registrations behind it may pass it for the seats it cannot
  use, and it is promoted as soon as enough seats are free. A newcomer whose seats fit is
  registered at once even while a larger group waits, by the same rule.
- **A group larger than the whole capacity is refused** (it would never get in); a group
  larger than the seats left joins the waitlist.
- **On approval** (internships), confirmed registrations are applications: the organiser
  accepts (while the seats fit) or declines each, with a message; there is no waitlist.
"""

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stemcharter.audit.services import audit_forget, audit_record
from stemcharter.common.calendar import calendar_bytes
from stemcharter.common.page_cache import content_changed
from stemcharter.notifications.services import email_render, email_send
from stemcharter.notifications.tasks import email_deliver
from stemcharter.organisations.models import Organisation

from .links import personal_link_token
from .models import MAX_SEATS, Registration
from .qr import check_in_url, qr_png_base64
from .registry import RegistrableType, RegistrationMode, registrable_type_for

ERASED = "(erased)"


class RegistrationRefused(Exception):
    """A registration or a change that cannot be made; ``message`` says why and how to go
    on, ``field`` names the form field it is about (None: the whole form)."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


# ---------------------------------------------------------------------------------------------
# Reading seats (also used by selectors)


def seats_taken(*, item) -> int:
    """Seats held by registered or accepted registrations."""
    total = (
        Registration.objects.for_item(item).holding_seats().aggregate(total=Sum("seats"))["total"]
    )
    return total or 0


def registrations_exist(*, item) -> bool:
    """Whether anyone confirmed a registration for ``item`` that still counts (registered,
    on the waitlist, applied or accepted)."""
    return (
        Registration.objects.for_item(item)
        .active()
        .exclude(state=Registration.State.UNCONFIRMED)
        .exists()
    )


def registration_closed_reason(*, item, now: datetime | None = None) -> str:
    """Why ``item`` takes no registrations now, in words; "" when it does: it is cancelled or
    over, its registration deadline passed, or (without a deadline) it has started. Registering
    and confirming a registration both ask it."""
    registrable_type = registrable_type_for(item)
    now = now or timezone.now()
    if registrable_type.is_cancelled(item):
        return _("This has been cancelled, so you can no longer register.")
    ends_at = registrable_type.ends_at(item)
    if ends_at is not None and ends_at <= now:
        return _("This is over, so you can no longer register.")
    deadline = registrable_type.deadline(item)
    if deadline is not None and deadline < now:
        return _("Registration closed on %(when)s.") % {
            "when": date_format(timezone.localtime(deadline), "DATETIME_FORMAT")
        }
    # Without a deadline, registration closes when it starts (an action: at 00:00 on its
    # first day; an action on request has no start and stays open). An organiser's own
    # deadline may lie later only for an action (up to its last day): that is their choice.
    starts_at = registrable_type.starts_at(item)
    if deadline is None and starts_at is not None and starts_at <= now:
        return _("This has already started, so you can no longer register.")
    return ""


def capacity_below_taken_message(*, item, capacity: int | None) -> str:
    """Why ``capacity`` cannot be the new number of places of ``item``, in words; "" when it
    can. Fewer places than the seats already taken would push people out who were told they
    have a place: events and actions both refuse it with this message."""
    if capacity is None or getattr(item, "pk", None) is None:
        return ""
    taken = seats_taken(item=item)
    if capacity >= taken:
        return ""
    return _(
        "%(taken)s places are taken already: enter at least %(taken)s, or leave it "
        "empty for no limit."
    ) % {"taken": taken}


def check_in_closed_reason(*, item, now: datetime | None = None) -> str:
    """Why people cannot be checked in for ``item`` now, in words; "" when they can.

    Check-in opens at 00:00 (Europe/Brussels, the site's time zone) on the day the item
    starts and closes at the end of the day it ends (23:59:59 that day); an item without
    dates (an action on request) may check people in at any time."""
    registrable_type = registrable_type_for(item)
    starts_at, ends_at = registrable_type.starts_at(item), registrable_type.ends_at(item)
    if starts_at is None:
        return ""
    today = timezone.localdate(now or timezone.now())
    first_day = timezone.localdate(starts_at)
    # The end is the first moment after it (an action: midnight after its last day).
    last_day = timezone.localdate(ends_at - timedelta(microseconds=1)) if ends_at else first_day
    last_day = max(last_day, first_day)
    if today < first_day:
        return _("Check-in opens on the day itself, %(day)s from 00:00. Nothing was changed.") % {
            "day": date_format(first_day, "DATE_FORMAT")
        }
    if today > last_day:
        return _(
            "Check-in closed at the end of %(day)s. Record afterwards whether people came "
            "with “Came” or “Did not come”."
        ) % {"day": date_format(last_day, "DATE_FORMAT")}
    return ""


def is_signatory_member(user) -> bool:
    """Members of a signatory register in one click, with their account's name and address."""
    if user is None or not user.is_authenticated:
        return False
    return Organisation.objects.signatories().filter(memberships__user=user).exists()


# ---------------------------------------------------------------------------------------------
# Helpers


def _locked(item):
    """``item`` read again with its row locked until the transaction ends (see the module).

    Public pages show the places left (cached for anonymous visitors up to
    ``PAGE_CACHE_SECONDS``); whether the item is full is what a visitor acts on, so when this
    transaction makes it full or frees its last seat, every cached page goes stale once it
    commits (``common.page_cache.content_changed``). Registrations are not public content
    themselves: during a spike of sign-ups, each one would empty the page cache of the whole
    site. The number of places left may be a minute old; the form and the service use the
    live one."""
    locked = type(item)._base_manager.select_for_update().get(pk=item.pk)
    full_before = _is_full(locked)
    transaction.on_commit(lambda: _is_full(locked) != full_before and content_changed())
    return locked


def _is_full(item) -> bool:
    capacity = registrable_type_for(item).capacity(item)
    return capacity is not None and seats_taken(item=item) >= capacity


def _locked_registration(registration: Registration) -> Registration:
    return Registration.objects.select_for_update().get(pk=registration.pk)


def registration_item(registration: Registration):
    """The item a registration is for (read through its model: the registrable types)."""
    model = registration.content_type.model_class()
    return model._base_manager.get(pk=registration.object_id)


def _audit(registration: Registration, *, code: str, by=None, data: dict | None = None) -> None:
    content_type = registration.content_type
    audit_record(
        actor=by,
        code=code,
        target=registration,
        data={
            "registered_item": f"{content_type.app_label}.{content_type.model}"
            f":{registration.object_id}",
            "registration_seats": registration.seats,
            **(data or {}),
        },
    )


def personal_link(registration: Registration) -> str:
    """The absolute address of the registration's own page (view, confirm, cancel)."""
    with translation.override(registration.language):
        path = reverse(
            "registrations:registration", kwargs={"token": personal_link_token(registration)}
        )
    return settings.SITE_URL.rstrip("/") + path


def _email_context(registration: Registration, item, registrable_type: RegistrableType) -> dict:
    with translation.override(registration.language):
        url = settings.SITE_URL.rstrip("/") + registrable_type.url(item)
    return {
        "registration": registration,
        "title": registrable_type.title(item),
        "item_url": url,
        "personal_link": personal_link(registration),
        "starts_at": registrable_type.starts_at(item),
    }


def _email(
    registration: Registration,
    item,
    registrable_type: RegistrableType,
    template: str,
    *,
    calendar: bool = False,
    qr: bool | None = None,
    extra: dict | None = None,
) -> None:
    """Email ``registration`` with ``template``; ``calendar``: the item's calendar entry
    attached (the same UID as the first one, so a calendar updates that entry), and with it the
    QR code to scan at the door unless ``qr`` is False."""
    if not registration.email:
        return
    context = {**_email_context(registration, item, registrable_type), **(extra or {})}
    attachments = []
    if calendar:
        # A seat: the calendar entry, and the QR code to scan at the door.
        entry = registrable_type.calendar_entry(item)
        if entry is not None:
            ics = calendar_bytes([entry], name=registrable_type.title(item)).decode()
            attachments.append((f"{registrable_type.key}-{item.pk}.ics", ics, "text/calendar"))
        if qr is None or qr:
            png = qr_png_base64(check_in_url(registration))
            attachments.append(("inchecken.png", png, "image/png"))
    email_send(
        to=registration.email,
        language=registration.language,
        template=f"registrations/email/{template}",
        context=context,
        attachments=attachments or None,
    )


def _check_seats(*, kind: str, pupils: int, adults: int) -> int:
    if kind == Registration.Kind.INDIVIDUAL:
        return 1
    if pupils < 0 or adults < 0:
        raise RegistrationRefused(
            _("Enter the number of pupils and adults as 0 or more."), field="pupils"
        )
    seats = pupils + adults
    if seats < 1:
        raise RegistrationRefused(
            _("Enter how many pupils and adults come: at least 1 person in all."), field="pupils"
        )
    if seats > MAX_SEATS:
        raise RegistrationRefused(
            _("A group can have at most %(max)s people. Register larger groups separately.")
            % {"max": MAX_SEATS},
            field="pupils",
        )
    return seats


def _fits(*, item, registrable_type: RegistrableType, seats: int) -> bool:
    capacity = registrable_type.capacity(item)
    return capacity is None or seats_taken(item=item) + seats <= capacity


def _check_size(
    *, item, registrable_type: RegistrableType, seats: int, kind: str = Registration.Kind.GROUP
) -> None:
    capacity = registrable_type.capacity(item)
    if capacity is not None and seats > capacity:
        raise RegistrationRefused(
            _(
                "There are %(capacity)s places in all, so a group of %(seats)s cannot come. "
                "Register a smaller group, or contact the organiser."
            )
            % {"capacity": capacity, "seats": seats},
            field="pupils",
        )
    group_max = registrable_type.group_max(item)
    if group_max is not None and seats > group_max:
        raise RegistrationRefused(
            _("A group can have at most %(max)s people here. Register a smaller group.")
            % {"max": group_max},
            field="pupils",
        )
    group_min = registrable_type.group_min(item)
    if kind == Registration.Kind.GROUP and group_min is not None and seats < group_min:
        raise RegistrationRefused(
            _(
                "A group needs at least %(min)s people here (pupils and adults together); "
                "this one has %(seats)s. Add people, or register as individuals."
            )
            % {"min": group_min, "seats": seats},
            field="pupils",
        )


def _place(registration: Registration, *, item, registrable_type: RegistrableType, now) -> None:
    """Give a confirmed registration its state: a seat, the waitlist or an application."""
    if registrable_type.mode(item) == RegistrationMode.ON_APPROVAL:
        registration.state = Registration.State.APPLIED
    elif _fits(item=item, registrable_type=registrable_type, seats=registration.seats):
        registration.state = Registration.State.REGISTERED
    else:
        registration.state = Registration.State.WAITLISTED
        registration.waitlisted_at = now


def _email_placed(registration: Registration, item, registrable_type: RegistrableType) -> None:
    template = {
        Registration.State.REGISTERED: "registered",
        Registration.State.WAITLISTED: "waitlisted",
        Registration.State.APPLIED: "applied",
    }[registration.state]
    _email(
        registration,
        item,
        registrable_type,
        template,
        calendar=registration.state == Registration.State.REGISTERED,
    )


DUPLICATE_MESSAGE = gettext_lazy(
    "This email address is already registered for this. Use the link in the email we sent "
    "to see or cancel that registration."
)


# ---------------------------------------------------------------------------------------------
# Registering


MEMBERS_ONLY_MESSAGE = gettext_lazy(
    "Only members of organisations that signed the STEM-charter can register for this. "
    "Log in with your account to register in one click."
)


def registration_create(
    *,
    item,
    kind: str,
    name: str = "",
    email: str = "",
    group_name: str = "",
    pupils: int = 0,
    adults: int = 0,
    user=None,
    language: str | None = None,
) -> Registration:
    """Register for ``item``: a visitor (``user`` None or not a member of a signatory) gets an
    unconfirmed registration and an email with the link to confirm it, which holds no seat
    yet; a member of a signatory is placed at once (a seat, the waitlist or an application)
    with their account's name and address. Raises ``RegistrationRefused``."""
    registrable_type = registrable_type_for(item)
    if kind not in Registration.Kind.values:
        raise RegistrationRefused(_("Choose who registers: you alone or a group."), field="kind")
    seats = _check_seats(kind=kind, pupils=pupils, adults=adults)
    member = is_signatory_member(user)
    if registrable_type.members_only(item) and not member:
        raise RegistrationRefused(str(MEMBERS_ONLY_MESSAGE))
    if member:
        name, email = user.name or name or user.email, user.email
        language = user.language or language
    if kind == Registration.Kind.INDIVIDUAL:
        group_name, pupils, adults = "", 0, 0
    elif not group_name.strip():
        raise RegistrationRefused(
            _("Enter the name of the group, for example “class 5B”."), field="group_name"
        )
    if not name.strip():
        raise RegistrationRefused(_("Enter your name."), field="name")
    if not email:
        raise RegistrationRefused(_("Enter your email address."), field="email")
    with transaction.atomic():
        item = _locked(item)
        now = timezone.now()  # after the lock: the waitlist's order is the order of the locks
        if not registrable_type.takes_registrations(item) or not registrable_type.is_visible(item):
            raise RegistrationRefused(_("This takes no registrations on this site."))
        reason = registration_closed_reason(item=item, now=now)
        if reason:
            raise RegistrationRefused(reason)
        _check_size(item=item, registrable_type=registrable_type, seats=seats, kind=kind)
        if Registration.objects.for_item(item).active().filter(email__iexact=email).exists():
            raise RegistrationRefused(str(DUPLICATE_MESSAGE), field="email")
        registration = Registration(
            content_type=ContentType.objects.get_for_model(item),
            object_id=item.pk,
            state=Registration.State.UNCONFIRMED,
            kind=kind,
            name=name.strip(),
            email=email.strip(),
            user=user if member else None,
            language=language or settings.LANGUAGE_CODE,
            group_name=group_name.strip(),
            pupils=pupils,
            adults=adults,
            seats=seats,
        )
        if member:
            registration.confirmed_at = now
            _place(registration, item=item, registrable_type=registrable_type, now=now)
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError:  # the same address at the same moment, on another database
            raise RegistrationRefused(str(DUPLICATE_MESSAGE), field="email") from None
        _audit(
            registration,
            code="registrations.registration.created",
            by=user,
            data={"registration_state": registration.state},
        )
        if member:
            _email_placed(registration, item, registrable_type)
        else:
            _email(registration, item, registrable_type, "confirm")
    return registration


def registration_add_by_organiser(
    *,
    item,
    by,
    kind: str,
    name: str,
    email: str = "",
    group_name: str = "",
    pupils: int = 0,
    adults: int = 0,
    language: str | None = None,
) -> Registration:
    """The organiser adds a registration by hand (someone who phoned): confirmed at once, no
    email to confirm. It respects the places as any other: a seat when they fit, else the
    waitlist (first come, first served); on approval it is accepted when the seats fit and
    refused otherwise. The registration deadline does not bind the organiser; a cancelled or
    finished item takes none. With an address, the person gets the same email as someone
    who registered (the calendar entry and their personal link). Raises
    ``RegistrationRefused``."""
    registrable_type = registrable_type_for(item)
    if kind not in Registration.Kind.values:
        raise RegistrationRefused(_("Choose who registers: one person or a group."), field="kind")
    seats = _check_seats(kind=kind, pupils=pupils, adults=adults)
    if kind == Registration.Kind.INDIVIDUAL:
        group_name, pupils, adults = "", 0, 0
    elif not group_name.strip():
        raise RegistrationRefused(
            _("Enter the name of the group, for example “class 5B”."), field="group_name"
        )
    if not name.strip():
        raise RegistrationRefused(_("Enter the name of the person."), field="name")
    email = email.strip()
    with transaction.atomic():
        item = _locked(item)
        now = timezone.now()
        if not registrable_type.takes_registrations(item):
            raise RegistrationRefused(_("This takes no registrations on this site."))
        if registrable_type.is_cancelled(item):
            raise RegistrationRefused(
                _("This has been cancelled, so nobody can be added. Nothing was changed.")
            )
        ends_at = registrable_type.ends_at(item)
        if ends_at is not None and ends_at <= now:
            raise RegistrationRefused(
                _("This is over, so nobody can be added. Nothing was changed.")
            )
        _check_size(item=item, registrable_type=registrable_type, seats=seats, kind=kind)
        if (
            email
            and Registration.objects.for_item(item).active().filter(email__iexact=email).exists()
        ):
            raise RegistrationRefused(
                _("This email address is already registered for this. Nothing was changed."),
                field="email",
            )
        registration = Registration(
            content_type=ContentType.objects.get_for_model(item),
            object_id=item.pk,
            kind=kind,
            name=name.strip(),
            email=email,
            language=language or settings.LANGUAGE_CODE,
            group_name=group_name.strip(),
            pupils=pupils,
            adults=adults,
            seats=seats,
            confirmed_at=now,
        )
        if registrable_type.mode(item) == RegistrationMode.ON_APPROVAL:
            if not _fits(item=item, registrable_type=registrable_type, seats=seats):
                capacity = registrable_type.capacity(item) or 0
                raise RegistrationRefused(
                    _(
                        "Not enough places left: %(left)s left, %(seats)s needed. Add places "
                        "to the activity first. Nothing was changed."
                    )
                    % {"left": max(capacity - seats_taken(item=item), 0), "seats": seats},
                    field="pupils" if kind == Registration.Kind.GROUP else None,
                )
            registration.state = Registration.State.ACCEPTED
            registration.decided_at = now
        else:
            _place(registration, item=item, registrable_type=registrable_type, now=now)
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError:
            raise RegistrationRefused(
                _("This email address is already registered for this. Nothing was changed."),
                field="email",
            ) from None
        _audit(
            registration,
            code="registrations.registration.added_by_organiser",
            by=by,
            data={"registration_state": registration.state},
        )
        if registration.state == Registration.State.ACCEPTED:
            _email(registration, item, registrable_type, "accepted", calendar=True)
        else:
            _email_placed(registration, item, registrable_type)
    return registration


def confirmation_expired(registration: Registration, *, now: datetime | None = None) -> bool:
    """An unconfirmed registration whose link to confirm it is too old."""
    now = now or timezone.now()
    limit = timedelta(hours=settings.REGISTRATION_CONFIRM_HOURS)
    return registration.state == Registration.State.UNCONFIRMED and (
        registration.created_at + limit < now
    )


def registration_confirm(*, registration: Registration) -> Registration:
    """A visitor confirms through their link: a seat, the waitlist or an application. A second
    confirmation changes nothing. Raises ``RegistrationRefused`` when the link expired or the
    item no longer takes registrations."""
    with transaction.atomic():
        item = _locked(registration_item(registration))
        now = timezone.now()  # after the lock: the waitlist's order is the order of the locks
        registration = _locked_registration(registration)
        if registration.state != Registration.State.UNCONFIRMED:
            return registration
        if confirmation_expired(registration, now=now):
            raise RegistrationRefused(
                _("This link to confirm has expired. Register again on the page of the activity.")
            )
        registrable_type = registrable_type_for(item)
        reason = registration_closed_reason(item=item, now=now)
        if reason:
            raise RegistrationRefused(reason)
        _check_size(
            item=item,
            registrable_type=registrable_type,
            seats=registration.seats,
            kind=registration.kind,
        )
        registration.confirmed_at = now
        _place(registration, item=item, registrable_type=registrable_type, now=now)
        registration.save()
        _audit(
            registration,
            code="registrations.registration.confirmed",
            data={"registration_state": registration.state},
        )
        _email_placed(registration, item, registrable_type)
    return registration


def registration_cancel(*, registration: Registration, by=None) -> Registration:
    """Cancel through the personal link: the seats go to the waitlist. Cancelling again
    changes nothing."""
    return _cancel(registration=registration, by=by)


def registration_cancel_by_organiser(
    *, registration: Registration, by, message: str = ""
) -> Registration:
    """The organiser cancels a registration (someone phoned to say they cannot come, a
    double booking): the seats go to the waitlist in order, and the person, if they gave an
    address, gets an email with the organiser's ``message``. Raises ``RegistrationRefused``
    when it was not active (nothing changes)."""
    return _cancel(registration=registration, by=by, message=message.strip(), organiser=True)


def _cancel(
    *, registration: Registration, by=None, message: str = "", organiser: bool = False
) -> Registration:
    with transaction.atomic():
        item = _locked(registration_item(registration))
        registration = _locked_registration(registration)
        if not registration.is_active:
            if organiser:
                raise RegistrationRefused(
                    _("This registration was already cancelled or declined. Nothing was changed.")
                )
            return registration
        held = registration.holds_seats
        confirmed = registration.state != Registration.State.UNCONFIRMED
        registration.state = Registration.State.CANCELLED
        registration.cancelled_at = timezone.now()
        if organiser:
            registration.decision_message = message
            registration.cancelled_by_organiser = True
        registration.save()
        _audit(
            registration,
            code="registrations.registration.cancelled_by_organiser"
            if organiser
            else "registrations.registration.cancelled",
            by=by,
        )
        if organiser and confirmed:  # an unconfirmed address was never shown to be theirs
            _email(registration, item, registrable_type_for(item), "cancelled_by_organiser")
        if held:
            _promote(item=item)
    return registration


def _promote(*, item) -> list[Registration]:
    """Promote from the waitlist in order into the free seats (the item's row is locked)."""
    registrable_type = registrable_type_for(item)
    if registrable_type.mode(item) != RegistrationMode.FIRST_COME:
        return []
    capacity = registrable_type.capacity(item)
    free = None if capacity is None else capacity - seats_taken(item=item)
    promoted = []
    now = timezone.now()
    for registration in Registration.objects.for_item(item).waitlist().select_for_update():
        if free is not None and free <= 0:
            break
        if free is not None and registration.seats > free:
            continue  # a group that does not fit yet keeps its place (see the module)
        registration.state = Registration.State.REGISTERED
        registration.promoted_at = now
        registration.save()
        if free is not None:
            free -= registration.seats
        _audit(registration, code="registrations.registration.promoted")
        _email(registration, item, registrable_type, "promoted", calendar=True)
        promoted.append(registration)
    return promoted


def waitlist_promote(*, item) -> list[Registration]:
    """Fill free seats from the waitlist, e.g. after the organiser added places."""
    with transaction.atomic():
        return _promote(item=_locked(item))


def registration_decide(
    *, registration: Registration, accept: bool, message: str = "", by
) -> Registration:
    """The organiser accepts or declines an application (mode "on approval"), with a message
    to the applicant. Accepting takes the seats, so it is refused when they do not fit."""
    with transaction.atomic():
        item = _locked(registration_item(registration))
        registration = _locked_registration(registration)
        if registration.state != Registration.State.APPLIED:
            raise RegistrationRefused(
                _("This application was already decided or cancelled. Nothing was changed.")
            )
        registrable_type = registrable_type_for(item)
        if accept and not _fits(
            item=item, registrable_type=registrable_type, seats=registration.seats
        ):
            capacity = registrable_type.capacity(item) or 0
            raise RegistrationRefused(
                _(
                    "Not enough places left to accept this: %(left)s left, %(seats)s needed. "
                    "Decline it, or add places to the activity first."
                )
                % {"left": max(capacity - seats_taken(item=item), 0), "seats": registration.seats}
            )
        registration.state = Registration.State.ACCEPTED if accept else Registration.State.DECLINED
        registration.decided_at = timezone.now()
        registration.decision_message = message.strip()
        registration.save()
        _audit(
            registration,
            code="registrations.registration.accepted"
            if accept
            else "registrations.registration.declined",
            by=by,
        )
        _email(
            registration,
            item,
            registrable_type,
            "accepted" if accept else "declined",
            calendar=accept,
        )
    return registration


def registration_check_in(*, registration: Registration, by) -> Registration:
    """Check someone in on the day (also records that they attended). Twice changes nothing.
    Refused outside the days of the item (``check_in_closed_reason``)."""
    with transaction.atomic():
        registration = _locked_registration(registration)
        if not registration.holds_seats:
            raise RegistrationRefused(
                _("Only registered or accepted people can be checked in. Nothing was changed.")
            )
        reason = check_in_closed_reason(item=registration_item(registration))
        if reason and registration.checked_in_at is None:
            raise RegistrationRefused(reason)
        if registration.checked_in_at is None:
            registration.checked_in_at = timezone.now()
            registration.attended = True
            registration.save()
            _audit(registration, code="registrations.registration.checked_in", by=by)
    return registration


def registration_attendance_set(*, registration: Registration, attended: bool, by) -> Registration:
    """Record afterwards whether someone came."""
    with transaction.atomic():
        registration = _locked_registration(registration)
        if not registration.holds_seats:
            raise RegistrationRefused(
                _("Attendance is only recorded for registered or accepted people.")
            )
        registration.attended = attended
        registration.save()
        _audit(
            registration,
            code="registrations.registration.attendance",
            by=by,
            data={"registration_attended": attended},
        )
    return registration


def registrations_item_cancelled(*, item, by=None, reason: str = "") -> int:
    """The item is cancelled (the events app calls this): every active registration is
    cancelled and everyone who confirmed is told, with the organiser's ``reason``; those who
    held a seat get the calendar entry again, now CANCELLED with a higher SEQUENCE (the caller
    saved the item cancelled first), so their calendar strikes it. Returns how many were
    cancelled."""
    with transaction.atomic():
        item = _locked(item)
        registrable_type = registrable_type_for(item)
        registrations = list(Registration.objects.for_item(item).active().select_for_update())
        now = timezone.now()
        for registration in registrations:
            confirmed = registration.state != Registration.State.UNCONFIRMED
            held = registration.holds_seats
            registration.state = Registration.State.CANCELLED
            registration.cancelled_at = now
            registration.save()
            _audit(
                registration,
                code="registrations.registration.cancelled_with_item",
                by=by,
            )
            if confirmed:  # an unconfirmed address was never shown to be theirs
                _email(
                    registration,
                    item,
                    registrable_type,
                    "item_cancelled",
                    calendar=held,
                    qr=False,
                    extra={"reason": reason.strip(), "calendar_attached": held},
                )
    return len(registrations)


# The states told of a change of the item: those who confirmed and are still in (registered,
# accepted, on the waitlist, waiting for a decision). An unconfirmed address was never shown
# to be theirs.
TOLD_OF_CHANGES = (
    Registration.State.REGISTERED,
    Registration.State.ACCEPTED,
    Registration.State.WAITLISTED,
    Registration.State.APPLIED,
)


def _shown(value: Any) -> str:
    """A value of a changed field in words, in the active language."""
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    return str(value)


def _change_rows(item, changes: Mapping[str, tuple[Any, Any]]) -> list[dict[str, str]]:
    """(label, old, new) of each change, in the active language; labels are the fields'
    names (``verbose_name``)."""
    rows = []
    for name, (old, new) in changes.items():
        label = capfirst(str(item._meta.get_field(name).verbose_name))
        rows.append({"label": label, "old": _shown(old), "new": _shown(new)})
    return rows


def registrations_item_changed(*, item, changes: Mapping[str, tuple[Any, Any]]) -> int:
    """The item's time or place changed (``changes``: field name -> (old, new), the fields
    a calendar shows, the item already saved with its SEQUENCE raised): everyone still in
    gets one email, in their own language, with what changed. Who holds a seat gets the
    updated calendar entry (the same UID as in the confirmation, so their calendar moves that
    entry); who is on the waitlist or waits for a decision is told so, without an entry (they
    never got one). Sent when the transaction commits. Returns how many were told."""
    if not changes:
        return 0
    registrable_type = registrable_type_for(item)
    registrations = (
        Registration.objects.for_item(item)
        .filter(state__in=TOLD_OF_CHANGES)
        .exclude(email="")
        .order_by("pk")
    )
    told = 0
    for registration in registrations:
        with translation.override(registration.language):
            rows = _change_rows(item, changes)
        _email(
            registration,
            item,
            registrable_type,
            "item_changed",
            calendar=registration.holds_seats,
            qr=False,
            extra={"changes": rows},
        )
        told += 1
    return told


# ---------------------------------------------------------------------------------------------
# Reminders and erasure (management commands, run by cron)


def _items_with_registrations(registrations) -> list[tuple[Any, list[int]]]:
    """(item, [registration pks]) for the items of ``registrations``; None for a gone item."""
    groups: dict[tuple[int, int], list[int]] = {}
    for pk, content_type_id, object_id in registrations.values_list(
        "pk", "content_type_id", "object_id"
    ):
        groups.setdefault((content_type_id, object_id), []).append(pk)
    result = []
    for (content_type_id, object_id), pks in groups.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        item = model._base_manager.filter(pk=object_id).first() if model else None
        result.append((item, pks))
    return result


def registration_reminders_due(*, now: datetime | None = None) -> list[int]:
    """The registrations whose item starts tomorrow (local date) and that hold seats and
    have not had their reminder."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    waiting = Registration.objects.holding_seats().filter(
        reminder_sent_at__isnull=True, erased_at__isnull=True
    )
    due = []
    for item, pks in _items_with_registrations(waiting):
        if item is None:
            continue
        starts_at = registrable_type_for(item).starts_at(item)
        if starts_at is not None and timezone.localdate(starts_at) == tomorrow:
            due.extend(pks)
    return sorted(due)


def registration_reminder_send(*, registration_id: int) -> bool:
    """Send one reminder, at most once: the row is locked, the email sent, and the time it
    was sent stored in one transaction. A failing send raises and stores nothing, so the next
    run of ``send_registration_reminders`` tries again; a reminder already sent is never sent
    again. Returns whether it sent one."""
    with transaction.atomic():
        registration = Registration.objects.select_for_update().filter(pk=registration_id).first()
        if (
            registration is None
            or registration.reminder_sent_at is not None
            or not registration.holds_seats
            or registration.is_erased
            or not registration.email
        ):
            return False
        item = registration_item(registration)
        registrable_type = registrable_type_for(item)
        subject, body = email_render(
            language=registration.language,
            template="registrations/email/reminder",
            context=_email_context(registration, item, registrable_type),
        )
        # Sent here, not queued: the send and the mark commit together, or neither does.
        email_deliver(to=[registration.email], subject=subject, body=body)
        registration.reminder_sent_at = timezone.now()
        registration.save(update_fields=["reminder_sent_at", "updated_at"])
    return True


def registrations_erase_personal_data(*, now: datetime | None = None) -> int:
    """Erase the names and addresses of visitors' registrations (those without an account)
    ``REGISTRATION_PERSONAL_DATA_DAYS`` days after their item ended, and of items that are
    gone; the rows stay, with their state, seats and attendance, for the counts. Returns how
    many registrations it erased."""
    now = now or timezone.now()
    keep = timedelta(days=settings.REGISTRATION_PERSONAL_DATA_DAYS)
    visitors = Registration.objects.filter(user__isnull=True, erased_at__isnull=True)
    erased = 0
    for item, pks in _items_with_registrations(visitors):
        if item is not None:
            ends_at = registrable_type_for(item).ends_at(item)
            # ``now - keep`` rather than ``ends_at + keep``: an item that ends in the year 9999
            # must not overflow and stop the erasure for every other item.
            if ends_at is None or ends_at > now - keep:
                continue
        with transaction.atomic():
            for registration in Registration.objects.filter(pk__in=pks).select_for_update():
                addresses = [registration.email.lower()] if registration.email else []
                audit_forget(target=registration, addresses=addresses, replacement=ERASED)
                registration.name = ""
                registration.email = ""
                registration.group_name = ""
                registration.decision_message = ""
                registration.erased_at = now
                registration.save()
                erased += 1
    return erased


def registrations_of_user_erase(*, user) -> None:
    """A member deletes their account: their registrations are cancelled (their seats go to
    the waitlist), taken out of the audit trail's names, and deleted."""
    for registration in Registration.objects.filter(user=user):
        registration_cancel(registration=registration)
        addresses = [registration.email.lower()] if registration.email else []
        audit_forget(target=registration, addresses=addresses, replacement=ERASED)
    Registration.objects.filter(user=user).delete()
