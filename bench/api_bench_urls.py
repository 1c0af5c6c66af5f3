"""The product's URLs plus the two baselines the API benchmark compares against.

/bench/raw/…   hand-written SQL that builds the JSON in PostgreSQL (or orjson), no DRF: the limit.
/bench/plain/… DRF ModelViewSets with default ModelSerializers: what a typical project does.
/bench/floor/… a constant answer from Django alone and through DRF: what no endpoint can beat.
Only ever mounted by bench/api_bench_settings.py.
"""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from bench import api_baselines as b
from config.urls import urlpatterns as product

plain = SimpleRouter()
plain.register("articles", b.PlainArticleViewSet, basename="plain-article")
plain.register("initiatives", b.PlainInitiativeViewSet, basename="plain-initiative")

urlpatterns = [
    path("bench/raw/articles/", b.raw_articles),
    path("bench/raw/timeline/", b.raw_timeline),
    path("bench/raw/search/", b.raw_search),
    path("bench/raw/initiatives/<slug:slug>/", b.raw_initiative),
    path("bench/floor/django/", b.floor_django),
    path("bench/floor/drf/", b.FloorDRF.as_view()),
    path("bench/plain/timeline/", b.PlainTimeline.as_view()),
    path("bench/plain/search/", b.PlainSearch.as_view()),
    path("bench/plain/", include(plain.urls)),
    *product,
]
