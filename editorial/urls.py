"""Editor and account URLs: sign-in, review queue, panel actions, activity, tokens, alerts."""

from django.contrib.auth import views as auth_views
from django.urls import path

from editorial.views import (
    account,
    activity,
    articles,
    claims,
    initiatives,
    intake,
    profiles,
    review,
    sources,
    submit,
)

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Review queue
    path("review/", review.review_queue, name="review-queue"),
    path("review/bulk/", review.review_bulk, name="review-bulk"),
    path("review/<int:pk>/decide/", review.review_decide, name="review-decide"),
    path("review/<int:pk>/undo/", review.review_undo, name="review-undo"),
    path("review/<int:pk>/reassign/", review.review_reassign, name="review-reassign"),
    # Typeahead
    path("editorial/suggest/<str:kind>/", review.suggest, name="editorial-suggest"),
    # Article tagging
    path("editorial/articles/<int:pk>/", articles.article_tools, name="editorial-article"),
    path(
        "editorial/articles/<int:pk>/links/", articles.article_link_add, name="editorial-link-add"
    ),
    path("editorial/articles/<int:pk>/tags/", articles.article_tag, name="editorial-article-tag"),
    path(
        "editorial/articles/<int:pk>/irrelevant/",
        articles.article_irrelevant,
        name="editorial-article-irrelevant",
    ),
    path("editorial/links/<int:pk>/", articles.link_decide, name="editorial-link-decide"),
    path(
        "editorial/statements/<int:pk>/speaker/",
        articles.statement_speaker,
        name="editorial-statement-speaker",
    ),
    # Curating initiatives
    path("editorial/initiatives/new/", initiatives.initiative_new, name="editorial-initiative-new"),
    path(
        "editorial/initiatives/<slug:slug>/",
        initiatives.initiative_tools,
        name="editorial-initiative",
    ),
    path(
        "editorial/initiatives/<slug:slug>/edit/",
        initiatives.initiative_edit,
        name="editorial-initiative-edit",
    ),
    path(
        "editorial/initiatives/<slug:slug>/aliases/",
        initiatives.alias_add,
        name="editorial-alias-add",
    ),
    path(
        "editorial/initiatives/<slug:slug>/profile/",
        profiles.profile_term_add,
        name="editorial-profile-add",
    ),
    path(
        "editorial/profile-terms/<int:pk>/",
        profiles.profile_term_update,
        name="editorial-profile-update",
    ),
    path(
        "editorial/initiatives/<slug:slug>/claims/",
        claims.claim_add,
        name="editorial-claim-add",
    ),
    path("editorial/claims/<int:pk>/rank/", claims.claim_rank, name="editorial-claim-rank"),
    path(
        "editorial/initiatives/<slug:slug>/figures/",
        initiatives.key_figure_set,
        name="editorial-figure-set",
    ),
    path(
        "editorial/initiatives/<slug:slug>/status/",
        initiatives.status_change,
        name="editorial-status",
    ),
    path(
        "editorial/initiatives/<slug:slug>/milestones/",
        initiatives.milestone_add,
        name="editorial-milestone-add",
    ),
    path(
        "editorial/initiatives/<slug:slug>/merge/",
        initiatives.initiative_merge,
        name="editorial-merge",
    ),
    path("editorial/aliases/", initiatives.alias_record, name="editorial-aliases"),
    path("editorial/aliases/<int:pk>/", initiatives.alias_update, name="editorial-alias-update"),
    path(
        "editorial/figures/<int:pk>/remove/",
        initiatives.key_figure_remove,
        name="editorial-figure-remove",
    ),
    # Ingestion console
    path("editorial/runs/", intake.run_list, name="editorial-runs"),
    path("editorial/runs/<int:pk>/", intake.run_detail, name="editorial-run"),
    path("editorial/runs/<int:pk>/progress/", intake.run_progress, name="editorial-run-progress"),
    path(
        "editorial/runs/<int:pk>/refused.csv", intake.run_refused_csv, name="editorial-run-refused"
    ),
    path("editorial/uploads/", intake.upload, name="editorial-upload"),
    path("editorial/submit/", submit.submit, name="editorial-submit"),
    path("editorial/submit/store/", submit.submit_store, name="editorial-submit-store"),
    path("editorial/sources/", sources.sources, name="editorial-sources"),
    path("editorial/sources/<int:pk>/edit/", sources.source_edit, name="editorial-source-edit"),
    path("editorial/feeds/discover/", sources.feed_discover, name="editorial-feed-discover"),
    path("editorial/feeds/new/", sources.feed_add, name="editorial-feed-add"),
    path("editorial/feeds/<int:pk>/edit/", sources.feed_edit, name="editorial-feed-edit"),
    path("editorial/feeds/<int:pk>/pause/", sources.feed_pause, name="editorial-feed-pause"),
    path("editorial/feeds/<int:pk>/resume/", sources.feed_resume, name="editorial-feed-resume"),
    path("editorial/feeds/<int:pk>/poll/", sources.feed_poll, name="editorial-feed-poll"),
    path("editorial/feeds/opml/", sources.opml_export, name="editorial-opml-export"),
    path("editorial/feeds/opml/import/", sources.opml_import, name="editorial-opml-import"),
    # Admins
    path("activity/", activity.activity_log, name="activity-log"),
    # Every signed-in user
    path("account/tokens/", account.token_list, name="account-tokens"),
    path("account/tokens/<int:pk>/revoke/", account.token_revoke, name="account-token-revoke"),
    path("account/alerts/", account.alerts, name="account-alerts"),
    path("account/views/", account.saved_view_save, name="account-view-save"),
    path("account/views/<int:pk>/delete/", account.saved_view_delete, name="account-view-delete"),
    path("account/subscriptions/", account.subscription_add, name="account-subscribe"),
    path(
        "account/subscriptions/<int:pk>/delete/",
        account.subscription_remove,
        name="account-unsubscribe",
    ),
]
