"""Claims with provenance: several sources' values for one figure or date, ranked by editors,
every change audited, bad input refused with a clear message and nothing stored."""

from __future__ import annotations

import datetime as dt
import importlib
import json
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from rest_framework.renderers import JSONRenderer

from initiatives.claims import InvalidClaim, add_claim, claim_groups, rank_claim
from initiatives.models import AuditEvent, Claim, KeyFigure
from tests.factories import ArticleFactory, SourceFactory

pytestmark = pytest.mark.django_db

IRNA_SENTENCE = "The 32 km line will link Shalamcheh with Basra."
SHAFAQ_SENTENCE = "The double-track line will run 36 km from the border to Basra."


@pytest.fixture
def reports(db):
    irna = ArticleFactory(
        title="Railway contract signed",
        body=f"Officials met in Tehran. {IRNA_SENTENCE} Work starts soon.",
        source=SourceFactory(name="IRNA"),
        published_at=dt.datetime(2025, 3, 1, 8, tzinfo=dt.UTC),
    )
    shafaq = ArticleFactory(
        title="Basra rail link advances",
        body=f"Iraqi engineers surveyed the route. {SHAFAQ_SENTENCE}",
        source=SourceFactory(name="Shafaq News"),
        published_at=dt.datetime(2025, 6, 1, 8, tzinfo=dt.UTC),
    )
    return irna, shafaq


def _length(initiative, article, sentence, value, by, **kwargs) -> Claim:
    return add_claim(
        initiative, label="Length", value=value, unit="km", source=article, sentence=sentence,
        by=by, **kwargs,
    )  # fmt: skip


def test_two_sources_give_two_lengths_side_by_side_and_the_page_says_they_differ(
    initiative, reports, editor, client
):
    irna, shafaq = reports
    first = _length(initiative, irna, IRNA_SENTENCE, "32", editor)
    second = _length(initiative, shafaq, SHAFAQ_SENTENCE, "36", editor)

    assert (first.span_start, first.span_end) == (25, 25 + len(IRNA_SENTENCE))
    assert irna.body[first.span_start : first.span_end] == IRNA_SENTENCE
    assert first.as_of == dt.date(2025, 3, 1) and first.recorded_by == editor
    (group,) = claim_groups(list(initiative.claims.all()))
    assert group.differ and group.shown == second  # newest normal claim, until one is preferred

    html = client.get(initiative.get_absolute_url()).content.decode()
    section = html.split('id="claims-heading"', 1)[1].split("</section>", 1)[0]
    assert "Sources differ" in section
    assert "32 km" in section and "36 km" in section
    assert IRNA_SENTENCE in section and SHAFAQ_SENTENCE in section
    assert "IRNA" in section and "Shafaq News" in section and "recorded by editor" in section


def test_preferring_one_claim_shows_it_and_demotes_the_previous_preferred_one(
    initiative, reports, editor
):
    irna, shafaq = reports
    first = _length(initiative, irna, IRNA_SENTENCE, "32", editor, rank="preferred")
    second = _length(initiative, shafaq, SHAFAQ_SENTENCE, "36", editor)
    (group,) = claim_groups(list(initiative.claims.all()))
    assert group.shown == first

    rank_claim(second, "preferred", by=editor)
    first.refresh_from_db()
    assert first.rank == "normal"
    (group,) = claim_groups(list(initiative.claims.all()))
    assert group.shown.pk == second.pk and group.differ

    rank_claim(first, "deprecated", by=editor)
    (group,) = claim_groups(list(initiative.claims.all()))
    assert not group.differ  # a deprecated value no longer counts as disagreement
    actions = list(
        AuditEvent.objects.filter(object_type="initiatives.claim")
        .order_by("id")
        .values_list("action", "summary")
    )
    assert [a for a, _ in actions] == [
        "claim.add",
        "claim.add",
        "claim.rank",  # first demoted when second was preferred
        "claim.rank",
        "claim.rank",
    ]
    assert actions[-1][1].endswith("Length = 32 km ranked deprecated")


def test_a_date_claim_keeps_its_precision(initiative, reports, editor):
    irna, _ = reports
    claim = add_claim(
        initiative, kind="date", label="Announced completion", date=dt.date(2026, 3, 1),
        precision="month", source=irna, sentence="Work starts soon.", by=editor,
    )  # fmt: skip
    assert claim.display_value == "March 2026"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"source": None}, "A claim needs a source"),
        ({"value": "-5"}, "Length cannot be negative (-5)"),
        ({"unit": "MW"}, "“MW” measures power, which does not fit Length"),
        ({"unit": "furlongs"}, "Unknown unit “furlongs”"),
        ({"value": "about thirty"}, "“about thirty” is not a number"),
        ({"sentence": "The line is 99 km long."}, "The sentence is not in “Railway contract"),
        ({"sentence": " "}, "Quote the sentence the value comes from"),
        (
            {"kind": "date", "value": None, "date": dt.date(1899, 12, 31), "precision": "day"},
            "1899-12-31 is before 1900",
        ),
        ({"kind": "date", "value": None, "date": dt.date(2026, 1, 1)}, "day, month or year"),
        ({"rank": "best"}, "“best” is not a rank"),
    ],
)
def test_bad_claims_are_refused_with_a_clear_message_and_nothing_changes(
    initiative, reports, editor, kwargs, message
):
    irna, _ = reports
    args = {
        "label": "Length", "value": "32", "unit": "km", "source": irna,
        "sentence": IRNA_SENTENCE, "by": editor, **kwargs,
    }  # fmt: skip
    audit = AuditEvent.objects.count()
    with pytest.raises(InvalidClaim) as refused:
        add_claim(initiative, **args)
    assert message in refused.value.message
    assert not Claim.objects.exists() and AuditEvent.objects.count() == audit


def test_a_unit_must_fit_the_claims_already_held_for_the_label(initiative, reports, editor):
    irna, shafaq = reports
    add_claim(
        initiative, label="Bridge", value="800", unit="m", source=irna,
        sentence=IRNA_SENTENCE, by=editor,
    )  # fmt: skip
    with pytest.raises(InvalidClaim, match="its other claims are in m"):
        add_claim(
            initiative, label="Bridge", value="5", unit="MW", source=shafaq,
            sentence=SHAFAQ_SENTENCE, by=editor,
        )  # fmt: skip
    assert initiative.claims.count() == 1


def test_the_api_gives_the_claims_with_their_sources_the_same_on_both_paths(
    initiative, reports, editor, client
):
    from api.initiatives.serializers import InitiativeDetailSerializer
    from articles.selectors import evidence as selectors

    irna, shafaq = reports
    _length(initiative, irna, IRNA_SENTENCE, "32", editor, rank="preferred")
    _length(initiative, shafaq, SHAFAQ_SENTENCE, "36", editor)

    body = client.get(f"/api/v1/initiatives/{initiative.slug}/").json()
    declared = InitiativeDetailSerializer(selectors.initiative_detail(initiative.slug)).data
    assert json.dumps(body) == json.dumps(json.loads(JSONRenderer().render(declared)))
    (group,) = body["claims"]
    assert group["label"] == "Length" and group["value"] == "32 km" and group["sources_differ"]
    preferred, normal = group["claims"]
    assert preferred["rank"] == "preferred" and preferred["value"] == 32.0
    assert preferred["source"]["title"] == irna.title
    assert preferred["source"]["outlet"] == "IRNA" and preferred["recorded_by"] == "editor"
    assert irna.body[preferred["span_start"] : preferred["span_end"]] == IRNA_SENTENCE
    assert normal["display_value"] == "36 km" and normal["sentence"] == SHAFAQ_SENTENCE


def test_the_migration_turns_every_key_figure_into_a_preferred_claim_and_back(initiative):
    migration = importlib.import_module("initiatives.migrations.0006_claims")
    KeyFigure.objects.create(initiative=initiative, label="Length", value=Decimal("32"), unit="km")
    KeyFigure.objects.create(
        initiative=initiative, label="Bridge", value=Decimal("800"), unit="m", note="approx.",
        as_of=dt.date(2024, 1, 1), position=2,
    )  # fmt: skip

    class Editor:
        def execute(self, sql):
            from django.db import connection

            with connection.cursor() as cur:
                cur.execute(sql)

    migration.key_figures_to_claims(django_apps, Editor())
    copied = {c.label: c for c in initiative.claims.all()}
    assert copied["Length"].value == Decimal("32") and copied["Length"].unit == "km"
    bridge = copied["Bridge"]
    assert (bridge.note, bridge.as_of, bridge.position) == ("approx.", dt.date(2024, 1, 1), 2)
    assert {c.rank for c in copied.values()} == {"preferred"} and not bridge.source
    assert bridge.display_value == "800 m"

    migration.remove_copied_claims(django_apps, Editor())
    assert not initiative.claims.exists() and KeyFigure.objects.count() == 2


def test_the_catalogue_figures_are_claims_once_however_often_it_loads(db):
    from initiatives.catalogue_loader import load_catalogue
    from initiatives.models import Initiative

    load_catalogue()
    load_catalogue()
    railway = Initiative.objects.get(slug="basra-shalamcheh-railway")
    labels = list(railway.claims.values_list("label", flat=True))
    assert labels.count("Length") == 1
    assert set(labels) == set(railway.key_figures.values_list("label", flat=True))
    assert railway.claims.get(label="Length").display_value == "32 km"


def test_editors_add_and_rank_claims_on_the_initiative_editing_page(
    initiative, reports, editor, client
):
    irna, shafaq = reports
    client.force_login(editor)
    url = f"/editorial/initiatives/{initiative.slug}/claims/"
    form = {
        "kind": "figure", "label": "Length", "value": "32", "unit": "km",
        "source": irna.pk, "sentence": IRNA_SENTENCE, "rank": "normal",
    }  # fmt: skip
    response = client.post(url, form, follow=True)
    assert "Claim recorded: Length = 32 km." in response.content.decode()

    refused = client.post(url, {**form, "value": "-3"}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 400
    assert "Length cannot be negative (-3)" in refused.content.decode()
    no_source = client.post(url, {**form, "source": ""}, HTTP_HX_REQUEST="true")
    assert no_source.status_code == 400 and "A claim needs a source" in no_source.content.decode()
    assert initiative.claims.count() == 1

    claim = initiative.claims.get()
    page = client.get(f"/editorial/initiatives/{initiative.slug}/").content.decode()
    assert f'action="/editorial/claims/{claim.pk}/rank/"' in page
    client.post(f"/editorial/claims/{claim.pk}/rank/", {"rank": "deprecated"})
    claim.refresh_from_db()
    assert claim.rank == "deprecated"
    assert AuditEvent.objects.filter(action="claim.rank", actor=editor).count() == 1
    bad = client.post(f"/editorial/claims/{claim.pk}/rank/", {"rank": "x"}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 400 and "“x” is not a rank" in bad.content.decode()
    claim.refresh_from_db()
    assert claim.rank == "deprecated"


def test_analysts_cannot_add_claims(initiative, reports, analyst, client):
    irna, _ = reports
    client.force_login(analyst)
    response = client.post(
        f"/editorial/initiatives/{initiative.slug}/claims/",
        {"kind": "figure", "label": "Length", "value": "1", "unit": "km", "source": irna.pk,
         "sentence": IRNA_SENTENCE, "rank": "normal"},
    )  # fmt: skip
    assert response.status_code in (302, 403) and not Claim.objects.exists()


def test_removing_the_demo_keeps_an_editors_claim_that_cited_a_demo_article(editor):
    from articles.models import Article
    from demo.loader import load_demo
    from demo.removal import remove_demo
    from initiatives.models import Initiative

    load_demo()
    article = Article.objects.filter(is_demo=True, body__contains="32 km").first()
    railway = Initiative.objects.get(slug="basra-shalamcheh-railway")
    sentence = next(s for s in article.body.split(". ") if "32 km" in s)
    mine = add_claim(
        railway, label="Length", value="32", unit="km", source=article, sentence=sentence,
        by=editor,
    )  # fmt: skip
    demo_claim = add_claim(
        railway, label="Length", value="32", unit="km", source=article, sentence=sentence,
        by=None, demo=True,
    )  # fmt: skip

    remove_demo(by=editor)

    assert not Claim.objects.filter(pk=demo_claim.pk).exists()
    mine.refresh_from_db()
    assert mine.source is None and "a demo article, removed" in mine.source_note
    assert mine.value == Decimal("32")


def test_merging_a_duplicate_brings_its_claims_and_keeps_the_targets_preferred_value(
    initiative, reports, editor
):
    from editorial.services import merge_initiatives
    from tests.factories import InitiativeFactory

    irna, shafaq = reports
    duplicate = InitiativeFactory(slug="shalamcheh-rail-link")
    kept = _length(initiative, irna, IRNA_SENTENCE, "32", editor, rank="preferred")
    moved = _length(duplicate, shafaq, SHAFAQ_SENTENCE, "36", editor, rank="preferred")

    merge_initiatives(duplicate, initiative, by=editor)

    moved.refresh_from_db()
    assert moved.initiative == initiative and moved.rank == "normal"
    (group,) = claim_groups(list(initiative.claims.all()))
    assert group.shown == kept and group.differ


def test_correcting_a_key_figure_corrects_the_value_the_page_shows(initiative, editor, client):
    from editorial import services

    services.set_key_figure(initiative, label="Length", value=Decimal("32"), unit="km", by=editor)
    services.set_key_figure(initiative, label="Length", value=Decimal("35.5"), unit="km", by=editor)
    (claim,) = initiative.claims.all()
    assert claim.display_value == "35.5 km" and claim.rank == "preferred"
    html = client.get(initiative.get_absolute_url()).content.decode()
    assert "35.5 km" in html.split('aria-label="Key figures"', 1)[1].split("</ul>", 1)[0]

    services.remove_key_figure(initiative.key_figures.get(), by=editor)
    assert not initiative.claims.exists()
