"""Reads of the constitution: the current version, its outline, its history, the comparison of
two versions, the history of one clause, and the amendments with whether each is still fresh.
The text and its history are public; amendments are read by governance readers (``rules.py``).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from alliance.governance import redline
from alliance.governance.enums import AmendmentKind
from alliance.governance.models import Amendment, Clause, ConstitutionVersion


def versions() -> QuerySet[ConstitutionVersion]:
    """Every version, newest first, with its adopting motion and poll."""
    return (
        ConstitutionVersion.objects.select_related("motion", "poll")
        .annotate(n_clauses=Count("clauses"))
        .order_by("-number")
    )


def current_version() -> ConstitutionVersion | None:
    return ConstitutionVersion.objects.order_by("-number").first()


def version(number: int) -> ConstitutionVersion | None:
    return versions().filter(number=number).first()


def clauses_of(version: ConstitutionVersion) -> list[Clause]:
    """The articles and clauses in reading order."""
    return list(Clause.objects.filter(version=version).order_by("position"))


@dataclass
class ArticleBlock:
    article: Clause
    clauses: list[Clause] = field(default_factory=list)


def outline(version: ConstitutionVersion) -> list[ArticleBlock]:
    """The version as articles with their clauses (one query)."""
    blocks: list[ArticleBlock] = []
    for clause in clauses_of(version):
        if clause.parent_id is None:
            blocks.append(ArticleBlock(clause))
        elif blocks:
            blocks[-1].clauses.append(clause)
    return blocks


def clause_in(version: ConstitutionVersion, key: str) -> Clause | None:
    return Clause.objects.filter(version=version, key=key).select_related("parent").first()


# --- history -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClauseStep:
    """One version's text of a clause, and what changed from the version before."""

    version: ConstitutionVersion
    clause: Clause | None  # None: deleted in this version
    heading: list[redline.Segment]
    text: list[redline.Segment]
    change: str  # "new", "changed", "unchanged", "deleted"


def clause_history(key: str) -> list[ClauseStep]:
    """The clause through every version from its first appearance, oldest first (two
    queries). A version where it no longer appears closes the history as "deleted"."""
    all_versions = list(
        ConstitutionVersion.objects.select_related("motion", "poll").order_by("number")
    )
    by_version = {c.version_id: c for c in Clause.objects.filter(key=key)}
    steps: list[ClauseStep] = []
    previous: Clause | None = None
    for v in all_versions:
        clause = by_version.get(v.pk)
        if clause is None:
            if previous is not None:
                steps.append(
                    ClauseStep(
                        v,
                        None,
                        redline.diff(previous.heading, ""),
                        redline.diff(previous.text, ""),
                        "deleted",
                    )
                )
                break
            continue
        old_heading = previous.heading if previous else ""
        old_text = previous.text if previous else ""
        heading, text = (
            redline.diff(old_heading, clause.heading),
            redline.diff(old_text, clause.text),
        )
        if previous is None:
            change = "new"
        elif redline.changed(heading) or redline.changed(text):
            change = "changed"
        else:
            change = "unchanged"
        steps.append(ClauseStep(v, clause, heading, text, change))
        previous = clause
    return steps


@dataclass(frozen=True)
class CompareRow:
    number: str
    key: str
    is_article: bool
    heading: list[redline.Segment]
    text: list[redline.Segment]
    change: str  # "new", "changed", "unchanged", "deleted"


def compare(old: ConstitutionVersion, new: ConstitutionVersion) -> list[CompareRow]:
    """Every clause of either version in reading order, with its redline from ``old`` to
    ``new``: clauses are matched by key, so a renumbered clause reads as the same clause."""
    a, b = clauses_of(old), clauses_of(new)
    matcher = difflib.SequenceMatcher(None, [c.key for c in a], [c.key for c in b], autojunk=False)
    rows: list[CompareRow] = []

    def row(before: Clause | None, after: Clause | None) -> CompareRow:
        shown = after or before
        assert shown is not None
        heading = redline.diff(before.heading if before else "", after.heading if after else "")
        text = redline.diff(before.text if before else "", after.text if after else "")
        if before is None:
            change = "new"
        elif after is None:
            change = "deleted"
        else:
            changed = redline.changed(heading) or redline.changed(text)
            change = "changed" if changed else "unchanged"
        return CompareRow(shown.number, shown.key, shown.parent_id is None, heading, text, change)

    old_by_key = {c.key: c for c in a}
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows += [row(old_by_key[c.key], c) for c in b[j1:j2]]
            continue
        rows += [row(c, None) for c in a[i1:i2]]
        rows += [row(old_by_key.get(c.key), c) for c in b[j1:j2]]
    return rows


# --- amendments ----------------------------------------------------------------------------------


def amendments() -> QuerySet[Amendment]:
    return Amendment.objects.select_related(
        "written_against", "by_institution", "by_body", "motion", "adopted_in"
    ).order_by("-created_at", "-pk")


def amendment_for_page(pk: int) -> Amendment | None:
    return amendments().filter(pk=pk).first()


def stale_message(amendment: Amendment, written: Clause | None, now: Clause | None) -> str:
    """Why the amendment can no longer be adopted as written, or "" while it is fresh: the
    clause it changes differs (heading, text or place) between the version it was written
    against and ``now`` (the clause in the current version), or is gone."""
    if now is None:
        return _(
            "Article %(number)s was deleted since this amendment was written; read the current "
            "text and propose it again."
        ) % {"number": amendment.clause_number}
    if written is None or (written.heading, written.text, written.parent_id is None) != (
        now.heading,
        now.text,
        now.parent_id is None,
    ):
        return _(
            "Article %(number)s has changed since this amendment was written; read the current "
            "text and propose it again."
        ) % {"number": amendment.clause_number}
    return ""


@dataclass(frozen=True)
class AmendmentView:
    """An amendment with the clause as it reads now and the redline of its change."""

    amendment: Amendment
    current: Clause | None
    stale: str
    heading: list[redline.Segment]
    text: list[redline.Segment]


def with_redlines(items: list[Amendment]) -> list[AmendmentView]:
    """Each amendment with its redline against the current text and its staleness (three
    queries whatever the number of amendments)."""
    current = current_version()
    keys = {a.clause_key for a in items}
    now = (
        {c.key: c for c in Clause.objects.filter(version=current, key__in=keys)} if current else {}
    )
    written = {
        (c.version_id, c.key): c
        for c in Clause.objects.filter(
            version_id__in={a.written_against_id for a in items}, key__in=keys
        )
    }
    result = []
    for a in items:
        clause = now.get(a.clause_key)
        stale = stale_message(a, written.get((a.written_against_id, a.clause_key)), clause)
        old_heading = clause.heading if clause else ""
        old_text = clause.text if clause else ""
        if a.kind == AmendmentKind.REPLACE:
            heading, text = redline.diff(old_heading, a.heading), redline.diff(old_text, a.text)
        elif a.kind == AmendmentKind.DELETE:
            heading, text = redline.diff(old_heading, ""), redline.diff(old_text, "")
        else:
            heading, text = redline.diff("", a.heading), redline.diff("", a.text)
        result.append(AmendmentView(a, clause, stale, heading, text))
    return result
