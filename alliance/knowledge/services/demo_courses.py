"""The shared-courses demo: three written showcase courses (Tsinghua's AI courses opened to
the members, as it did in 2020, and an NUS course), forty generated courses and resources
spread over the fifteen members, and requests for places in every state (pending, accepted,
on the waiting list, declined, withdrawn). Everything is marked as demo and goes through the
knowledge services: courses as the Secretariat, requests as the demo student and the NUS and
Tsinghua coordinators, decisions as the offering coordinators. Safe to run again."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from alliance.core.models import User
from alliance.knowledge.enums import CourseKind, CourseMode
from alliance.knowledge.models import EnrolmentRequest, SharedCourse
from alliance.knowledge.services.courses import share_course
from alliance.knowledge.services.enrolments import (
    decide_enrolment,
    request_place,
    withdraw_enrolment,
)
from alliance.members.enums import Relation
from alliance.members.models import Institution

TSINGHUA, NUS = "03cve4549", "01tgyzw49"
STUDENT = "student@demo.alliance.invalid"
COORDINATOR_TSINGHUA = "coordinator.tsinghua@demo.alliance.invalid"
COORDINATOR_NUS = "coordinator.nus@demo.alliance.invalid"

# (ROR id, title, description, field, keywords, credits, credit system, languages, mode, seats)
SHOWCASE: tuple[tuple[Any, ...], ...] = (
    (TSINGHUA, "人工智能原理 Artificial Intelligence: Principles and Techniques", "清华大学面向联盟成员开放的人工智能核心课程：搜索、知识表示、机器学习与深度学习，每周在线实验。Tsinghua's core AI course, opened to the students of the alliance's members: search, knowledge representation, machine learning and deep learning, with weekly online labs.", "computing", ["人工智能", "artificial intelligence", "machine learning", "深度学习"], "3", "Tsinghua credits (学分)", ["zh", "en"], CourseMode.ONLINE, 3),
    (TSINGHUA, "Deep Learning for Computer Vision (Tsinghua, open to AUA members)", "Convolutional and transformer models for images and video, taught in English by Tsinghua's Department of Computer Science, with a final project on real data.", "computing", ["deep learning", "computer vision", "计算机视觉"], "5", "ECTS", ["en"], CourseMode.HYBRID, 20),
    (NUS, "Urban Sustainability in Tropical Asia", "How Asian cities plan for heat, water and mobility: a field-based module of the National University of Singapore with online seminars for students of the other members.", "environmental", ["urban planning", "sustainability", "climate"], "4", "NUS modular credits", ["en"], CourseMode.HYBRID, 10),
)  # fmt: skip

# (title, field, keywords, description)
TOPICS: tuple[tuple[str, str, list[str], str], ...] = (
    ("Machine Learning Foundations", "computing", ["machine learning", "statistics"], "Supervised and unsupervised learning with hands-on notebooks."),
    ("Asian Economic History", "economics", ["economic history", "Asia"], "Trade, growth and institutions across Asia since 1800."),
    ("Public Health in Ageing Societies", "medicine", ["public health", "ageing"], "Health systems facing rapidly ageing populations."),
    ("Renewable Energy Systems", "environmental", ["solar", "wind", "energy storage"], "Designing and operating grids with high shares of renewables."),
    ("Introduction to Quantum Computing", "physics", ["quantum computing", "qubits"], "Qubits, gates and the first quantum algorithms."),
    ("Water Resources Management", "civil", ["water", "hydrology"], "River basins, floods and droughts in monsoon climates."),
    ("Comparative Constitutional Law in Asia", "social", ["constitutional law", "courts"], "How Asian constitutions are written, read and changed."),
    ("Materials for a Circular Economy", "materials", ["recycling", "materials"], "Designing materials that can be recovered and reused."),
    ("Food Security and Agriculture", "agriculture", ["food security", "rice", "farming"], "Feeding Asia's cities under a changing climate."),
    ("Digital Humanities Methods", "humanities", ["digital humanities", "text mining"], "Computational methods for historical and literary sources."),
    ("Biotechnology and Society", "biotech", ["biotechnology", "ethics"], "Gene editing, vaccines and the public."),
    ("Teaching with Technology", "education", ["education technology", "online learning"], "Designing online and blended courses that work."),
    ("Robotics and Automation", "mechanical", ["robotics", "control"], "Kinematics, sensing and control of robots."),
    ("Data Science for Social Good", "computing", ["data science", "open data"], "Using public data to answer questions that matter."),
)  # fmt: skip

LANGUAGE_OF = {"CN": "zh", "JP": "ja", "KR": "ko", "TH": "th", "ID": "id", "MY": "ms", "HK": "zh", "IN": "hi", "KZ": "kk", "SA": "ar", "AE": "ar", "LK": "si", "MM": "my", "MN": "mn", "VN": "vi", "PH": "fil"}  # fmt: skip
MODES = (CourseMode.ONLINE, CourseMode.HYBRID, CourseMode.IN_PERSON)
GENERATED = 40

# On behalf of these students (of NUS), the NUS coordinator asks for places in Tsinghua's AI
# course, each request then taken to another state.
STUDENTS_NUS = (
    ("Lim Jia Hui (demo)", "lim.jiahui@nus.demo.alliance.invalid", "accept"),
    ("Ong Wei Jie (demo)", "ong.weijie@nus.demo.alliance.invalid", "waitlist"),
    ("Nur Aisyah (demo)", "nur.aisyah@nus.demo.alliance.invalid", "decline"),
    ("Rajesh Kumar (demo)", "rajesh.kumar@nus.demo.alliance.invalid", "withdraw"),
    ("Chua Li Ting (demo)", "chua.liting@nus.demo.alliance.invalid", "pending"),
)


def _term_dates() -> tuple[str, datetime.date, datetime.date, datetime.date]:
    """Next spring term: its name, start, end and enrolment deadline (all still ahead)."""
    year = timezone.localdate().year + 1
    start = datetime.date(year, 2, 23)
    return (
        f"Spring {year}",
        start,
        datetime.date(year, 6, 14),
        start - datetime.timedelta(days=30),
    )


def _data(
    title: str,
    description: str,
    field: str,
    keywords: list[str],
    *,
    kind: str = CourseKind.COURSE,
    credits: str | None = None,
    credit_system: str = "",
    languages: list[str],
    mode: str,
    seats: int | None,
) -> dict[str, Any]:
    term, start, end, deadline = _term_dates()
    course = kind == CourseKind.COURSE
    return {
        "kind": kind,
        "title": title,
        "description": description,
        "field": field,
        "keywords": keywords,
        "credits": credits if course else None,
        "credit_system": credit_system if course else "",
        "languages": languages,
        "mode": mode,
        "term": term if course else "",
        "starts_on": start if course else None,
        "ends_on": end if course else None,
        "seats": seats if course else None,
        "enrolment_deadline": deadline if course else None,
        "prerequisites": "",
        "contact": "International Office (demo)",
        "link": "",
    }


def _generated(members: list[Institution]) -> list[tuple[Institution, dict[str, Any]]]:
    result = []
    for n in range(GENERATED):
        member = members[n % len(members)]
        title, field, keywords, description = TOPICS[n % len(TOPICS)]
        kind = CourseKind.RESOURCE if n % 5 == 4 else CourseKind.COURSE
        local = LANGUAGE_OF.get(member.country, "")
        ects = n % 2 == 0
        result.append(
            (
                member,
                _data(
                    f"{title} ({member.name})"
                    if kind == CourseKind.COURSE
                    else f"Open materials: {title} ({member.name})",
                    description,
                    field,
                    keywords,
                    kind=kind,
                    credits=str(3 + n % 4) if ects else str(2 + n % 3),
                    credit_system="ECTS" if ects else f"{member.name} credits",
                    languages=["en", local] if local and n % 3 == 0 else ["en"],
                    mode=MODES[n % len(MODES)],
                    seats=5 + (n * 7) % 26,
                ),
            )
        )
    return result


def load_course_demo(secretariat: User) -> dict[str, int]:
    """Share the showcase and generated courses, then make the demo requests."""
    created = {"courses": 0, "enrolments": 0}
    members = list(Institution.objects.filter(relation=Relation.MEMBER).order_by("name"))
    by_ror = {m.ror_id: m for m in members}
    plan = [
        (
            by_ror.get(ror),
            _data(title, desc, field, kw, credits=cr, credit_system=system, languages=langs,
                  mode=mode, seats=seats),
        )
        for ror, title, desc, field, kw, cr, system, langs, mode, seats in SHOWCASE
    ]  # fmt: skip
    plan += _generated(members)
    for institution, data in plan:
        if institution is None or SharedCourse.objects.filter(title=data["title"]).exists():
            continue
        share_course(actor=secretariat, institution=institution, data=data, is_demo=True)
        created["courses"] += 1
    created["enrolments"] = _requests(by_ror)
    return created


def _requests(by_ror: dict[str | None, Institution]) -> int:
    """One request in each state for Tsinghua's AI course, and a pending one for the NUS
    course from a Tsinghua student."""
    student = User.objects.filter(email=STUDENT).first()
    tsinghua_coord = User.objects.filter(email=COORDINATOR_TSINGHUA).first()
    nus_coord = User.objects.filter(email=COORDINATOR_NUS).first()
    ai = SharedCourse.objects.filter(title=SHOWCASE[0][1]).first()
    urban = SharedCourse.objects.filter(title=SHOWCASE[2][1]).first()
    nus, tsinghua = by_ror.get(NUS), by_ror.get(TSINGHUA)
    if (
        student is None
        or tsinghua_coord is None
        or nus_coord is None
        or ai is None
        or urban is None
        or nus is None
        or tsinghua is None
        or EnrolmentRequest.objects.filter(is_demo=True).exists()
    ):
        return 0
    first = request_place(
        ai, actor=student, home=nus, motivation="I study computer science.", is_demo=True
    )
    decide_enrolment(first, actor=tsinghua_coord, decision="accept")
    made = 1
    for name, email, step in STUDENTS_NUS:
        request = request_place(
            ai, actor=nus_coord, home=nus, student_name=name, student_email=email, is_demo=True
        )
        made += 1
        if step == "withdraw":
            withdraw_enrolment(request, actor=nus_coord, reason="Timetable clash.")
        elif step == "decline":
            reason = "Needs the prerequisite course in probability first."
            decide_enrolment(request, actor=tsinghua_coord, decision=step, reason=reason)
        elif step != "pending":
            decide_enrolment(request, actor=tsinghua_coord, decision=step)
    request_place(
        urban,
        actor=tsinghua_coord,
        home=tsinghua,
        student_name="Wang Xiaoyu (demo)",
        student_email="wang.xiaoyu@tsinghua.demo.alliance.invalid",
        is_demo=True,
    )
    return made + 1
