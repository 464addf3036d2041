"""Members' proposals for new programmes: a coordinator writes one for their institution (with
other members as co-proposers), submits it to the alliance, coordinators and the Secretariat
discuss it, and the Secretariat sends it to the Board as a motion of the Board, whose vote
decides it (``Proposal.current_status``). The proposer may withdraw it until then."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.core.models import User
from alliance.core.services.audit import record_audit, snapshot
from alliance.governance.enums import BodyKind, MotionStatus
from alliance.governance.models import Body, Motion
from alliance.governance.services.motions import create_motion, set_motion_status
from alliance.members.enums import Relation
from alliance.members.models import Institution
from alliance.programmes.enums import PROPOSAL_OPEN_FOR_COMMENTS, ProposalStatus
from alliance.programmes.models import Proposal, ProposalComment

FIELDS = (
    "title",
    "summary",
    "rationale",
    "target_participants",
    "estimated_budget",
    "currency",
)
# Who may take which step, and from which statuses.
WITHDRAWABLE = (ProposalStatus.DRAFT, ProposalStatus.SUBMITTED, ProposalStatus.DISCUSSION)
SENDABLE = (ProposalStatus.SUBMITTED, ProposalStatus.DISCUSSION)


def _state(proposal: Proposal) -> dict[str, Any]:
    data = snapshot(proposal, [*FIELDS, "status"])
    data["co_proposers"] = sorted(proposal.co_proposers.values_list("pk", flat=True))
    return data


def _check(
    data: Mapping[str, Any], institution: Institution, co_proposers: Iterable[Institution]
) -> list[Institution]:
    problems: dict[str, list[str]] = {}
    if not str(data.get("title", "")).strip():
        problems["title"] = [_("Give the proposed programme a title.")]
    budget = data.get("estimated_budget")
    if budget is not None and Decimal(budget) < 0:
        problems["estimated_budget"] = [_("The budget cannot be negative.")]
    currency = str(data.get("currency") or "USD")
    if len(currency) != 3 or not currency.isalpha():
        problems["currency"] = [_("Give the currency as three letters, such as USD.")]
    if institution.relation != Relation.MEMBER:
        problems["institution"] = [
            _("%(inst)s is not a member; only members propose programmes.") % {"inst": institution}
        ]
    others = [i for i in co_proposers if i.pk != institution.pk]
    strangers = [str(i) for i in others if i.relation != Relation.MEMBER]
    if strangers:
        problems["co_proposers"] = [
            _("Only members co-propose; these are not: %(names)s.")
            % {"names": ", ".join(strangers)}
        ]
    if problems:
        raise ValidationError(problems)
    return others


def _apply(proposal: Proposal, data: Mapping[str, Any]) -> None:
    proposal.title = str(data.get("title", "")).strip()
    proposal.summary = str(data.get("summary", "")).strip()
    proposal.rationale = str(data.get("rationale", "")).strip()
    proposal.target_participants = str(data.get("target_participants", "")).strip()
    proposal.estimated_budget = data.get("estimated_budget")
    proposal.currency = str(data.get("currency") or "USD").upper()


def create_proposal(
    *,
    actor: User,
    institution: Institution,
    data: Mapping[str, Any],
    co_proposers: Iterable[Institution] = (),
) -> Proposal:
    """A draft proposal of ``institution``, written by ``actor``."""
    others = _check(data, institution, co_proposers)
    with transaction.atomic():
        proposal = Proposal(institution=institution, proposed_by=actor)
        _apply(proposal, data)
        proposal.save()
        proposal.co_proposers.set(others)
        record_audit(
            "programmes.proposal.create",
            actor=actor,
            obj=proposal,
            after=_state(proposal),
            institution_id=institution.pk,
        )
    return proposal


def update_proposal(
    proposal: Proposal,
    *,
    actor: User,
    data: Mapping[str, Any],
    co_proposers: Iterable[Institution] = (),
) -> Proposal:
    """Change a draft; a submitted proposal is discussed as it stands (withdraw it and write a
    new one to change it)."""
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.status != ProposalStatus.DRAFT:
            raise ValidationError(_("Only a draft can be changed; this proposal is submitted."))
        others = _check(data, proposal.institution, co_proposers)
        before = _state(proposal)
        _apply(proposal, data)
        proposal.updated_at = timezone.now()
        proposal.save()
        proposal.co_proposers.set(others)
        record_audit(
            "programmes.proposal.update",
            actor=actor,
            obj=proposal,
            before=before,
            after=_state(proposal),
            institution_id=proposal.institution_id,
        )
    return proposal


def _move(proposal: Proposal, *, actor: User, status: str, allowed: Iterable[str]) -> Proposal:
    """Lock the proposal and move it to ``status`` from one of ``allowed``, with an audit row;
    the caller is inside a transaction."""
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.status not in allowed:
        raise ValidationError(
            _("A proposal that is “%(now)s” cannot become “%(then)s”.")
            % {
                "now": ProposalStatus(locked.status).label,
                "then": ProposalStatus(status).label,
            }
        )
    before = locked.status
    locked.status = status
    locked.updated_at = timezone.now()
    if status == ProposalStatus.SUBMITTED:
        locked.submitted_at = locked.updated_at
    locked.save()
    record_audit(
        "programmes.proposal.status",
        actor=actor,
        obj=locked,
        before={"status": before},
        after={"status": status},
        institution_id=locked.institution_id,
    )
    return locked


def submit_proposal(proposal: Proposal, *, actor: User) -> Proposal:
    """Put a draft before the alliance: it needs a summary and a rationale first."""
    missing: dict[str, list[str]] = {}
    if not proposal.summary.strip():
        missing["summary"] = [_("Summarise the programme before submitting it.")]
    if not proposal.rationale.strip():
        missing["rationale"] = [_("Say why the alliance needs it before submitting it.")]
    if missing:
        raise ValidationError(missing)
    with transaction.atomic():
        return _move(
            proposal, actor=actor, status=ProposalStatus.SUBMITTED, allowed=[ProposalStatus.DRAFT]
        )


def open_discussion(proposal: Proposal, *, actor: User) -> Proposal:
    """The Secretariat puts a submitted proposal under discussion (at a meeting of the
    executives, say)."""
    with transaction.atomic():
        return _move(
            proposal,
            actor=actor,
            status=ProposalStatus.DISCUSSION,
            allowed=[ProposalStatus.SUBMITTED],
        )


def withdraw_proposal(proposal: Proposal, *, actor: User) -> Proposal:
    """The proposer takes the proposal back, before it goes to the Board."""
    with transaction.atomic():
        return _move(proposal, actor=actor, status=ProposalStatus.WITHDRAWN, allowed=WITHDRAWABLE)


def the_board() -> Body | None:
    return Body.objects.filter(kind=BodyKind.BOARD).order_by("pk").first()


def motion_text(proposal: Proposal) -> str:
    """The motion the Board votes on: the proposal's facts in plain text."""
    co = ", ".join(str(i) for i in proposal.co_proposers.order_by("name"))
    budget = (
        f"{proposal.estimated_budget} {proposal.currency}"
        if proposal.estimated_budget is not None
        else _("not estimated")
    )
    lines = [
        _("The Board approves the new programme “%(title)s” proposed by %(inst)s.")
        % {"title": proposal.title, "inst": proposal.institution},
        "",
        _("Co-proposing members: %(names)s") % {"names": co or _("none")},
        _("Who takes part: %(who)s") % {"who": proposal.target_participants or _("not given")},
        _("Estimated budget a year: %(budget)s") % {"budget": budget},
        "",
        proposal.summary,
        "",
        proposal.rationale,
    ]
    return "\n".join(lines).strip()


def send_to_board(proposal: Proposal, *, actor: User) -> Motion:
    """Make the proposal a motion of the Board (submitted, for the Secretariat to put on a
    meeting's agenda); from then on the motion's vote decides the proposal."""
    board = the_board()
    if board is None:
        raise ValidationError(
            _("There is no Board yet: create it under Governance, then send the proposal.")
        )
    with transaction.atomic():
        locked = _move(proposal, actor=actor, status=ProposalStatus.BOARD, allowed=SENDABLE)
        motion = create_motion(
            actor=actor,
            title=_("New programme: %(title)s") % {"title": locked.title},
            text=motion_text(locked),
            by_body=board,
        )
        motion = set_motion_status(motion, actor=actor, status=MotionStatus.SUBMITTED)
        locked.motion = motion
        locked.sent_at = timezone.now()
        locked.save(update_fields=["motion", "sent_at"])
        record_audit(
            "programmes.proposal.send",
            actor=actor,
            obj=locked,
            after={"motion": motion.pk, "body": board.pk},
            institution_id=locked.institution_id,
        )
    return motion


def add_comment(
    proposal: Proposal, *, actor: User, text: str, institution: Institution | None
) -> ProposalComment:
    """A remark in the discussion, for ``institution`` (a coordinator's) or the Secretariat
    (None). Open while the proposal is submitted, under discussion or before the Board."""
    if not text.strip():
        raise ValidationError({"text": [_("Write a comment first.")]})
    with transaction.atomic():
        locked = (
            Proposal.objects.select_for_update(of=("self",))
            .select_related("motion")
            .get(pk=proposal.pk)
        )
        if locked.current_status not in PROPOSAL_OPEN_FOR_COMMENTS:
            raise ValidationError(
                _("The discussion is closed: the proposal is “%(status)s”.")
                % {"status": locked.get_current_status_display()}
            )
        comment = ProposalComment.objects.create(
            proposal=locked, author=actor, institution=institution, text=text.strip()
        )
        record_audit(
            "programmes.proposal.comment",
            actor=actor,
            obj=locked,
            after={"comment": comment.pk, "institution": institution.pk if institution else None},
            institution_id=institution.pk if institution else None,
        )
    return comment
