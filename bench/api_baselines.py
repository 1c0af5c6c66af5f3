"""Baselines for bench/api_bench.py (see bench/api_bench_urls.py). Not used by the product."""

# Raw SQL on purpose: this is the hand-written lower bound. Values are bound parameters.
# ruff: noqa: S608

from __future__ import annotations

import orjson
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.http import HttpResponse, JsonResponse
from rest_framework import serializers, viewsets
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from articles.models import Article, Statement
from articles.selectors.filters import TimelineFilters
from articles.selectors.search import search
from articles.selectors.timeline import timeline
from initiatives.models import Initiative, Milestone, StatusChange

# --------------------------------------------------------------------------- (a) raw

_RAW_ARTICLES = """
SELECT coalesce(json_agg(x ORDER BY x.published_at DESC, x.id DESC), '[]')::text FROM (
  SELECT a.id, a.title, a.url, a.published_at, a.date_estimated, a.language,
         json_build_object('slug', s.slug, 'name', s.name) AS source,
         left(a.body, 280) AS excerpt,
         (SELECT json_agg(json_build_object('id', l2.id, 'initiative', i.slug,
                 'initiative_name', i.name, 'state', l2.state, 'origin', l2.origin,
                 'score', l2.score) ORDER BY l2.score DESC, l2.id DESC)
            FROM articles_articlelink l2 JOIN initiatives_initiative i ON i.id = l2.initiative_id
           WHERE l2.article_id = a.id) AS links,
         '/articles/' || a.id || '/' AS web_url
    FROM articles_article a LEFT JOIN articles_source s ON s.id = a.source_id
   WHERE EXISTS (SELECT 1 FROM articles_articlelink l WHERE l.article_id = a.id
                 AND l.state = 'confirmed'
                 AND l.initiative_id = (SELECT id FROM initiatives_initiative WHERE slug = %s))
   ORDER BY a.published_at DESC, a.id DESC LIMIT %s) x
"""


def raw_articles(request):
    """Articles of an initiative, newest first: the JSON is built by PostgreSQL."""
    with connection.cursor() as cur:
        cur.execute(
            _RAW_ARTICLES,
            [request.GET["initiative"], int(request.GET.get("page_size", 50))],
        )
        body = cur.fetchone()[0]
    return HttpResponse(
        b'{"next":null,"previous":null,"results":' + body.encode() + b"}",
        content_type="application/json",
    )


def _dump(obj) -> HttpResponse:
    return HttpResponse(
        orjson.dumps(obj, default=lambda o: o.__dict__), content_type="application/json"
    )


def raw_timeline(request):
    """The selector's merged query, serialised with orjson (no DRF)."""
    page = timeline(
        TimelineFilters.from_query(request.GET),
        limit=int(request.GET.get("page_size", 50)),
    )
    return _dump({"next": page.next_cursor, "results": page.items})


def raw_search(request):
    """The selector's one search query, serialised with orjson (no DRF)."""
    page = search(request.GET["q"], page_size=int(request.GET.get("page_size", 20)))
    return _dump({"count": page.total, "results": page.items, "facets": page.facets})


_RAW_INITIATIVE = """
SELECT json_build_object(
  'slug', i.slug, 'name', i.name, 'sector', i.sector, 'status', i.status,
  'status_since', i.status_since, 'summary', i.summary, 'version', i.version,
  'countries', (SELECT json_agg(c.code ORDER BY c.code) FROM initiatives_initiative_countries ic
                JOIN initiatives_country c ON c.id = ic.country_id WHERE ic.initiative_id = i.id),
  'confirmed_articles', (SELECT count(*) FROM articles_articlelink l
                WHERE l.initiative_id = i.id AND l.state = 'confirmed'),
  'statements_count', (SELECT count(*) FROM articles_statement_initiatives si
                WHERE si.initiative_id = i.id),
  'last_evidence_at', (SELECT a.published_at FROM articles_article a WHERE NOT a.is_irrelevant
                AND EXISTS (SELECT 1 FROM articles_articlelink l WHERE l.article_id = a.id
                AND l.initiative_id = i.id AND l.state = 'confirmed')
                ORDER BY a.published_at DESC LIMIT 1),
  'places', (SELECT json_agg(json_build_object('slug', p.slug, 'name', p.name,
                'latitude', p.latitude, 'longitude', p.longitude))
                FROM initiatives_initiative_places ip JOIN initiatives_place p
                ON p.id = ip.place_id WHERE ip.initiative_id = i.id),
  'key_figures', (SELECT json_agg(json_build_object('label', k.label, 'value', k.value,
                'unit', k.unit)) FROM initiatives_keyfigure k WHERE k.initiative_id = i.id),
  'status_history', (SELECT json_agg(json_build_object('id', s.id, 'from_status',
                s.from_status, 'to_status', s.to_status, 'date', s.date) ORDER BY s.date DESC)
                FROM initiatives_statuschange s WHERE s.initiative_id = i.id),
  'milestones', (SELECT json_agg(json_build_object('id', m.id, 'date', m.date, 'title',
                m.title) ORDER BY m.date DESC) FROM initiatives_milestone m
                WHERE m.initiative_id = i.id)
)::text FROM initiatives_initiative i WHERE i.slug = %s
"""


def raw_initiative(request, slug: str):
    with connection.cursor() as cur:
        cur.execute(_RAW_INITIATIVE, [slug])
        row = cur.fetchone()
    if row is None:
        return JsonResponse({"detail": "Not found."}, status=404)
    return HttpResponse(row[0].encode(), content_type="application/json")


# --------------------------------------------------------------------------- (b) plain


class _Page(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"


class PlainArticleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Article
        exclude = ["search_vector"]


class PlainArticleViewSet(viewsets.ModelViewSet):
    """Default ModelViewSet: page-number pagination with COUNT, default serializer."""

    serializer_class = PlainArticleSerializer
    pagination_class = _Page
    permission_classes = [AllowAny]
    filter_backends: list = []  # DRF's default; the product's strict backends are its own

    def get_queryset(self):
        queryset = Article.objects.all()
        slug = self.request.query_params.get("initiative")
        if slug:
            queryset = queryset.filter(links__initiative__slug=slug, links__state="confirmed")
        return queryset.order_by("-published_at", "-id")


class PlainInitiativeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Initiative
        fields = "__all__"
        depth = 1


class PlainInitiativeViewSet(viewsets.ModelViewSet):
    queryset = Initiative.objects.all()
    serializer_class = PlainInitiativeSerializer
    lookup_field = "slug"
    permission_classes = [AllowAny]
    filter_backends: list = []


def _plain(model):
    meta = type("Meta", (), {"model": model, "exclude": ["search_vector"]})
    if model in (Milestone, StatusChange):
        meta.exclude = []
        meta.fields = "__all__"
        del meta.exclude
    return type(f"Plain{model.__name__}Serializer", (serializers.ModelSerializer,), {"Meta": meta})


class PlainTimeline(APIView):
    """What a typical project writes: 50 of each kind through the ORM, merged in Python."""

    permission_classes = [AllowAny]

    def get(self, request):
        slug = request.query_params.get("initiative")
        n = int(request.query_params.get("page_size", 50))
        articles = Article.objects.order_by("-published_at")
        statements = Statement.objects.order_by("-article__published_at")
        milestones = Milestone.objects.order_by("-date")
        changes = StatusChange.objects.order_by("-date")
        if slug:
            articles = articles.filter(links__initiative__slug=slug, links__state="confirmed")
            statements = statements.filter(initiatives__slug=slug)
            milestones = milestones.filter(initiative__slug=slug)
            changes = changes.filter(initiative__slug=slug)
        items = []
        for kind, queryset, date in (
            ("article", articles, lambda o: o.published_at.isoformat()),
            ("statement", statements, lambda o: o.article.published_at.isoformat()),
            ("milestone", milestones, lambda o: o.date.isoformat()),
            ("status", changes, lambda o: o.date.isoformat()),
        ):
            serializer = _plain(queryset.model)
            for obj in queryset[:n]:
                items.append({"kind": kind, "date": date(obj), **serializer(obj).data})
        items.sort(key=lambda item: item["date"], reverse=True)
        return Response({"results": items[:n]})


class PlainSearch(APIView):
    """Django's SearchQuery on the stored vector, default serializer, COUNT + page."""

    permission_classes = [AllowAny]

    def get(self, request):
        queryset = Article.objects.filter(
            search_vector=SearchQuery(request.query_params["q"], search_type="websearch")
        ).order_by("-published_at")
        paginator = _Page()
        page = paginator.paginate_queryset(queryset, request, view=self)
        return paginator.get_paginated_response(PlainArticleSerializer(page, many=True).data)


# --------------------------------------------------------------------------- (c) floor


def floor_django(request):
    """No database, no DRF: a constant JSON from a plain Django view (the framework floor)."""
    return HttpResponse(b'{"ok": true}', content_type="application/json")


class FloorDRF(APIView):
    """No database: a constant answer through DRF with the project's API settings
    (authentication, throttles, content negotiation). Nothing a DRF endpoint does can be
    faster than this."""

    def get(self, request):
        return Response({"ok": True})
