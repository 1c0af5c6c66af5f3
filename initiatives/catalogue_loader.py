"""Load the starter catalogue (initiatives/catalogue.json) into the database, idempotently.

Rules, so that re-running it (every `run` does) never undoes editors' work:
- Rows are matched by natural key: country code, slug, (initiative, language, normalised alias),
  (initiative, key-figure label). Missing rows are created; a second run creates nothing.
- Existing rows only get blank fields filled and missing names added. `refresh=True` overwrites
  the catalogue-owned fields (names, summary, sector, coordinates, roles, key-figure values,
  alias weights) and re-adds catalogue links to places, organisations and people.
- Status: an initiative's status and first status changes are written only when it has no
  status history yet. Once anyone changed it, the editors' history wins, even with refresh.
- Alias activity (is_active) is editorial and never touched: deactivate rather than delete an
  alias you do not want, or the next load brings it back.
The data is validated in full before anything is written: first the file's shape (unknown
keys, missing fields, wrong types; read_catalogue), then the rules between entries (duplicate
slugs, references to undefined slugs, sectors, statuses, languages, lifecycle order; validate).
A bad entry raises CatalogueError naming the entry and field of every problem, and nothing is
stored.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import F, Model

from core.datafile import DataFileError, Field, Kind, display_path, read_data_file
from core.exceptions import DomainError
from core.text import normalize_for_matching
from initiatives.claims import catalogue_claim
from initiatives.models import (
    ALLOWED_TRANSITIONS,
    Alias,
    Country,
    Initiative,
    KeyFigure,
    Language,
    Organization,
    Person,
    Place,
    ProfileTerm,
    Sector,
    Status,
    StatusChange,
)
from initiatives.profiles import check_term
from initiatives.services import record_audit


class CatalogueError(DomainError):
    """The catalogue file or data is unsound; the message names the entry and field of every
    problem found."""


# The catalogue shipped with the code; editors change this file, never Python.
STARTER_CATALOGUE = Path(__file__).with_name("catalogue.json")


@dataclass
class CatalogueData:
    """The catalogue as plain data: rows as in the file, except that a status history is
    (date, status, note) tuples and aliases are {language: [(text, specificity), ...]}."""

    countries: list[dict[str, Any]]
    places: list[dict[str, Any]]
    organizations: list[dict[str, Any]]
    people: list[dict[str, Any]]
    initiatives: list[dict[str, Any]]
    source: str = ""  # the file it was read from, named in messages

    @classmethod
    def default(cls) -> CatalogueData:
        """The starter catalogue shipped in initiatives/catalogue.json."""
        return starter_catalogue()


@dataclass
class CatalogueResult:
    """What a load did, per kind of row."""

    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    # Initiatives whose status differs from the catalogue because editors changed it.
    kept_status: list[str] = field(default_factory=list)

    @property
    def changed_anything(self) -> bool:
        return bool(sum(self.created.values()) or sum(self.updated.values()))

    def summary(self) -> str:
        """One line per kind: '10 initiatives: 0 new, 0 updated'."""
        kinds = [
            ("countries", "countries"),
            ("places", "places"),
            ("organizations", "organisations"),
            ("people", "people"),
            ("initiatives", "initiatives"),
            ("aliases", "aliases"),
            ("key_figures", "key figures"),
            ("profile_terms", "profile terms"),
            ("status_changes", "status changes"),
        ]
        lines = [
            f"{label}: {self.created[key]} new, {self.updated[key]} updated" for key, label in kinds
        ]
        if self.kept_status:
            lines.append("status kept (changed by editors): " + ", ".join(sorted(self.kept_status)))
        return "\n".join(lines)


# --- the file -----------------------------------------------------------------------------

_NAMES = {
    "name": Field("text", required=True),
    "name_fa": Field("text"),
    "name_ar": Field("text"),
    "other_names": Field("texts"),
}
_TERM = {"text": Field("text", required=True), "weight": Field("number", required=True)}
CATALOGUE_FILE = {
    "countries": Kind(
        "country",
        "code",
        {
            "code": Field("text", required=True),
            "name": Field("text", required=True),
            "name_fa": Field("text"),
            "name_ar": Field("text"),
        },
    ),
    "places": Kind(
        "place",
        "slug",
        {
            "slug": Field("text", required=True),
            **_NAMES,
            "country": Field("text", required=True),
            "kind": Field("text", required=True),
            "latitude": Field("decimal", required=True),
            "longitude": Field("decimal", required=True),
        },
    ),
    "organizations": Kind(
        "organisation",
        "slug",
        {
            "slug": Field("text", required=True),
            **_NAMES,
            "country": Field("text"),
            "kind": Field("text"),
        },
    ),
    "people": Kind(
        "person",
        "slug",
        {
            "slug": Field("text", required=True),
            **_NAMES,
            "role": Field("text"),
            "country": Field("text"),
            "organization": Field("text"),
        },
    ),
    "initiatives": Kind(
        "initiative",
        "slug",
        {
            "slug": Field("text", required=True),
            "name": Field("text", required=True),
            "name_fa": Field("text"),
            "name_ar": Field("text"),
            "summary": Field("text"),
            "sector": Field("text", required=True),
            "countries": Field("texts"),
            "history": Field(
                "entries",
                required=True,
                schema={
                    "date": Field("date", required=True),
                    "status": Field("text", required=True),
                    "note": Field("text"),
                },
            ),
            "key_figures": Field(
                "entries",
                schema={
                    "label": Field("text", required=True),
                    "value": Field("decimal", required=True),
                    "unit": Field("text"),
                    "note": Field("text"),
                    "as_of": Field("date"),
                },
            ),
            "aliases": Field(
                "entries by key",
                schema={
                    "text": Field("text", required=True),
                    "specificity": Field("number", required=True),
                },
            ),
            "places": Field("texts"),
            "organizations": Field("texts"),
            "people": Field("texts"),
            # The profile: what the initiative is about, and what says a story is not.
            "profile_terms": Field("entries by key", schema=_TERM),
            "profile_exclusions": Field("entries by key", schema=_TERM),
        },
    ),
}


def read_catalogue(path: Path | str) -> CatalogueData:
    """Read a catalogue file and check its shape (no database needed); CatalogueError names
    the entry and field of every unknown key, missing field and wrong type."""
    try:
        rows = read_data_file(Path(path), CATALOGUE_FILE)
    except DataFileError as exc:
        raise CatalogueError(f"The catalogue file {exc.message}") from exc
    initiatives = []
    for row in rows["initiatives"]:
        initiative = dict(row)
        initiative["history"] = [
            (step["date"], step["status"], step.get("note", "")) for step in row["history"]
        ]
        if "aliases" in row:
            initiative["aliases"] = {
                language: [(alias["text"], alias["specificity"]) for alias in aliases]
                for language, aliases in row["aliases"].items()
            }
        for key in ("profile_terms", "profile_exclusions"):
            if key in row:
                initiative[key] = {
                    language: [(term["text"], term["weight"]) for term in terms]
                    for language, terms in row[key].items()
                }
        initiatives.append(initiative)
    return CatalogueData(
        countries=rows["countries"],
        places=rows["places"],
        organizations=rows["organizations"],
        people=rows["people"],
        initiatives=initiatives,
        source=display_path(Path(path)),
    )


def starter_catalogue() -> CatalogueData:
    """The starter catalogue shipped in initiatives/catalogue.json, read afresh."""
    return read_catalogue(STARTER_CATALOGUE)


# --- validation ---------------------------------------------------------------------------


def _decimal(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _check_unique(rows: list[dict[str, Any]], key: str, kind: str, problems: list[str]) -> set:
    seen: set = set()
    for row in rows:
        value = row.get(key)
        if not value:
            problems.append(f"{kind}: an entry has no {key}.")
        elif value in seen:
            problems.append(f"{kind}: {key} “{value}” appears twice.")
        seen.add(value)
    return seen


def validate(data: CatalogueData) -> None:
    """Raise CatalogueError listing every inconsistency in the data; return if it is sound."""
    problems: list[str] = []
    countries = _check_unique(data.countries, "code", "countries", problems)
    countries |= set(Country.objects.values_list("code", flat=True))
    places = _check_unique(data.places, "slug", "places", problems)
    orgs = _check_unique(data.organizations, "slug", "organisations", problems)
    people = _check_unique(data.people, "slug", "people", problems)
    _check_unique(data.initiatives, "slug", "initiatives", problems)

    for row in data.countries:
        if not str(row.get("code", "")).isupper() or len(row.get("code", "")) != 2:
            problems.append(f"country “{row.get('code')}”: code must be two capital letters.")
    for row in data.places:
        where = f"place “{row.get('slug')}”"
        if row.get("country") not in countries:
            problems.append(f"{where}: unknown country “{row.get('country')}”.")
        if row.get("kind") not in Place.Kind.values:
            problems.append(f"{where}: kind “{row.get('kind')}” is not one of {Place.Kind.values}.")
        lat, lon = _decimal(row.get("latitude")), _decimal(row.get("longitude"))
        if lat is None or not -90 <= lat <= 90:
            problems.append(f"{where}: latitude “{row.get('latitude')}” is not in -90..90.")
        if lon is None or not -180 <= lon <= 180:
            problems.append(f"{where}: longitude “{row.get('longitude')}” is not in -180..180.")
    for kind, rows in (("organisation", data.organizations), ("person", data.people)):
        for row in rows:
            if row.get("country") and row["country"] not in countries:
                problems.append(f"{kind} “{row['slug']}”: unknown country “{row['country']}”.")
    for row in data.people:
        if row.get("organization") and row["organization"] not in orgs:
            problems.append(
                f"person “{row['slug']}”: unknown organisation “{row['organization']}”."
            )

    for row in data.initiatives:
        _validate_initiative(row, countries, places, orgs, people, problems)
    if problems:
        what = f"file {data.source}" if data.source else "data"
        raise CatalogueError(f"The catalogue {what} is inconsistent:\n- " + "\n- ".join(problems))


def _validate_initiative(
    row: dict[str, Any],
    countries: set,
    places: set,
    orgs: set,
    people: set,
    problems: list[str],
) -> None:
    where = f"initiative “{row.get('slug')}”"
    if not row.get("name"):
        problems.append(f"{where}: no name.")
    if row.get("sector") not in Sector.values:
        problems.append(f"{where}: sector “{row.get('sector')}” is not one of {Sector.values}.")
    for code in row.get("countries", []):
        if code not in countries:
            problems.append(f"{where}: unknown country “{code}”.")
    for key, known in (("places", places), ("organizations", orgs), ("people", people)):
        for slug in row.get(key, []):
            if slug not in known:
                problems.append(
                    f"{where}: unknown {key[:-1] if key != 'people' else 'person'} “{slug}”."
                )
    history = row.get("history") or []
    if not history:
        problems.append(f"{where}: no status history.")
    previous_status, previous_date = "", None
    for date, status, _note in history:
        if status not in Status.values:
            problems.append(f"{where}: status “{status}” is not one of {Status.values}.")
            continue
        if not isinstance(date, dt.date):
            problems.append(f"{where}: status date “{date}” is not a date.")
            continue
        if previous_status and status not in ALLOWED_TRANSITIONS[previous_status]:
            problems.append(f"{where}: the lifecycle forbids {previous_status} → {status}.")
        if previous_date and date < previous_date:
            problems.append(f"{where}: status history is not in date order.")
        previous_status, previous_date = status, date
    labels: set[str] = set()
    for figure in row.get("key_figures", []):
        if figure.get("label") in labels:
            problems.append(f"{where}: key figure “{figure.get('label')}” appears twice.")
        labels.add(figure.get("label"))
        if _decimal(figure.get("value")) is None:
            problems.append(f"{where}: key figure value “{figure.get('value')}” is not a number.")
    for language, aliases in (row.get("aliases") or {}).items():
        if language not in Language.values:
            problems.append(f"{where}: alias language “{language}” is not one of en, fa, ar.")
        seen: dict[str, str] = {}
        for text, specificity in aliases:
            normalized = normalize_for_matching(text)
            if not normalized:
                problems.append(f"{where}: an empty {language} alias.")
            elif normalized in seen:
                problems.append(
                    f"{where}: {language} aliases “{seen[normalized]}” and “{text}” are the same "
                    "after normalisation."
                )
            seen[normalized] = text
            if not 0 < float(specificity) <= 1:
                problems.append(f"{where}: alias “{text}” specificity must be in (0, 1].")
    for key, what in (("profile_terms", "profile term"), ("profile_exclusions", "exclusion")):
        seen_terms: set[tuple[str, str]] = set()
        for language, terms in (row.get(key) or {}).items():
            if language not in Language.values:
                problems.append(f"{where}: {what} language “{language}” is not one of en, fa, ar.")
                continue
            for text, weight in terms:
                try:
                    _text, normalized = check_term(text, language, weight)
                except DomainError as exc:
                    problems.append(f"{where}: {what} “{text}” ({language}): {exc.message}")
                    continue
                if (language, normalized) in seen_terms:
                    problems.append(f"{where}: {what} “{text}” ({language}) appears twice.")
                seen_terms.add((language, normalized))


# --- writing ------------------------------------------------------------------------------


def _sync(
    obj: Model, values: dict[str, Any], *, refresh: bool, merge_lists: tuple[str, ...] = ()
) -> list[str]:
    """Fill blank fields (or overwrite them all with refresh); merge list fields. Returns
    the names of the fields that changed (saved)."""
    changed = []
    for name, value in values.items():
        current = getattr(obj, name)
        if name in merge_lists:
            missing = [v for v in value if v not in current]
            if missing:
                setattr(obj, name, [*current, *missing])
                changed.append(name)
            continue
        blank = current in (None, "") or (isinstance(current, list) and not current)
        if current != value and (refresh or blank):
            setattr(obj, name, value)
            changed.append(name)
    if changed:
        obj.save(update_fields=changed)
    return changed


def _upsert(
    model: type[Model],
    lookup: dict[str, Any],
    values: dict[str, Any],
    *,
    refresh: bool,
    result: CatalogueResult,
    kind: str,
    merge_lists: tuple[str, ...] = (),
) -> Model:
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        result.created[kind] += 1
    elif _sync(obj, values, refresh=refresh, merge_lists=merge_lists):
        result.updated[kind] += 1
    return obj


def _entity_values(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": row["name"],
        "name_fa": row.get("name_fa", ""),
        "name_ar": row.get("name_ar", ""),
        "other_names": list(row.get("other_names", [])),
    }


def load_catalogue(data: CatalogueData | None = None, *, refresh: bool = False) -> CatalogueResult:
    """Create or complete the catalogue from data (the starter catalogue by default).

    Validates everything first (CatalogueError, nothing written), then writes in one
    transaction. Idempotent: a second run reports 0 new and 0 updated.
    """
    data = data or CatalogueData.default()
    validate(data)
    result = CatalogueResult()
    with transaction.atomic():
        countries = {
            row["code"]: _upsert(
                Country,
                {"code": row["code"]},
                {k: row.get(k, "") for k in ("name", "name_fa", "name_ar")},
                refresh=refresh,
                result=result,
                kind="countries",
            )
            for row in data.countries
        }
        countries.update({c.code: c for c in Country.objects.exclude(code__in=countries)})
        places = {
            row["slug"]: _upsert(
                Place,
                {"slug": row["slug"]},
                {
                    **_entity_values(row),
                    "country": countries[row["country"]],
                    "kind": row["kind"],
                    "latitude": Decimal(str(row["latitude"])),
                    "longitude": Decimal(str(row["longitude"])),
                },
                refresh=refresh,
                result=result,
                kind="places",
                merge_lists=("other_names",),
            )
            for row in data.places
        }
        orgs = {
            row["slug"]: _upsert(
                Organization,
                {"slug": row["slug"]},
                {
                    **_entity_values(row),
                    "country": countries.get(row.get("country")),
                    "kind": row.get("kind", ""),
                },
                refresh=refresh,
                result=result,
                kind="organizations",
                merge_lists=("other_names",),
            )
            for row in data.organizations
        }
        people = {
            row["slug"]: _upsert(
                Person,
                {"slug": row["slug"]},
                {
                    **_entity_values(row),
                    "role": row.get("role", ""),
                    "country": countries.get(row.get("country")),
                    "organization": orgs.get(row.get("organization")),
                },
                refresh=refresh,
                result=result,
                kind="people",
                merge_lists=("other_names",),
            )
            for row in data.people
        }
        for row in data.initiatives:
            _load_initiative(row, countries, places, orgs, people, refresh=refresh, result=result)
    return result


def _load_initiative(
    row: dict[str, Any],
    countries: dict[str, Country],
    places: dict[str, Place],
    orgs: dict[str, Organization],
    people: dict[str, Person],
    *,
    refresh: bool,
    result: CatalogueResult,
) -> None:
    history = row["history"]
    values = {
        "name": row["name"],
        "name_fa": row.get("name_fa", ""),
        "name_ar": row.get("name_ar", ""),
        "summary": row.get("summary", ""),
        "sector": row["sector"],
    }
    initiative = Initiative.objects.filter(slug=row["slug"]).first()
    created = initiative is None
    changed: list[str] = []
    if created:
        initiative = Initiative.objects.create(
            slug=row["slug"], status=history[-1][1], status_since=history[-1][0], **values
        )
        result.created["initiatives"] += 1
    else:
        before = {k: getattr(initiative, k) for k in values}
        changed = _sync(initiative, values, refresh=refresh)
        if changed:
            result.updated["initiatives"] += 1
            Initiative.objects.filter(pk=initiative.pk).update(version=F("version") + 1)
            record_audit(
                actor=None,
                action="catalogue.update",
                obj=initiative,
                initiative=initiative,
                before={k: before[k] for k in changed},
                after={k: values[k] for k in changed},
                summary=f"Catalogue: updated {initiative.name} ({', '.join(changed)})",
            )

    if created or refresh:
        initiative.countries.add(*(countries[c] for c in row.get("countries", [])))
        initiative.places.add(*(places[s] for s in row.get("places", [])))
        initiative.organizations.add(*(orgs[s] for s in row.get("organizations", [])))
        initiative.people.add(*(people[s] for s in row.get("people", [])))

    _load_status(initiative, history, result)
    _load_aliases(initiative, row.get("aliases") or {}, refresh=refresh, result=result)
    _load_key_figures(initiative, row.get("key_figures", []), refresh=refresh, result=result)
    _load_profile(initiative, row, refresh=refresh, result=result)
    if created:
        initiative.refresh_from_db()
        record_audit(
            actor=None,
            action="catalogue.create",
            obj=initiative,
            initiative=initiative,
            after={
                "slug": initiative.slug,
                "status": initiative.status,
                "aliases": initiative.aliases.count(),
            },
            summary=f"Catalogue: created {initiative.name}",
        )


def _load_status(
    initiative: Initiative, history: list[tuple[dt.date, str, str]], result: CatalogueResult
) -> None:
    """Write the catalogue's status history only when the initiative has none."""
    if initiative.status_changes.exists():
        if initiative.status != history[-1][1]:
            result.kept_status.append(initiative.slug)
        return
    previous = ""
    for date, status, note in history:
        StatusChange.objects.create(
            initiative=initiative,
            from_status=previous,
            to_status=status,
            date=date,
            note=note,
        )
        result.created["status_changes"] += 1
        previous = status
    date, status, _note = history[-1]
    if (initiative.status, initiative.status_since) != (status, date):
        # An initiative created elsewhere without history takes the catalogue's status.
        Initiative.objects.filter(pk=initiative.pk).update(status=status, status_since=date)


def _load_aliases(
    initiative: Initiative,
    aliases: dict[str, list[tuple[str, float]]],
    *,
    refresh: bool,
    result: CatalogueResult,
) -> None:
    existing = {(a.language, a.normalized): a for a in initiative.aliases.all()}
    for language, rows in aliases.items():
        for text, specificity in rows:
            alias = existing.get((language, normalize_for_matching(text)))
            if alias is None:
                Alias.objects.create(
                    initiative=initiative,
                    text=text,
                    language=language,
                    specificity=float(specificity),
                )
                result.created["aliases"] += 1
            elif refresh and alias.specificity != float(specificity):
                alias.specificity = float(specificity)
                alias.save(update_fields=["specificity", "normalized"])
                result.updated["aliases"] += 1


def _load_key_figures(
    initiative: Initiative,
    figures: list[dict[str, Any]],
    *,
    refresh: bool,
    result: CatalogueResult,
) -> None:
    for position, figure in enumerate(figures):
        values = {
            "value": Decimal(str(figure["value"])),
            "unit": figure.get("unit", ""),
            "note": figure.get("note", ""),
            "as_of": figure.get("as_of"),
            "position": position,
        }
        _upsert(
            KeyFigure,
            {"initiative": initiative, "label": figure["label"]},
            values,
            refresh=refresh,
            result=result,
            kind="key_figures",
        )
        # The figure is also the catalogue's claim, beside what sources say (claims.py).
        catalogue_claim(initiative, figure["label"], values, refresh=refresh)


def _load_profile(
    initiative: Initiative, row: dict[str, Any], *, refresh: bool, result: CatalogueResult
) -> None:
    """Add the profile's missing terms; refresh updates their weights. A term an editor
    disabled stays disabled (is_active is editorial, as for aliases)."""
    existing = {(t.kind, t.language, t.normalized): t for t in initiative.profile_terms.all()}
    kinds = (
        ("profile_terms", ProfileTerm.Kind.DESCRIBES),
        ("profile_exclusions", ProfileTerm.Kind.EXCLUDES),
    )
    for key, kind in kinds:
        for language, terms in (row.get(key) or {}).items():
            for raw_text, weight in terms:
                text, normalized = check_term(raw_text, language, weight)
                term = existing.get((kind, language, normalized))
                if term is None:
                    term = ProfileTerm.objects.create(
                        initiative=initiative,
                        kind=kind,
                        text=text,
                        language=language,
                        weight=float(weight),
                    )
                    existing[kind, language, normalized] = term
                    result.created["profile_terms"] += 1
                elif refresh and term.weight != float(weight):
                    term.weight = float(weight)
                    term.save(update_fields=["weight", "normalized"])
                    result.updated["profile_terms"] += 1
