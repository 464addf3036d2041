"""Exchange agreements: created and changed by a party's coordinator or the Secretariat, and
approved by each party's coordinator. An approval names the fingerprint (the SHA-256 of the
agreement's canonical content, as EWP's iia-hash); any later change of content gives a new
fingerprint and resets every approval."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.core.models import User
from alliance.core.services.audit import record_audit, snapshot
from alliance.members.enums import Relation, Role
from alliance.members.models import Institution
from alliance.members.rules import institutions_where, is_secretariat
from alliance.mobility.enums import CEFR_ORDER, AgreementScope, StudyLevel
from alliance.mobility.models import Agreement, AgreementParty, AgreementTerm

TERM_FIELDS = (
    "sending",
    "receiving",
    "places_per_year",
    "months_per_year",
    "study_levels",
    "subject_areas",
    "language",
    "language_level",
)


def canonical_content(agreement: Agreement) -> dict[str, Any]:
    """The content both sides approve, in a stable form: parties and terms by institution
    short address, lists sorted, no database ids, no approval state."""
    terms = [
        {
            "sending": t.sending.slug if t.sending else None,
            "receiving": t.receiving.slug if t.receiving else None,
            "places_per_year": t.places_per_year,
            "months_per_year": t.months_per_year,
            "study_levels": sorted(t.study_levels),
            "subject_areas": sorted(t.subject_areas),
            "language": t.language,
            "language_level": t.language_level,
        }
        for t in agreement.terms.select_related("sending", "receiving")
    ]
    terms.sort(key=lambda t: json.dumps(t, sort_keys=True))
    return {
        "title": agreement.title,
        "scope": agreement.scope,
        "academic_years": [agreement.first_year, agreement.last_year],
        "partners": sorted(agreement.parties.values_list("institution__slug", flat=True)),
        "terms": terms,
        "recognition_notes": agreement.recognition_notes,
    }


def fingerprint_of(agreement: Agreement) -> str:
    text = json.dumps(
        canonical_content(agreement), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _may_write(actor: User, parties: Sequence[Institution]) -> bool:
    if is_secretariat(actor):
        return True
    mine = institutions_where(actor, Role.COORDINATOR)
    return any(p.pk in mine for p in parties)


def _check(
    *,
    actor: User,
    scope: str,
    parties: Sequence[Institution],
    first_year: int,
    last_year: int,
    terms: Sequence[Mapping[str, Any]],
) -> None:
    problems: dict[str, list[str]] = {}
    if scope == AgreementScope.BILATERAL and len({p.pk for p in parties}) != 2:
        problems.setdefault("parties", []).append(
            _("A bilateral agreement has exactly two different members.")
        )
    if any(p.relation != Relation.MEMBER for p in parties):
        problems.setdefault("parties", []).append(_("Every party must be a member."))
    if scope == AgreementScope.ALLIANCE and not is_secretariat(actor):
        problems.setdefault("scope", []).append(
            _("Only the Secretariat makes alliance-wide agreements.")
        )
    if last_year < first_year:
        problems.setdefault("last_year", []).append(
            _("The last academic year comes before the first.")
        )
    if not terms:
        problems.setdefault("__all__", []).append(_("Give at least one direction of mobility."))
    party_ids = {p.pk for p in parties}
    for n, term in enumerate(terms, start=1):
        for side in ("sending", "receiving"):
            inst = term.get(side)
            if inst is not None and inst.pk not in party_ids:
                problems.setdefault("__all__", []).append(
                    _("Direction %(n)d: %(inst)s is not a party.") % {"n": n, "inst": inst}
                )
        if term.get("sending") is not None and term.get("sending") == term.get("receiving"):
            problems.setdefault("__all__", []).append(
                _("Direction %(n)d: sending and receiving are the same.") % {"n": n}
            )
        bad_levels = set(term.get("study_levels") or []) - set(StudyLevel.values)
        if bad_levels:
            problems.setdefault("__all__", []).append(
                _("Direction %(n)d: unknown study levels %(levels)s.")
                % {"n": n, "levels": ", ".join(sorted(bad_levels))}
            )
        level = term.get("language_level") or ""
        if level and level not in CEFR_ORDER:
            problems.setdefault("__all__", []).append(
                _("Direction %(n)d: unknown language level %(level)s.") % {"n": n, "level": level}
            )
    if problems:
        raise ValidationError(problems)
    if not _may_write(actor, parties):
        raise ValidationError(
            {"parties": [_("You may only make agreements for your own institution.")]}
        )


def _write_terms(agreement: Agreement, terms: Sequence[Mapping[str, Any]]) -> None:
    agreement.terms.all().delete()
    AgreementTerm.objects.bulk_create(
        AgreementTerm(
            agreement=agreement,
            sending=t.get("sending"),
            receiving=t.get("receiving"),
            places_per_year=int(t["places_per_year"]),
            months_per_year=int(t["months_per_year"]),
            study_levels=sorted(t.get("study_levels") or []),
            subject_areas=[a.strip() for a in t.get("subject_areas") or [] if a.strip()],
            language=t.get("language") or "",
            language_level=t.get("language_level") or "",
        )
        for t in terms
    )


def _content_snapshot(agreement: Agreement) -> dict[str, Any]:
    return {**canonical_content(agreement), "fingerprint": agreement.fingerprint}


def create_agreement(
    *,
    actor: User,
    title: str,
    scope: str,
    parties: Sequence[Institution],
    first_year: int,
    last_year: int,
    terms: Sequence[Mapping[str, Any]],
    recognition_notes: str = "",
) -> Agreement:
    """Make an agreement, not yet approved by anyone."""
    _check(
        actor=actor,
        scope=scope,
        parties=parties,
        first_year=first_year,
        last_year=last_year,
        terms=terms,
    )
    with transaction.atomic():
        agreement = Agreement.objects.create(
            title=title,
            scope=scope,
            first_year=first_year,
            last_year=last_year,
            recognition_notes=recognition_notes,
            created_by=actor,
        )
        AgreementParty.objects.bulk_create(
            AgreementParty(agreement=agreement, institution=p) for p in parties
        )
        _write_terms(agreement, terms)
        agreement.fingerprint = fingerprint_of(agreement)
        agreement.save(update_fields=["fingerprint"])
        record_audit(
            "mobility.agreement.create",
            actor=actor,
            obj=agreement,
            after=_content_snapshot(agreement),
        )
    return agreement


def update_agreement(
    agreement: Agreement,
    *,
    actor: User,
    title: str,
    first_year: int,
    last_year: int,
    terms: Sequence[Mapping[str, Any]],
    recognition_notes: str = "",
) -> Agreement:
    """Change the content (parties and scope stay). A new fingerprint resets every approval."""
    parties = [p.institution for p in agreement.parties.select_related("institution")]
    _check(
        actor=actor,
        scope=agreement.scope,
        parties=parties,
        first_year=first_year,
        last_year=last_year,
        terms=terms,
    )
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        before = _content_snapshot(agreement)
        agreement.title = title
        agreement.first_year = first_year
        agreement.last_year = last_year
        agreement.recognition_notes = recognition_notes
        agreement.updated_at = timezone.now()
        agreement.save()
        _write_terms(agreement, terms)
        new = fingerprint_of(agreement)
        reset = new != agreement.fingerprint
        agreement.fingerprint = new
        agreement.save(update_fields=["fingerprint"])
        if reset:
            agreement.parties.update(approved_fingerprint="", approved_by=None, approved_at=None)
        record_audit(
            "mobility.agreement.update",
            actor=actor,
            obj=agreement,
            before=before,
            after={**_content_snapshot(agreement), "approvals_reset": reset},
        )
    return agreement


def approve_agreement(
    agreement: Agreement, *, actor: User, institution: Institution, fingerprint: str
) -> AgreementParty:
    """The coordinator of a party approves the content they saw (its fingerprint)."""
    if institution.pk not in institutions_where(actor, Role.COORDINATOR):
        raise ValidationError(
            _("Only a coordinator of %(inst)s may approve for it.") % {"inst": institution}
        )
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        party = AgreementParty.objects.filter(agreement=agreement, institution=institution).first()
        if party is None:
            raise ValidationError(
                _("%(inst)s is not a party to this agreement.") % {"inst": institution}
            )
        if fingerprint != agreement.fingerprint:
            raise ValidationError(
                _("The agreement changed since you opened it; read it again before approving.")
            )
        before = snapshot(party, ["approved_fingerprint", "approved_by", "approved_at"])
        party.approved_fingerprint = fingerprint
        party.approved_by = actor
        party.approved_at = timezone.now()
        party.save()
        record_audit(
            "mobility.agreement.approve",
            actor=actor,
            obj=agreement,
            before=before,
            after=snapshot(party, ["approved_fingerprint", "approved_by", "approved_at"]),
            institution_id=institution.pk,
        )
    return party
