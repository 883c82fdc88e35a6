"""Writes of the snowball (issue 14): share links here; each lane adds its section below."""

import codecs
import csv
import io
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from stemcharter.accounts.models import User
from stemcharter.accounts.validators import normalise_email
from stemcharter.audit.services import audit_record
from stemcharter.charter.models import Signature
from stemcharter.charter.selectors import is_signatory
from stemcharter.common.locks import lock_for_transaction
from stemcharter.common.text import defang_links
from stemcharter.notifications.services import email_send
from stemcharter.organisations.do_not_contact import do_not_contact_url, unsubscribe_headers
from stemcharter.organisations.models import Invitation, Membership, Organisation
from stemcharter.organisations.services import (
    INVITATION_VALID_DAYS,
    invitation_guard,
    invitation_revoke,
    invitations_expired_close,
)
from stemcharter.organisations.validators import (
    NAME_MAX_LENGTH,
    NAME_TOO_LONG_MESSAGE,
    clean_enterprise_number,
    normalise_name,
)

from .models import Channel, Prospect, ProspectGroup, ShareLink

SHARE_PATH_MAX_LENGTH = ShareLink._meta.get_field("path").max_length


def share_link_for(*, organisation: Organisation, channel: str, path: str) -> ShareLink:
    """The one share link of ``organisation`` for ``channel`` to ``path`` (made the first time).

    ``path``: a path of this site, starting with one "/" and without language prefix (e.g.
    ``/acties/open-dag/``). Raises ValidationError for an unknown channel or a path that is not
    a local path (``//host``, a scheme, too long): a share link never leads off the site.
    Two requests at once get the same link (the unique constraint, retried once).
    """
    if channel not in Channel.values:
        raise ValidationError(_("Unknown channel."), code="channel")
    if (
        not path.startswith("/")
        or path.startswith("//")
        or "\\" in path
        or len(path) > SHARE_PATH_MAX_LENGTH
    ):
        raise ValidationError(_("A share link leads to a page of this site."), code="path")
    try:
        with transaction.atomic():
            link, _created = ShareLink.objects.get_or_create(
                organisation=organisation, channel=channel, path=path
            )
    except IntegrityError:
        link = ShareLink.objects.get(organisation=organisation, channel=channel, path=path)
    return link


# --- invite ---

MESSAGE_MAX_LENGTH = Invitation._meta.get_field("message").max_length


def _sign_invitation_path(token: str) -> str:
    """The personal link's path (charter:sign-invitation), in the active language."""
    return reverse("charter:sign-invitation", args=[token])


@transaction.atomic
def signing_invitation_create(
    *,
    organisation: Organisation,
    by,
    email: str,
    invitee_name: str = "",
    invitee_organisation_name: str,
    invitee_town: str = "",
    invitee_category: str = "",
    invitee_website: str = "",
    message: str = "",
) -> Invitation:
    """A member (``by``) of the approved signatory ``organisation`` invites another organisation
    to sign, by email; returns the invitation (kind SIGNING), after queueing its email (sent
    when the transaction commits) and recording it in the audit trail.

    ``email`` is normalised; the ``invitee_*`` fields are what the inviter knew of the invited
    organisation (they pre-fill the signing form) and ``message`` their own words (at most
    1000 characters; sent quoted, links defanged). Locks ``organisation``'s row, so two
    invitations at once cannot both slip under the daily cap; ``invitation_guard`` then locks the
    address (``common.locks``), so two signatories at once cannot both pass its pause.
    Raises ValidationError with code:

    - ``not_signatory``: ``organisation`` is not an approved signatory;
    - ``not_member``: ``by`` is not one of its members;
    - ``invalid`` / ``too_long``: the email address is malformed or too long;
    - ``do_not_contact``, ``daily_cap``, ``repeat``: the anti-abuse rules
      (``organisations.services.invitation_guard``);
    - ``already_signatory``: the address is a member of an approved signatory already;
    - ``already_invited``: ``organisation`` has an open invitation (of any kind) to it;
    - a dict of field errors (invitee_* or message too long, unknown category, bad website).
    """
    email = normalise_email(email)
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            _("Enter a valid email address, for example name@example.be."), code="invalid"
        ) from None
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    if not is_signatory(organisation):
        raise ValidationError(
            _(
                "Only approved signatories can invite others to sign: %(organisation)s has not "
                "signed yet, or its signature is still being reviewed."
            ),
            code="not_signatory",
            params={"organisation": organisation.name},
        )
    if by is None or not organisation.memberships.filter(user=by).exists():
        raise ValidationError(
            _("Only members of %(organisation)s can invite on its behalf."),
            code="not_member",
            params={"organisation": organisation.name},
        )
    invitation_guard(organisation=organisation, email=email, kind=Invitation.Kind.SIGNING)
    if Membership.objects.filter(
        user__email__iexact=email, organisation__in=Organisation.objects.signatories()
    ).exists():
        raise ValidationError(
            _(
                "This person is already a member of an organisation that signed the charter: "
                "no invitation needed. Thank you for thinking of them!"
            ),
            code="already_signatory",
        )
    already = _("%(organisation)s has an open invitation to this address. Revoke it first.")
    # An expired invitation is replaced (rolled back with the rest if this one is refused).
    closed = invitations_expired_close(organisation=organisation, email=email)
    if organisation.invitations.filter(
        email__iexact=email, status=Invitation.Status.PENDING
    ).exists():
        raise ValidationError(
            already, code="already_invited", params={"organisation": organisation.name}
        )
    invitation = Invitation(
        kind=Invitation.Kind.SIGNING,
        organisation=organisation,
        email=email,
        invitee_name=invitee_name.strip(),
        invitee_organisation_name=invitee_organisation_name.strip(),
        invitee_town=invitee_town.strip(),
        invitee_category=invitee_category,
        invitee_website=invitee_website.strip(),
        message=message.strip(),
        token=secrets.token_urlsafe(32),
        invited_by=by,
        expires_at=timezone.now() + timedelta(days=INVITATION_VALID_DAYS),
    )
    if not invitation.invitee_organisation_name:
        raise ValidationError(
            {
                "invitee_organisation_name": ValidationError(
                    _("Enter the name of the organisation you invite."), code="required"
                )
            }
        )
    invitation.full_clean(validate_unique=False, validate_constraints=False)
    if len(invitation.message) > MESSAGE_MAX_LENGTH:  # a TextField's limit is not a validator
        raise ValidationError(
            {
                "message": ValidationError(
                    _("Keep the message to at most %(limit)s characters."),
                    code="max_length",
                    params={"limit": MESSAGE_MAX_LENGTH},
                )
            }
        )
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError:
        raise ValidationError(
            already, code="already_invited", params={"organisation": organisation.name}
        ) from None
    audit_record(
        actor=by,
        code="organisations.invitation.signing_created",
        target=organisation,
        data={
            "email": email,
            "invitee_organisation": invitation.invitee_organisation_name,
            **({"expired_closed": closed} if closed else {}),
        },
    )
    from stemcharter.accounts.models import User

    existing = User.objects.filter(email__iexact=email).first()
    language = (existing.language if existing else "") or settings.LANGUAGE_CODE
    with translation.override(language):
        sign_url = settings.SITE_URL + _sign_invitation_path(invitation.token)
        no_more_url = do_not_contact_url(email, language=language)
    email_send(
        to=email,
        language=language,
        template="outreach/email/signing_invitation",
        context={
            "invitation": invitation,
            "organisation": organisation,
            # What the inviter typed, defanged like the message: no link of theirs is ours.
            "inviter_name": defang_links(by.name),
            "invitee_name": defang_links(invitation.invitee_name),
            "invitee_organisation": defang_links(invitation.invitee_organisation_name),
            "message": defang_links(invitation.message),
            "quoted_message": "\n".join(
                f"> {line}" for line in defang_links(invitation.message).splitlines()
            ),
            "sign_url": sign_url,
            "do_not_contact_url": no_more_url,
        },
        headers=unsubscribe_headers(no_more_url),
    )
    prospect_invitation_sent(invitation=invitation)
    return invitation


def signing_invitation_revoke(*, invitation: Invitation, by) -> None:
    """A member (``by``) of the inviting signatory revokes its pending invitation to sign.
    Revoking does not reset the pause before the address may be invited again. Raises
    ValidationError: not an invitation to sign, not a member (``not_member``), not pending."""
    if invitation.kind != Invitation.Kind.SIGNING:
        raise ValidationError(_("This is not an invitation to sign."), code="not_signing")
    if by is None or not invitation.organisation.memberships.filter(user=by).exists():
        raise ValidationError(
            _("Only members of %(organisation)s can invite on its behalf."),
            code="not_member",
            params={"organisation": invitation.organisation.name},
        )
    invitation_revoke(invitation=invitation, by=by)


# --- end of invite ---
# --- sharekit ---

# The share kit's links of a signatory: one per channel to its public page, and one to the
# signing form ("invite to sign", channel LINK).
SHARE_KIT_PAGE_CHANNELS = (
    Channel.BADGE,
    Channel.LINKEDIN,
    Channel.FACEBOOK,
    Channel.X,
    Channel.WHATSAPP,
    Channel.EMAIL,
    Channel.QR,
)
SIGNING_FORM_PATH = "/ondertekenen/"


def share_kit_links(*, organisation: Organisation, page_path: str) -> dict[str, ShareLink]:
    """The share links of ``organisation``'s share kit: channel → link to ``page_path`` (its
    public page, without language prefix) for every channel of ``SHARE_KIT_PAGE_CHANNELS``,
    and ``"invite"`` → its LINK to the signing form. Made the first time (``share_link_for``);
    after that one query. Raises ValidationError as ``share_link_for`` for a bad path."""
    wanted = {channel.value: page_path for channel in SHARE_KIT_PAGE_CHANNELS}
    wanted["invite"] = SIGNING_FORM_PATH
    existing = {
        (link.channel, link.path): link
        for link in ShareLink.objects.filter(
            organisation=organisation, path__in={page_path, SIGNING_FORM_PATH}
        )
    }
    links = {}
    for key, path in wanted.items():
        channel = Channel.LINK.value if key == "invite" else key
        link = existing.get((channel, path))
        if link is None:
            link = share_link_for(organisation=organisation, channel=channel, path=path)
        links[key] = link
    return links


# --- end of sharekit ---

# --- pipeline ---

# The note's first proposal of signatories (part 3), the default file of import_prospects.
PROSPECTS_FILE = Path(__file__).resolve().parent / "data" / "proposed-signatories.csv"
# The coordinators' outreach pipeline: prospects imported from a CSV file (the note's first
# proposal), edited in the back office, marked invited when a signatory invites them and
# signed when their organisation's signature is approved.

PROSPECT_IMPORT_MAX_BYTES = 1024 * 1024  # a list of organisations, not a database dump
PROSPECT_IMPORT_MAX_ROWS = 5000
PROSPECT_IMPORT_COLUMNS = ("group", "organisation")
PROSPECT_GROUP_MAX_LENGTH = ProspectGroup._meta.get_field("name").max_length
PROSPECT_NOTES_MAX_LENGTH = Prospect._meta.get_field("notes").max_length
# Statuses a signatory's invitation moves on to INVITED (not back from signed or declined).
PROSPECT_INVITABLE = (Prospect.Status.PROPOSED, Prospect.Status.CONTACTED, Prospect.Status.LATER)
# Serialises imports (``common.locks``): two coordinators importing at once make one set of rows.
IMPORT_LOCK = ("outreach.prospects-import", "all")


@dataclass
class ImportResult:
    """What ``prospects_import`` did (or would do, in a dry run): prospect names per outcome,
    ``merged`` the names of the prospects that several rows of the file made (with those rows'
    names), ``skipped`` (line number, reason) per row left out."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    merged: list[tuple[str, list[str]]] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    dry_run: bool = False


@dataclass
class _Entry:
    """One organisation of the file, from one or more rows."""

    name: str
    also_known_as: str
    keys: set[str]
    groups: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rows: list[str] = field(default_factory=list)


_PARENTHESES = re.compile(r"^(?P<outer>[^()]+?)\s*\((?P<inner>[^()]+)\)$")


def prospect_names(name: str) -> tuple[str, str]:
    """``(name, also_known_as)`` of an organisation as a list writes it: "Fonds voor
    Vakopleiding in de Bouw (FVB)" and "FVB (Fonds voor Vakopleiding in de Bouw)" both give
    ``("Fonds voor Vakopleiding in de Bouw", "FVB")``; a name without an abbreviation in
    parentheses (one word on one side) is kept whole, with no other name."""
    name = " ".join(name.split())
    found = _PARENTHESES.match(name)
    if found:
        outer, inner = found["outer"].strip(" -"), found["inner"].strip()
        outer_short, inner_short = len(outer.split()) == 1, len(inner.split()) == 1
        if outer_short != inner_short and outer and inner:
            return (inner, outer) if outer_short else (outer, inner)
    return name, ""


def _name_keys(*names: str) -> set[str]:
    return {key for key in (normalise_name(name) for name in names) if key}


def _prospect_import_rows(file: bytes | BinaryIO) -> tuple[list[dict], list[tuple[int, str]]]:
    """The rows of the CSV ``file`` as ``{"line", "group", "organisation", "note"}``, and the
    rows left out with why. Raises ValidationError (code ``empty``, ``too_large``,
    ``encoding``, ``format``, ``columns``, ``too_many_rows``) for a file we cannot read."""
    if isinstance(file, bytes | bytearray):
        data = bytes(file[: PROSPECT_IMPORT_MAX_BYTES + 1])
    else:
        data = file.read(PROSPECT_IMPORT_MAX_BYTES + 1)
    if len(data) > PROSPECT_IMPORT_MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(size)s. Import at most %(rows)s organisations at once."),
            code="too_large",
            params={
                "size": filesizeformat(PROSPECT_IMPORT_MAX_BYTES),
                "rows": PROSPECT_IMPORT_MAX_ROWS,
            },
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data:
        raise ValidationError(
            _(
                "The file is saved as UTF-16 (Unicode text), not as UTF-8. Save it as “CSV "
                "UTF-8” and import it again."
            ),
            code="encoding",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            _(
                "The file is not saved as UTF-8, so we cannot read its accents. Save it as "
                "“CSV UTF-8” and import it again."
            ),
            code="encoding",
        ) from None
    if not text.strip():
        raise ValidationError(_("The file is empty."), code="empty")
    first_line = text.lstrip().splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text.lstrip()), delimiter=delimiter, strict=True)
    try:
        header = [column.strip().lower() for column in next(reader)]
        missing = [column for column in PROSPECT_IMPORT_COLUMNS if column not in header]
        if missing:
            raise ValidationError(
                _(
                    "The file has no column %(missing)s. Its first line must name the columns "
                    "group and organisation (and note, if you like)."
                ),
                code="columns",
                params={"missing": ", ".join(f"“{column}”" for column in missing)},
            )
        place = {
            column: header.index(column)
            for column in (*PROSPECT_IMPORT_COLUMNS, "note")
            if column in header
        }
        rows, skipped = [], []
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) + len(skipped) >= PROSPECT_IMPORT_MAX_ROWS:
                raise ValidationError(
                    _("The file has more than %(rows)s rows. Import at most %(rows)s at once."),
                    code="too_many_rows",
                    params={"rows": PROSPECT_IMPORT_MAX_ROWS},
                )
            line = reader.line_num
            row = {
                name: " ".join(cells[index].split()) if index < len(cells) else ""
                for name, index in place.items()
            }
            row.setdefault("note", "")
            reason = _prospect_row_problem(row)
            if reason:
                skipped.append((line, reason))
            else:
                rows.append({"line": line, **row})
    except csv.Error as error:
        raise ValidationError(
            _("We could not read line %(line)s of the file as CSV: %(error)s"),
            code="format",
            params={"line": reader.line_num, "error": str(error)},
        ) from None
    return rows, skipped


def _prospect_row_problem(row: dict) -> str:
    if not row["organisation"]:
        return str(_("no organisation"))
    if not normalise_name(row["organisation"]):
        return str(_("the organisation has no letters or numbers"))
    if (
        len(row["organisation"]) > NAME_MAX_LENGTH
        or len(normalise_name(row["organisation"])) > NAME_MAX_LENGTH
    ):
        return str(
            _("the organisation is longer than %(limit)s characters") % {"limit": NAME_MAX_LENGTH}
        )
    if len(row["group"]) > PROSPECT_GROUP_MAX_LENGTH:
        return str(
            _("the group is longer than %(limit)s characters")
            % {"limit": PROSPECT_GROUP_MAX_LENGTH}
        )
    return ""


def _prospect_entries(rows: list[dict]) -> list[_Entry]:
    """The organisations of ``rows``, duplicates merged: rows whose names (or the name and
    abbreviation of "Full name (ABBR)") share a normalised form are one organisation."""
    entries: list[_Entry] = []
    for row in rows:
        name, also_known_as = prospect_names(row["organisation"])
        keys = _name_keys(row["organisation"], name, also_known_as)
        matching = [entry for entry in entries if entry.keys & keys]
        entry = _Entry(name=name, also_known_as=also_known_as, keys=keys)
        for other in matching:  # one row may join two earlier entries: all become one
            entries.remove(other)
            entry = _merged(other, entry)
        entry.rows.append(row["organisation"])
        if row["group"] and row["group"] not in entry.groups:
            entry.groups.append(row["group"])
        if row["note"] and row["note"] not in entry.notes:
            entry.notes.append(row["note"])
        entries.append(entry)
    entries.sort(key=lambda entry: _entry_order(entry, rows))
    return entries


def _entry_order(entry: _Entry, rows: list[dict]) -> int:
    names = set(entry.rows)
    return next(index for index, row in enumerate(rows) if row["organisation"] in names)


def _merged(first: _Entry, second: _Entry) -> _Entry:
    """One organisation from two: the name that has an abbreviation beside it wins ("Fonds
    voor Vakopleiding in de Bouw" with "FVB" over "FVB"), else the first row's."""
    if second.also_known_as and not first.also_known_as:
        name, also_known_as = second.name, second.also_known_as
    else:
        name, also_known_as = first.name, first.also_known_as
    return _Entry(
        name=name,
        also_known_as=also_known_as,
        keys=first.keys | second.keys,
        groups=first.groups + [group for group in second.groups if group not in first.groups],
        notes=first.notes + [note for note in second.notes if note not in first.notes],
        rows=first.rows + second.rows,
    )


def _notes_with(notes: str, added: list[str]) -> str:
    lines = notes.splitlines()
    new = [note for note in added if note not in lines]
    return "\n".join([*lines, *new]) if new else notes


def prospects_import(
    *, file: bytes | BinaryIO, by: User | None = None, dry_run: bool = False
) -> ImportResult:
    """Import prospects from a CSV file: columns ``group`` and ``organisation`` (``note``
    optional), comma or semicolon, UTF-8 (with or without byte order mark).

    In: the file's bytes (or a binary file, read up to ``PROSPECT_IMPORT_MAX_BYTES``); ``by``
    the coordinator (audited); ``dry_run`` to see the outcome without saving it.
    Out: ``ImportResult``. Rows naming the same organisation (same normalised name, or
    "Full name (ABBR)" beside "ABBR" or "Full name") are one prospect with all their groups;
    a prospect already there (by name or other name) gets the groups and notes it lacks, so
    importing the same file twice changes nothing. A row without organisation is skipped.
    Raises ValidationError for a file that is empty, too large, not UTF-8, not CSV or
    without the needed columns; then nothing is imported (one transaction).
    """
    rows, skipped = _prospect_import_rows(file)
    entries = _prospect_entries(rows)
    result = ImportResult(skipped=skipped, dry_run=dry_run)
    with transaction.atomic():
        lock_for_transaction(*IMPORT_LOCK)
        groups = {group.name: group for group in ProspectGroup.objects.all()}
        existing = list(Prospect.objects.prefetch_related("groups").order_by("pk"))
        for entry in entries:
            if len(entry.rows) > 1:
                result.merged.append((entry.name, entry.rows))
            prospect = next(
                (
                    prospect
                    for prospect in existing
                    if entry.keys & _name_keys(prospect.name, prospect.also_known_as)
                ),
                None,
            )
            for name in entry.groups:
                if name not in groups:
                    groups[name] = ProspectGroup.objects.create(name=name)
            wanted = [groups[name] for name in entry.groups]
            notes = "\n".join(entry.notes)[:PROSPECT_NOTES_MAX_LENGTH]
            if prospect is None:
                prospect = Prospect.objects.create(
                    name=entry.name,
                    normalised_name=normalise_name(entry.name),
                    also_known_as=entry.also_known_as,
                    normalised_also_known_as=normalise_name(entry.also_known_as),
                    notes=notes,
                )
                prospect.groups.set(wanted)
                existing.append(prospect)
                result.created.append(prospect.name)
                continue
            changed = []
            if entry.also_known_as and not prospect.also_known_as:
                prospect.also_known_as = entry.also_known_as
                prospect.normalised_also_known_as = normalise_name(entry.also_known_as)
                changed += ["also_known_as", "normalised_also_known_as"]
            new_notes = _notes_with(prospect.notes, entry.notes)[:PROSPECT_NOTES_MAX_LENGTH]
            if new_notes != prospect.notes:
                prospect.notes = new_notes
                changed.append("notes")
            if changed:
                prospect.save(update_fields=[*changed, "updated_at"])
            have = {group.pk for group in prospect.groups.all()}
            lacking = [group for group in wanted if group.pk not in have]
            if lacking:
                prospect.groups.add(*lacking)
            if changed or lacking:
                result.updated.append(prospect.name)
            else:
                result.unchanged.append(prospect.name)
        if dry_run:
            transaction.set_rollback(True)
        else:
            audit_record(
                actor=by,
                code="outreach.prospect.imported",
                data={
                    "prospects_created": len(result.created),
                    "prospects_updated": len(result.updated),
                    "rows_skipped": len(result.skipped),
                },
            )
    return result


# What a coordinator edits on a prospect (the form's fields, the audit's "fields").
PROSPECT_EDITABLE = (
    "name",
    "also_known_as",
    "status",
    "owner",
    "contact_email",
    "enterprise_number",
    "notes",
    "next_step",
    "next_step_on",
)


def _prospect_clean(values: dict) -> dict:
    """The edited values checked: an enterprise number that is one, names that fit once
    normalised. Raises ValidationError per field."""
    values = dict(values)
    errors = {}
    if "enterprise_number" in values:
        number = (values["enterprise_number"] or "").strip()
        try:
            values["enterprise_number"] = clean_enterprise_number(number) if number else ""
        except ValidationError as error:
            errors["enterprise_number"] = error
    for name in ("name", "also_known_as"):
        if name in values and len(normalise_name(values[name] or "")) > NAME_MAX_LENGTH:
            errors[name] = ValidationError(
                NAME_TOO_LONG_MESSAGE, code="normalised_too_long", params={"limit": NAME_MAX_LENGTH}
            )
    if "name" in values and not normalise_name(values["name"] or ""):
        errors["name"] = ValidationError(
            _("Enter the organisation's name, with letters or numbers."), code="name"
        )
    if errors:
        raise ValidationError(errors)
    return values


def prospect_create(*, by: User, groups: Iterable[ProspectGroup] = (), **values) -> Prospect:
    """Add a prospect by hand. ``values``: the fields of ``PROSPECT_EDITABLE`` (``name``
    required). Raises ValidationError (per field) for a bad enterprise number or name."""
    values = _prospect_clean(values)
    prospect = Prospect(**{name: values[name] for name in PROSPECT_EDITABLE if name in values})
    prospect.normalised_name = normalise_name(prospect.name)
    prospect.normalised_also_known_as = normalise_name(prospect.also_known_as)
    with transaction.atomic():
        prospect.save()
        prospect.groups.set(list(groups))
        audit_record(actor=by, code="outreach.prospect.created", target=prospect)
    return prospect


def prospect_update(
    *, prospect: Prospect, by: User, groups: Iterable[ProspectGroup] | None = None, **values
) -> Prospect:
    """Save a coordinator's changes of ``prospect`` (the fields of ``PROSPECT_EDITABLE`` in
    ``values``, and ``groups``); audited with the names of the changed fields. Two
    coordinators saving at once: the row lock orders them, the last one's values stay.
    Raises ValidationError (per field) for a bad enterprise number or name."""
    values = _prospect_clean(values)
    with transaction.atomic():
        locked = Prospect.objects.select_for_update().get(pk=prospect.pk)
        changed = [
            name
            for name in PROSPECT_EDITABLE
            if name in values and getattr(locked, name) != values[name]
        ]
        for name in changed:
            setattr(locked, name, values[name])
        locked.normalised_name = normalise_name(locked.name)
        locked.normalised_also_known_as = normalise_name(locked.also_known_as)
        if "status" in changed and locked.status != Prospect.Status.SIGNED:
            locked.signed_at = None
        elif "status" in changed and locked.signed_at is None:
            locked.signed_at = timezone.now()
        if changed:
            locked.save()
        if groups is not None:
            wanted = {group.pk for group in groups}
            if wanted != set(locked.groups.values_list("pk", flat=True)):
                locked.groups.set(list(wanted))
                changed.append("groups")
        if changed:
            audit_record(
                actor=by,
                code="outreach.prospect.changed",
                target=locked,
                data={"fields": changed},
            )
    return locked


def prospect_groups_with(*, groups: Iterable[ProspectGroup], new_group: str = "") -> list:
    """``groups`` and, if named, the group ``new_group`` (made the first time, its name as
    typed with spaces tidied; the same name in other letter case is that group)."""
    groups = list(groups)
    name = " ".join((new_group or "").split())[:PROSPECT_GROUP_MAX_LENGTH]
    if name:
        group = ProspectGroup.objects.filter(name__iexact=name).first()
        if group is None:
            try:
                with transaction.atomic():
                    group = ProspectGroup.objects.create(name=name)
            except IntegrityError:
                group = ProspectGroup.objects.get(name=name)
        if group not in groups:
            groups.append(group)
    return groups


def _prospects_named(name: str) -> Q:
    key = normalise_name(name)
    if not key:
        return Q(pk__in=[])
    return Q(normalised_name=key) | Q(normalised_also_known_as=key)


def prospect_invitation_sent(*, invitation: Invitation) -> None:
    """A signatory invited an organisation to sign: the prospects it names (by the invited
    organisation's name or other name, or by the contact address) that were proposed,
    contacted or put off for later are now invited (audited, by the inviter)."""
    condition = Q(pk__in=[])
    if invitation.invitee_organisation_name:
        condition |= _prospects_named(invitation.invitee_organisation_name)
    if invitation.email:
        condition |= Q(contact_email__iexact=invitation.email)
    with transaction.atomic():
        prospects = list(
            Prospect.objects.select_for_update()
            .filter(condition, status__in=PROSPECT_INVITABLE)
            .order_by("pk")
        )
        for prospect in prospects:
            prospect.status = Prospect.Status.INVITED
            prospect.save(update_fields=["status", "updated_at"])
            audit_record(
                actor=invitation.invited_by,
                code="outreach.prospect.invited",
                target=prospect,
                data={"organisation": invitation.organisation.name},
            )


def prospects_mark_signed(*, signature: Signature) -> list[Prospect]:
    """The approved ``signature``'s organisation signed: the prospects that are it are now
    signed and linked to it (``organisation``, ``signed_at``), audited. A prospect is it
    when the signature's invitation named it (organisation name or address), by enterprise
    number, or by name (its name or other name, normalised). A prospect already linked to
    another organisation is left alone; one already signed and linked to it is not touched
    again. Out: the prospects marked."""
    organisation = signature.organisation
    condition = _prospects_named(organisation.name)
    if organisation.enterprise_number:
        condition |= Q(enterprise_number=organisation.enterprise_number)
    invitation = signature.invitation
    if invitation is not None:
        if invitation.invitee_organisation_name:
            condition |= _prospects_named(invitation.invitee_organisation_name)
        condition |= Q(contact_email__iexact=invitation.email)
    marked = []
    with transaction.atomic():
        prospects = (
            Prospect.objects.select_for_update()
            .filter(condition)
            .filter(Q(organisation__isnull=True) | Q(organisation=organisation))
            .exclude(status=Prospect.Status.SIGNED, organisation=organisation)
            .order_by("pk")
        )
        for prospect in prospects:
            prospect.status = Prospect.Status.SIGNED
            prospect.organisation = organisation
            prospect.signed_at = signature.decided_at or timezone.now()
            prospect.save(update_fields=["status", "organisation", "signed_at", "updated_at"])
            audit_record(
                actor=signature.decided_by,
                code="outreach.prospect.signed",
                target=prospect,
                data={"organisation": organisation.name},
            )
            marked.append(prospect)
    return marked


def signature_approved_receiver(sender, *, signature: Signature, **kwargs) -> None:
    """``charter.signals.signature_approved``: mark the prospects it is as signed."""
    prospects_mark_signed(signature=signature)


# --- end of pipeline ---

# --- reach ---


def signature_referral_resolve(*, signature) -> bool:
    """Credit the share link a signature came by: ``Signature.referral_code`` (the ``?bron=``
    of the signing form) names a ShareLink, whose organisation becomes ``referred_by`` and whose
    channel ``referral_channel``.

    In: a ``charter.Signature``. Out: whether it was credited now. Nothing changes when an
    invitation already set who brought it in (an invitation wins), when the code names no link
    (unknown or mistyped: nobody is credited), when the link is the signing organisation's own,
    or when that organisation signed before (a new version of the charter is not a new
    signatory). Safe to call again for the same signature (the signal may come twice).
    """
    code = (signature.referral_code or "").strip()
    if not code or signature.invitation_id or signature.referred_by_id:
        return False
    link = ShareLink.objects.filter(code=code).only("organisation_id", "channel").first()
    if link is None or link.organisation_id == signature.organisation_id:
        return False
    signed_before = (
        Signature.objects.filter(
            organisation_id=signature.organisation_id,
            status__in=(Signature.Status.APPROVED, Signature.Status.SUPERSEDED),
        )
        .exclude(pk=signature.pk)
        .exists()
    )
    if signed_before:
        return False
    credited = Signature.objects.filter(
        pk=signature.pk, invitation__isnull=True, referred_by__isnull=True
    ).update(referred_by_id=link.organisation_id, referral_channel=link.channel)
    if credited:
        signature.referred_by_id = link.organisation_id
        signature.referral_channel = link.channel
    return bool(credited)


def signature_signed_receiver(sender, *, signature, **kwargs) -> None:
    """``charter.signals.signature_signed``: credit the share link it came by."""
    signature_referral_resolve(signature=signature)


def share_visit_counted(request) -> bool:
    """Whether a request of a share link counts as a visit: a GET or HEAD by a person's browser.

    Link previews (the crawlers of LinkedIn, Facebook, X, WhatsApp, Slack, ...) fetch a shared
    link once per post, not per reader: they are not counted. Read from the User-Agent only.
    """
    if request.method not in ("GET", "HEAD"):
        return False
    agent = request.headers.get("User-Agent", "").lower()
    return bool(agent) and not any(word in agent for word in PREVIEW_AGENTS)


# Words in the User-Agent of link-preview crawlers and other robots.
PREVIEW_AGENTS = (
    "bot",
    "crawler",
    "spider",
    "preview",
    "facebookexternalhit",
    "facebookcatalog",
    "linkedin",
    "whatsapp",
    "telegram",
    "skypeuripreview",
    "embedly",
    "curl",
    "wget",
    "python-requests",
)
