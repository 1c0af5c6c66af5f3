"""GET/POST /api/v1/initiatives/…: nested detail, filters, status and milestone writes."""

import datetime as dt

import pytest

from initiatives.models import KeyFigure, Sector, Status, StatusChange
from tests.factories import (
    AliasFactory,
    ArticleFactory,
    InitiativeFactory,
    MilestoneFactory,
    PlaceFactory,
    StatementFactory,
    confirmed_link,
)

pytestmark = pytest.mark.django_db


def test_initiative_detail_nests_everything_the_dashboard_shows(api, initiative):
    AliasFactory(initiative=initiative, text="Shalamcheh railway")
    initiative.places.add(PlaceFactory(slug="basra", name="Basra"))
    KeyFigure.objects.create(initiative=initiative, label="Length", value=32, unit="km")
    evidence = ArticleFactory(published_at=dt.datetime(2025, 2, 1, tzinfo=dt.UTC))
    confirmed_link(article=evidence, initiative=initiative)
    StatementFactory().initiatives.add(initiative)
    MilestoneFactory(initiative=initiative, title="Groundbreaking", evidence=evidence)
    StatusChange.objects.create(
        initiative=initiative, from_status="proposed", to_status="agreed", date=dt.date(2025, 1, 5)
    )

    response = api.get(f"/api/v1/initiatives/{initiative.slug}/")

    assert response.status_code == 200
    body = response.json()
    assert body["aliases"] == [{"text": "Shalamcheh railway", "language": "en"}]
    assert body["places"][0]["slug"] == "basra"
    assert body["key_figures"] == [
        {"label": "Length", "value": 32.0, "unit": "km", "as_of": None, "note": ""}
    ]
    assert (body["confirmed_articles"], body["statements_count"]) == (1, 1)
    assert body["last_evidence_at"].startswith("2025-02-01")
    assert body["milestones"][0]["evidence"]["id"] == evidence.pk
    assert body["status_history"][0]["to_status"] == "agreed"
    assert body["countries"] == ["IQ", "IR"]
    assert response["ETag"].startswith(f'"v{initiative.version}-')


def test_initiative_detail_in_one_query_is_what_the_serializer_gives(
    api, initiative, django_assert_num_queries
):
    """The detail is built by PostgreSQL for speed; it must stay what its schema declares:
    the serializer over the prefetched models, field for field, in the same order."""
    import json

    from rest_framework.renderers import JSONRenderer

    from api.initiatives.serializers import InitiativeDetailSerializer
    from articles.models import ArticleLink
    from articles.selectors import evidence as selectors
    from tests.factories import (
        ArticleLinkFactory,
        CountryFactory,
        OrganizationFactory,
        PersonFactory,
        UserFactory,
    )

    when = dt.datetime(2025, 2, 1, 8, 30, 15, 120000, tzinfo=dt.UTC)
    AliasFactory(initiative=initiative, text="Shalamcheh railway", language="en")
    AliasFactory(initiative=initiative, text="راه‌آهن شلمچه", language="fa")
    AliasFactory(initiative=initiative, text="retired name", language="en", is_active=False)
    turkey = CountryFactory(code="TR", name="Türkiye")
    initiative.places.add(
        PlaceFactory(slug="basra", name="Basra", name_ar="البصرة", latitude="30.508333"),
        PlaceFactory(slug="shalamcheh", name="Shalamcheh", other_names=["Shalamche"]),
        PlaceFactory(slug="ankara", name="Ankara", country=turkey),
    )
    initiative.organizations.add(
        OrganizationFactory(slug="rai", name="RAI"), OrganizationFactory(slug="iri", name="IRIR")
    )
    initiative.people.add(
        PersonFactory(slug="b", name="Bahrami"), PersonFactory(slug="a", name="Ali")
    )
    KeyFigure.objects.create(
        initiative=initiative, label="Cost", value="150000000.50", unit="USD", position=2
    )
    KeyFigure.objects.create(
        initiative=initiative,
        label="Length",
        value=32,
        unit="km",
        position=1,
        as_of=dt.date(2025, 1, 1),
        note="estimate",
    )
    evidence = ArticleFactory(published_at=when)
    confirmed_link(article=evidence, initiative=initiative)
    irrelevant = ArticleFactory(published_at=when + dt.timedelta(days=3), is_irrelevant=True)
    confirmed_link(article=irrelevant, initiative=initiative)
    ArticleLinkFactory(
        article=ArticleFactory(published_at=when + dt.timedelta(days=5)),
        initiative=initiative,
        state=ArticleLink.State.SUGGESTED,
    )
    StatementFactory().initiatives.add(initiative)
    MilestoneFactory(initiative=initiative, title="Groundbreaking", evidence=evidence)
    MilestoneFactory(initiative=initiative, title="Survey", date=dt.date(2024, 5, 1))
    editor = UserFactory(username="maryam")
    StatusChange.objects.create(
        initiative=initiative,
        from_status="proposed",
        to_status="agreed",
        date=dt.date(2025, 1, 5),
        evidence=evidence,
        changed_by=editor,
        note="signed",
    )
    StatusChange.objects.create(
        initiative=initiative, from_status="agreed", to_status="proposed", date=dt.date(2025, 1, 5)
    )

    with django_assert_num_queries(1):
        values = selectors.initiative_detail_values(initiative.slug)
    body = api.get(f"/api/v1/initiatives/{initiative.slug}/").json()

    declared = InitiativeDetailSerializer(selectors.initiative_detail(initiative.slug)).data
    declared = json.loads(JSONRenderer().render(declared))
    assert values is not None
    assert json.dumps(body) == json.dumps(declared)  # same values, same key order
    assert body["last_evidence_at"] == "2025-02-01T08:30:15.120000Z"
    assert [p["slug"] for p in body["places"]] == ["ankara", "basra", "shalamcheh"]
    assert body["key_figures"][1]["value"] == 150000000.5
    assert body["status_history"][1]["changed_by"] == "maryam"
    assert len(body["aliases"]) == 2 and body["confirmed_articles"] == 2


def test_a_merged_initiative_says_which_one_to_follow(api, initiative, editor):
    from editorial.services import merge_initiatives

    duplicate = InitiativeFactory(slug="shalamcheh-rail-link")
    merge_initiatives(duplicate, initiative, by=editor)

    body = api.get(f"/api/v1/initiatives/{duplicate.slug}/").json()
    assert body["merged_into"] == initiative.slug
    assert api.get(f"/api/v1/initiatives/{initiative.slug}/").json()["merged_into"] is None
    listed = [i["slug"] for i in api.get("/api/v1/initiatives/").json()["results"]]
    assert duplicate.slug not in listed


def test_unknown_initiative_is_404(api, db):
    assert api.get("/api/v1/initiatives/nope/").status_code == 404


def test_initiative_list_filters_by_sector_status_and_search(api, db):
    InitiativeFactory(name="Gas pipeline", sector=Sector.ENERGY, status=Status.AGREED)
    InitiativeFactory(name="Rail link", sector=Sector.RAIL)
    assert [i["name"] for i in api.get("/api/v1/initiatives/?sector=energy").json()["results"]] == [
        "Gas pipeline"
    ]
    assert api.get("/api/v1/initiatives/?status=agreed").json()["count"] == 1
    assert api.get("/api/v1/initiatives/?search=rail").json()["results"][0]["name"] == "Rail link"
    bad = api.get("/api/v1/initiatives/?sector=mining")
    assert bad.status_code == 400 and "sector" in bad.json()


def test_conditional_get_answers_304_until_the_initiative_changes(api, client_for, initiative):
    first = api.get(f"/api/v1/initiatives/{initiative.slug}/")
    etag = first["ETag"]
    assert (
        api.get(f"/api/v1/initiatives/{initiative.slug}/", HTTP_IF_NONE_MATCH=etag).status_code
        == 304
    )
    client_for("editor").post(
        f"/api/v1/initiatives/{initiative.slug}/status/", {"status": "agreed"}, format="json"
    )
    again = api.get(f"/api/v1/initiatives/{initiative.slug}/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200 and again.json()["status"] == "agreed"


def test_list_conditional_get(api, initiative):
    etag = api.get("/api/v1/initiatives/")["ETag"]
    assert api.get("/api/v1/initiatives/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    InitiativeFactory()
    assert api.get("/api/v1/initiatives/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_editor_changes_status_with_evidence(client_for, initiative):
    evidence = ArticleFactory()
    editor = client_for("editor")
    response = editor.post(
        f"/api/v1/initiatives/{initiative.slug}/status/",
        {"status": "agreed", "date": "2025-03-01", "evidence": evidence.pk, "note": "Signed"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["evidence"]["id"] == evidence.pk
    assert response.json()["changed_by"] == "editor-user"
    initiative.refresh_from_db()
    assert (initiative.status, initiative.status_since) == ("agreed", dt.date(2025, 3, 1))


def test_refused_transition_is_a_400_on_the_status_field(client_for, initiative):
    response = client_for("editor").post(
        f"/api/v1/initiatives/{initiative.slug}/status/", {"status": "operational"}, format="json"
    )
    assert response.status_code == 400
    assert "cannot go from Proposed to Operational" in response.json()["status"][0]
    initiative.refresh_from_db()
    assert initiative.status == "proposed"


def test_status_change_with_unknown_evidence_names_the_field(client_for, initiative):
    response = client_for("editor").post(
        f"/api/v1/initiatives/{initiative.slug}/status/",
        {"status": "agreed", "evidence": 999999},
        format="json",
    )
    assert response.status_code == 400 and "evidence" in response.json()


def test_stale_if_match_is_412_and_changes_nothing(api, client_for, initiative):
    etag = api.get(f"/api/v1/initiatives/{initiative.slug}/")["ETag"]
    editor = client_for("editor")
    url = f"/api/v1/initiatives/{initiative.slug}/status/"
    ok = editor.post(url, {"status": "agreed"}, format="json", HTTP_IF_MATCH=etag)
    assert ok.status_code == 201
    stale = editor.post(url, {"status": "stalled"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert "changed since you read it" in stale.json()["detail"]
    initiative.refresh_from_db()
    assert initiative.status == "agreed"


def test_if_match_can_be_required(settings, client_for, initiative):
    settings.API_REQUIRE_IF_MATCH = True
    url = f"/api/v1/initiatives/{initiative.slug}/status/"
    response = client_for("editor").post(url, {"status": "agreed"}, format="json")
    assert response.status_code == 428
    assert StatusChange.objects.count() == 0


def test_editor_adds_a_milestone_and_a_duplicate_is_refused(client_for, initiative):
    editor = client_for("editor")
    payload = {"date": "2025-03-01", "title": "Groundbreaking"}
    url = f"/api/v1/initiatives/{initiative.slug}/milestones/"
    assert editor.post(url, payload, format="json").status_code == 201
    twin = editor.post(url, payload, format="json")
    assert twin.status_code == 400 and "title" in twin.json()
    listed = editor.get(f"/api/v1/milestones/?initiative={initiative.slug}").json()
    assert [m["title"] for m in listed["results"]] == ["Groundbreaking"]
    top = editor.post(
        "/api/v1/milestones/",
        {"initiative": initiative.slug, "date": "2025-04-01", "title": "Opened"},
    )
    assert top.status_code == 201


def test_initiative_list_query_count_does_not_grow_with_page_size(api, django_assert_num_queries):
    for _ in range(50):
        InitiativeFactory()
    with django_assert_num_queries(3):  # count, page, countries
        assert len(api.get("/api/v1/initiatives/?page_size=1").json()["results"]) == 1
    with django_assert_num_queries(3):
        assert len(api.get("/api/v1/initiatives/?page_size=50").json()["results"]) == 50


def test_initiatives_export_as_streamed_csv(api, initiative):
    response = api.get("/api/v1/initiatives/?format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("slug,name,")
    assert lines[1].startswith("basra-shalamcheh-railway,Basra–Shalamcheh railway,")
    assert "IQ; IR" in lines[1]


def test_places_as_geojson_both_ways(api, db):
    PlaceFactory(slug="basra", name="Basra", latitude=30.5, longitude=47.8)
    for url in ("/api/v1/places/?format=geojson", "/api/v1/places.geojson"):
        response = api.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("application/geo+json")
        feature = response.json()["features"][0]
        assert feature["geometry"] == {"type": "Point", "coordinates": [47.8, 30.5]}
        assert feature["properties"]["slug"] == "basra"


def test_stats_give_counts_and_weekly_mentions(api, initiative):
    confirmed_link(initiative=initiative)
    body = api.get("/api/v1/stats/?weeks=4").json()
    assert {s["status"]: s["count"] for s in body["by_status"]}["proposed"] == 1
    assert body["mentions_per_week"][0]["initiative"] == initiative.slug
    assert len(body["mentions_per_week"][0]["weeks"]) == 4
    assert api.get("/api/v1/stats/?weeks=lots").status_code == 400


def test_atom_feed_lists_new_evidence(client, initiative):
    article = ArticleFactory(title="Track laying begins")
    confirmed_link(article=article, initiative=initiative)
    MilestoneFactory(initiative=initiative, title="Groundbreaking")
    response = client.get(f"/initiatives/{initiative.slug}/feed.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    text = response.content.decode()
    assert "Track laying begins" in text and "Milestone: Groundbreaking" in text
    assert client.get("/initiatives/nope/feed.atom").status_code == 404
