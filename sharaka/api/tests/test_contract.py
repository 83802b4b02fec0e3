"""schemathesis against the served schema: for every operation, requests generated from the schema
(valid ones, then invalid ones) are sent with the administrator's token, in Arabic, and every answer
must be no server error, a documented status, JSON, and conform to the schema. Cases per operation
and mode: SHARAKA_API_CASES (25 by default; .ci/run sets its own). The cases are the same on every run
(derandomised: the suite gives the same verdict twice) unless SHARAKA_API_SEED gives a seed, as
.ci/run's own step does with the day's date: new cases every day, replayed with the seed printed."""

import collections
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, seed
from hypothesis import settings as cases
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from sharaka.api.tests.helpers import ApiClient
from sharaka.api.tests.test_api_access import _world_api
from sharaka.funding.testing import world_funding
from sharaka.partnerspace.url_expectations import world_submissions
from sharaka.results.url_expectations import world_results
from sharaka.sustainability.url_expectations import world_sustainability

CASES = int(os.environ.get("SHARAKA_API_CASES", "25"))
SEED = int(os.environ["SHARAKA_API_SEED"]) if os.environ.get("SHARAKA_API_SEED") else None

CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
]


@pytest.fixture
def connection_kept():
    """The WSGI application closes the database connection at each request's end; inside a test's
    transaction it must not (Django's test client does the same)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _operations():
    from django.core.wsgi import get_wsgi_application

    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())
    return [result.ok() for result in schema.get_all_operations()]


MODES = pytest.mark.parametrize(
    "mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"]
)


# The operations in this many shares, one test each, so that the test processes share the work
# evenly (as one test per mode, one process drew both: 13 minutes of CI where 7 were enough).
SHARES = 4


@pytest.mark.django_db
@MODES
@pytest.mark.parametrize("share", range(SHARES), ids=lambda share: f"share {share + 1} of {SHARES}")
def test_every_operation_keeps_the_schema_it_publishes(world, mode, share, connection_kept, settings):
    operations = _operations()
    assert len(operations) >= SHARES * 20
    _hold_to_the_schema(world, mode, settings, world.personas.admin, operations[share::SHARES])


@pytest.mark.django_db
@MODES
def test_the_partner_workspace_keeps_its_schema_for_a_partner(world, mode, connection_kept, settings):
    """The workspace is a partner viewer's (404 to the administrator above): its operations again, with
    the partner viewer's token, so that its real answers are held to the schema too."""
    operations = [op for op in _operations() if op.path.startswith("/api/v1/workspace/")]
    assert len(operations) >= 8
    _hold_to_the_schema(world, mode, settings, world.personas.partner_viewer, operations)


def _hold_to_the_schema(world, mode, settings, user, operations):
    # Thousands of requests with one token: the limit (tested on its own) would answer most with 429.
    settings.API_RATE_PER_TOKEN = "1000000/hour"
    _world_api(world)
    headers = {"Authorization": f"Token {ApiClient(user).key}", "Accept-Language": "ar"}
    assert len(operations) >= 8
    seen = []
    # Half the cases ask for a record that exists (random ids almost never do), so that real answers,
    # not only 404s, are held to the schema: the world's object for each kind of path.
    real = {
        "/api/v1/partners/": world.organisation.pk,
        "/api/v1/projects/": world.project.pk,
        "/api/v1/agreements/": world.extra["agreement"].pk,
        "/api/v1/transactions/": world.extra["finance"]["tx"].pk,
        "/api/v1/public/projects/": world.private_project.pk,
        "/api/v1/funding/applications/": world_funding(world)["application"].pk,
        "/api/v1/council/sessions/": world.extra["session"].pk,
        "/api/v1/funding/calls/": world_funding(world)["lead_call"].pk,
        "/api/v1/workspace/agreements/": world.extra["agreement"].pk,
        "/api/v1/workspace/obligations/": world.extra["obligation"].pk,
        "/api/v1/workspace/submissions/": world_submissions(world).pk,
        "/api/v1/workspace/threads/": world.extra["thread"].pk,
        "/api/v1/workspace/projects/": world.project.pk,
    }
    results = world_results(world)
    found = world_sustainability(world)
    children = {
        "result_pk": results["result"].pk,
        "indicator_pk": results["indicator"].pk,
        "period_pk": results["period"].pk,
        "update_pk": results["draft"].pk,
        "evidence_pk": results["evidence"].pk,
        "check_pk": found["check"].pk,
        "cost_pk": found["cost"].pk,
        "risk_pk": found["risk"].pk,
        "photo_pk": found["photo"].pk,
        "contact_pk": world.organisation.contacts.first().pk,
        "funder_pk": world.extra["finance"]["funder"].pk,
        "participation_pk": world.project.participations.first().pk,
        "document_pk": world.document.pk,
        "obligation_pk": world.extra["obligation"].pk,
        "line_pk": world.extra["finance"]["line"].pk,
        "tranche_pk": world.extra["finance"]["tranche"].pk,
        "item_pk": world.extra["item"].pk,
        "action_pk": world.extra["plan_action"].pk,
        "key": "summary",
    }
    turn = [0]

    def existing(case):
        path_parameters = case.path_parameters or {}
        if "id" not in path_parameters and "pk" not in path_parameters:
            return
        turn[0] += 1
        if turn[0] % 2:
            return
        for prefix, pk in real.items():
            if case.path.startswith(prefix + "{"):
                key = "id" if "id" in path_parameters else "pk"
                case.path_parameters[key] = pk
                for name, child in children.items():
                    if name in path_parameters:
                        case.path_parameters[name] = child
                if {"check_pk", "cost_pk", "risk_pk"} & set(path_parameters):  # the sustainability world's
                    case.path_parameters[key] = found["project"].pk
                if prefix == "/api/v1/agreements/" and "document_pk" in path_parameters:
                    case.path_parameters["document_pk"] = world.extra["agreement_document"].pk

    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @cases(
            max_examples=CASES,
            deadline=None,
            derandomize=SEED is None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            existing(case)
            response = case.call(headers=headers)
            case.validate_response(response, checks=CHECKS)
            seen.append(response.status_code)

        if SEED is not None:
            check = seed(SEED)(check)
        try:
            check()
        except Unsatisfiable:
            # Nothing to make invalid: an operation without parameters or body (me, schema).
            assert mode == GenerationMode.NEGATIVE, operation.label
            continue
    assert seen
    replay = f"SHARAKA_API_SEED={SEED} replays it" if SEED is not None else "derandomised"
    print(mode, f"{CASES} cases per operation, {replay}:", sorted(collections.Counter(seen).items()))
