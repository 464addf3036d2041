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
from alliance.governance import queries, register  # register: decisions
from alliance.governance.enums import BodyKind, PollKind, PollStatus, Secrecy
from alliance.governance.models import Body, Decision, Poll
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


# --- constitution ---------------------------------------------------------------------------
# The constitution and its history are public, like the member directory: no token is needed; a
# token that is sent must be good and carry governance:read.

from alliance.governance import queries_constitution  # noqa: E402
from alliance.governance.models import ConstitutionVersion  # noqa: E402

governance_read_or_anonymous = TokenAuth(TokenScope.GOVERNANCE_READ, anonymous=True)
PUBLIC: dict[str, Any] = {"security": [{}]}


class ConstitutionVersionOut(Schema):
    number: int
    adopted_on: datetime.date
    motion: int | None = Field(description="The motion that adopted it (id), if any.")
    poll: int | None = Field(description="The closed poll that adopted it (id), if any.")
    note: str = Field(description="How it was adopted, when no motion did (the founding text).")

    @staticmethod
    def resolve_motion(obj: ConstitutionVersion) -> int | None:
        return obj.motion_id

    @staticmethod
    def resolve_poll(obj: ConstitutionVersion) -> int | None:
        return obj.poll_id


class ClauseOut(Schema):
    key: str = Field(description="Stays the same from version to version.")
    number: str = Field(description="“5” for an article, “5.2” for its second clause.")
    parent: str | None = Field(description="The key of the article a clause belongs to.")
    heading: str
    text: str


class ConstitutionOut(ConstitutionVersionOut):
    clauses: list[ClauseOut] = Field(description="Articles and clauses in reading order.")

    @staticmethod
    def resolve_clauses(obj: ConstitutionVersion) -> list[dict[str, Any]]:
        keys: dict[int, str] = {}
        clauses = []
        for c in queries_constitution.clauses_of(obj):
            keys[c.pk] = c.key
            clauses.append(
                {
                    "key": c.key,
                    "number": c.number,
                    "parent": keys.get(c.parent_id) if c.parent_id else None,
                    "heading": c.heading,
                    "text": c.text,
                }
            )
        return clauses


@router.get(
    "/governance/constitution",
    response=ConstitutionOut,
    summary="The constitution in force",
    auth=governance_read_or_anonymous,
    openapi_extra=PUBLIC,
)
def constitution_current(request: HttpRequest) -> ConstitutionVersion:
    """The current version with its articles and clauses. 404 before the founding version."""
    version = queries_constitution.current_version()
    if version is None:
        raise HttpError(404, _("The constitution has not been entered yet."))
    return version


@router.get(
    "/governance/constitution/versions",
    response=list[ConstitutionVersionOut],
    summary="Versions of the constitution",
    auth=governance_read_or_anonymous,
    openapi_extra=PUBLIC,
)
def constitution_versions(request: HttpRequest) -> Any:
    """Every version, newest first, with the decision that adopted it."""
    return queries_constitution.versions()


# --- admissions and fees --------------------------------------------------------------------
# Applications are the Secretariat's (403 for anyone else); invoices are scoped to what the token
# owner may see: every invoice for the Secretariat, its own institutions' for a coordinator.

from decimal import Decimal  # noqa: E402

from alliance.governance.enums import (  # noqa: E402
    AdmissionStatus,
    InvoiceStatus,
    MembershipCategory,
)
from alliance.governance.models import AdmissionApplication, Invoice  # noqa: E402


class AdmissionOut(Schema):
    id: int
    institution_name: str
    country: str
    ror_id: str
    category: MembershipCategory = Field(description="What the university asks to become.")
    status: AdmissionStatus
    submitted_at: datetime.datetime | None
    review_body: int | None = Field(description="The working group reviewing it (id).")
    recommendations: int = Field(description="How many members of the group recommended.")
    motion: int | None = Field(description="The Board motion deciding it (id).")
    institution: str | None = Field(description="Its slug in the member registry, once admitted.")
    decided_on: datetime.date | None

    @staticmethod
    def resolve_country(obj: AdmissionApplication) -> str:
        return str(obj.country)

    @staticmethod
    def resolve_review_body(obj: AdmissionApplication) -> int | None:
        return obj.review_body_id

    @staticmethod
    def resolve_recommendations(obj: AdmissionApplication) -> int:
        return int(getattr(obj, "n_recommendations", 0))

    @staticmethod
    def resolve_motion(obj: AdmissionApplication) -> int | None:
        return obj.motion_id

    @staticmethod
    def resolve_institution(obj: AdmissionApplication) -> str | None:
        return obj.institution.slug if obj.institution else None


class InvoiceOut(Schema):
    id: int
    number: str
    year: int
    institution: str = Field(description="The institution's slug.")
    category: MembershipCategory
    amount: Decimal
    currency: str
    paid: Decimal
    balance: Decimal
    issued_on: datetime.date
    due_on: datetime.date
    status: InvoiceStatus = Field(description="“overdue” when issued, still owed and past due.")

    @staticmethod
    def resolve_institution(obj: Invoice) -> str:
        return obj.institution.slug

    @staticmethod
    def resolve_paid(obj: Invoice) -> Decimal:
        return obj.paid_amount

    @staticmethod
    def resolve_balance(obj: Invoice) -> Decimal:
        return obj.balance

    @staticmethod
    def resolve_status(obj: Invoice) -> str:
        return obj.current_status


@router.get("/governance/admissions", response=list[AdmissionOut], summary="Admission applications")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def admission_list(request: HttpRequest) -> Any:
    """Every application to become a member or observer, newest first (the Secretariat only)."""
    if not request.user.has_perm("governance.manage_admissions"):
        raise HttpError(403, _("Admission applications are for the Secretariat."))
    return queries.applications()


@router.get("/governance/invoices", response=list[InvoiceOut], summary="Membership fee invoices")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def invoice_list(request: HttpRequest, year: int | None = None) -> Any:
    """Fee invoices you may see, newest year first: all of them for the Secretariat, your own
    institutions' for a coordinator. ``year`` keeps one year."""
    if not request.user.has_perm("governance.view_invoices"):
        raise HttpError(403, _("Invoices are for the Secretariat and the members' coordinators."))
    rows = queries.invoices_visible_to(request.user)
    return rows.filter(year=year) if year else rows


# --- the decision register ---


class DecisionOut(Schema):
    reference: str = Field(description='Numbered per body and year, e.g. "Board 2027/3".')
    body: str
    year: int
    number: int
    decided_on: datetime.date
    meeting: int | None = Field(description="The meeting's id; empty for a written resolution.")
    written: bool = Field(description="Taken by written resolution, between meetings.")
    poll: int
    motion: int | None
    title: str
    text: str
    result: str = Field(description="adopted, rejected, decided or undecided.")
    result_line: str = Field(description="The outcome and the votes for each choice.")
    explanation: list[str] = Field(description="The arithmetic, in English.")

    @staticmethod
    def resolve_body(obj: Decision) -> str:
        return obj.body.name

    @staticmethod
    def resolve_meeting(obj: Decision) -> int | None:
        return obj.meeting_id

    @staticmethod
    def resolve_poll(obj: Decision) -> int:
        return obj.poll_id

    @staticmethod
    def resolve_motion(obj: Decision) -> int | None:
        return obj.motion_id

    @staticmethod
    def resolve_result_line(obj: Decision) -> str:
        return register.result_line(obj.outcome, obj.counts)


@router.get("/governance/decisions", response=list[DecisionOut], summary="Decision register")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def decision_list(
    request: HttpRequest,
    q: str = "",
    body: int | None = None,
    year: int | None = None,
    result: str = "",
) -> Any:
    """Every decision, newest first: closed polls of meetings and written resolutions. Filter
    by words (all must appear in the title or text), a body's id, a year, a result."""
    _reader(request)
    return register.decisions(words=q, body=body, year=year, result=result)
