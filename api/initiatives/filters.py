"""django-filter sets for the initiative-side lists (filters are documented in the schema)."""

from __future__ import annotations

import django_filters as df
from django.db.models import Exists, OuterRef, Q, QuerySet

from initiatives.models import (
    Alias,
    Initiative,
    Milestone,
    Organization,
    Person,
    Place,
    Sector,
    Status,
    StatusChange,
)


def _name_search(queryset: QuerySet, value: str) -> QuerySet:
    value = value.strip()
    if not value:
        return queryset
    return queryset.filter(
        Q(name__icontains=value)
        | Q(name_fa__icontains=value)
        | Q(name_ar__icontains=value)
        | Q(slug__icontains=value)
    )


class InitiativeFilter(df.FilterSet):
    sector = df.ChoiceFilter(choices=Sector.choices)
    status = df.ChoiceFilter(choices=Status.choices)
    country = df.CharFilter(field_name="countries__code", help_text="ISO code, e.g. IQ")
    person = df.CharFilter(method="filter_person", help_text="person slug")
    place = df.CharFilter(method="filter_place", help_text="place slug")
    search = df.CharFilter(method="filter_search", help_text="name or alias contains")

    class Meta:
        model = Initiative
        fields = ["sector", "status", "country", "person", "place", "search"]

    def filter_person(self, queryset, name, value):
        through = Initiative.people.through
        return queryset.filter(
            Exists(through.objects.filter(initiative=OuterRef("pk"), person__slug=value))
        )

    def filter_place(self, queryset, name, value):
        through = Initiative.places.through
        return queryset.filter(
            Exists(through.objects.filter(initiative=OuterRef("pk"), place__slug=value))
        )

    def filter_search(self, queryset, name, value):
        value = value.strip()
        aliases = Alias.objects.filter(initiative=OuterRef("pk"), text__icontains=value)
        return queryset.filter(
            Q(name__icontains=value)
            | Q(name_fa__icontains=value)
            | Q(name_ar__icontains=value)
            | Q(Exists(aliases))
        )


class _DatedFilter(df.FilterSet):
    initiative = df.CharFilter(field_name="initiative__slug", help_text="initiative slug")
    sector = df.ChoiceFilter(field_name="initiative__sector", choices=Sector.choices)
    date_after = df.DateFilter(field_name="date", lookup_expr="gte", help_text="inclusive")
    date_before = df.DateFilter(field_name="date", lookup_expr="lte", help_text="inclusive")


class StatusChangeFilter(_DatedFilter):
    status = df.ChoiceFilter(field_name="to_status", choices=Status.choices)

    class Meta:
        model = StatusChange
        fields = ["initiative", "sector", "status", "date_after", "date_before"]


class MilestoneFilter(_DatedFilter):
    search = df.CharFilter(method="filter_search", help_text="title or description contains")

    class Meta:
        model = Milestone
        fields = ["initiative", "sector", "date_after", "date_before", "search"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))


class _NamedFilter(df.FilterSet):
    search = df.CharFilter(method="filter_search", help_text="name (any language) contains")
    country = df.CharFilter(field_name="country__code", help_text="ISO code, e.g. IR")
    initiative = df.CharFilter(method="filter_initiative", help_text="initiative slug")

    def filter_search(self, queryset, name, value):
        return _name_search(queryset, value)

    def filter_initiative(self, queryset, name, value):
        model = self.Meta.model
        through = {
            Person: Initiative.people.through,
            Place: Initiative.places.through,
            Organization: Initiative.organizations.through,
        }[model]
        field = model._meta.model_name
        return queryset.filter(
            Exists(through.objects.filter(**{field: OuterRef("pk"), "initiative__slug": value}))
        )


class PersonFilter(_NamedFilter):
    organization = df.CharFilter(field_name="organization__slug", help_text="organization slug")

    class Meta:
        model = Person
        fields = ["search", "country", "initiative", "organization"]


class OrganizationFilter(_NamedFilter):
    class Meta:
        model = Organization
        fields = ["search", "country", "initiative"]


class PlaceFilter(_NamedFilter):
    kind = df.ChoiceFilter(choices=Place.Kind.choices)

    class Meta:
        model = Place
        fields = ["search", "country", "initiative", "kind"]
