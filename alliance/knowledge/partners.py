"""For an achievement, the partners (industry and government institutions, forums) most likely
to care: each ranked by its published challenges that match the achievement and by its past
inquiries about the achievement or about similar ones, with why.

The matching itself is ``retrieval.match`` (the database's full-text ranking, fused with
meaning when the model is installed); ``rank_partners`` only adds up the evidence per
institution and is pure. Inquiries are private to the two sides, so the explanation counts them
and never names what was asked about."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from alliance.knowledge.enums import EntryKind
from alliance.knowledge.models import Achievement, Inquiry
from alliance.knowledge.retrieval import Hit, match
from alliance.members.enums import Relation
from alliance.members.models import Institution

DEPTH = 50
ASKED_ABOUT_THIS = 2.0  # an inquiry about this very achievement counts as two at the top
RANK_K = 60  # a hit at rank r weighs 1 / (RANK_K + r): always positive, falling slowly


def _weight(rank: int) -> float:
    return 1.0 / (RANK_K + rank)


@dataclass(frozen=True)
class Evidence:
    """One reason a partner may care: one of its challenges matching (``challenge_id`` set), or
    one of its inquiries about a matching achievement."""

    institution_id: int
    score: float
    challenge_id: int | None = None
    challenge_title: str = ""
    terms: tuple[str, ...] = ()
    same_field: bool = False


@dataclass
class PartnerScore:
    institution_id: int
    score: float = 0.0
    challenges: list[Evidence] = field(default_factory=list)
    inquiries: int = 0
    terms: list[str] = field(default_factory=list)
    same_field: bool = False


def rank_partners(evidence: Iterable[Evidence], *, limit: int = 5) -> list[PartnerScore]:
    """Partners by the sum of their evidence, best first (ties: the lower id), each with its
    challenges (best first), its inquiry count and the matched words of its challenges."""
    partners: dict[int, PartnerScore] = {}
    for item in evidence:
        partner = partners.setdefault(item.institution_id, PartnerScore(item.institution_id))
        partner.score += item.score
        if item.challenge_id is None:
            partner.inquiries += 1
        else:
            partner.challenges.append(item)
            partner.terms.extend(t for t in item.terms if t not in partner.terms)
            partner.same_field = partner.same_field or item.same_field
    for partner in partners.values():
        partner.challenges.sort(key=lambda e: (-e.score, e.challenge_id or 0))
        partner.terms = partner.terms[:10]
    ranked = sorted(partners.values(), key=lambda p: (-p.score, p.institution_id))
    return ranked[:limit]


def _achievement_text(achievement: Achievement) -> str:
    return "\n".join([achievement.title, *achievement.keywords, achievement.summary])


def _evidence(
    achievement: Achievement, challenges: Sequence[Hit], similar: Sequence[Hit]
) -> list[Evidence]:
    partner_ids = set(
        Institution.objects.filter(relation=Relation.PARTNER).values_list("pk", flat=True)
    )
    found = [
        Evidence(
            institution_id=h.entry.institution_id,
            score=_weight(rank),
            challenge_id=h.entry.object_id,
            challenge_title=h.entry.title,
            terms=tuple(h.terms),
            same_field=h.same_field,
        )
        for rank, h in enumerate(challenges, start=1)
        if h.entry.institution_id in partner_ids
    ]
    weight = {h.entry.object_id: _weight(rank) for rank, h in enumerate(similar, start=1)}
    top = max(weight.values(), default=0.0)
    weight[achievement.pk] = max(top, weight.get(achievement.pk, 0.0)) * ASKED_ABOUT_THIS
    asked = Inquiry.objects.filter(
        achievement_id__in=weight, asker_institution_id__in=partner_ids
    ).values_list("asker_institution_id", "achievement_id")
    found += [Evidence(institution_id=inst, score=weight[a]) for inst, a in asked]
    return found


@dataclass
class PartnerMatch:
    institution: Institution
    score: float
    challenges: list[Evidence]
    inquiries: int
    terms: list[str]
    same_field: bool


def partners_for(achievement: Achievement, *, limit: int = 5) -> list[PartnerMatch]:
    """The partners most likely to care about ``achievement``, best first, with why."""
    text = _achievement_text(achievement)
    fields = [achievement.field]
    challenges = match(text, kinds=[EntryKind.CHALLENGE], fields=fields, limit=DEPTH)
    similar = match(text, kinds=[EntryKind.ACHIEVEMENT], fields=fields, limit=DEPTH)
    ranked = rank_partners(_evidence(achievement, challenges, similar), limit=limit)
    names = Institution.objects.in_bulk([p.institution_id for p in ranked])
    return [
        PartnerMatch(
            institution=names[p.institution_id],
            score=p.score,
            challenges=p.challenges[:3],
            inquiries=p.inquiries,
            terms=p.terms,
            same_field=p.same_field,
        )
        for p in ranked
    ]
