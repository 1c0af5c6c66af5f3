"""factory_boy factories for the domain model."""

from __future__ import annotations

import datetime as dt
import hashlib

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from articles.models import Article, ArticleLink, Feed, Source, Statement
from initiatives.models import (
    Alias,
    Country,
    Initiative,
    Milestone,
    Organization,
    Person,
    Place,
    Sector,
    Status,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def role(self, create: bool, extracted: str | None, **kwargs) -> None:
        """UserFactory(role="editor") puts the user in that role group."""
        if create and extracted:
            self.groups.add(Group.objects.get_or_create(name=extracted)[0])


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = "IR"
    name = factory.LazyAttribute(lambda c: {"IR": "Iran", "IQ": "Iraq"}.get(c.code, c.code))


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place

    slug = factory.Sequence(lambda n: f"place-{n}")
    name = factory.Sequence(lambda n: f"Place {n}")
    country = factory.SubFactory(CountryFactory)
    latitude = 30.5
    longitude = 47.8


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    slug = factory.Sequence(lambda n: f"org-{n}")
    name = factory.Sequence(lambda n: f"Organization {n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    slug = factory.Sequence(lambda n: f"person-{n}")
    name = factory.Sequence(lambda n: f"Person {n}")
    role = "Minister"
    country = factory.SubFactory(CountryFactory)


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"initiative-{n}")
    name = factory.Sequence(lambda n: f"Initiative {n}")
    sector = Sector.RAIL
    status = Status.PROPOSED
    summary = "A joint project."

    @factory.post_generation
    def countries(self, create: bool, extracted, **kwargs) -> None:
        if create:
            self.countries.add(
                *(extracted or [CountryFactory(code="IR"), CountryFactory(code="IQ")])
            )


class AliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Alias

    initiative = factory.SubFactory(InitiativeFactory)
    text = factory.Sequence(lambda n: f"alias {n}")
    language = "en"


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    initiative = factory.SubFactory(InitiativeFactory)
    date = dt.date(2025, 3, 1)
    title = factory.Sequence(lambda n: f"Milestone {n}")


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"source-{n}")
    name = factory.Sequence(lambda n: f"Source {n}")
    domain = factory.Sequence(lambda n: f"source{n}.example")
    language = "en"


class FeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feed

    url = factory.Sequence(lambda n: f"http://127.0.0.1:8999/feed-{n}.xml")
    source = factory.SubFactory(SourceFactory)


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    url = factory.Sequence(lambda n: f"https://news.example/articles/{n}")
    title = factory.Sequence(lambda n: f"Article {n}")
    body = factory.Sequence(lambda n: f"Body of article {n} about Iran and Iraq.")
    content_hash = factory.LazyAttribute(lambda a: hashlib.sha256(a.body.encode()).hexdigest())
    published_at = factory.LazyFunction(timezone.now)
    language = "en"
    source = factory.SubFactory(SourceFactory)
    ingested_via = Article.Via.API


class StatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Statement

    article = factory.SubFactory(ArticleFactory)
    speaker = factory.SubFactory(PersonFactory)
    text = "Our cooperation is growing."
    position = factory.Sequence(lambda n: n * 10)


class ArticleLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArticleLink

    article = factory.SubFactory(ArticleFactory)
    initiative = factory.SubFactory(InitiativeFactory)
    state = ArticleLink.State.SUGGESTED
    score = 0.6


def confirmed_link(**kwargs) -> ArticleLink:
    """A link an editor confirmed (decided links need a decision time)."""
    kwargs.setdefault("state", ArticleLink.State.CONFIRMED)
    kwargs.setdefault("decided_at", timezone.now())
    return ArticleLinkFactory(**kwargs)
