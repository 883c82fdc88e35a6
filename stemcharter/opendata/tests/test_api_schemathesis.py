"""The API fuzzed from its own OpenAPI document (issue 15's quality bar): schemathesis
generates requests for every operation of ``/api/v1/openapi.json`` (paths, filters, page
sizes, cursors, languages) and sends them to the app in-process (its WSGI application, no
server); every response must be no server error and match the document: a documented status,
content type and headers, and a body that fits the schema.

Part of the normal test run (and CI's): a few examples per operation keep it within about a
minute. The data: one public row of each kind, and drafts beside them.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from stemcharter.actions.tests.factories import ActionFactory, PublishedActionFactory
from stemcharter.charter.tests.factories import CommitmentFactory
from stemcharter.events.tests.factories import EventFactory, PublishedEventFactory
from stemcharter.stories.tests.factories import PublishedStoryFactory, StoryFactory

# Examples per operation: 21 operations, a few seconds in all on SQLite.
MAX_EXAMPLES = 12

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
# Requests the document allows (the refusals of what it does not allow have their own tests in
# test_api.py); its boundaries (the coverage phase) and random values (fuzzing).
schema.config.generation.update(modes=[GenerationMode.POSITIVE], max_examples=MAX_EXAMPLES)
schema.config.phases.update(phases=["examples", "coverage", "fuzzing"])

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def api_world(settings):
    """A public row of each kind and drafts; no rate limit in the way of the fuzzer. The
    requests go to the WSGI application itself, whose end of request would close the database
    connection (and with it the test's transaction, on PostgreSQL): kept open meanwhile, as
    Django's test client does."""
    settings.API_RATE = "100000/minute"
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    commitment = CommitmentFactory()
    signatory = commitment.signature.organisation
    PublishedActionFactory(organisation=signatory)
    ActionFactory(organisation=signatory)
    PublishedEventFactory(organisation=signatory)
    EventFactory(organisation=signatory)
    PublishedStoryFactory(organisation=signatory)
    StoryFactory(organisation=signatory)
    yield signatory
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_every_operation_keeps_to_its_document(case, api_world):
    case.call_and_validate(checks=CHECKS)
