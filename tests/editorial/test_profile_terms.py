"""Editors add and remove an initiative's profile terms on its editing page, audited."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from articles.ingest import pipeline
from articles.ingest.items import RawItem
from articles.models import Article, ArticleLink
from initiatives.models import AuditEvent, ProfileTerm
from tests.factories import AliasFactory, CountryFactory, InitiativeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def academic():
    CountryFactory(code="IR", name="Iran"), CountryFactory(code="IQ", name="Iraq")
    initiative = InitiativeFactory(slug="science-academic-exchange", name="Academic exchange")
    initiative.countries.add(*initiative.countries.model.objects.all())
    AliasFactory(initiative=initiative, text="academic exchange", specificity=0.6)
    return initiative


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _ingest(title: str, body: str) -> list[ArticleLink]:
    outcome = pipeline.ingest_item(RawItem(title=title, body=body), via=Article.Via.API)
    return list(ArticleLink.objects.filter(article_id=outcome.article_id))


def test_an_editor_adds_a_term_and_the_next_article_is_linked_by_it(editor_client, academic):
    story = (
        "Scholarships for Iraqi students at Iranian universities",
        "Iran's ministry offered new scholarships to students from Iraq for next year.",
    )
    assert _ingest(*story) == []

    response = editor_client.post(
        reverse("editorial-profile-add", args=[academic.slug]),
        {"text": "scholarships", "language": "en", "kind": "describes", "weight": "0.9"},
    )

    assert response.status_code == 302
    term = ProfileTerm.objects.get(initiative=academic)
    assert (term.text, term.weight, term.kind, term.created_by.username) == (
        "scholarships",
        0.9,
        "describes",
        "editor",
    )
    audit = AuditEvent.objects.get(action="profile.add")
    assert audit.initiative == academic and audit.after["text"] == "scholarships"
    links = _ingest(story[0] + " (update)", story[1] + " Applications open in May.")
    assert [link.initiative for link in links] == [academic]
    assert any("profile terms: “scholarships”" in reason for reason in links[0].reasons)
    page = text(editor_client.get(reverse("editorial-initiative", args=[academic.slug])))
    assert "Profile" in page and "scholarships" in page


def test_a_bad_term_is_refused_with_its_reason_and_nothing_is_stored(editor_client, academic):
    for data, says in (
        ({"text": "Iraq", "language": "en", "kind": "describes", "weight": "0.5"}, "almost"),
        (
            {"text": "scholarships", "language": "en", "kind": "describes", "weight": "2"},
            "at most 1",
        ),
        ({"text": "ab", "language": "en", "kind": "excludes", "weight": "0.5"}, "fewer than 3"),
    ):
        response = editor_client.post(
            reverse("editorial-profile-add", args=[academic.slug]), data, HTTP_HX_REQUEST="true"
        )
        assert response.status_code == 400
        assert says in text(response)
    assert not ProfileTerm.objects.exists()
    assert not AuditEvent.objects.filter(action="profile.add").exists()


def test_removing_a_term_disables_it_with_an_audit_and_it_can_be_put_back(editor_client, academic):
    term = ProfileTerm.objects.create(
        initiative=academic, text="scholarships", language="en", weight=0.9
    )
    url = reverse("editorial-profile-update", args=[term.pk])

    editor_client.post(url, {"action": "remove"})
    term.refresh_from_db()
    assert term.is_active is False
    assert AuditEvent.objects.get(action="profile.remove").before == {"is_active": True}
    assert _ingest("Scholarships for Iraqi students", "Iran offered scholarships to Iraq.") == []

    editor_client.post(url, {"action": "enable"})
    term.refresh_from_db()
    assert term.is_active is True
    assert AuditEvent.objects.filter(action="profile.enable").count() == 1


def test_an_analyst_cannot_change_a_profile(client, analyst, academic):
    client.force_login(analyst)
    response = client.post(
        reverse("editorial-profile-add", args=[academic.slug]),
        {"text": "scholarships", "language": "en", "kind": "describes", "weight": "0.9"},
    )
    assert response.status_code in (302, 403)
    assert not ProfileTerm.objects.exists()
