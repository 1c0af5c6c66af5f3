"""A small, realistic data set for the dashboard view tests, built with the factories."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from articles.models import ArticleLink, Cluster
from initiatives.models import Alias, KeyFigure, StatusChange
from tests import factories


@dataclass
class DashboardData:
    initiative: object
    person: object
    place: object
    article: object
    persian: object
    duplicate: object
    statement: object


def build(now: dt.datetime | None = None) -> DashboardData:
    """One railway initiative in Basra with English, Persian and syndicated articles."""
    now = now or timezone.now()
    iran = factories.CountryFactory(code="IR")
    iraq = factories.CountryFactory(code="IQ")
    basra = factories.PlaceFactory(
        slug="basra", name="Basra", name_ar="البصرة", country=iraq, latitude=30.5, longitude=47.8
    )
    shalamcheh = factories.PlaceFactory(
        slug="shalamcheh",
        name="Shalamcheh",
        name_fa="شلمچه",
        country=iran,
        latitude=30.5,
        longitude=48.1,
    )
    person = factories.PersonFactory(
        slug="masoud-pezeshkian",
        name="Masoud Pezeshkian",
        name_fa="مسعود پزشکیان",
        role="President",
        country=iran,
        other_names=["Pezeshkian"],
    )
    initiative = factories.InitiativeFactory(
        slug="basra-shalamcheh-railway",
        name="Basra–Shalamcheh railway",
        name_fa="راه‌آهن شلمچه–بصره",
        status="in_implementation",
        sector="rail",
    )
    initiative.places.add(basra, shalamcheh)
    initiative.people.add(person)
    Alias.objects.create(initiative=initiative, text="Shalamcheh railway", language="en")
    Alias.objects.create(initiative=initiative, text="راه‌آهن شلمچه", language="fa")
    KeyFigure.objects.create(initiative=initiative, label="Length", value=32, unit="km")
    source = factories.SourceFactory(slug="irna", name="IRNA")
    other_source = factories.SourceFactory(slug="shafaq", name="Shafaq News")
    cluster = Cluster.objects.create()
    article = factories.ArticleFactory(
        title="Work resumes on the Shalamcheh railway",
        body="Pezeshkian said the Shalamcheh railway will link Basra to Iran.\n\nMore soon.",
        source=source,
        published_at=now - dt.timedelta(days=3),
        cluster=cluster,
    )
    article.people.add(person)
    article.places.add(basra)
    duplicate = factories.ArticleFactory(
        title="Shalamcheh railway work restarts",
        source=other_source,
        published_at=now - dt.timedelta(days=2),
        cluster=cluster,
    )
    persian = factories.ArticleFactory(
        title="پیشرفت راه‌آهن شلمچه به بصره",
        language="fa",
        source=source,
        body="مسعود پزشکیان گفت راه‌آهن شلمچه تا پایان سال تکمیل می‌شود.",
        published_at=now - dt.timedelta(days=40),
    )
    persian.people.add(person)
    for a in (article, duplicate, persian):
        factories.ArticleLinkFactory(
            article=a,
            initiative=initiative,
            state=ArticleLink.State.CONFIRMED,
            decided_at=now,
            score=0.95,
        )
    statement = factories.StatementFactory(
        article=article, speaker=person, text="The railway is our priority.", position=5
    )
    statement.initiatives.add(initiative)
    StatusChange.objects.create(
        initiative=initiative,
        from_status="agreed",
        to_status="in_implementation",
        date=(now - dt.timedelta(days=10)).date(),
        evidence=article,
        note="Construction began.",
    )
    factories.MilestoneFactory(
        initiative=initiative,
        title="First 10 km of track laid",
        date=(now - dt.timedelta(days=5)).date(),
        evidence=article,
    )
    return DashboardData(initiative, person, basra, article, persian, duplicate, statement)
