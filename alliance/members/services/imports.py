"""Importing institutions from a ROR-shaped CSV: all rows or none; a re-import updates by ROR id."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from alliance.core.models import User
from alliance.core.services.audit import record_audit
from alliance.members.models import Institution, InstitutionName
from alliance.members.regions import subregion_of
from alliance.members.ror_csv import ParsedFile, RorRow, RowError, parse_ror_csv
from alliance.members.search import search_text_of

UPDATED_FIELDS = (
    "name",
    "country",
    "city",
    "established",
    "website",
    "acronym",
    "wikidata_id",
    "grid_id",
    "isni",
)


class ImportRejected(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors[:5]))


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0


def import_ror_file(
    data: bytes, *, actor: User | None, max_bytes: int, source: str = ""
) -> ImportResult:
    """Check the file; if every row is good, create or update the institutions it lists."""
    parsed: ParsedFile = parse_ror_csv(data, max_bytes=max_bytes)
    if not parsed.ok:
        raise ImportRejected(parsed.errors)
    return import_ror_rows(
        parsed.rows, actor=actor, source=source, digest=hashlib.sha256(data).hexdigest()
    )


def _slugs(rows: list[RorRow], taken: set[str]) -> dict[str, str]:
    result = {}
    for row in rows:
        base = slugify(row.acronym or row.name)[:60] or "institution"
        if base in taken:
            base = slugify(f"{row.acronym or row.name} {row.city}")[:70] or base
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}-{n}"
        taken.add(candidate)
        result[row.ror_id] = candidate
    return result


def import_ror_rows(
    rows: list[RorRow], *, actor: User | None, source: str = "", digest: str = ""
) -> ImportResult:
    result = ImportResult()
    now = timezone.now()
    with transaction.atomic():
        existing: dict[str, Institution] = {
            str(i.ror_id): i
            for i in Institution.objects.filter(ror_id__in=[r.ror_id for r in rows])
        }
        new_rows = [r for r in rows if r.ror_id not in existing]
        slugs = _slugs(new_rows, set(Institution.objects.values_list("slug", flat=True)))
        to_create = [
            Institution(
                slug=slugs[r.ror_id],
                ror_id=r.ror_id,
                kind=r.kind,
                subregion=subregion_of(r.country),
                created_at=now,
                updated_at=now,
                **{f: getattr(r, f) for f in UPDATED_FIELDS},
            )
            for r in new_rows
        ]
        Institution.objects.bulk_create(to_create, batch_size=500)
        created: dict[str, Institution] = {
            str(i.ror_id): i
            for i in Institution.objects.filter(ror_id__in=[r.ror_id for r in new_rows])
        }
        to_update = []
        for row in rows:
            inst = existing.get(row.ror_id)
            if inst is None:
                continue
            changed = [f for f in UPDATED_FIELDS if getattr(inst, f) != getattr(row, f)]
            if changed:
                for f in changed:
                    setattr(inst, f, getattr(row, f))
                inst.subregion = subregion_of(row.country)
                inst.updated_at = now
                to_update.append(inst)
        Institution.objects.bulk_update(
            to_update, [*UPDATED_FIELDS, "subregion", "updated_at"], batch_size=500
        )
        all_by_ror = {**existing, **created}
        names_changed = _merge_names(rows, all_by_ror)
        touched = {str(i.ror_id) for i in to_update} | names_changed | set(created)
        _refresh_search_text([all_by_ror[r] for r in touched])
        result.created = sorted(created)
        result.updated = sorted(touched - set(created))
        result.unchanged = len(rows) - len(result.created) - len(result.updated)
        record_audit(
            "members.institution.import",
            actor=actor,
            after={
                "source": source,
                "sha256": digest,
                "rows": len(rows),
                "created": len(result.created),
                "updated": len(result.updated),
                "unchanged": result.unchanged,
                "updated_ror_ids": result.updated[:500],
            },
        )
    return result


def _merge_names(rows: list[RorRow], by_ror: dict[str, Institution]) -> set[str]:
    """Add the file's names that an institution lacks; keep names typed in by people."""
    ids = [i.pk for i in by_ror.values()]
    have: dict[int, set[tuple[str, str]]] = {}
    preferred: dict[int, set[str]] = {}
    for inst_id, lang, name, pref in InstitutionName.objects.filter(
        institution_id__in=ids
    ).values_list("institution_id", "language", "name", "is_preferred"):
        have.setdefault(inst_id, set()).add((lang, name))
        if pref:
            preferred.setdefault(inst_id, set()).add(lang)
    new_names, changed = [], set()
    for row in rows:
        inst = by_ror[row.ror_id]
        for lang, name in row.names:
            if (lang, name) in have.get(inst.pk, set()):
                continue
            is_pref = lang not in preferred.setdefault(inst.pk, set())
            preferred[inst.pk].add(lang)
            have.setdefault(inst.pk, set()).add((lang, name))
            new_names.append(
                InstitutionName(institution=inst, language=lang, name=name, is_preferred=is_pref)
            )
            changed.add(row.ror_id)
    InstitutionName.objects.bulk_create(new_names, batch_size=1000)
    return changed


def _refresh_search_text(institutions: list[Institution]) -> None:
    ids = [i.pk for i in institutions]
    names: dict[int, list[str]] = {}
    for inst_id, name in InstitutionName.objects.filter(institution_id__in=ids).values_list(
        "institution_id", "name"
    ):
        names.setdefault(inst_id, []).append(name)
    for inst in institutions:
        inst.search_text = search_text_of([inst.name, inst.acronym, *names.get(inst.pk, [])])
    Institution.objects.bulk_update(institutions, ["search_text"], batch_size=500)
