"""Moving the shared words into this app keeps every row, id and relation (and content type).

The database is migrated back to the state before the move, rows are written through the
historical models, and after migrating forward they are read through the models of today.
Runs on SQLite and, with DATABASE_URL, on PostgreSQL.
"""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from stemcharter.actions.models import Action
from stemcharter.charter.models import Commitment
from stemcharter.organisations.models import Organisation
from stemcharter.vocabulary.models import ActionType, Audience, Discipline, Sector

# serialized_rollback: see stemcharter/charter/tests/test_concurrency.py.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# The last migrations before the move: vocabulary had none.
BEFORE_THE_MOVE = [
    ("actions", "0007_action_action_published_by_date_and_more"),
    ("charter", "0003_signature_signature_approved_latest"),
    ("organisations", "0005_duplicate_rule_constraints"),
    ("vocabulary", None),
]


def migrate(targets: list[tuple[str, str | None]]):
    """Migrate the test database to ``targets``; the historical apps of that state."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    # An app migrated to zero (None) has no node: the state of the others holds its absence.
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def test_the_move_keeps_rows_ids_and_relations():
    old = migrate(BEFORE_THE_MOVE)
    try:
        action_type = old.get_model("actions", "ActionType").objects.create(
            name_nl="Proeftype", name_en="Trial type", slug="proeftype", position=42
        )
        audience = old.get_model("actions", "Audience").objects.create(
            name_nl="Proefpubliek", slug="proefpubliek"
        )
        discipline = old.get_model("actions", "Discipline").objects.create(
            name_nl="Proefdiscipline", slug="proefdiscipline"
        )
        sector = old.get_model("organisations", "Sector").objects.create(
            name_nl="Proefsector", slug="proefsector"
        )
        organisation = old.get_model("organisations", "Organisation").objects.create(
            name="Proef bv",
            normalised_name="proef bv",
            slug="proef-bv",
            category="company",
            sector=sector,
        )
        version = old.get_model("charter", "CharterVersion").objects.create(
            number=9001, title="Charter", body="Tekst"
        )
        signature = old.get_model("charter", "Signature").objects.create(
            organisation=organisation,
            charter_version=version,
            signer_name="An",
            signer_function="Zaakvoerder",
            signer_email="an@example.org",
        )
        commitment = old.get_model("charter", "Commitment").objects.create(
            signature=signature, description="We doen mee."
        )
        commitment.action_types.add(action_type)
        action = old.get_model("actions", "Action").objects.create(
            title="Proefactie",
            slug="proefactie",
            summary="Kort",
            description="Lang",
            action_type=action_type,
            organisation=organisation,
            timing="on_request",
            participation="link",
            participation_url="https://example.org",
        )
        action.audiences.add(audience)
        action.disciplines.add(discipline)
        old_content_types = old.get_model("contenttypes", "ContentType").objects
        old_action_type_content_type = old_content_types.get(
            app_label="actions", model="actiontype"
        )
        old_sector_content_type = old_content_types.get(app_label="organisations", model="sector")
    finally:
        migrate(latest())
    ContentType.objects.clear_cache()

    assert ActionType.objects.get(pk=action_type.pk).name_en == "Trial type"
    assert ActionType.objects.get(pk=action_type.pk).position == 42
    assert Audience.objects.get(pk=audience.pk).slug == "proefpubliek"
    assert Discipline.objects.get(pk=discipline.pk).slug == "proefdiscipline"
    assert Sector.objects.get(pk=sector.pk).slug == "proefsector"
    assert Organisation.objects.get(pk=organisation.pk).sector_id == sector.pk

    moved = Action.objects.get(pk=action.pk)
    assert moved.action_type_id == action_type.pk
    assert isinstance(moved.action_type, ActionType)
    assert [a.pk for a in moved.audiences.all()] == [audience.pk]
    assert [d.pk for d in moved.disciplines.all()] == [discipline.pk]
    assert [t.pk for t in Commitment.objects.get(pk=commitment.pk).action_types.all()] == [
        action_type.pk
    ]
    # And from the other side: the reverse relations of the moved models.
    assert list(ActionType.objects.get(pk=action_type.pk).commitments.all()) == [
        Commitment.objects.get(pk=commitment.pk)
    ]
    assert list(Audience.objects.get(pk=audience.pk).actions.all()) == [moved]

    assert list(Sector.objects.get(pk=sector.pk).organisations.all()) == [
        Organisation.objects.get(pk=organisation.pk)
    ]

    # The content types moved with their ids, so permissions (and the admin's history) follow.
    for model, old_content_type in (
        (ActionType, old_action_type_content_type),
        (Sector, old_sector_content_type),
    ):
        content_type = ContentType.objects.get_for_model(model)
        assert (content_type.app_label, content_type.pk) == ("vocabulary", old_content_type.pk)
        assert Permission.objects.filter(
            content_type=content_type, codename=f"change_{content_type.model}"
        ).exists()
    assert not ContentType.objects.filter(app_label="actions", model="actiontype").exists()
    assert not ContentType.objects.filter(app_label="organisations", model="sector").exists()
