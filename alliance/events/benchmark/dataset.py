"""The benchmark's data, made through the services where the site would make it (institutions,
the event, its quotas and questions) and in bulk where only the count matters (the people and
their sessions). Import after ``django.setup()``.

The people are logged in by sessions written straight into the session table, signed with the
server's secret key, as a login would leave them: no password is hashed anywhere (their
passwords are unusable), so the server's password hasher is left as it is.
"""

from __future__ import annotations

import datetime
import math
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.crypto import get_random_string

from alliance.core.models import User
from alliance.events.benchmark.clients import Person
from alliance.events.enums import HOLDS_SEAT, EventKind, EventStatus, QuestionKind, Visibility
from alliance.events.models import Registration
from alliance.events.services.events import create_event
from alliance.events.services.questions import add_question
from alliance.events.services.registrations import set_quotas
from alliance.members.services.bench import bench_members

SLUG = "registration-bench"
MEMBERS = 15
BATCH = 1000
SESSION_KEY_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789"


@dataclass(frozen=True)
class Plan:
    """What the rush needs: the event, its quotas, and the people in the order they come."""

    event_id: int
    slug: str
    seats: int
    quotas: dict[int, int]
    people: list[Person]
    user_ids: list[int]

    def expected_confirmed(self) -> int:
        """Seats that can be filled: the capacity, unless the people of each member (taken in
        turn) are too few to fill their quotas up to it."""
        coming = Counter(p.institution_id for p in self.people)
        fillable = sum(min(seats, coming[inst]) for inst, seats in self.quotas.items())
        return min(self.seats, fillable)


def prepare(*, seats: int, attempts: int) -> Plan:
    """15 member institutions, a published event with ``seats`` seats and a quota of
    ceil(seats / 15) + 2 for each member (together more than the seats, so the capacity is what
    binds), a registration form with two questions, and ``attempts`` people with a session each,
    coming for the members in turn."""
    now = timezone.now()
    with transaction.atomic():
        actor = User.objects.create_user("secretariat@bench.invalid", None, full_name="Bench")
        members = bench_members(MEMBERS, actor=actor)
        event = create_event(
            actor=actor,
            data={
                "slug": SLUG,
                "kind": EventKind.STUDENT_FORUM,
                "title": {"en": "Registration benchmark", "zh-hans": "注册基准测试"},
                "host": members[0],
                "time_zone": "Asia/Singapore",
                "starts_at": now + datetime.timedelta(days=30),
                "ends_at": now + datetime.timedelta(days=32),
                "visibility": Visibility.PUBLIC,
                "status": EventStatus.PUBLISHED,
                "registration_opens_at": now - datetime.timedelta(hours=1),
                "capacity": seats,
                "quota_applies": True,
            },
        )
        per_member = math.ceil(seats / MEMBERS) + 2
        set_quotas(event, actor=actor, seats=[(m, per_member) for m in members])
        add_question(
            event,
            actor=actor,
            kind=QuestionKind.TEXT,
            key="dietary_needs",
            label={"en": "Dietary needs", "zh-hans": "饮食需求"},
            for_host=True,
        )
        add_question(
            event,
            actor=actor,
            kind=QuestionKind.CONSENT,
            key="code_of_conduct",
            label={"en": "I accept the code of conduct.", "zh-hans": "我接受行为准则。"},
            required=True,
        )
    users = _users(attempts)
    keys = _sessions(users, now)
    people = [
        Person(key, members[n % MEMBERS].pk, user.full_name)
        for n, (user, key) in enumerate(zip(users, keys, strict=True))
    ]
    return Plan(
        event_id=event.pk,
        slug=event.slug,
        seats=seats,
        quotas={m.pk: per_member for m in members},
        people=people,
        user_ids=[u.pk for u in users],
    )


def _users(count: int) -> list[User]:
    users = [
        User(
            email=f"registrant{n:05d}@bench.invalid",
            full_name=f"Registrant {n:05d}",
            password=make_password(None),  # unusable: they never log in with a password
        )
        for n in range(count)
    ]
    with transaction.atomic():
        return User.objects.bulk_create(users, batch_size=BATCH)


def _sessions(users: list[User], now: datetime.datetime) -> list[str]:
    """A logged-in session for each user, as ``django.contrib.auth.login`` would store it."""
    store = SessionStore()
    backend = "django.contrib.auth.backends.ModelBackend"
    assert backend in settings.AUTHENTICATION_BACKENDS
    expires = now + datetime.timedelta(days=1)
    rows = [
        Session(
            session_key=get_random_string(32, SESSION_KEY_CHARS),
            session_data=store.encode(
                {
                    SESSION_KEY: str(user.pk),
                    BACKEND_SESSION_KEY: backend,
                    HASH_SESSION_KEY: user.get_session_auth_hash(),
                }
            ),
            expire_date=expires,
        )
        for user in users
    ]
    with transaction.atomic():
        Session.objects.bulk_create(rows, batch_size=BATCH)
    return [row.session_key for row in rows]


@dataclass(frozen=True)
class Tally:
    """What the database holds after the rush."""

    by_status: dict[str, int]
    by_user: dict[int, str]  # user id -> status of their registration
    over_quota: int  # members holding more seats than their quota (must be 0)
    per_person_max: int  # most registrations any one person has (must be 1)


def tally(plan: Plan) -> Tally:
    rows = Registration.objects.filter(event_id=plan.event_id)
    by_status = dict(rows.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    held = dict(
        rows.filter(status__in=HOLDS_SEAT)
        .values_list("institution_id")
        .annotate(n=Count("pk"))
        .values_list("institution_id", "n")
    )
    over_quota = sum(1 for inst, n in held.items() if n > plan.quotas.get(inst, 0))
    by_user = dict(rows.values_list("user_id", "status"))
    per_person = rows.values("user_id").annotate(n=Count("pk")).order_by("-n").first()
    return Tally(
        by_status=by_status,
        by_user=by_user,
        over_quota=over_quota,
        per_person_max=per_person["n"] if per_person else 0,
    )
