"""Writes for regions: subregions and their contact points. Every change is audited."""

from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from stemcharter.audit.services import audit_record

from .models import DUPLICATE_NAME_MESSAGE, Province, Subregion, one_line_name


def _check_name_free(*, province: Province, name_nl: str, exclude: Subregion | None = None):
    others = Subregion.objects.named(province_id=province.pk, name_nl=name_nl)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    if others.exists():
        raise ValidationError({"name_nl": DUPLICATE_NAME_MESSAGE}, code="duplicate")


@contextmanager
def _name_taken_as_error():
    """Two coordinators adding the same name at once: the database's unique constraint
    refuses the second, which gets the same message as when the name was there before."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as error:
        if "regions_subregion_name_nl_unique_in_province" not in str(error):
            raise
        raise ValidationError({"name_nl": DUPLICATE_NAME_MESSAGE}, code="duplicate") from error


def _unique_slug(name: str) -> str:
    base = slugify(name)[:130] or "subregio"
    slug, counter = base, 2
    while Subregion.objects.filter(slug=slug).exists():
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


@transaction.atomic
def subregion_create(*, province: Province, name_nl: str, name_en: str = "", by) -> Subregion:
    """Add a subregion to a province. Its slug (in the URL) comes from the Dutch name."""
    name_nl, name_en = one_line_name(name_nl), one_line_name(name_en)
    if not name_nl:
        raise ValidationError({"name_nl": _("Enter the Dutch name.")}, code="required")
    _check_name_free(province=province, name_nl=name_nl)
    with _name_taken_as_error():
        subregion = Subregion.objects.create(
            province=province, name_nl=name_nl, name_en=name_en, slug=_unique_slug(name_nl)
        )
    audit_record(
        actor=by,
        code="regions.subregion.created",
        target=subregion,
        data={"province": province.name_nl, "name_nl": name_nl, "name_en": name_en},
    )
    return subregion


@transaction.atomic
def subregion_update(*, subregion: Subregion, name_nl: str, name_en: str, by) -> Subregion:
    """Rename a subregion in Dutch and English. The slug stays, so links keep working."""
    subregion = Subregion.objects.select_for_update().get(pk=subregion.pk)
    name_nl, name_en = one_line_name(name_nl), one_line_name(name_en)
    if not name_nl:
        raise ValidationError({"name_nl": _("Enter the Dutch name.")}, code="required")
    _check_name_free(province=subregion.province, name_nl=name_nl, exclude=subregion)
    changes = {
        field: [getattr(subregion, field), value]
        for field, value in (("name_nl", name_nl), ("name_en", name_en))
        if getattr(subregion, field) != value
    }
    if not changes:
        return subregion
    subregion.name_nl, subregion.name_en = name_nl, name_en
    with _name_taken_as_error():
        subregion.save(update_fields=["name_nl", "name_en", "updated_at"])
    audit_record(actor=by, code="regions.subregion.updated", target=subregion, data=changes)
    return subregion


@transaction.atomic
def contact_point_add(*, subregion: Subregion, user, by) -> None:
    """Make ``user`` a contact point of the subregion (this opens the back office to them)."""
    if not user.is_active:
        raise ValidationError(_("This account is not active."), code="inactive")
    if subregion.contact_points.filter(pk=user.pk).exists():
        raise ValidationError(
            _("%(email)s is already a contact point of this subregion."),
            code="already",
            params={"email": user.email},
        )
    subregion.contact_points.add(user)
    audit_record(
        actor=by,
        code="regions.contact_point.added",
        target=subregion,
        data={"user_id": user.pk, "email": user.email},
    )


@transaction.atomic
def contact_point_remove(*, subregion: Subregion, user, by) -> None:
    if not subregion.contact_points.filter(pk=user.pk).exists():
        raise ValidationError(
            _("%(email)s is not a contact point of this subregion."),
            code="not_contact_point",
            params={"email": user.email},
        )
    subregion.contact_points.remove(user)
    audit_record(
        actor=by,
        code="regions.contact_point.removed",
        target=subregion,
        data={"user_id": user.pk, "email": user.email},
    )
