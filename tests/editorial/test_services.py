"""Editorial services: each change applies its rule and leaves an audit record."""

import datetime as dt
from decimal import Decimal

import pytest

from articles.models import ArticleLink
from core.exceptions import AlreadyDecided, DomainError, StaleEdit
from editorial import services
from initiatives.models import AuditEvent, Initiative, Subscription
from tests.factories import (
    AliasFactory,
    ArticleFactory,
    ArticleLinkFactory,
    InitiativeFactory,
    MilestoneFactory,
    PersonFactory,
    PlaceFactory,
    StatementFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def last_audit(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).latest("id")


def test_reassigning_rejects_the_wrong_initiative_and_confirms_the_right_one(editor):
    link = ArticleLinkFactory()
    right = InitiativeFactory(name="Right one")

    new = services.reassign_link(link, right, by=editor)

    link.refresh_from_db()
    assert link.state == "rejected"
    assert (new.initiative, new.state, new.decided_by) == (right, "confirmed", editor)
    event = last_audit("link.reassign")
    assert event.before == {"initiative": link.initiative.slug}
    assert event.after == {"initiative": right.slug}
    assert event.actor == editor


def test_bulk_decision_reports_links_someone_else_decided_first(editor):
    first, second = ArticleLinkFactory(), ArticleLinkFactory()
    services.bulk_decide([second.pk], "rejected", by=UserFactory(username="quick", role="editor"))

    result = services.bulk_decide([first.pk, second.pk], "confirmed", by=editor)

    assert [link.pk for link in result.decided] == [first.pk]
    assert "already rejected by quick" in result.refused[0]
    second.refresh_from_db()
    assert second.state == "rejected"


def test_marking_an_article_irrelevant_is_audited_and_reversible(editor):
    article = ArticleFactory()

    services.mark_irrelevant(article, True, by=editor)
    assert article.is_irrelevant
    services.mark_irrelevant(article, False, by=editor)

    assert not article.is_irrelevant
    actions = list(AuditEvent.objects.filter(article=article).values_list("action", flat=True))
    assert actions == ["article.relevant", "article.irrelevant"]


def test_tagging_and_untagging_people_and_places_is_audited(editor):
    article, person, place = ArticleFactory(), PersonFactory(name="Ali"), PlaceFactory()

    services.tag_person(article, person, by=editor)
    services.tag_place(article, place, by=editor)
    services.tag_person(article, person, by=editor)  # already tagged: no second record
    services.tag_person(article, person, by=editor, remove=True)

    assert list(article.people.all()) == []
    assert list(article.places.all()) == [place]
    actions = sorted(AuditEvent.objects.filter(article=article).values_list("action", flat=True))
    assert actions == ["article.person.add", "article.person.remove", "article.place.add"]


def test_setting_a_speaker_records_before_and_after_and_tags_the_person(editor):
    statement = StatementFactory(speaker=None, speaker_name="the minister")
    minister = PersonFactory(slug="araji", name="Qasim al-Araji")

    services.set_statement_speaker(statement, minister, by=editor)

    assert statement.speaker == minister
    assert minister in statement.article.people.all()
    event = last_audit("statement.speaker")
    assert (event.before, event.after) == ({"speaker": None}, {"speaker": "araji"})


def test_an_initiative_created_from_an_article_is_linked_and_named_in_three_languages(editor):
    article = ArticleFactory(title="New border market at Mehran")

    initiative = services.create_initiative_from_article(
        article,
        name="Mehran border market",
        name_fa="بازارچه مرزی مهران",
        sector="border_trade",
        by=editor,
    )

    assert initiative.slug == "mehran-border-market"
    assert set(initiative.aliases.values_list("language", flat=True)) == {"en", "fa"}
    link = ArticleLink.objects.get(article=article, initiative=initiative)
    assert (link.state, link.origin) == ("confirmed", "editor")
    assert last_audit("initiative.create").article == article


def test_creating_an_initiative_without_a_name_is_refused_and_creates_nothing(editor):
    with pytest.raises(DomainError, match="needs a name"):
        services.create_initiative_from_article(
            ArticleFactory(), name="  ", sector="rail", by=editor
        )
    assert not Initiative.objects.exists()


def test_editing_an_initiative_bumps_its_version_and_records_what_changed(editor):
    initiative = InitiativeFactory(name="Old name")
    place = PlaceFactory(slug="basra")

    services.edit_initiative(
        initiative,
        {"name": "New name", "summary": initiative.summary},
        expected_version=1,
        places=[place],
        by=editor,
    )

    assert (initiative.name, initiative.version) == ("New name", 2)
    event = last_audit("initiative.edit")
    assert event.before == {"name": "Old name", "places": [], "version": 1}
    assert event.after == {"name": "New name", "places": ["basra"], "version": 2}


def test_an_edit_based_on_an_old_version_is_refused_and_keeps_the_newer_one(editor):
    initiative = InitiativeFactory(name="Original")
    services.edit_initiative(initiative, {"name": "First editor"}, expected_version=1, by=editor)

    with pytest.raises(StaleEdit, match="changed by someone else"):
        services.edit_initiative(
            initiative, {"name": "Second editor"}, expected_version=1, by=editor
        )
    initiative.refresh_from_db()
    assert initiative.name == "First editor"


def test_disabling_an_alias_is_audited_and_enabling_restores_it(editor):
    alias = AliasFactory(text="the railway")

    services.set_alias_active(alias, False, by=editor)
    assert not alias.is_active
    assert last_audit("alias.disable").before["is_active"] is True

    services.set_alias_active(alias, True, by=editor)
    assert alias.is_active


def test_refining_an_alias_changes_text_and_weight_and_refuses_a_twin(editor):
    alias = AliasFactory(text="railway")
    AliasFactory(initiative=alias.initiative, text="Shalamcheh railway")

    services.refine_alias(alias, text="Basra railway", specificity=0.5, by=editor)
    assert (alias.text, alias.normalized, alias.specificity) == (
        "Basra railway",
        "basra railway",
        0.5,
    )
    assert last_audit("alias.refine").before == {"text": "railway", "specificity": 1.0}

    with pytest.raises(DomainError, match="already an alias"):
        services.refine_alias(alias, text="Shalamcheh Railway", by=editor)
    alias.refresh_from_db()
    assert alias.text == "Basra railway"


def test_alias_acceptance_counts_accepted_and_rejected_suggestions(editor):
    alias = AliasFactory(text="corridor")
    for state in ("confirmed", "rejected", "rejected", "rejected", "suggested"):
        link = ArticleLinkFactory(initiative=alias.initiative, matched_alias=alias)
        if state != "suggested":
            services.bulk_decide([link.pk], state, by=editor)

    row = services.alias_acceptance().get(pk=alias.pk)

    assert (row.accepted, row.rejected, row.suggested, row.decided) == (1, 3, 1, 4)
    assert services.alias_rate(row) == 0.25


def test_key_figures_are_set_by_label_and_removed_with_audit(editor):
    initiative = InitiativeFactory()
    services.set_key_figure(initiative, label="Length", value=Decimal("32"), unit="km", by=editor)
    figure = services.set_key_figure(
        initiative, label="Length", value=Decimal("35.5"), unit="km", by=editor
    )

    assert initiative.key_figures.get().value == Decimal("35.5")
    assert last_audit("keyfigure.set").before == {"value": "32.00", "unit": "km"}
    services.remove_key_figure(figure, by=editor)
    assert not initiative.key_figures.exists()
    assert last_audit("keyfigure.remove").initiative == initiative


def test_merging_moves_links_aliases_history_and_keeps_the_stronger_decision(editor):
    target = InitiativeFactory(name="Basra–Shalamcheh railway")
    duplicate = InitiativeFactory(name="Shalamcheh rail link", name_fa="راه آهن شلمچه")
    shared_article = ArticleFactory()
    ArticleLinkFactory(article=shared_article, initiative=target, state="suggested")
    dup_link = ArticleLinkFactory(article=shared_article, initiative=duplicate)
    services.bulk_decide([dup_link.pk], "confirmed", by=editor)
    only_dup = ArticleLinkFactory(initiative=duplicate)
    AliasFactory(initiative=duplicate, text="Shalamcheh line")
    MilestoneFactory(initiative=duplicate, title="Groundbreaking", date=dt.date(2023, 12, 1))
    subscriber = UserFactory(username="reader", role="analyst")
    Subscription.objects.create(user=subscriber, initiative=duplicate)

    services.merge_initiatives(duplicate, target, by=editor)

    assert duplicate.merged_into == target
    states = dict(target.links.values_list("article_id", "state"))
    assert states == {shared_article.pk: "confirmed", only_dup.article_id: "suggested"}
    aliases = set(target.aliases.values_list("text", flat=True))
    assert {"Shalamcheh line", "Shalamcheh rail link", "راه آهن شلمچه"} <= aliases
    assert target.milestones.get().title == "Groundbreaking"
    assert Subscription.objects.get(user=subscriber).initiative == target
    assert not duplicate.links.exists()
    # The duplicate's history now shows on the surviving initiative's page.
    assert AuditEvent.objects.filter(initiative=target, action="link.confirmed").exists()
    assert AuditEvent.objects.filter(action="initiative.merge").count() == 2


def test_merging_into_itself_or_twice_is_refused(editor):
    a, b, c = InitiativeFactory(), InitiativeFactory(), InitiativeFactory()
    with pytest.raises(DomainError, match="itself"):
        services.merge_initiatives(a, a, by=editor)
    services.merge_initiatives(a, b, by=editor)
    with pytest.raises(DomainError, match="already merged"):
        services.merge_initiatives(a, c, by=editor)


def test_a_second_decision_on_a_reassigned_suggestion_is_refused(editor):
    link = ArticleLinkFactory()
    services.reassign_link(link, InitiativeFactory(), by=editor)
    with pytest.raises(AlreadyDecided):
        services.reassign_link(link, InitiativeFactory(), by=editor)


def test_saving_a_view_under_the_same_name_updates_it(analyst):
    services.save_view(analyst, "Rail in Persian", "sector=rail")
    view = services.save_view(analyst, "Rail in Persian", "?sector=rail&language=fa")

    assert analyst.saved_views.count() == 1
    assert view.query == "sector=rail&language=fa"
    assert last_audit("view.save").actor == analyst


def test_subscribing_twice_keeps_one_subscription_and_needs_an_email(analyst):
    initiative = InitiativeFactory()
    services.subscribe(analyst, initiative=initiative)
    services.subscribe(analyst, initiative=initiative)
    assert analyst.subscriptions.count() == 1

    no_mail = UserFactory(username="nomail", email="")
    with pytest.raises(DomainError, match="no email"):
        services.subscribe(no_mail, initiative=initiative)


def test_nobody_subscribes_to_someone_elses_saved_view(analyst):
    view = services.save_view(UserFactory(username="owner"), "Mine", "sector=rail")
    with pytest.raises(DomainError, match="your own"):
        services.subscribe(analyst, saved_view=view)
