"""REST API v1 routes (/api/v1/…), the OpenAPI schema and its interactive docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from api.articles import views as article_views
from api.initiatives import views as initiative_views

router = DefaultRouter()
router.register("initiatives", initiative_views.InitiativeViewSet, basename="initiative")
router.register("status-changes", initiative_views.StatusChangeViewSet, basename="statuschange")
router.register("milestones", initiative_views.MilestoneViewSet, basename="milestone")
router.register("articles", article_views.ArticleViewSet, basename="article")
router.register("links", article_views.ArticleLinkViewSet, basename="articlelink")
router.register("statements", article_views.StatementViewSet, basename="statement")
router.register("people", initiative_views.PersonViewSet, basename="person")
router.register("organizations", initiative_views.OrganizationViewSet, basename="organization")
router.register("places", initiative_views.PlaceViewSet, basename="place")
router.register("sources", article_views.SourceViewSet, basename="source")
router.register("feeds", article_views.FeedViewSet, basename="feed")
router.register("ingestion-runs", article_views.IngestionRunViewSet, basename="ingestionrun")
router.register("tokens", initiative_views.ApiTokenViewSet, basename="apitoken")

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("timeline/", article_views.TimelineView.as_view(), name="timeline"),
    path("timeline/density/", article_views.TimelineDensityView.as_view(), name="timeline-density"),
    path("search/", article_views.SearchView.as_view(), name="search"),
    path("stats/", initiative_views.StatsView.as_view(), name="stats"),
    path("", include(router.urls)),
]

# Interactive docs (Swagger UI from drf-spectacular-sidecar: no CDN), mounted at /api/docs/.
# The split view serves its init script from /api/docs/?script: no inline script for the CSP.
api_docs = SpectacularSwaggerSplitView.as_view(url_name="api:schema")
