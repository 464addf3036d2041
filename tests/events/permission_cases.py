"""Pages of the events domain in the permission matrix (see tests/permission_matrix.py).
Sections per views module; the ``world`` fixture gives the cast and institutions."""

from tests.permission_matrix import ACTORS, Case, only


def cases(world) -> list:
    result: list = []
    # --- events (views/events.py) ---
    result += event_cases(world)
    # --- registrations (views/registrations.py) ---
    result += registration_cases(world)
    # --- documents (views/documents.py) ---
    result += document_cases(world)
    # --- session seats (views/sessions.py) ---
    result += session_cases(world)
    # --- exports (views/exports.py) ---
    forum = world.student_forum.slug
    delegation = {"secretariat": 200, "coordinator_tsinghua": 200, "coordinator_nus": 200}
    result += [
        only("events:export_participants", f"/events/{forum}/export/participants.csv", delegation),
        # NUS hosts the Student Forum; Tsinghua leads a delegation but does not organise it.
        only(
            "events:export_needs",
            f"/events/{forum}/export/needs.xlsx",
            {"secretariat": 200, "coordinator_nus": 200},
            elsewhere=("coordinator_tsinghua",),
        ),
    ]
    return result


# --- events (views/events.py) ---


def event_cases(world) -> list:
    """The calendar, event pages, timetable, feeds and organiser pages, on a published
    members-only Summit hosted by Tsinghua (with a room, a session and its chair), a public
    lecture and a draft."""
    import datetime

    from django.utils import timezone

    from alliance.events.enums import EventKind, EventStatus, SessionRole, Visibility
    from alliance.events.models import Event
    from alliance.events.services.events import (
        add_room,
        add_session,
        add_session_person,
    )
    from alliance.events.services.feeds import renew_calendar_feed
    from tests.permission_matrix import ACTORS, LOGIN, logged_in, public

    start = timezone.now() + datetime.timedelta(days=90)

    def event(slug: str, **fields) -> Event:
        return Event.objects.create(
            slug=slug,
            kind=fields.pop("kind", EventKind.SUMMIT),
            title={"en": slug},
            starts_at=start,
            ends_at=start + datetime.timedelta(days=2),
            status=fields.pop("status", EventStatus.PUBLISHED),
            **fields,
        )

    summit = event("matrix-summit", host=world.tsinghua, visibility=Visibility.MEMBERS)
    lecture = event("matrix-lecture", kind=EventKind.LECTURE, host=world.nus)
    event("matrix-draft", host=world.tsinghua, status=EventStatus.DRAFT)
    secretariat = world.cast.secretariat
    room = add_room(summit, actor=secretariat, name={"en": "Hall A"})
    session = add_session(
        summit,
        actor=secretariat,
        data={"title": {"en": "Opening"}, "starts_at": start, "ends_at": start, "room": room},
    )
    chair = add_session_person(
        session, actor=secretariat, role=SessionRole.CHAIR, new_person={"full_name": "Chair"}
    )
    _feed, secret = renew_calendar_feed(world.cast.student, actor=world.cast.student)

    s = f"/events/{summit.slug}"
    manage = {"secretariat": 200, "coordinator_tsinghua": 200}
    manage_post = {"secretariat": 302, "coordinator_tsinghua": 302}
    nus = ("coordinator_nus",)
    # Members-only: people of member institutions and alliance-wide roles; not the partner's
    # contact, not someone with no role.
    members = {
        **dict.fromkeys(ACTORS, 200),
        "anonymous": LOGIN,
        "partner": 404,
        "outsider": 404,
    }
    # A draft: the Secretariat, and the host's coordinators who organise it.
    draft = {**dict.fromkeys(ACTORS, 404), "anonymous": LOGIN, **manage}
    return [
        public("events:calendar", "/events/"),
        public("events:calendar_ics", "/events/calendar.ics"),
        logged_in("events:calendar_feed", "/events/my/calendar/"),
        public("events:my_calendar_ics", f"/events/my/{secret}/calendar.ics"),
        Case(
            "events:my_calendar_ics",
            "/events/my/not-a-feed/calendar.ics",
            dict.fromkeys(ACTORS, 404),
        ),
        only("events:event_add", "/events/new/", {"secretariat": 200}),
        public("events:event", f"/events/{lecture.slug}/"),
        Case("events:event", f"{s}/", members),
        Case("events:event", "/events/matrix-draft/", draft),
        Case("events:timetable", f"{s}/timetable/", members),
        public("events:timetable", f"/events/{lecture.slug}/timetable/"),
        Case("events:event_ics", f"{s}/event.ics", members),
        public("events:event_ics", f"/events/{lecture.slug}/event.ics"),
        only("events:event_edit", f"{s}/edit/", manage, elsewhere=nus),
        only("events:event_cancel", f"{s}/cancel/", manage, elsewhere=nus),
        only(
            "events:event_publish",
            "/events/matrix-draft/publish/",
            manage_post,
            elsewhere=nus,
            method="post",
        ),
        only("events:sessions", f"{s}/sessions/", manage, elsewhere=nus),
        only("events:session_edit", f"{s}/sessions/{session.pk}/", manage, elsewhere=nus),
        only(
            "events:session_person_add",
            f"{s}/sessions/{session.pk}/people/add/",
            manage,
            elsewhere=nus,
            method="post",
        ),
        only(
            "events:session_person_remove",
            f"{s}/sessions/{session.pk}/people/{chair.pk}/remove/",
            manage_post,
            elsewhere=nus,
            method="post",
        ),
        only(
            "events:session_delete",
            f"{s}/sessions/{session.pk}/delete/",
            manage_post,
            elsewhere=nus,
            method="post",
        ),
        only("events:rooms", f"{s}/rooms/", manage, elsewhere=nus),
        only("events:room_edit", f"{s}/rooms/{room.pk}/", manage, elsewhere=nus),
        only(
            "events:room_delete",
            f"{s}/rooms/{room.pk}/delete/",
            manage_post,
            elsewhere=nus,
            method="post",
        ),
    ]


# --- registrations (views/registrations.py, views/delegations.py, views/questions.py) ---


def registration_cases(world) -> list:
    """Registration pages on a forum of their own (hosted by NUS, quotas for Tsinghua and NUS,
    the student registered), an event where the reviewer holds an offered seat, the members-only
    Board meeting and a draft."""
    from alliance.events.enums import EventStatus, QuestionKind
    from alliance.events.services.questions import add_question
    from alliance.events.services.registrations import cancel_registration, register
    from tests.events.conftest import make_event
    from tests.permission_matrix import ACTORS, LOGIN, logged_in

    cast = world.cast
    forum = make_event("matrix-registration", host=world.nus, capacity=6, quota_applies=True)
    for institution in (world.tsinghua, world.nus):
        forum.quotas.create(institution=institution, seats=3)
    mine = register(forum, actor=cast.student, name="Student", institution=world.nus)
    question = add_question(
        forum, actor=cast.secretariat, kind=QuestionKind.TEXT, key="diet", label={"en": "Diet"}
    )
    offer = make_event("matrix-offer", capacity=1)
    first = register(offer, actor=cast.outsider, name="Outsider")
    register(offer, actor=cast.reviewer, name="Reviewer")
    cancel_registration(first, actor=cast.outsider)  # the reviewer is offered the seat
    draft = make_event("matrix-registration-draft", status=EventStatus.DRAFT)

    f = f"/events/{forum.slug}"
    thu = world.tsinghua.slug
    organisers = {"secretariat": 200, "coordinator_nus": 200}  # NUS hosts the forum
    organisers_post = {"secretariat": 302, "coordinator_nus": 302}
    tsinghua = ("coordinator_tsinghua",)  # organises another event, not this one
    leads = {"secretariat": 200, "coordinator_tsinghua": 200}
    not_found = {**dict.fromkeys(ACTORS, 404), "anonymous": LOGIN}
    return [
        Case("events:register", f"{f}/register/", {**logged_in("", "").expect, "student": 302}),
        Case(
            "events:register",
            "/events/board-meeting-2027/register/",
            {**logged_in("", "").expect, "partner": 404, "outsider": 404},
        ),
        Case(
            "events:register",
            f"/events/{draft.slug}/register/",
            {**not_found, "secretariat": 200},
        ),
        logged_in("events:my_registration", f"{f}/my/"),
        Case("events:registration_cancel", f"{f}/my/cancel/", {**not_found, "student": 200}),
        Case(
            "events:offer_accept",
            f"/events/{offer.slug}/my/accept/",
            {**not_found, "reviewer": 302},
            method="post",
        ),
        only("events:registrations", f"{f}/registrations/", organisers, elsewhere=tsinghua),
        only(
            "events:register_beyond_quota",
            f"{f}/registrations/beyond-quota/",
            {"secretariat": 200},
            elsewhere=tsinghua,
        ),
        only(
            "events:registration_approve",
            f"{f}/registrations/{mine.pk}/approve/",
            organisers_post,
            elsewhere=tsinghua,
            method="post",
        ),
        only(
            "events:registration_reject",
            f"{f}/registrations/{mine.pk}/reject/",
            organisers_post,
            elsewhere=tsinghua,
            method="post",
        ),
        only(
            "events:delegation",
            f"{f}/delegation/",
            {**leads, "coordinator_nus": 200},
        ),
        only(
            "events:delegation_detail",
            f"{f}/delegation/{thu}/",
            leads,
            elsewhere=("coordinator_nus",),
        ),
        only(
            "events:delegate_name",
            f"{f}/delegation/{thu}/name/",
            leads,  # an e-mail with no account: the page again, with the error
            elsewhere=("coordinator_nus",),
            method="post",
            data={"email": "nobody@example.org"},
        ),
        only(
            "events:delegate_codes",
            f"{f}/delegation/{thu}/codes/",
            {"secretariat": 302, "coordinator_tsinghua": 302},
            elsewhere=("coordinator_nus",),
            method="post",
            data={"count": "1"},
        ),
        only("events:quotas", f"{f}/quotas/", {"secretariat": 200}),
        only("events:questions", f"{f}/questions/", organisers, elsewhere=tsinghua),
        only(
            "events:question_edit",
            f"{f}/questions/{question.pk}/",
            organisers,
            elsewhere=tsinghua,
        ),
        only(
            "events:question_move",
            f"{f}/questions/{question.pk}/move/",
            organisers_post,
            elsewhere=tsinghua,
            method="post",
        ),
        only(
            "events:question_delete",
            f"{f}/questions/{question.pk}/delete/",
            organisers,
            elsewhere=tsinghua,
        ),
    ]


# --- documents (views/documents.py) ---


def document_cases(world) -> list:
    """Letters, badges, check-in and certificates of an event NUS hosts, where the student is
    confirmed, checked in and holds an issued letter with a passport scan. Tsinghua hosts
    another event, so its coordinator organises some events but not this one (404)."""
    import datetime
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from alliance.events.services.checkin import scan
    from alliance.events.services.letters import issue_letter, request_letter
    from alliance.events.services.registrations import register
    from tests.events.conftest import make_event

    cast = world.cast
    forum = make_event("matrix-documents", host=world.nus)
    make_event("matrix-documents-tsinghua", host=world.tsinghua)
    mine = register(forum, actor=cast.student, name="Student", institution=world.tsinghua)
    scan(forum, actor=cast.secretariat, code=mine.ticket)
    png = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(png, "PNG")
    passport = {
        "full_name": "Student",
        "number": "E1234567",
        "nationality": "CN",
        "birth_date": datetime.date(2000, 1, 1),
        "expiry_date": datetime.date(2036, 1, 1),
    }
    letter = request_letter(
        mine,
        actor=cast.student,
        passport=passport,
        scan=SimpleUploadedFile("p.png", png.getvalue(), content_type="image/png"),
    )
    issue_letter(letter, actor=cast.secretariat)
    base = f"/events/{forum.slug}"
    others = tuple(a for a in ACTORS if a not in ("anonymous", "student"))
    nobody_else = tuple(a for a in others if a != "secretariat")
    secretariat_only = {"secretariat": 200}
    organisers = {"secretariat": 200, "coordinator_nus": 200}
    return [
        # The registrant's own documents: others have no registration here (404).
        only("events:letter_request", f"{base}/letter/", {"student": 200}, elsewhere=others),
        only(
            "events:my_letter_pdf", f"{base}/letter/letter.pdf", {"student": 200}, elsewhere=others
        ),
        only("events:my_badge", f"{base}/my/badge.pdf", {"student": 200}, elsewhere=others),
        only(
            "events:my_certificate",
            f"{base}/my/certificate.pdf",
            {"student": 200},
            elsewhere=others,
        ),
        # The Secretariat reviews letters; the scan is also the person's own.
        only("events:letters", f"{base}/letters/", secretariat_only),
        only("events:letter_review", f"{base}/letters/{letter.pk}/", secretariat_only),
        only("events:letter_pdf", f"{base}/letters/{letter.pk}/letter.pdf", secretariat_only),
        only(
            "events:letter_issue",
            f"{base}/letters/{letter.pk}/issue/",
            {"secretariat": 302},
            method="post",
        ),
        only(
            "events:letter_refuse",
            f"{base}/letters/{letter.pk}/refuse/",
            {"secretariat": 302},
            method="post",
            data={"reason": "Already issued: refused with a message."},
        ),
        only(
            "events:letter_scan",
            f"{base}/letters/{letter.pk}/scan/",
            {"secretariat": 200, "student": 200},
            elsewhere=nobody_else,
        ),
        # The organisers: the Secretariat and the host's coordinators.
        only(
            "events:badges", f"{base}/badges.pdf", organisers, elsewhere=("coordinator_tsinghua",)
        ),
        only(
            "events:check_in", f"{base}/check-in/", organisers, elsewhere=("coordinator_tsinghua",)
        ),
        only(
            "events:attendance",
            f"{base}/attendance/",
            organisers,
            elsewhere=("coordinator_tsinghua",),
        ),
    ]


# --- session seats (views/sessions.py) ---


def session_cases(world) -> list:
    """Joining and leaving a workshop: only people with a seat at the event (here the Tsinghua
    coordinator, registered for the Student Forum); everyone else has nothing to join (404)."""
    import datetime

    from alliance.events.models import Session
    from alliance.events.services.registrations import register
    from tests.permission_matrix import ACTORS, LOGIN, Case

    forum = world.student_forum
    workshop = Session.objects.create(
        event=forum,
        title={"en": "Workshop"},
        starts_at=forum.starts_at,
        ends_at=forum.starts_at + datetime.timedelta(hours=1),
        capacity=5,
    )
    register(forum, actor=world.cast.coordinator_tsinghua, name="Coord", institution=world.tsinghua)
    expect = {**dict.fromkeys(ACTORS, 404), "anonymous": LOGIN, "coordinator_tsinghua": 302}
    base = f"/events/{forum.slug}/timetable/{workshop.pk}"
    return [
        Case("events:session_join", f"{base}/join/", expect, method="post"),
        Case("events:session_leave", f"{base}/leave/", expect, method="post"),
    ]
