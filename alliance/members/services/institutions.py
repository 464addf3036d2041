"""Writes to institutions and their names."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from alliance.core.models import User
from alliance.core.services.audit import record_audit, snapshot
from alliance.members.models import Institution, InstitutionName
from alliance.members.regions import subregion_of
from alliance.members.search import search_text_of

EDITABLE_FIELDS = (
    "name",
    "acronym",
    "kind",
    "country",
    "city",
    "time_zone",
    "website",
    "established",
    "ror_id",
    "wikidata_id",
    "grid_id",
    "isni",
    "summary",
    "is_demo",
    "is_founding_member",
)


def unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(name)[:70] or "institution"
    candidate, n = base, 1
    taken = Institution.objects.exclude(pk=exclude_pk) if exclude_pk else Institution.objects.all()
    while taken.filter(slug=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def refresh_search_text(institution: Institution) -> None:
    names = [
        institution.name,
        institution.acronym,
        *institution.names.values_list("name", flat=True),
    ]
    institution.search_text = search_text_of(names)
    institution.subregion = subregion_of(str(institution.country))
    Institution.objects.filter(pk=institution.pk).update(
        search_text=institution.search_text, subregion=institution.subregion
    )


def _names_snapshot(institution: Institution) -> list[dict[str, Any]]:
    return [
        {"name": n.name, "language": n.language, "is_preferred": n.is_preferred}
        for n in institution.names.order_by("language", "name")
    ]


def create_institution(
    *, actor: User | None, names: list[tuple[str, str]] | None = None, **fields: Any
) -> Institution:
    """Create an institution from the editable fields and (language, name) pairs."""
    unknown = set(fields) - set(EDITABLE_FIELDS) - {"slug", "relation"}
    if unknown:
        raise TypeError(f"Unknown institution fields: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        institution = Institution(**fields)
        institution.slug = fields.get("slug") or unique_slug(institution.name)
        institution.subregion = subregion_of(str(institution.country))
        institution.save()
        _replace_names(institution, names or [])
        refresh_search_text(institution)
        record_audit(
            "members.institution.create",
            actor=actor,
            obj=institution,
            after={**snapshot(institution, EDITABLE_FIELDS), "names": _names_snapshot(institution)},
            institution_id=institution.pk,
        )
    return institution


def _replace_names(institution: Institution, names: list[tuple[str, str]]) -> None:
    """Keep exactly these (language, name) pairs; the first name given per language is preferred."""
    institution.names.all().delete()
    preferred_done: set[str] = set()
    seen: set[tuple[str, str]] = set()
    rows = []
    for language, name in names:
        language, name = language.strip().lower(), name.strip()
        if not name or not language or (language, name) in seen:
            continue
        seen.add((language, name))
        rows.append(
            InstitutionName(
                institution=institution,
                language=language,
                name=name,
                is_preferred=language not in preferred_done,
            )
        )
        preferred_done.add(language)
    InstitutionName.objects.bulk_create(rows)


def update_institution(
    institution: Institution,
    *,
    actor: User | None,
    data: dict[str, Any],
    names: list[tuple[str, str]] | None = None,
) -> Institution:
    """Change the given fields (and, if given, the whole list of names); audit what changed."""
    unknown = set(data) - set(EDITABLE_FIELDS) - {"logo"}
    if unknown:
        raise TypeError(f"Unknown institution fields: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        institution = Institution.objects.select_for_update().get(pk=institution.pk)
        before = {
            **snapshot(institution, (*EDITABLE_FIELDS, "logo")),
            "names": _names_snapshot(institution),
        }
        for field, value in data.items():
            setattr(institution, field, value)
        institution.updated_at = timezone.now()
        institution.subregion = subregion_of(str(institution.country))
        institution.save()
        if names is not None:
            _replace_names(institution, names)
        refresh_search_text(institution)
        after = {
            **snapshot(institution, (*EDITABLE_FIELDS, "logo")),
            "names": _names_snapshot(institution),
        }
        if before != after:
            record_audit(
                "members.institution.update",
                actor=actor,
                obj=institution,
                before={k: v for k, v in before.items() if before[k] != after.get(k)},
                after={k: v for k, v in after.items() if before.get(k) != after[k]},
                institution_id=institution.pk,
            )
    return institution
