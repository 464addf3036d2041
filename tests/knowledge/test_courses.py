"""Shared courses and enrolment requests: sharing, asking for a place (for oneself or for a
student), deciding within the seats, the waiting list, withdrawing, e-mails, audit, search, the
pages and the dashboard tasks."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from alliance.core.models import AuditEntry
from alliance.knowledge import retrieval
from alliance.knowledge.enums import EnrolmentStatus, EntryKind
from alliance.knowledge.models import EnrolmentRequest, SearchEntry, SharedCourse
from alliance.knowledge.queries import next_tasks, personal_data
from alliance.knowledge.services.courses import set_course_status, update_course
from alliance.knowledge.services.enrolments import (
    decide_enrolment,
    request_place,
    withdraw_enrolment,
)
from alliance.knowledge.services.privacy import erase_personal_data
from alliance.members.enums import Role
from tests.conftest import client_for, make_user
from tests.knowledge.conftest import build_course, course_data

pytestmark = pytest.mark.django_db


def student(n: int):
    return make_user(f"student{n}@nus.example.org", Role.APPLICANT)


def test_it_shares_a_course_with_an_audit_row_and_a_search_entry(cast, tsinghua):
    course = build_course(cast.coordinator_tsinghua, tsinghua)
    assert course.institution == tsinghua
    assert str(course.credits) == "3.0"
    assert AuditEntry.objects.filter(action="knowledge.course.share").count() == 1
    entry = SearchEntry.objects.get(kind=EntryKind.COURSE, object_id=course.pk)
    assert entry.fields == " computing "
    assert "人工" in entry.terms_title.split()


def test_it_refuses_a_course_of_another_institution_and_writes_nothing(cast, tsinghua):
    with pytest.raises(ValidationError):
        build_course(cast.coordinator_nus, tsinghua)
    assert SharedCourse.objects.count() == 0


def test_it_names_every_wrong_field(cast, tsinghua):
    with pytest.raises(ValidationError) as exc:
        build_course(
            cast.coordinator_tsinghua,
            tsinghua,
            title="",
            seats=None,
            credit_system="",
            languages=[],
            ends_on=datetime.date(2026, 9, 1),
            link="ftp://x",
        )
    assert set(exc.value.message_dict) == {
        "title",
        "seats",
        "credit_system",
        "languages",
        "ends_on",
        "link",
    }
    assert SharedCourse.objects.count() == 0


def test_a_resource_needs_no_seats(cast, tsinghua):
    resource = build_course(
        cast.coordinator_tsinghua, tsinghua, kind="resource", seats=None, credits=None
    )
    assert resource.seats is None
    with pytest.raises(ValidationError):
        request_place(resource, actor=student(1), home=resource.institution)


def test_a_student_asks_and_everyone_concerned_is_told(
    cast, tsinghua, nus, django_capture_on_commit_callbacks
):
    course = build_course(cast.coordinator_tsinghua, tsinghua)
    pupil = student(1)
    with django_capture_on_commit_callbacks(execute=True):
        made = request_place(course, actor=pupil, home=nus, motivation="I study AI.")
    assert (made.status, made.student, made.student_email, made.home) == (
        EnrolmentStatus.PENDING,
        pupil,
        "student1@nus.example.org",
        nus,
    )
    assert sorted(m.to[0] for m in mail.outbox) == [
        "coord@nus.example.org",
        "coord@tsinghua.example.org",
        "student1@nus.example.org",
    ]
    assert "Introduction to Artificial Intelligence" in mail.outbox[0].subject
    assert AuditEntry.objects.filter(action="knowledge.enrolment.request").count() == 1


def test_students_of_the_offering_institution_cannot_ask(cast, tsinghua):
    course = build_course(cast.coordinator_tsinghua, tsinghua)
    with pytest.raises(ValidationError) as exc:
        request_place(course, actor=student(1), home=tsinghua)
    assert exc.value.error_dict["home"][0].code == "own-institution"
    assert EnrolmentRequest.objects.count() == 0


def test_the_offering_coordinator_cannot_ask_for_their_own_course(cast, tsinghua):
    course = build_course(cast.coordinator_tsinghua, tsinghua)
    assert not cast.coordinator_tsinghua.has_perm("knowledge.request_place", course)
    assert not cast.partner.has_perm("knowledge.request_place", course)
    assert cast.coordinator_nus.has_perm("knowledge.request_place", course)


def test_a_coordinator_asks_on_behalf_of_a_student_of_their_own_institution(cast, tsinghua, nus):
    course = build_course(cast.coordinator_tsinghua, tsinghua)
    made = request_place(
        course,
        actor=cast.coordinator_nus,
        home=nus,
        student_name="Lim Wei",
        student_email="Lim.Wei@nus.example.org",
    )
    assert (made.student, made.student_email, made.requested_by) == (
        None,
        "lim.wei@nus.example.org",
        cast.coordinator_nus,
    )
    with pytest.raises(ValidationError) as exc:
        request_place(
            course,
            actor=cast.coordinator_nus,
            home=nus,
            student_name="Lim Wei",
            student_email="lim.wei@nus.example.org",
        )
    assert exc.value.code == "duplicate"
    assert EnrolmentRequest.objects.count() == 1


def test_the_deadline_closes_requests(cast, tsinghua, nus):
    course = build_course(
        cast.coordinator_tsinghua, tsinghua, enrolment_deadline=datetime.date(2020, 1, 1)
    )
    with pytest.raises(ValidationError) as exc:
        request_place(course, actor=student(1), home=nus)
    assert exc.value.code == "deadline"


def test_accepting_stops_at_the_seats_and_the_waiting_list_takes_the_rest(
    cast, tsinghua, nus, django_capture_on_commit_callbacks
):
    course = build_course(cast.coordinator_tsinghua, tsinghua, seats=2)
    asks = [request_place(course, actor=student(n), home=nus) for n in range(3)]
    coord = cast.coordinator_tsinghua
    decide_enrolment(asks[0], actor=coord, decision="accept")
    decide_enrolment(asks[1], actor=coord, decision="accept")
    mail.outbox.clear()
    with pytest.raises(ValidationError) as exc:
        decide_enrolment(asks[2], actor=coord, decision="accept")
    assert exc.value.code == "full"
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        decide_enrolment(asks[2], actor=coord, decision="waitlist")
    assert sorted(m.to[0] for m in mail.outbox) == [
        "coord@nus.example.org",
        "student2@nus.example.org",
    ]
    # A withdrawal frees a seat; the waiting student can then be accepted.
    withdraw_enrolment(asks[0], actor=asks[0].student)
    decide_enrolment(asks[2], actor=coord, decision="accept")
    statuses = list(EnrolmentRequest.objects.order_by("pk").values_list("status", flat=True))
    assert statuses == ["withdrawn", "accepted", "accepted"]


def test_declining_needs_a_reason_and_the_student_reads_it(
    cast, tsinghua, nus, django_capture_on_commit_callbacks
):
    course = build_course(cast.coordinator_tsinghua, tsinghua)
    made = request_place(course, actor=student(1), home=nus)
    with pytest.raises(ValidationError) as exc:
        decide_enrolment(made, actor=cast.coordinator_tsinghua, decision="decline")
    assert "reason" in exc.value.message_dict
    with django_capture_on_commit_callbacks(execute=True):
        decide_enrolment(
            made,
            actor=cast.coordinator_tsinghua,
            decision="decline",
            reason="Prerequisites missing.",
        )
    made.refresh_from_db()
    assert (made.status, made.reason, made.decided_by) == (
        EnrolmentStatus.DECLINED,
        "Prerequisites missing.",
        cast.coordinator_tsinghua,
    )
    assert "Prerequisites missing." in mail.outbox[0].body
    with pytest.raises(ValidationError) as exc:
        decide_enrolment(made, actor=cast.coordinator_tsinghua, decision="accept")
    assert exc.value.code == "state"


def test_only_the_offering_coordinators_decide(cast, tsinghua, nus):
    course = build_course(cast.coordinator_tsinghua, tsinghua)
    made = request_place(course, actor=student(1), home=nus)
    for actor in (cast.coordinator_nus, cast.secretariat, made.student):
        with pytest.raises(ValidationError):
            decide_enrolment(made, actor=actor, decision="accept")
    made.refresh_from_db()
    assert made.status == EnrolmentStatus.PENDING


def test_seats_cannot_fall_below_the_accepted_places(cast, tsinghua, nus):
    course = build_course(cast.coordinator_tsinghua, tsinghua, seats=2)
    for n in range(2):
        decide_enrolment(
            request_place(course, actor=student(n), home=nus),
            actor=cast.coordinator_tsinghua,
            decision="accept",
        )
    with pytest.raises(ValidationError) as exc:
        update_course(course, actor=cast.coordinator_tsinghua, data=course_data(seats=1))
    assert "seats" in exc.value.message_dict
    course.refresh_from_db()
    assert course.seats == 2


def test_closing_takes_the_course_out_of_the_search_and_stops_requests(cast, tsinghua, nus):
    course = build_course(cast.coordinator_tsinghua, tsinghua)
    hits = retrieval.search(retrieval.SearchFilter(q="artificial", kinds=("course",)))
    assert [h.entry.object_id for h in hits] == [course.pk]
    set_course_status(course, actor=cast.coordinator_tsinghua, status="closed")
    assert retrieval.search(retrieval.SearchFilter(q="artificial", kinds=("course",))) == []
    course.refresh_from_db()
    with pytest.raises(ValidationError):
        request_place(course, actor=student(1), home=nus)


def test_the_search_finds_courses_in_chinese_and_thai(cast, tsinghua, without_model):
    course = build_course(cast.coordinator_tsinghua, tsinghua)
    thai = build_course(
        cast.coordinator_tsinghua,
        tsinghua,
        title="ปัญญาประดิษฐ์เบื้องต้น",
        keywords=[],
        description="การเรียนรู้ของเครื่อง",
    )
    found = retrieval.search(retrieval.SearchFilter(q="人工智能"))
    assert [(h.kind, h.entry.object_id) for h in found] == [("course", course.pk)]
    assert found[0].terms == ["人工智能"]
    found = retrieval.search(retrieval.SearchFilter(q="ปัญญา", kinds=("course",)))
    assert [h.entry.object_id for h in found] == [thai.pk]


def test_the_dashboard_lists_requests_to_answer(cast, tsinghua, nus):
    course = build_course(cast.coordinator_tsinghua, tsinghua)
    made = request_place(course, actor=student(1), home=nus)
    urls = [t.url for t in next_tasks(cast.coordinator_tsinghua)]
    assert reverse("knowledge:enrolment", args=[made.pk]) in urls
    assert reverse("knowledge:enrolment", args=[made.pk]) not in [
        t.url for t in next_tasks(cast.coordinator_nus)
    ]


# --- pages -----------------------------------------------------------------------------------


def test_the_request_page_offers_the_other_members_only(cast, tsinghua, nus):
    course = build_course(cast.coordinator_tsinghua, tsinghua)
    pupil = student(1)
    response = client_for(pupil).get(reverse("knowledge:course_request", args=[course.pk]))
    homes = list(response.context["form"].fields["home"].queryset)
    assert homes == [nus]
    response = client_for(pupil).post(
        reverse("knowledge:course_request", args=[course.pk]), {"home": nus.pk, "motivation": ""}
    )
    made = EnrolmentRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("knowledge:enrolment", args=[made.pk])


def test_the_decision_page_accepts_and_says_so(cast, tsinghua, nus):
    course = build_course(cast.coordinator_tsinghua, tsinghua, seats=1)
    first = request_place(course, actor=student(1), home=nus)
    second = request_place(course, actor=student(2), home=nus)
    client = client_for(cast.coordinator_tsinghua)
    client.post(reverse("knowledge:enrolment_decide", args=[first.pk]), {"decision": "accept"})
    response = client.post(
        reverse("knowledge:enrolment_decide", args=[second.pk]), {"decision": "accept"}, follow=True
    )
    assert "All 1 seats are taken" in response.content.decode()
    second.refresh_from_db()
    assert second.status == EnrolmentStatus.PENDING


def test_the_catalogue_shows_places_taken(cast, tsinghua, nus, django_assert_max_num_queries):
    course = build_course(cast.coordinator_tsinghua, tsinghua, seats=2)
    decide_enrolment(
        request_place(course, actor=student(1), home=nus),
        actor=cast.coordinator_tsinghua,
        decision="accept",
    )
    response = client_for(cast.coordinator_nus).get(reverse("knowledge:courses"))
    assert [c.pk for c in response.context["shared"]] == [course.pk]
    assert "1 of 2 taken" in response.content.decode()


@pytest.mark.parametrize("rows", [1, 5])
def test_the_catalogue_takes_the_same_queries_for_one_or_many(
    cast, tsinghua, rows, django_assert_num_queries
):
    for n in range(rows):
        build_course(cast.coordinator_tsinghua, tsinghua, title=f"Course {n}")
    client = client_for(cast.coordinator_nus)
    client.get(reverse("knowledge:courses"))  # warm the session and roles
    with django_assert_num_queries(7):
        client.get(reverse("knowledge:courses"))


def test_the_students_requests_are_exported_and_erased(cast, tsinghua, nus):
    course = build_course(cast.coordinator_tsinghua, tsinghua)
    pupil = student(1)
    made = request_place(course, actor=pupil, home=nus, motivation="My grades are good.")
    exported = personal_data(pupil)["enrolment_requests"]
    assert [(r["course"], r["motivation"], r["status"]) for r in exported] == [
        (course.title, "My grades are good.", "pending")
    ]
    assert erase_personal_data(pupil, actor=cast.secretariat)["enrolment_requests"] == 1
    made.refresh_from_db()
    assert (made.student_name, made.student_email, made.motivation, made.status) == (
        "—",
        f"erased-{made.pk}@erased.invalid",
        "",
        EnrolmentStatus.PENDING,
    )


def test_a_closed_course_says_so_and_others_may_not_ask(cast, tsinghua, nus):
    course = build_course(cast.coordinator_tsinghua, tsinghua)
    with pytest.raises(ValidationError) as exc:
        request_place(course, actor=cast.partner, home=nus)
    assert exc.value.messages == ["Only students of other members, or their coordinators, may ask."]
    with pytest.raises(ValidationError) as exc:
        request_place(
            course,
            actor=cast.coordinator_nus,
            home=tsinghua,
            student_name="X",
            student_email="x@tsinghua.example.org",
        )
    assert exc.value.error_dict["home"][0].code == "own-institution"
    set_course_status(course, actor=cast.coordinator_tsinghua, status="closed")
    course.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        request_place(course, actor=student(1), home=nus)
    assert exc.value.messages == ["This course is closed to new requests."]
    assert EnrolmentRequest.objects.count() == 0
