"""Editor pages through the Django test client: what an editor sees after each action."""

import re

import pytest
from django.urls import reverse

from articles.models import ArticleLink
from initiatives.models import ApiToken, AuditEvent, Initiative, StatusChange
from tests.factories import (
    AliasFactory,
    ArticleFactory,
    ArticleLinkFactory,
    InitiativeFactory,
    PersonFactory,
    SourceFactory,
    StatementFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_login_page_is_in_the_product_style_and_explains_a_wrong_password(client, editor):
    page = client.get(reverse("login"))
    assert 'class="site-header"' in page.content.decode()
    response = client.post(reverse("login"), {"username": "editor", "password": "wrong"})
    assert "Please enter a correct username and password" in text(response)
    response = client.post(
        reverse("login"), {"username": "editor", "password": "correct horse battery staple"}
    )
    assert response.status_code == 302


def test_queue_shows_suggestions_by_score_with_highlighted_snippet_and_count(editor_client):
    alias = AliasFactory(text="Shalamcheh railway")
    ArticleLinkFactory(
        initiative=alias.initiative,
        matched_alias=alias,
        score=0.9,
        article=ArticleFactory(title="High"),
        snippet="work on the shalamcheh railway resumed",
    )
    ArticleLinkFactory(score=0.4, article=ArticleFactory(title="Low"))
    ArticleLinkFactory(score=0.99, article=ArticleFactory(title="Irrelevant", is_irrelevant=True))
    ArticleLinkFactory(score=0.99, state="rejected", decided_at="2025-01-01T00:00Z")

    page = text(editor_client.get(reverse("review-queue")))

    assert page.index(">High<") < page.index(">Low<")
    assert "Irrelevant" not in page
    assert "the <mark>shalamcheh railway</mark> resumed" in page
    assert "2 suggestions waiting" in page
    assert "Score 0.90" in page


def test_queue_filters_by_initiative_source_language_and_date(editor_client):
    persian = SourceFactory(slug="irna", name="IRNA")
    wanted = ArticleLinkFactory(
        article=ArticleFactory(
            title="Wanted", language="fa", source=persian, published_at="2025-03-02T10:00Z"
        )
    )
    ArticleLinkFactory(article=ArticleFactory(title="Other", published_at="2025-03-02T10:00Z"))
    query = {
        "initiative": wanted.initiative.slug,
        "source": "irna",
        "language": "fa",
        "date_from": "2025-03-01",
        "date_to": "2025-03-03",
    }

    page = text(editor_client.get(reverse("review-queue"), query))

    assert ">Wanted<" in page and ">Other<" not in page
    assert "1 match these filters" in page


def test_queue_explains_a_reversed_date_range(editor_client):
    response = editor_client.get(
        reverse("review-queue"), {"date_from": "2025-03-05", "date_to": "2025-03-01"}
    )
    assert response.status_code == 400
    assert "The start date is after the end date." in text(response)


def test_accepting_in_the_queue_returns_the_decided_row_and_the_new_count(editor_client):
    link = ArticleLinkFactory()
    ArticleLinkFactory()

    response = editor_client.post(
        reverse("review-decide", args=[link.pk]), {"decision": "accept"}, **HTMX
    )

    page = text(response)
    assert "<strong>Accepted</strong>" in page
    assert 'data-key="u"' in page
    assert 'hx-swap-oob="true">1 suggestion waiting' in page
    assert AuditEvent.objects.get(action="link.confirmed").actor.username == "editor"


def test_undo_in_the_queue_puts_the_suggestion_back(editor_client):
    link = ArticleLinkFactory()
    editor_client.post(reverse("review-decide", args=[link.pk]), {"decision": "reject"}, **HTMX)

    page = text(editor_client.post(reverse("review-undo", args=[link.pk]), **HTMX))

    assert 'data-state="suggested"' in page and ">Accept<" in page
    link.refresh_from_db()
    assert link.state == "suggested"
    assert AuditEvent.objects.filter(action="link.undo").count() == 1


def test_reassigning_by_a_persian_alias_links_the_right_initiative(editor_client):
    link = ArticleLinkFactory()
    right = InitiativeFactory(name="Basra–Shalamcheh railway")
    AliasFactory(initiative=right, text="راه‌آهن شلمچه", language="fa")

    response = editor_client.post(
        reverse("review-reassign", args=[link.pk]), {"initiative": "راه آهن شلمچه"}, **HTMX
    )

    assert response.status_code == 200
    assert ArticleLink.objects.get(initiative=right).state == "confirmed"
    link.refresh_from_db()
    assert link.state == "rejected"


def test_reassigning_to_an_unknown_name_says_so(editor_client):
    link = ArticleLinkFactory()
    response = editor_client.post(
        reverse("review-reassign", args=[link.pk]), {"initiative": "Nowhere"}, **HTMX
    )
    assert response.status_code == 400
    assert "No initiative is called “Nowhere”" in text(response)
    link.refresh_from_db()
    assert link.state == "suggested"


def test_bulk_accept_decides_every_selected_suggestion(editor_client):
    links = [ArticleLinkFactory() for _ in range(3)]

    response = editor_client.post(
        reverse("review-bulk"),
        {"decision": "accept", "links": [links[0].pk, links[1].pk]},
        follow=True,
    )

    assert "Accepted 2 suggestion(s)." in text(response)
    states = [ArticleLink.objects.get(pk=link.pk).state for link in links]
    assert states == ["confirmed", "confirmed", "suggested"]


def test_typeahead_finds_initiatives_by_name_and_by_alias_in_any_language(editor_client):
    initiative = InitiativeFactory(slug="arbaeen", name="Arbaeen pilgrimage")
    AliasFactory(initiative=initiative, text="پیاده‌روی اربعین", language="fa")

    by_alias = text(
        editor_client.get(reverse("editorial-suggest", args=["initiative"]), {"q": "اربعين"})
    )
    by_name = text(
        editor_client.get(reverse("editorial-suggest", args=["initiative"]), {"q": "arbaeen"})
    )

    assert '<option value="arbaeen">Arbaeen pilgrimage (پیاده‌روی اربعین)</option>' in by_alias
    assert '<option value="arbaeen">Arbaeen pilgrimage</option>' in by_name


def test_adding_an_initiative_on_the_article_page_reloads_it_with_a_message(editor_client):
    article = ArticleFactory()
    initiative = InitiativeFactory(name="Mehran market")

    response = editor_client.post(
        reverse("editorial-link-add", args=[article.pk]), {"initiative": "mehran market"}, **HTMX
    )

    assert response["HX-Refresh"] == "true"
    assert ArticleLink.objects.get(article=article, initiative=initiative).state == "confirmed"
    page = text(editor_client.get(article.get_absolute_url()))
    assert "Linked to Mehran market." in page
    assert "added" in page  # the history lists the change


def test_removing_a_link_someone_else_changed_meanwhile_is_refused(editor_client):
    link = ArticleLinkFactory()
    editor_client.post(reverse("review-decide", args=[link.pk]), {"decision": "accept"})
    response = editor_client.post(
        reverse("editorial-link-decide", args=[link.pk]),
        {"decision": "reject", "seen_state": "suggested"},
        **HTMX,
    )
    assert response.status_code == 409
    assert "already confirmed by editor" in text(response)


def test_tagging_a_person_and_setting_a_speaker_from_the_article_page(editor_client):
    statement = StatementFactory(speaker=None)
    person = PersonFactory(slug="pezeshkian", name="Masoud Pezeshkian")
    url = reverse("editorial-article-tag", args=[statement.article_id])

    editor_client.post(url, {"kind": "person", "person": "Masoud Pezeshkian"})
    editor_client.post(
        reverse("editorial-statement-speaker", args=[statement.pk]), {"speaker": "pezeshkian"}
    )

    statement.refresh_from_db()
    assert statement.speaker == person
    assert list(statement.article.people.all()) == [person]


def test_an_article_marked_irrelevant_leaves_the_queue(editor_client):
    link = ArticleLinkFactory(article=ArticleFactory(title="Football scores"))
    editor_client.post(
        reverse("editorial-article-irrelevant", args=[link.article_id]), {"irrelevant": "1"}
    )
    assert "Football scores" not in text(editor_client.get(reverse("review-queue")))


def test_a_status_change_without_evidence_is_refused_and_changes_nothing(editor_client):
    initiative = InitiativeFactory()
    response = editor_client.post(
        reverse("editorial-status", args=[initiative.slug]),
        {"version": 1, "to_status": "agreed", "date": "2025-02-01", "note": "Signed."},
        **HTMX,
    )
    assert response.status_code == 400
    assert "A status change needs an evidence article." in text(response)
    initiative.refresh_from_db()
    assert initiative.status == "proposed"


def test_a_status_change_with_evidence_shows_in_the_initiative_history(editor_client):
    link = ArticleLinkFactory(state="confirmed", decided_at="2025-01-01T00:00Z")
    initiative = link.initiative
    editor_client.post(
        reverse("editorial-status", args=[initiative.slug]),
        {
            "version": 1,
            "to_status": "agreed",
            "date": "2025-02-01",
            "evidence": link.article_id,
            "note": "Memorandum signed.",
        },
    )
    change = StatusChange.objects.get(initiative=initiative)
    assert (change.to_status, change.evidence, change.note) == (
        "agreed",
        link.article,
        "Memorandum signed.",
    )
    page = text(editor_client.get(initiative.get_absolute_url()))
    assert "Proposed → Agreed" in page


def test_adding_a_milestone_twice_is_refused_with_a_reason(editor_client):
    initiative = InitiativeFactory()
    url = reverse("editorial-milestone-add", args=[initiative.slug])
    form = {"date": "2025-04-01", "title": "First train"}
    editor_client.post(url, form)
    response = editor_client.post(url, form, **HTMX)
    assert response.status_code == 400
    assert "already recorded" in text(response)
    assert initiative.milestones.count() == 1


def test_merging_from_the_initiative_page(editor_client):
    target, duplicate = InitiativeFactory(name="Target"), InitiativeFactory(name="Twin")
    ArticleLinkFactory(initiative=duplicate)
    editor_client.post(
        reverse("editorial-merge", args=[target.slug]), {"duplicate": duplicate.slug}
    )
    duplicate.refresh_from_db()
    assert duplicate.merged_into == target
    assert target.links.count() == 1


def test_creating_an_initiative_from_an_article_is_prefilled_and_links_it(editor_client):
    article = ArticleFactory(title="Iran and Iraq agree on a Mehran free zone", language="en")
    form = text(editor_client.get(reverse("editorial-initiative-new"), {"article": article.pk}))
    assert 'value="Iran and Iraq agree on a Mehran free zone"' in form

    response = editor_client.post(
        reverse("editorial-initiative-new"),
        {"article": article.pk, "name": "Mehran free zone", "sector": "free_zones"},
    )

    initiative = Initiative.objects.get(name="Mehran free zone")
    assert response["Location"] == initiative.get_absolute_url()
    assert initiative.links.get().article == article


def test_alias_record_lists_poor_aliases_first_and_disables_one(editor_client, editor):
    good, poor = AliasFactory(text="good alias"), AliasFactory(text="poor alias")
    for alias, state in ((good, "confirmed"), (poor, "rejected")):
        link = ArticleLinkFactory(initiative=alias.initiative, matched_alias=alias)
        ArticleLink.objects.filter(pk=link.pk).update(state=state, decided_at="2025-01-01T00:00Z")

    page = text(editor_client.get(reverse("editorial-aliases")))
    assert page.index("poor alias") < page.index("good alias")

    editor_client.post(reverse("editorial-alias-update", args=[poor.pk]), {"action": "disable"})
    poor.refresh_from_db()
    assert not poor.is_active


def test_activity_log_filters_by_editor(client, admin_user):
    alice, bob = (
        UserFactory(username="alice", role="editor"),
        UserFactory(username="bob", role="editor"),
    )
    client.force_login(alice)
    client.post(reverse("review-decide", args=[ArticleLinkFactory().pk]), {"decision": "accept"})
    client.force_login(bob)
    client.post(reverse("review-decide", args=[ArticleLinkFactory().pk]), {"decision": "reject"})
    client.force_login(admin_user)

    page = text(client.get(reverse("activity-log"), {"editor": "alice"}))

    assert "link.confirmed" in page and "link.rejected" not in page


def test_token_key_is_shown_once_and_revoking_stops_it(client, analyst):
    client.force_login(analyst)
    page = text(client.post(reverse("account-tokens"), {"name": "My script"}))
    key = re.search(r'id="new-key" class="key-field" value="(ct_[^"]+)"', page).group(1)
    token = ApiToken.objects.get(user=analyst)
    assert key.startswith(token.prefix)
    assert key not in text(client.get(reverse("account-tokens")))

    client.post(reverse("account-token-revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_a_token_without_a_name_is_refused(client, analyst):
    client.force_login(analyst)
    response = client.post(reverse("account-tokens"), {"name": ""})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_saving_a_view_and_following_it_from_the_alerts_page(client, analyst):
    client.force_login(analyst)
    page = text(
        client.post(
            reverse("account-view-save"),
            {"name": "Rail", "query": "sector=rail", "subscribe": "1"},
            follow=True,
        )
    )
    assert "Saved view “Rail”." in page
    assert analyst.subscriptions.get().saved_view.name == "Rail"


def test_the_timeline_offers_to_save_its_current_filter_to_signed_in_users(client, analyst):
    url = reverse("timeline") + "?sector=rail&language=fa"
    assert 'name="query"' not in text(client.get(url))  # anonymous: nothing to save to

    client.force_login(analyst)
    page = text(client.get(url))
    assert 'value="sector=rail&amp;language=fa"' in page
    assert "My views &amp; alerts" in page
    form = re.search(r'<form[^>]*class="save-view-form[^"]*"', page)
    assert form and reverse("account-view-save") in form.group(0)

    back = client.post(
        reverse("account-view-save"),
        {"name": "Rail in Persian", "query": "sector=rail&language=fa", "next": url},
    )
    assert back.status_code == 302 and back["Location"] == url
    assert analyst.saved_views.get().query == "sector=rail&language=fa"


def test_other_users_tokens_and_views_are_out_of_reach(client, analyst):
    other = UserFactory(username="other")
    client.force_login(other)
    client.post(reverse("account-tokens"), {"name": "theirs"})
    client.force_login(analyst)
    token = ApiToken.objects.get(user=other)
    assert client.post(reverse("account-token-revoke", args=[token.pk])).status_code == 404


def test_the_queue_costs_the_same_queries_for_5_or_25_suggestions(
    editor_client, django_assert_max_num_queries
):
    for _ in range(5):
        ArticleLinkFactory()
    with django_assert_max_num_queries(12) as few:
        editor_client.get(reverse("review-queue"))
    for _ in range(20):
        ArticleLinkFactory()
    with django_assert_max_num_queries(len(few.captured_queries)):
        editor_client.get(reverse("review-queue"))


def test_rows_returned_to_htmx_send_plain_forms_back_to_the_queue_page(editor_client):
    link = ArticleLinkFactory()
    page = "http://testserver/review/?language=en"
    response = editor_client.post(
        reverse("review-decide", args=[link.pk]),
        {"decision": "accept"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL=page,
    )
    assert f'name="next" value="{page}"' in text(response)
    undo = editor_client.post(reverse("review-undo", args=[link.pk]), {"next": page})
    assert undo["Location"] == page
