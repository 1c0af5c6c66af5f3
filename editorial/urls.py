"""Editor and account URLs: sign-in, review queue, panel actions, activity, tokens, alerts."""

from django.contrib.auth import views as auth_views
from django.urls import path

from editorial import views

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Review queue
    path("review/", views.review_queue, name="review-queue"),
    path("review/bulk/", views.review_bulk, name="review-bulk"),
    path("review/<int:pk>/decide/", views.review_decide, name="review-decide"),
    path("review/<int:pk>/undo/", views.review_undo, name="review-undo"),
    path("review/<int:pk>/reassign/", views.review_reassign, name="review-reassign"),
    # Typeahead
    path("editorial/suggest/<str:kind>/", views.suggest, name="editorial-suggest"),
    # Article tagging
    path("editorial/articles/<int:pk>/", views.article_tools, name="editorial-article"),
    path("editorial/articles/<int:pk>/links/", views.article_link_add, name="editorial-link-add"),
    path("editorial/articles/<int:pk>/tags/", views.article_tag, name="editorial-article-tag"),
    path(
        "editorial/articles/<int:pk>/irrelevant/",
        views.article_irrelevant,
        name="editorial-article-irrelevant",
    ),
    path("editorial/links/<int:pk>/", views.link_decide, name="editorial-link-decide"),
    path(
        "editorial/statements/<int:pk>/speaker/",
        views.statement_speaker,
        name="editorial-statement-speaker",
    ),
    # Curating initiatives
    path("editorial/initiatives/new/", views.initiative_new, name="editorial-initiative-new"),
    path("editorial/initiatives/<slug:slug>/", views.initiative_tools, name="editorial-initiative"),
    path(
        "editorial/initiatives/<slug:slug>/edit/",
        views.initiative_edit,
        name="editorial-initiative-edit",
    ),
    path("editorial/initiatives/<slug:slug>/aliases/", views.alias_add, name="editorial-alias-add"),
    path(
        "editorial/initiatives/<slug:slug>/figures/",
        views.key_figure_set,
        name="editorial-figure-set",
    ),
    path("editorial/initiatives/<slug:slug>/status/", views.status_change, name="editorial-status"),
    path(
        "editorial/initiatives/<slug:slug>/milestones/",
        views.milestone_add,
        name="editorial-milestone-add",
    ),
    path(
        "editorial/initiatives/<slug:slug>/merge/", views.initiative_merge, name="editorial-merge"
    ),
    path("editorial/aliases/", views.alias_record, name="editorial-aliases"),
    path("editorial/aliases/<int:pk>/", views.alias_update, name="editorial-alias-update"),
    path(
        "editorial/figures/<int:pk>/remove/",
        views.key_figure_remove,
        name="editorial-figure-remove",
    ),
    # Admins
    path("activity/", views.activity_log, name="activity-log"),
    # Every signed-in user
    path("account/tokens/", views.token_list, name="account-tokens"),
    path("account/tokens/<int:pk>/revoke/", views.token_revoke, name="account-token-revoke"),
    path("account/alerts/", views.alerts, name="account-alerts"),
    path("account/views/", views.saved_view_save, name="account-view-save"),
    path("account/views/<int:pk>/delete/", views.saved_view_delete, name="account-view-delete"),
    path("account/subscriptions/", views.subscription_add, name="account-subscribe"),
    path(
        "account/subscriptions/<int:pk>/delete/",
        views.subscription_remove,
        name="account-unsubscribe",
    ),
]
