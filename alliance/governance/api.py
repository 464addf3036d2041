"""The governance API: bodies with their seats and officers, polls with their frozen rule and
result, and casting a ballot.

Reading needs a token with the governance:read scope, owned by someone who may read governance
(the Secretariat, a member's coordinator, or a person who sits on a body). Casting needs the
governance:vote scope and goes through the same service as the ballot page: only the seat
holder, the alternate or the registered proxy of an institution in the poll's frozen electorate,
once, while the poll is open, with a choice the poll offers."""

import datetime
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.responses import Status

from alliance.core.api import MAX_PAGE, TokenAuth
from alliance.core.enums import TokenScope
from alliance.core.models import User
from alliance.governance import queries
from alliance.governance.enums import BodyKind, PollKind, PollStatus, Secrecy
from alliance.governance.models import Body, Poll
from alliance.governance.services.polls import cast_ballot
from alliance.members.models import Institution

governance_read = TokenAuth(TokenScope.GOVERNANCE_READ)
governance_vote = TokenAuth(TokenScope.GOVERNANCE_VOTE)

router = Router(tags=["governance"], auth=governance_read)


class SeatOut(Schema):
    institution: str = Field(description="The member's slug.")
    holder: str
    alternate: str | None
    weight: int
    start: datetime.date
    end: datetime.date | None


class OfficeOut(Schema):
    kind: str
    person: str
    start: datetime.date
    end: datetime.date | None


class BodyOut(Schema):
    id: int
    kind: BodyKind
    name: str
    on: datetime.date = Field(description="The day the seats and officers are for (today).")
    seats: list[SeatOut]
    officers: list[OfficeOut]


class PollOut(Schema):
    id: int
    body: int
    motion: int | None
    title: str
    kind: PollKind
    secrecy: Secrecy
    status: PollStatus
    opened_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    rule: dict[str, Any] | None = Field(description="The decision rule frozen at opening.")
    electorate: dict[str, Any] | None = Field(
        description="Frozen at opening: weights and who was present, by institution id."
    )
    voted: int = Field(description="How many institutions have voted.")
    outcome: str = Field(description="Empty until the poll is closed.")
    result: dict[str, Any] | None
    explanation: list[str] = Field(description="The arithmetic, in English.")
    fingerprint: str = Field(description="sha256 of the published count document.")

    @staticmethod
    def resolve_body(obj: Poll) -> int:
        return obj.body_id

    @staticmethod
    def resolve_motion(obj: Poll) -> int | None:
        return obj.motion_id

    @staticmethod
    def resolve_rule(obj: Poll) -> Any:
        return obj.frozen_rule

    @staticmethod
    def resolve_electorate(obj: Poll) -> Any:
        if not obj.frozen_electorate:
            return None
        return {k: obj.frozen_electorate[k] for k in ("weights", "present")}

    @staticmethod
    def resolve_voted(obj: Poll) -> int:
        return int(getattr(obj, "n_voted", 0))


class MyBallotOut(Schema):
    may_vote_for: list[int] = Field(
        description="Institutions (ids) whose ballot you may still cast in this poll."
    )
    voted: list[int] = Field(description="Institutions (ids) that have voted.")


class BallotIn(Schema):
    institution: int = Field(description="The institution you vote for (its id).")
    choice: str | list[str] = Field(
        description="yes / no / abstain; consent / object; an option or candidate; a list of "
        "candidates in an election to several seats."
    )


class BallotOut(Schema):
    institution: int
    receipt: str = Field(description="The receipt code of a secret ballot; empty when named.")


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _reader(request: HttpRequest) -> User:
    if not request.user.has_perm("governance.view"):
        raise HttpError(403, _("Governance is for the Secretariat, coordinators and body members."))
    return _user(request)


def _poll(request: HttpRequest, pk: int) -> Poll:
    poll = queries.poll_for_page(pk)
    if poll is None:
        raise HttpError(404, _("No poll has this number."))
    return poll


def _body_out(body: Body, on: datetime.date) -> dict[str, Any]:
    return {
        "id": body.pk,
        "kind": body.kind,
        "name": body.name,
        "on": on,
        "seats": [
            {
                "institution": s.institution.slug,
                "holder": s.holder.full_name,
                "alternate": s.alternate.full_name if s.alternate else None,
                "weight": s.weight,
                "start": s.start,
                "end": s.end,
            }
            for s in queries.seats_on(body, on)
        ],
        "officers": [
            {"kind": o.kind, "person": o.person.full_name, "start": o.start, "end": o.end}
            for o in queries.offices_on(body, on)
        ],
    }


@router.get("/governance/bodies", response=list[BodyOut], summary="Governing bodies")
def body_list(request: HttpRequest) -> list[dict[str, Any]]:
    """Every body with the seats and officers of today."""
    _reader(request)
    today = timezone.localdate()
    return [_body_out(body, today) for body in queries.bodies(today)]


@router.get("/governance/polls", response=list[PollOut], summary="Polls")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def poll_list(request: HttpRequest) -> Any:
    """Every poll, newest first, with its frozen rule and, once closed, its result."""
    _reader(request)
    return queries.polls()


@router.get("/governance/polls/{pk}", response=PollOut, summary="One poll")
def poll_detail(request: HttpRequest, pk: int) -> Poll:
    """One poll, with its result, arithmetic and fingerprint once closed."""
    _reader(request)
    return _poll(request, pk)


@router.get(
    "/governance/polls/{pk}/ballot",
    response=MyBallotOut,
    summary="Your ballot in a poll",
    auth=governance_vote,
)
def my_ballot(request: HttpRequest, pk: int) -> dict[str, list[int]]:
    """The institutions whose ballot you may still cast in the poll, and those that voted."""
    _reader(request)
    poll = _poll(request, pk)
    voted = sorted(queries.voters_of(poll).values_list("institution_id", flat=True))
    casting = queries.may_cast_for(queries.person_of(request.user), poll)
    open_ = poll.status == PollStatus.OPEN
    return {"may_vote_for": sorted(i for i in casting if open_ and i not in voted), "voted": voted}


@router.post(
    "/governance/polls/{pk}/ballot",
    response={201: BallotOut},
    summary="Cast a ballot",
    auth=governance_vote,
)
def ballot_cast(request: HttpRequest, pk: int, ballot: BallotIn) -> Status[dict[str, Any]]:
    """Cast the ballot of an institution. 422 with the reason for any refusal: poll not open,
    institution outside the frozen electorate or not present, caller not its seat holder,
    alternate or proxy, a second ballot, an unknown choice."""
    user = _reader(request)
    poll = _poll(request, pk)
    institution = Institution.objects.filter(pk=ballot.institution).first()
    if institution is None:
        raise HttpError(422, _("No institution has this number."))
    try:
        receipt = cast_ballot(poll, actor=user, institution=institution, choice=ballot.choice)
    except ValidationError as exc:
        raise HttpError(422, " ".join(exc.messages)) from None
    return Status(201, {"institution": institution.pk, "receipt": receipt})
