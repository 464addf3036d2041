"""The annual report's demo data: the public statistics imported, the 2025 collection signed off
by every founding member, and the 2026 collection under way: most members signed off, Tsinghua
answering an open query, NUS still drafting (with a change of more than 30 % left unexplained,
so that the check shows). The figures are invented but of a credible size for each university.
Loading twice changes nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from alliance.core.models import User
from alliance.members.enums import PositionKind
from alliance.members.models import Institution, Position
from alliance.reports.enums import EditionStatus, ValueState
from alliance.reports.models import Collection, Edition, Submission
from alliance.reports.services import collection as service
from alliance.reports.services.collection import AnswerInput
from alliance.reports.services.editions import (
    open_edition,
    publish_edition,
    run_build,
    start_build,
    update_summary,
)
from alliance.reports.services.public_import import import_public_statistics

TSINGHUA, NUS, HKUST = "03cve4549", "01tgyzw49", "00q4vv597"
CODES = (
    "STU_BACHELOR",
    "STU_MASTER",
    "STU_DOCTORAL",
    "STU_INTL_IN",
    "STU_INTL_OUT",
    "STAFF_HEADCOUNT",
    "STAFF_FTE",
    "RESEARCH_INCOME_USD",
    "PUBLICATIONS",
    "AGREEMENTS_MEMBERS",
)
# 2025 figures by ROR id, in the order of CODES (the total is the sum of the three levels).
FIGURES_2025: dict[str, tuple[int, ...]] = {
    "03cve4549": (16500, 21000, 22000, 4200, 3100, 3700, 3560, 2_100_000_000, 19800, 11),
    "02v51f717": (16800, 17500, 13200, 3800, 2600, 3900, 3720, 1_450_000_000, 17600, 12),
    "00q4vv597": (10900, 4300, 2700, 4600, 1400, 710, 690, 380_000_000, 4100, 10),
    "0116zj450": (36000, 9800, 1900, 1100, 700, 2500, 2300, 45_000_000, 5200, 8),
    "02qyf5152": (5500, 4100, 3700, 160, 310, 720, 715, 95_000_000, 4300, 7),
    "057zh3y96": (14000, 7000, 6000, 4900, 1600, 4100, 3950, 1_150_000_000, 13500, 13),
    "04h9pn542": (16500, 9500, 4600, 3100, 1900, 2300, 2250, 720_000_000, 11200, 12),
    "052bx8q98": (3900, 1600, 500, 220, 260, 580, 560, 60_000_000, 1500, 6),
    "02phn5242": (11500, 2400, 300, 90, 150, 900, 880, 8_000_000, 1100, 5),
    "038724806": (9800, 2100, 600, 20, 120, 1300, 1280, 2_500_000, 350, 4),
    "00rzspn62": (15800, 7900, 4200, 6100, 900, 2100, 2050, 110_000_000, 8400, 9),
    "02f81g417": (48000, 5200, 1800, 3600, 1100, 6800, 6500, 210_000_000, 9600, 6),
    "01tgyzw49": (31000, 10500, 6500, 9800, 3800, 5300, 5150, 1_050_000_000, 14800, 14),
    "028wp3y58": (27500, 8900, 2900, 1400, 1200, 3000, 2900, 150_000_000, 6800, 10),
    "01km6p862": (12500, 1100, 350, 2600, 300, 950, 930, 90_000_000, 2700, 7),
}
# Larger changes in 2026, with the comment a coordinator would give (NUS's stays unexplained).
CHANGES_2026: dict[tuple[str, str], tuple[int, str]] = {
    (HKUST, "RESEARCH_INCOME_USD"): (
        560_000_000,
        "A new national research centre on quantum materials was funded in 2026.",
    ),
    (NUS, "AGREEMENTS_MEMBERS"): (21, ""),
}


def _answers(ror: str, year: int) -> dict[str, AnswerInput]:
    """The member's answers of `year`: 2025's figures, grown a little in 2026."""
    figures = dict(zip(CODES, FIGURES_2025[ror], strict=True))
    if year == 2026:
        step = sum(map(ord, ror)) % 4 + 1  # 1-4 %, a different step for each member
        figures = {
            code: v if code == "AGREEMENTS_MEMBERS" else round(v * (100 + step) / 100)
            for code, v in figures.items()
        }
    comments = {}
    for (member, code), (value, comment) in CHANGES_2026.items():
        if year == 2026 and member == ror:
            figures[code], comments[code] = value, comment
    figures["STU_TOTAL"] = figures["STU_BACHELOR"] + figures["STU_MASTER"] + figures["STU_DOCTORAL"]
    figures["STAFF_FTE"] = min(figures["STAFF_FTE"], figures["STAFF_HEADCOUNT"])
    answers = {
        code: AnswerInput(ValueState.VALUE, Decimal(value), str(value), comments.get(code, ""))
        for code, value in figures.items()
    }
    if ror == "038724806":  # Yangon does not count its research income centrally
        answers["RESEARCH_INCOME_USD"] = AnswerInput(
            ValueState.NOT_AVAILABLE, comment="Research income is held by the faculties."
        )
    return answers


def _head_name(institution: Institution) -> str:
    position = (
        Position.objects.filter(institution=institution, kind=PositionKind.CHIEF_EXECUTIVE)
        .select_related("person")
        .first()
    )
    return position.person.full_name if position else f"President of {institution.name}"


def _sign_off(submission: Submission, ror: str, year: int, secretariat: User | None) -> None:
    service.save_answers(submission, actor=None, answers=_answers(ror, year))
    service.submit_submission(submission, actor=None)
    service.accept_submission(submission, actor=secretariat)
    service.sign_off_submission(
        submission, actor=None, head_name=_head_name(submission.institution)
    )


def _load_year(year: int, secretariat: User | None) -> int:
    """Open `year` and take every member's submission as far as the demo wants it."""
    if Collection.objects.filter(year=year).exists():
        return 0
    collection = service.open_collection(
        actor=secretariat, year=year, deadline=datetime.date(year, 3, 31)
    )
    done = 0
    for submission in collection.submissions.select_related("institution"):
        ror = submission.institution.ror_id or ""
        if ror not in FIGURES_2025:
            continue
        if year == 2026 and ror == NUS:
            partial = {k: v for k, v in _answers(ror, year).items() if not k.startswith("STAFF")}
            service.save_answers(submission, actor=None, answers=partial)
        elif year == 2026 and ror == TSINGHUA:
            service.save_answers(submission, actor=None, answers=_answers(ror, year))
            service.submit_submission(submission, actor=None)
            service.raise_query(
                submission,
                actor=secretariat,
                code="STU_DOCTORAL",
                question=(
                    "Doctoral students are more than a third of all students. Do they include "
                    "doctoral candidates on leave or writing up abroad?"
                ),
            )
        else:
            _sign_off(submission, ror, year, secretariat)
        done += 1
    return done


def load_reports_demo(*, actor: User | None = None) -> str:
    """Import the public statistics and load the 2025 and 2026 collections if missing."""
    public = import_public_statistics(actor=actor)
    secretariat = User.objects.filter(email="secretariat@demo.alliance.invalid").first()
    with transaction.atomic():
        loaded_2025 = _load_year(2025, secretariat)
        loaded_2026 = _load_year(2026, secretariat)
    edition = _edition_2026(secretariat) if secretariat is not None else "no edition"
    return (
        f"{public.created + public.updated + public.unchanged} public values; "
        f"{loaded_2025} submissions of 2025 and {loaded_2026} of 2026 loaded; {edition}"
    )


DEMO_SUMMARY = {
    "en": (
        "Asia's universities keep opening up. Tertiary enrolment keeps rising across the "
        "region, and more students cross its borders each year, most of them to study in "
        "another Asian country. The alliance's members reported their figures for 2026: "
        "their students, their international students and staff, their research. Between "
        "members, students moved on exchange, scholars and staff visited with the alliance's "
        "awards, and the Student Forum and the Summit brought people together. This edition "
        "sets out the figures, how each is defined, and where it comes from; every table is "
        "open for reuse."
    ),
    "zh-hans": (
        "亚洲的大学持续开放。区域内高等教育入学率不断提高，每年跨境求学的学生越来越多，其中多数前往另一个亚洲国家。"
        "联盟成员报送了2026年的数据：学生、国际学生与教职员、科研。成员之间，学生参加交换，学者和职员获联盟资助互访，"
        "学生论坛和峰会汇聚各方。本期报告列出各项数据、其定义与来源；所有表格均开放再利用。"
    ),
}


def _edition_2026(secretariat: User) -> str:
    """The 2026 edition, with its summary, built from the public statistics and the signed-off
    submissions (here, in this process: a queued build task then finds nothing left to do),
    and published."""
    if Edition.objects.filter(year=2026).exists():
        return "the 2026 edition was there"
    edition = open_edition(actor=secretariat, year=2026)
    edition = update_summary(edition, actor=secretariat, summary=DEMO_SUMMARY)
    edition = start_build(edition, actor=secretariat)
    edition = run_build(edition.pk, edition.build_number)
    if edition.status != EditionStatus.BUILT:
        return f"the 2026 edition is {edition.status}"
    publish_edition(edition, actor=secretariat)
    return "the 2026 edition built and published"
