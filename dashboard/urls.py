"""The analysts' pages: overview, timeline, search, map, initiative, article, person, place."""

from django.urls import path

from dashboard.feeds import InitiativeEvidenceFeed
from dashboard.views import catalogue, evidence

urlpatterns = [
    path("articles/<int:pk>/", evidence.article_detail, name="article-detail"),
    path("timeline/", evidence.timeline, name="timeline"),
    path("search/", evidence.search, name="search"),
    path("initiatives/<slug:slug>/feed.atom", InitiativeEvidenceFeed(), name="initiative-feed"),
    path("", catalogue.overview, name="overview"),
    path("map/", catalogue.map_view, name="map"),
    path("initiatives/<slug:slug>/", catalogue.initiative_detail, name="initiative-detail"),
    path("people/<slug:slug>/", catalogue.person_detail, name="person-detail"),
    path("places/<slug:slug>/", catalogue.place_detail, name="place-detail"),
]
