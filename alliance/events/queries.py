"""Reads of events, sessions and registrations, shared by pages, the API, exports and the
report. Sections per entity; each function already scoped to what the user may see."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from alliance.core.hashing import hash_secret as hash_feed_secret
from alliance.core.middleware import valid_time_zone
from alliance.core.models import User
from alliance.core.multilingual import pick
from alliance.events.enums import (
    ACTIVE,
    SEATED,
    EventStatus,
    LetterStatus,
    QuestionKind,
    RegistrationStatus,
    Visibility,
)
from alliance.events.models import (
    Answer,
    CalendarFeed,
    DelegateCode,
    Event,
    LetterRequest,
    Question,
    Quota,
    Registration,
    Room,
    Session,
    SessionPerson,
    SessionRegistration,
)
from alliance.members.enums import Relation, Role
from alliance.members.models import Institution, Position
from alliance.members.queries import NextTask
from alliance.members.rules import institutions_where, is_secretariat, roles_of

# --- exports ---------------------------------------------------------------------------------


def registrations_for_export(event: Any, *, institution_ids: set[int] | None = None) -> Any:
    """Registrations holding or waiting for a seat, with institution and answers loaded;
    limited to some institutions (a coordinator's delegation) when given."""
    from django.db.models import Prefetch

    from alliance.events.enums import ACTIVE
    from alliance.events.models import Answer, Registration

    qs = (
        Registration.objects.filter(event=event, status__in=ACTIVE)
        .select_related("institution")
        .prefetch_related(
            "institution__names",
            Prefetch("answers", queryset=Answer.objects.select_related("question")),
        )
        .order_by("institution__name", "name", "pk")
    )
    if institution_ids is not None:
        qs = qs.filter(institution_id__in=institution_ids)
    return qs


# --- events: the calendar, event pages, timetable, feeds, home page (views/events.py, api.py) ---


def events_visible_to(user: Any) -> QuerySet[Event]:
    """The events ``user`` may see, as one query: the rule ``events.view_event`` (drafts for
    the Secretariat; public ones for all; members-only ones for people of member and observer
    institutions; invitation-only ones for those holding a registration or a quota)."""
    from alliance.events.rules import acts_for_a_member  # the rule's own test of membership

    qs = Event.objects.all()
    if is_secretariat(user):
        return qs
    seen = Q(visibility=Visibility.PUBLIC)
    if acts_for_a_member(user):
        seen |= Q(visibility=Visibility.MEMBERS)
    if user is not None and user.is_authenticated:
        mine = institutions_where(user, Role.COORDINATOR)
        registered = Exists(Registration.objects.filter(event=OuterRef("pk"), user=user))
        delegation = Exists(Quota.objects.filter(event=OuterRef("pk"), institution__in=mine))
        seen |= Q(visibility=Visibility.INVITATION) & (Q(registered) | Q(delegation))
    return qs.exclude(status=EventStatus.DRAFT).filter(seen)


def events_managed_by(user: Any) -> QuerySet[Event]:
    """The events ``user`` organises (rule ``events.manage_event``): every event for the
    Secretariat, their hosted ones for a host's coordinator."""
    if is_secretariat(user):
        return Event.objects.all()
    return Event.objects.filter(host_id__in=institutions_where(user, Role.COORDINATOR))


@dataclass(frozen=True)
class CalendarFilter:
    kind: str = ""
    host: str = ""  # an institution's slug: hosted or co-hosted
    when: str = "upcoming"  # "upcoming", "past" or "all"


def _with_hosts(qs: QuerySet[Event]) -> QuerySet[Event]:
    return qs.select_related("host", "parent").prefetch_related(
        "host__names", Prefetch("co_hosts", queryset=Institution.objects.prefetch_related("names"))
    )


def calendar_events(
    user: Any, filters: CalendarFilter | None = None, *, now: datetime.datetime | None = None
) -> QuerySet[Event]:
    """The alliance calendar: events ``user`` may see, main events with their visible
    sub-events (``visible_sub_events``); a sub-event is listed on its own only when its main
    event is hidden from the user. Upcoming ones soonest first, past ones latest first."""
    visible = events_visible_to(user)
    qs = visible.filter(Q(parent__isnull=True) | ~Q(parent__in=visible.values("pk")))
    return _filtered(qs, filters or CalendarFilter(), now or timezone.now()).prefetch_related(
        Prefetch(
            "sub_events",
            queryset=visible.order_by("starts_at", "pk"),
            to_attr="visible_sub_events",
        )
    )


def events_for_api(
    user: Any, filters: CalendarFilter | None = None, *, now: datetime.datetime | None = None
) -> QuerySet[Event]:
    """Every event ``user`` may see, main events and sub-events alike, filtered as the
    calendar is, with their hosts and main event."""
    return _filtered(events_visible_to(user), filters or CalendarFilter(), now or timezone.now())


def _filtered(
    qs: QuerySet[Event], filters: CalendarFilter, now: datetime.datetime
) -> QuerySet[Event]:
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.host:
        hosted = Event.objects.filter(
            Q(host__slug=filters.host) | Q(co_hosts__slug=filters.host)
        ).values("pk")
        qs = qs.filter(pk__in=hosted)
    if filters.when == "past":
        qs = qs.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    elif filters.when == "all":
        qs = qs.order_by("starts_at", "pk")
    else:
        qs = qs.filter(ends_at__gte=now).order_by("starts_at", "pk")
    return _with_hosts(qs)


def upcoming_events(user: Any, limit: int = 5) -> list[Event]:
    """The next few events ``user`` may see, for the home page."""
    return list(calendar_events(user)[:limit])


def event_hosts() -> QuerySet[Institution]:
    """Institutions that host or co-host an event: the calendar's host filter."""
    return (
        Institution.objects.filter(
            Q(pk__in=Event.objects.values("host_id"))
            | Q(pk__in=Event.co_hosts.through.objects.values("institution_id"))
        )
        .prefetch_related("names")
        .order_by("name")
    )


def event_for_page(slug: str, user: Any) -> Event:
    """One event with its hosts, main event and the sub-events ``user`` may see
    (``visible_sub_events``), or Event.DoesNotExist. Whether ``user`` may see the event itself
    is the rule's to say."""
    return (
        _with_hosts(Event.objects.filter(slug=slug))
        .prefetch_related(
            Prefetch(
                "sub_events",
                queryset=_with_hosts(events_visible_to(user)).order_by("starts_at", "pk"),
                to_attr="visible_sub_events",
            )
        )
        .get()
    )


def sessions_of(event: Event) -> QuerySet[Session]:
    """The event's timetable: sessions in order with their rooms, speakers and chairs."""
    return (
        Session.objects.filter(event=event)
        .select_related("room")
        .prefetch_related(
            Prefetch("people", queryset=SessionPerson.objects.select_related("person"))
        )
        .order_by("starts_at", "ends_at", "pk")
    )


def sessions_by_day(
    event: Event, sessions: Iterable[Session] | None = None
) -> list[tuple[datetime.date, list[Session]]]:
    """Sessions grouped by their day in the event's time zone."""
    zone = valid_time_zone(event.time_zone) or datetime.UTC
    days: dict[datetime.date, list[Session]] = {}
    for session in sessions_of(event) if sessions is None else sessions:
        days.setdefault(timezone.localtime(session.starts_at, zone).date(), []).append(session)
    return list(days.items())


def rooms_of(event: Event) -> QuerySet[Room]:
    return Room.objects.filter(event=event).annotate(session_count=Count("sessions")).order_by("pk")


def calendar_feed_owner(secret: str) -> User | None:
    """The active user whose personal feed address carries ``secret``, or None."""
    if not secret or len(secret) > 100:
        return None
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(secret_hash=hash_feed_secret(secret), user__is_active=True)
        .first()
    )
    return feed.user if feed is not None else None


def calendar_feed_of(user: Any) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user).first() if user.is_authenticated else None


FEED_DAYS_BACK = 365


def feed_events(user: Any, *, now: datetime.datetime | None = None) -> QuerySet[Event]:
    """Events for a calendar feed: those ``user`` may see (public ones for no one), from a
    year back on, with their hosts."""
    since = (now or timezone.now()) - datetime.timedelta(days=FEED_DAYS_BACK)
    return _with_hosts(events_visible_to(user).filter(ends_at__gte=since)).order_by(
        "starts_at", "pk"
    )


FEED_STATUSES = (
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.PENDING,
    RegistrationStatus.OFFERED,
    RegistrationStatus.WAITLISTED,
)


def personal_feed(user: Any) -> tuple[list[Registration], list[Session]]:
    """``user``'s calendar: their registrations that have not ended (cancelled, declined and
    lapsed ones drop out) and the sessions they signed up for or speak, chair or moderate."""
    registrations = list(
        Registration.objects.filter(user=user, status__in=FEED_STATUSES)
        .select_related("event__host")
        .order_by("event__starts_at", "pk")
    )
    sessions = list(
        Session.objects.filter(
            Q(
                pk__in=SessionRegistration.objects.filter(
                    registration__user=user,
                    registration__status__in=FEED_STATUSES,
                ).values("session_id")
            )
            | Q(pk__in=SessionPerson.objects.filter(person__user=user).values("session_id"))
        )
        .exclude(event__status=EventStatus.DRAFT)
        .select_related("event", "room")
        .order_by("starts_at", "pk")
    )
    return registrations, sessions


def registrations_with_positions(user: Any) -> QuerySet[Registration]:
    """``user``'s registrations, newest event first, each with ``waiting_position`` (1 for the
    first in line; None when not waiting) computed in the same query: the rule of
    ``services.registrations.waiting_position`` as a subquery."""
    waiting = RegistrationStatus.WAITLISTED
    ahead = (
        Registration.objects.filter(event_id=OuterRef("event_id"), status=waiting)
        .filter(
            Q(waitlisted_at__lt=OuterRef("waitlisted_at"))
            | Q(waitlisted_at=OuterRef("waitlisted_at"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("event_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    position = Case(
        When(
            status=waiting,
            waitlisted_at__isnull=False,
            then=Coalesce(Subquery(ahead, output_field=IntegerField()), Value(0)) + Value(1),
        ),
        default=Value(None),
        output_field=IntegerField(),
    )
    return (
        Registration.objects.filter(user=user)
        .select_related("event", "institution")
        .annotate(waiting_position=position)
        .order_by("-event__starts_at", "-pk")
    )


def next_tasks(user: Any) -> list[NextTask]:
    """What the events domain asks of ``user`` now: registrations awaiting their approval at
    the events they organise, and seats offered to them that lapse soon."""
    from django.urls import reverse
    from django.utils.formats import date_format
    from django.utils.translation import ngettext

    if not user.is_authenticated:
        return []
    tasks: list[NextTask] = []
    if is_secretariat(user) or institutions_where(user, Role.COORDINATOR):
        pending = (
            Registration.objects.filter(
                status=RegistrationStatus.PENDING,
                event__in=events_managed_by(user).values("pk"),
            )
            .values("event__slug", "event__title", "event__starts_at")
            .annotate(n=Count("pk"))
            .order_by("event__starts_at", "event__slug")
        )
        for row in pending:
            tasks.append(
                NextTask(
                    ngettext(
                        "%(n)s registration awaits your approval: %(event)s",
                        "%(n)s registrations await your approval: %(event)s",
                        row["n"],
                    )
                    % {"n": row["n"], "event": pick(row["event__title"])},
                    reverse("events:registrations", args=[row["event__slug"]]),
                )
            )
    offers = Registration.objects.filter(
        user=user, status=RegistrationStatus.OFFERED, offered_until__gt=timezone.now()
    ).select_related("event")
    for registration in offers.order_by("offered_until", "pk"):
        until = timezone.localtime(registration.offered_until)
        tasks.append(
            NextTask(
                _("Your seat offer for %(event)s lapses at %(time)s")
                % {
                    "event": registration.event,
                    "time": date_format(until, "DATETIME_FORMAT"),
                },
                reverse("events:my_registration", args=[registration.event.slug]),
            )
        )
    return tasks


# --- registrations: the form, my registration, organiser lists, delegations
#     (views/registrations.py) ---


def questions_of(event: Event) -> QuerySet[Question]:
    """The event's registration questions in form order, each with the question it depends on."""
    return Question.objects.filter(event=event).select_related("show_if").order_by("position", "pk")


def own_institution_ids(user: Any) -> list[int]:
    """Institutions the user acts for (roles) or works at today (positions), roles first."""
    ids = [inst for _role, inst in roles_of(user) if inst is not None]
    today = timezone.localdate()
    ids += Position.objects.filter(
        Q(end__isnull=True) | Q(end__gte=today), person__user=user, start__lte=today
    ).values_list("institution_id", flat=True)
    return list(dict.fromkeys(ids))


def quota_institutions(event: Event) -> QuerySet[Institution]:
    """The institutions with a delegate quota at the event, names prefetched."""
    return (
        Institution.objects.filter(event_quotas__event=event)
        .prefetch_related("names")
        .order_by("name")
    )


def registration_of(event: Event, user: Any) -> Registration | None:
    """The user's registration for the event: the active one, else the one that ended last."""
    return (
        Registration.objects.filter(event=event, user=user)
        .select_related("institution", "event")
        .annotate(
            ended=Case(
                When(status__in=[s.value for s in ACTIVE], then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("ended", "-created_at", "-pk")
        .first()
    )


def answer_text(answer: Answer) -> str:
    """An answer as the reader should see it: choice labels in their language, country names,
    the name of an uploaded file."""
    question, value = answer.question, answer.value
    labels = {c.get("value"): pick(c.get("label")) for c in question.choices or []}
    if question.kind == QuestionKind.CONSENT:
        return _("Yes") if value else _("No")
    if question.kind == QuestionKind.CHOICE:
        return labels.get(value, str(value or ""))
    if question.kind == QuestionKind.MULTIPLE:
        return ", ".join(labels.get(v, str(v)) for v in value or [])
    if question.kind == QuestionKind.COUNTRY:
        return str(countries.name(value) or value or "")
    if question.kind == QuestionKind.FILE:
        return str((value or {}).get("name", "")) if isinstance(value, dict) else ""
    return "" if value is None else str(value)


def answers_shown(registration: Registration) -> list[tuple[str, str]]:
    """(question, answer) pairs of a registration, in form order, in the reader's language."""
    answers = (
        Answer.objects.filter(registration=registration)
        .select_related("question")
        .order_by("question__position", "question__pk")
    )
    return [(pick(a.question.label), answer_text(a)) for a in answers]


@dataclass(frozen=True)
class RegistrationFilter:
    status: str = ""
    institution: str = ""  # an institution's slug


def registrations_for_organiser(
    event: Event, filters: RegistrationFilter
) -> QuerySet[Registration]:
    """Every registration of the event for its organisers, oldest first, filtered."""
    registrations = (
        Registration.objects.filter(event=event)
        .select_related("institution", "user")
        .prefetch_related("institution__names")
        .order_by("created_at", "pk")
    )
    if filters.status:
        registrations = registrations.filter(status=filters.status)
    if filters.institution:
        registrations = registrations.filter(institution__slug=filters.institution)
    return registrations


def waiting_positions(event: Event) -> dict[int, int]:
    """Registration id -> place in the waiting line (1 for the first), as waiting_position()."""
    line = (
        Registration.objects.filter(event=event, status=RegistrationStatus.WAITLISTED)
        .order_by("waitlisted_at", "pk")
        .values_list("pk", flat=True)
    )
    return {pk: place for place, pk in enumerate(line, start=1)}


@dataclass(frozen=True)
class DelegationCount:
    """Registrations of one institution (None: registered without one) against its quota."""

    institution: Institution | None
    quota: int | None
    confirmed: int = 0
    pending: int = 0
    offered: int = 0
    waiting: int = 0

    @property
    def held(self) -> int:
        return self.confirmed + self.pending + self.offered

    @property
    def full(self) -> bool:
        return self.quota is not None and self.held >= self.quota


def delegation_counts(event: Event) -> list[DelegationCount]:
    """Per institution with a quota or a registration: confirmed, pending, offered and waiting
    registrations, and the quota. Three queries however many institutions."""
    S = RegistrationStatus
    counted: dict[int | None, dict[str, Any]] = {
        row["institution_id"]: dict(row)
        for row in Registration.objects.filter(event=event)
        .values("institution_id")
        .annotate(
            confirmed=Count("pk", filter=Q(status=S.CONFIRMED)),
            pending=Count("pk", filter=Q(status=S.PENDING)),
            offered=Count("pk", filter=Q(status=S.OFFERED)),
            waiting=Count("pk", filter=Q(status=S.WAITLISTED)),
        )
        .order_by()
    }
    quotas = {q.institution_id: q.seats for q in Quota.objects.filter(event=event)}
    ids = {i for i in [*counted, *quotas] if i is not None}
    institutions = Institution.objects.filter(pk__in=ids).prefetch_related("names").order_by("name")
    rows = [*institutions, None] if None in counted else list(institutions)
    result = []
    for institution in rows:
        key = institution.pk if institution else None
        row = counted.get(key, {})
        result.append(
            DelegationCount(
                institution=institution,
                quota=quotas.get(key) if key is not None else None,
                confirmed=row.get("confirmed", 0),
                pending=row.get("pending", 0),
                offered=row.get("offered", 0),
                waiting=row.get("waiting", 0),
            )
        )
    return result


def delegations_visible_to(user: Any, event: Event) -> QuerySet[Quota]:
    """The quotas (delegations) of the event the user leads: all for the Secretariat, their own
    institutions' for a coordinator."""
    quotas = (
        Quota.objects.filter(event=event)
        .select_related("institution")
        .prefetch_related("institution__names")
        .order_by("institution__name")
    )
    if is_secretariat(user):
        return quotas
    return quotas.filter(institution__in=institutions_where(user, Role.COORDINATOR))


def delegation_registrations(event: Event, institution: Institution) -> QuerySet[Registration]:
    """The institution's delegates at the event: holding a seat or waiting for one."""
    return Registration.objects.filter(
        event=event, institution=institution, status__in=[s.value for s in ACTIVE]
    ).order_by("created_at", "pk")


def delegation_codes(event: Event, institution: Institution) -> QuerySet[DelegateCode]:
    """The institution's delegate codes for the event, newest first, with who used each."""
    return (
        DelegateCode.objects.filter(event=event, institution=institution)
        .select_related("registration")
        .order_by("-created_at", "-pk")
    )


def user_with_email(email: str) -> User | None:
    """The account with this address (case does not matter), if there is one."""
    return User.objects.filter(email__iexact=email.strip()).first()


def institutions_for_quotas(event: Event) -> list[tuple[Institution, int]]:
    """Every member institution, and any other holding a quota at the event, with its seats
    (0 for none): the rows of the quota page."""
    seats = dict(Quota.objects.filter(event=event).values_list("institution_id", "seats"))
    institutions = (
        Institution.objects.filter(Q(relation=Relation.MEMBER) | Q(pk__in=list(seats)))
        .prefetch_related("names")
        .order_by("name")
    )
    return [(institution, seats.get(institution.pk, 0)) for institution in institutions]


def institutions_for_delegates() -> QuerySet[Institution]:
    """Institutions a registration may stand for: members and observers (for the Secretariat's
    registration beyond a quota)."""
    return (
        Institution.objects.filter(relation__in=(Relation.MEMBER, Relation.OBSERVER))
        .prefetch_related("names")
        .order_by("name")
    )


# --- documents: letters, badges, check-in, attendance, certificates (views/documents.py) ---


def letters_for_review(event: Event) -> QuerySet[LetterRequest]:
    """The event's letter requests for the Secretariat: those waiting first, then the rest,
    oldest first, with registrant and institution loaded (never decrypted here)."""
    waiting_first = Case(
        When(status=LetterStatus.REQUESTED, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        LetterRequest.objects.filter(registration__event=event)
        .select_related("registration__institution", "registration__user")
        .prefetch_related("registration__institution__names")
        .order_by(waiting_first, "created_at", "pk")
    )


def letter_at(event: Event, pk: int) -> LetterRequest:
    """One letter request of the event, or LetterRequest.DoesNotExist."""
    return (
        LetterRequest.objects.select_related(
            "registration__event", "registration__institution", "registration__user"
        )
        .prefetch_related("registration__institution__names")
        .get(registration__event=event, pk=pk)
    )


def letter_of(registration: Registration) -> LetterRequest | None:
    return LetterRequest.objects.filter(registration=registration).first()


def badge_registrations(event: Event) -> QuerySet[Registration]:
    """Confirmed registrations, by institution then name: the badges to print."""
    return (
        Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)
        .select_related("institution")
        .prefetch_related("institution__names")
        .order_by("institution__name", "name", "pk")
    )


def session_roles(event: Event) -> dict[int, set[str]]:
    """User id -> the roles (speaker, chair, moderator) they hold in the event's sessions."""
    roles: dict[int, set[str]] = {}
    rows = SessionPerson.objects.filter(
        session__event=event, person__user__isnull=False
    ).values_list("person__user_id", "role")
    for user_id, role in rows:
        roles.setdefault(user_id, set()).add(role)
    return roles


@dataclass(frozen=True)
class CheckInCounts:
    confirmed: int
    checked_in: int


def check_in_counts(event: Event) -> CheckInCounts:
    """How many confirmed registrants there are and how many of them have come."""
    counts = Registration.objects.filter(
        event=event, status=RegistrationStatus.CONFIRMED
    ).aggregate(
        confirmed=Count("pk"), checked_in=Count("pk", filter=Q(checked_in_at__isnull=False))
    )
    return CheckInCounts(counts["confirmed"], counts["checked_in"])


@dataclass(frozen=True)
class AttendanceGroup:
    """The confirmed registrants of one institution (None: registered without one)."""

    institution: Institution | None
    people: list[Registration]

    @property
    def came(self) -> int:
        return sum(1 for r in self.people if r.checked_in_at is not None)


def attendance(event: Event) -> list[AttendanceGroup]:
    """Confirmed registrants grouped by institution (by name; those without one last), those
    who came first in each group, with the time they came."""
    groups: dict[int | None, AttendanceGroup] = {}
    came_first = Case(
        When(checked_in_at__isnull=False, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    registrations = badge_registrations(event).order_by(
        "institution__name", came_first, "name", "pk"
    )
    for registration in registrations:
        key = registration.institution_id
        if key not in groups:
            groups[key] = AttendanceGroup(registration.institution, [])
        groups[key].people.append(registration)
    return sorted(
        groups.values(), key=lambda g: (g.institution is None, g.institution and g.institution.name)
    )


# --- session seats ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionSeats:
    """For a timetable: seats taken per session, and the sessions the viewer has joined."""

    taken: dict[int, int]
    joined: set[int]
    registration: Registration | None


def session_seats(event: Event, user: Any) -> SessionSeats:
    taken = dict(
        SessionRegistration.objects.filter(session__event=event)
        .values_list("session_id")
        .annotate(n=Count("pk"))
        .values_list("session_id", "n")
    )
    registration = None
    joined: set[int] = set()
    if user.is_authenticated:
        registration = Registration.objects.filter(
            event=event, user=user, status__in=SEATED
        ).first()
        if registration is not None:
            joined = set(registration.sessions.values_list("session_id", flat=True))
    return SessionSeats(taken, joined, registration)


# --- the person's own data (the privacy export) ---------------------------------------------


def personal_data(user: User) -> dict[str, Any]:
    """Every registration of the person: the event, the state, what they answered, the sessions
    they chose, and their invitation-letter request with the passport details they gave."""
    from alliance.events.services.letters import passport_details

    registrations = (
        Registration.objects.filter(user=user)
        .select_related("event", "institution", "letter")
        .prefetch_related("answers__question", "sessions__session")
        .order_by("created_at", "pk")
    )
    result = []
    for r in registrations:
        letter = getattr(r, "letter", None)
        details = passport_details(letter) if letter is not None else None
        result.append(
            {
                "event": pick(r.event.title),
                "status": r.status,
                "name": r.name,
                "email": r.email,
                "institution": r.institution.name if r.institution else None,
                "registered_at": r.created_at.isoformat(),
                "checked_in_at": r.checked_in_at.isoformat() if r.checked_in_at else None,
                "answers": {a.question.key: a.value for a in r.answers.all()},
                "sessions": [pick(s.session.title) for s in r.sessions.all()],
                "letter": None
                if letter is None
                else {
                    "status": letter.status,
                    "number": letter.number,
                    "passport": None
                    if details is None
                    else {k: str(v) for k, v in details.items()},
                },
            }
        )
    return {"registrations": result}


def names_used_by(user: User) -> list[str]:
    """The names the person registered under (the name on the badge may differ from the
    account's)."""
    return sorted(set(Registration.objects.filter(user=user).values_list("name", flat=True)))
