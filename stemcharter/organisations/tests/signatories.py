"""Test helpers: public signatories (approved signature, commitment, subregions, sector)."""

import io
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from stemcharter.charter.models import CharterVersion
from stemcharter.charter.tests.factories import (
    ApprovedSignatureFactory,
    CharterVersionFactory,
    CommitmentFactory,
)
from stemcharter.organisations.models import Category, Organisation
from stemcharter.organisations.tests.factories import OrganisationFactory
from stemcharter.regions.models import Subregion
from stemcharter.vocabulary.models import ActionType, Sector


def make_signatory(
    *,
    charter_version: CharterVersion | None = None,
    decided_at: datetime | None = None,
    subregions: Iterable[Subregion] = (),
    action_types: Iterable[ActionType] = (),
    commitment: str = "We openen onze deuren voor leerlingen.",
    **organisation_fields,
) -> Organisation:
    """One public signatory with an approved signature and one commitment."""
    organisation = OrganisationFactory(subregions=list(subregions), **organisation_fields)
    signature = ApprovedSignatureFactory(
        organisation=organisation,
        charter_version=charter_version or CharterVersionFactory(),
        signer=None,
        signer_email=f"signer-{organisation.slug}@example.org",
        decided_at=decided_at or timezone.now(),
    )
    CommitmentFactory(signature=signature, description=commitment).action_types.set(
        list(action_types)
    )
    return organisation


def make_signatories(count: int, *, start: int = 0) -> list[Organisation]:
    """``count`` varied signatories over the seeded sectors, subregions and action types.

    Numbers ``start`` … ``start + count - 1``: every category, sector and subregion recurs, and
    each one signed a day before the previous one.
    """
    version = CharterVersionFactory()
    categories: Sequence[str] = Category.values
    sectors = list(Sector.objects.order_by("slug")[:4])
    subregions = list(Subregion.objects.order_by("slug")[:5])
    action_types = list(ActionType.objects.order_by("position")[:3])
    now = timezone.now()
    return [
        make_signatory(
            name=f"Signatory {number:04d}",
            slug=f"signatory-{number:04d}",
            category=categories[number % len(categories)],
            sector=sectors[number % len(sectors)],
            subregions=[
                subregions[number % len(subregions)],
                subregions[(number + 1) % len(subregions)],
            ],
            action_types=action_types[: 1 + number % len(action_types)],
            charter_version=version,
            decided_at=now - timedelta(days=number),
        )
        for number in range(start, start + count)
    ]


def png_bytes(*, width: int = 200, height: int = 100) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (11, 92, 173)).save(buffer, format="PNG")
    return buffer.getvalue()


def give_logo(organisation: Organisation, *, width: int = 200, height: int = 100) -> None:
    organisation.logo.save(
        "logo.png", ContentFile(png_bytes(width=width, height=height)), save=False
    )
    organisation.logo_width, organisation.logo_height = width, height
    organisation.save()
