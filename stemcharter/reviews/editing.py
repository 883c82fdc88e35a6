"""Writing the content of a reviewable item: one create and one update for every content type.

A content type describes its own rules in an ``EditingRules`` (required texts, checks between
fields, defaults, messages) and which organisations may create its items; everything the types
share lives here: which fields ``data`` may hold, length limits, a unique slug among live items
(also when two people save at once), only editable items change, and the audit entries.

``data`` holds model field names: the content fields of ``revision_fields`` and the
many-to-many fields of ``revision_m2m_fields`` (model instances or querysets). A partial
``data`` changes only those fields, so each step of the portal saves its own part.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext as _

from stemcharter.audit.services import audit_record
from stemcharter.organisations.models import Organisation

from .models import Reviewable, ReviewStatus
from .notifications import notify_partner_left


def _no_extra_checks(
    values: dict[str, Any], *, organisation: Organisation, added: dict[str, set]
) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class EditingRules:
    model: type[Reviewable]
    audit_prefix: str  # "actions.action": codes <prefix>.created and <prefix>.updated
    slug_fallback: str  # the slug of a title without letters or digits
    required_text: Mapping[str, str | Promise]  # field → message when it is empty
    # Which organisations may create items (approved signatories: charter.selectors.is_signatory),
    # and what another one is told (a ValidationError with code "not_signatory").
    may_create: Callable[[Organisation], bool]
    not_signatory_message: str | Promise
    not_editable_message: str | Promise
    defaults: Mapping[str, Any] = field(default_factory=dict)
    # Rules between fields: values (all content fields) → {field: message}.
    check: Callable[..., dict[str, Any]] = _no_extra_checks
    # Makes the values consistent before checking (e.g. a single day ends on its start).
    normalise: Callable[[dict[str, Any]], dict[str, Any]] = dict
    # Whether the organisation may delete an item once it was sent for review (rejected or
    # taken offline): it owns its content. Its reviewers' decisions stay listed in the review
    # queue's "decided" tab either way ("<title> — deleted by its organisation": the review
    # keeps the item's organisation and title, ``selectors.review_decided``). A type an
    # organisation writes once per period (a yearly progress report) keeps the item, so it
    # cannot be started afresh (``services.review_item_deletable``).
    deletable_once_sent: bool = True
    # Whether a rejected item may be changed and sent for review again (the same item, with
    # its history), as a type says that cannot be replaced by a new one.
    editable_when_rejected: bool = False

    @property
    def fields(self) -> list[str]:
        return self.model.revision_fields

    @property
    def m2m_fields(self) -> list[str]:
        return self.model.revision_m2m_fields


def named_organisations_error(
    named: Iterable[Organisation],
    *,
    author: Organisation,
    author_named: str | Promise,
    not_signatory: str | Promise,
) -> str | Promise | None:
    """What is wrong with the organisations newly named on an item (the partners of a joint
    action, the other organisations in a story), or None: the author's organisation is not
    named beside itself, and only signatories are named (they have a public page)."""
    pks = {organisation.pk for organisation in named}
    if author.pk in pks:
        return author_named
    if pks and Organisation.objects.signatories().filter(pk__in=pks).count() < len(pks):
        return not_signatory
    return None


def _unknown_fields(rules: EditingRules, data: Mapping[str, Any]) -> None:
    unknown = set(data) - set(rules.fields) - set(rules.m2m_fields)
    if unknown:
        raise ValueError(f"Not fields of {rules.model.__name__}: {sorted(unknown)}")


def _check(
    rules: EditingRules,
    values: dict[str, Any],
    *,
    organisation: Organisation,
    added: dict[str, set],
) -> None:
    errors: dict[str, Any] = {}
    for name, message in rules.required_text.items():
        if not str(values.get(name) or "").strip():
            errors[name] = message
    for name in rules.fields:
        limit = rules.model._meta.get_field(name).max_length
        value = values.get(name)
        if limit and isinstance(value, str) and len(value) > limit:
            errors[name] = _("Shorten this to at most %(limit)s characters (it has %(count)s).") % {
                "limit": limit,
                "count": len(value),
            }
    for name, message in rules.check(values, organisation=organisation, added=added).items():
        errors.setdefault(name, message)
    if errors:
        raise ValidationError(errors)


def _unique_slug(rules: EditingRules, title: str, *, exclude_pk: int | None) -> str:
    base = slugify(title)[:160].strip("-") or rules.slug_fallback
    taken = set(
        rules.model.objects.live()
        .filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, counter = base, 2
    while slug in taken:
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


def _save_with_unique_slug(
    rules: EditingRules, item: Reviewable, *, new_slug: bool, **save_kwargs
) -> None:
    """Save; when another item took the slug a moment ago, take the next free one."""
    for attempt in range(5):
        if new_slug:
            item.slug = _unique_slug(rules, item.title, exclude_pk=item.pk)
        try:
            with transaction.atomic():
                item.save(**save_kwargs)
            return
        except IntegrityError:
            clash = rules.model.objects.live().filter(slug=item.slug).exclude(pk=item.pk).exists()
            if not (new_slug and clash) or attempt == 4:
                raise


def _m2m_changes(
    rules: EditingRules, item: Reviewable | None, data: Mapping[str, Any]
) -> tuple[dict[str, set], dict[str, set]]:
    """The new values of the many-to-many fields in ``data``, and what each adds."""
    new, added = {}, {}
    for name in rules.m2m_fields:
        if name in data:
            values = set(data[name] or [])
            before = set(getattr(item, name).all()) if item is not None else set()
            new[name], added[name] = values, values - before
    return new, added


@transaction.atomic
def reviewable_create(
    *, rules: EditingRules, organisation: Organisation, by, data: Mapping[str, Any]
) -> Reviewable:
    """A new item in draft for ``organisation``, which must be one that may create
    (``rules.may_create``; a ValidationError with code "not_signatory" otherwise)."""
    _unknown_fields(rules, data)
    if not rules.may_create(organisation):
        raise ValidationError(rules.not_signatory_message, code="not_signatory")
    values = {**rules.defaults, **{name: data[name] for name in rules.fields if name in data}}
    values = rules.normalise(values)
    m2m, added = _m2m_changes(rules, None, data)
    _check(rules, values, organisation=organisation, added=added)
    item = rules.model(organisation=organisation, created_by=by, **values)
    _save_with_unique_slug(rules, item, new_slug=True)
    for name, items in m2m.items():
        getattr(item, name).set(items)
    audit_record(
        actor=by, code=f"{rules.audit_prefix}.created", target=item, data={"title": item.title}
    )
    return item


@transaction.atomic
def reviewable_update(
    *, rules: EditingRules, item: Reviewable, by, data: Mapping[str, Any]
) -> Reviewable:
    """Change a draft, an item with changes requested, one taken offline, or a working copy.

    Only the fields in ``data`` change, under a row lock, so two members saving different
    steps at once both keep their part, and nothing changes once it was sent for review.
    """
    _unknown_fields(rules, data)
    item = rules.model.objects.select_for_update().get(pk=item.pk)
    if not item.is_editable:
        raise ValidationError(rules.not_editable_message, code="not_editable")
    values = rules.normalise(
        {name: data[name] if name in data else getattr(item, name) for name in rules.fields}
    )
    m2m, added = _m2m_changes(rules, item, data)
    _check(rules, values, organisation=item.organisation, added=added)
    changed = [name for name in rules.fields if getattr(item, name) != values[name]]
    for name in changed:
        setattr(item, name, values[name])
    # The public address stays once an item was online; a draft follows its title.
    new_slug = "title" in changed and item.first_published_at is None and not item.is_revision
    if changed:
        update_fields = [*changed, "updated_at", *(["slug"] if new_slug else [])]
        _save_with_unique_slug(rules, item, new_slug=new_slug, update_fields=update_fields)
    for name, items in m2m.items():
        if set(getattr(item, name).all()) != items:
            getattr(item, name).set(items)
            changed.append(name)
    if changed:
        audit_record(
            actor=by,
            code=f"{rules.audit_prefix}.updated",
            target=item.live_item,
            data={"fields": changed, "revision": item.is_revision},
        )
    return item


def _publish_by_reviewer(item: Reviewable, *, by) -> None:
    now = timezone.now()
    item.status = ReviewStatus.PUBLISHED
    item.published_at = now
    item.first_published_at = item.first_published_at or now
    item.reviewer = by


@transaction.atomic
def reviewable_create_published(
    *, rules: EditingRules, by, data: Mapping[str, Any], organisation: Organisation | None = None
) -> Reviewable:
    """A new item written by a reviewer (a contact point or a coordinator, whose permission
    the caller checked): checked like any item, and published at once, since the one who
    would review it wrote it. ``organisation`` may be None for a type whose items the
    STEM-charter itself can author (events)."""
    _unknown_fields(rules, data)
    values = {**rules.defaults, **{name: data[name] for name in rules.fields if name in data}}
    values = rules.normalise(values)
    m2m, added = _m2m_changes(rules, None, data)
    _check(rules, values, organisation=organisation, added=added)
    item = rules.model(organisation=organisation, created_by=by, **values)
    _publish_by_reviewer(item, by=by)
    _save_with_unique_slug(rules, item, new_slug=True)
    for name, items in m2m.items():
        getattr(item, name).set(items)
    audit_record(
        actor=by,
        code=f"{rules.audit_prefix}.created",
        target=item,
        data={"title": item.title, "published": True},
    )
    return item


@transaction.atomic
def reviewable_update_published(
    *, rules: EditingRules, item: Reviewable, by, data: Mapping[str, Any]
) -> Reviewable:
    """Change a live item in place, by a reviewer (the caller checked the permission): no
    working copy and no review, the same checks as any change. Under a row lock."""
    _unknown_fields(rules, data)
    item = rules.model.objects.select_for_update().get(pk=item.live_item.pk)
    values = rules.normalise(
        {name: data[name] if name in data else getattr(item, name) for name in rules.fields}
    )
    m2m, added = _m2m_changes(rules, item, data)
    _check(rules, values, organisation=item.organisation, added=added)
    changed = [name for name in rules.fields if getattr(item, name) != values[name]]
    for name in changed:
        setattr(item, name, values[name])
    if changed:
        item.save(update_fields=[*changed, "updated_at"])
    for name, items in m2m.items():
        if set(getattr(item, name).all()) != items:
            getattr(item, name).set(items)
            changed.append(name)
    if changed:
        audit_record(
            actor=by,
            code=f"{rules.audit_prefix}.updated",
            target=item,
            data={"fields": changed, "revision": False},
        )
    return item


@transaction.atomic
def reviewable_partner_leave(
    *, item: Reviewable, field: str, organisation: Organisation, by
) -> Reviewable:
    """``organisation`` takes itself off an item another organisation named it in (a partner
    of a joint action, an organisation in a story): nobody is shown as taking part in
    something it did not agree to. The item itself and a waiting new version both lose it;
    the author's organisation is told by email."""
    live = type(item).objects.select_for_update().get(pk=item.live_item.pk)
    if organisation.pk == live.organisation_id:
        raise ValueError("The author's organisation cannot leave its own item.")
    rows = [live, *type(item).objects.filter(revision_of=live)]
    if not any(getattr(row, field).filter(pk=organisation.pk).exists() for row in rows):
        raise ValidationError(
            _("%(organisation)s is no longer named in this.") % {"organisation": organisation},
            code="not_named",
        )
    for row in rows:
        getattr(row, field).remove(organisation)
    audit_record(
        actor=by,
        code="reviews.item.partner_left",
        target=live,
        data={"organisation": organisation.name, "organisation_id": organisation.pk},
    )
    notify_partner_left(item=live, organisation=organisation)
    return live
