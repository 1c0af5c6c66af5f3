"""The OpenAPI schema validates, its docs are served without a CDN, and the live API keeps to it.

schemathesis generates a bounded number of requests for every GET operation and checks that
none answers 5xx and every documented response matches its schema.
"""

import datetime as dt
import json

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
)

from articles.models import Cluster, IngestionRun
from config.wsgi import application
from initiatives.models import StatusChange
from tests.api_support import GENEROUS_RATES
from tests.factories import (
    ArticleFactory,
    FeedFactory,
    InitiativeFactory,
    MilestoneFactory,
    OrganizationFactory,
    PersonFactory,
    PlaceFactory,
    SourceFactory,
    StatementFactory,
    confirmed_link,
)

MAX_EXAMPLES = 8


@pytest.mark.django_db
def test_schema_validates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yml"))
    assert "/api/v1/timeline/" in (tmp_path / "s.yml").read_text()


@pytest.mark.django_db
def test_operations_are_grouped_by_resource_in_the_docs(client):
    paths = client.get("/api/v1/schema/?format=json").json()["paths"]
    tags = {
        path: {t for op in ops.values() for t in op.get("tags", [])} for path, ops in paths.items()
    }
    assert tags["/api/v1/search/"] == {"search"}
    assert tags["/api/v1/initiatives/{slug}/"] == {"initiatives"}
    assert tags["/api/v1/articles/{id}/links/"] == {"articles"}
    assert all(t and "v1" not in t for t in tags.values()), tags


@pytest.mark.django_db
def test_interactive_docs_load_their_assets_locally(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "cdn" not in page.lower() and "https://" not in page.split("<body", 1)[-1]
    assert client.get("/api/v1/schema/").status_code == 200


@pytest.fixture
def _seeded(db, settings):
    settings.API_THROTTLE_RATES = dict(GENEROUS_RATES)
    initiative = InitiativeFactory(slug="basra-shalamcheh-railway")
    person = PersonFactory(slug="araghchi", organization=OrganizationFactory(slug="mfa"))
    place = PlaceFactory(slug="basra")
    initiative.places.add(place)
    initiative.people.add(person)
    source = SourceFactory(slug="irna")
    cluster = Cluster.objects.create()
    for n in range(3):
        article = ArticleFactory(
            source=source, cluster=cluster, body=f"The railway to Basra, part {n}."
        )
        article.places.add(place)
        confirmed_link(article=article, initiative=initiative)
        StatementFactory(article=article, speaker=person).initiatives.add(initiative)
    MilestoneFactory(initiative=initiative, evidence=article)
    StatusChange.objects.create(
        initiative=initiative, from_status="proposed", to_status="agreed", date=dt.date(2025, 1, 1)
    )
    FeedFactory(source=source)
    IngestionRun.objects.create(kind="feed", state="succeeded")
    # Like Django's test client: requests through the WSGI app must not close the test's
    # database connection (it holds the test transaction).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _live_schema():
    """The schema /api/v1/schema/ serves (same generator), bound to the WSGI app: no network.

    Generated in-process rather than fetched so collection never meets the API's throttle.
    """
    generated = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(json.loads(OpenApiJsonRenderer().render(generated)))
    loaded.app = application
    loaded.location = "/api/v1/schema/"
    return loaded.include(method="GET")


schema = _live_schema()


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_get_operations_never_fail_and_answer_as_documented(case, _seeded):
    # identity: the in-process WSGI client does not decompress GZipMiddleware's output.
    case.call_and_validate(
        headers={"Accept-Encoding": "identity"},
        checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
    )
