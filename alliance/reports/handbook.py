"""The indicator handbook of the annual report: every figure the report shows, defined once.

Modelled on the ETER handbook and OECD Education at a Glance: each indicator has a code, a name,
a definition, a unit, where it comes from (a member's own submission, a public statistic, or the
platform's own activity), the formula of derived indicators and its breakdowns. The collection
form, the checks, the public statistics import and the edition all read their indicators here.
Pure Python: no models.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from django.utils.translation import gettext_lazy


def _(message: str) -> str:
    """gettext_lazy, typed as the str it stands for: names and definitions are read in the
    language active where they are shown."""
    return cast(str, gettext_lazy(message))


# Units
COUNT = "count"
PERCENT = "percent"
FTE = "fte"
USD = "usd"
RATIO = "ratio"
UNITS = (COUNT, PERCENT, FTE, USD, RATIO)

# Sources
MEMBER = "member"
PUBLIC = "public"
PLATFORM = "platform"
SOURCES = (MEMBER, PUBLIC, PLATFORM)

# Chapters of the edition
CHAPTER_COUNTRY = "country"
CHAPTER_MEMBERS = "members"
CHAPTER_ALLIANCE = "alliance"

UNIT_LABELS: dict[str, str] = {
    COUNT: _("number"),
    PERCENT: _("per cent"),
    FTE: _("full-time equivalents"),
    USD: _("US dollars"),
    RATIO: _("ratio"),
}

SOURCE_LABELS: dict[str, str] = {
    MEMBER: _("Member submission"),
    PUBLIC: _("Public statistic"),
    PLATFORM: _("Platform activity"),
}

BREAKDOWN_LABELS: dict[str, str] = {
    "total": _("total"),
    "female": _("female"),
    "male": _("male"),
}

FULL_TIME_DEFINITION = _(
    "One full-time equivalent (FTE) is one person working the full contractual hours of a "
    "full-time academic post at the institution for the whole reference year (at least 35 hours "
    "a week). A half-time post counts 0.5; a full-time post held for six months counts 0.5."
)


@dataclass(frozen=True)
class Indicator:
    """One indicator of the handbook. `formula` is set only for derived indicators."""

    code: str
    name: str
    definition: str
    unit: str
    source: str
    formula: str = ""
    breakdowns: tuple[str, ...] = ()
    may_exceed_100: bool = False
    chapter: str = ""

    @property
    def is_derived(self) -> bool:
        return bool(self.formula)

    @property
    def is_submitted(self) -> bool:
        """True for the figures a member types into its yearly submission."""
        return self.source == MEMBER and not self.formula


def _member(code: str, name: str, definition: str, unit: str, formula: str = "") -> Indicator:
    return Indicator(
        code=code,
        name=name,
        definition=definition,
        unit=unit,
        source=MEMBER,
        formula=formula,
        chapter=CHAPTER_MEMBERS,
    )


_REFERENCE = _(
    "Reference date: the institution's official census date of the reporting year (for "
    "example 31 October); reference period for flows and money: the reporting year."
)

MEMBER_INDICATORS: tuple[Indicator, ...] = (
    _member(
        "STU_BACHELOR",
        _("Bachelor students"),
        _(
            "Students enrolled in programmes leading to a first degree (ISCED 6: bachelor or "
            "equivalent) on the reference date, head count, full-time and part-time together."
        ),
        COUNT,
    ),
    _member(
        "STU_MASTER",
        _("Master students"),
        _(
            "Students enrolled in programmes leading to a master's degree or equivalent (ISCED 7) "
            "on the reference date, head count, full-time and part-time together."
        ),
        COUNT,
    ),
    _member(
        "STU_DOCTORAL",
        _("Doctoral students"),
        _(
            "Students enrolled in doctoral programmes (ISCED 8) on the reference date, head count, "
            "full-time and part-time together."
        ),
        COUNT,
    ),
    _member(
        "STU_TOTAL",
        _("Students, total"),
        _(
            "All students enrolled in degree programmes at ISCED levels 6 to 8 on the reference "
            "date, head count. Equals bachelor plus master plus doctoral students."
        ),
        COUNT,
    ),
    _member(
        "STU_INTL_IN",
        _("International students (inbound)"),
        _(
            "Students included in the total who crossed a national border to study at the "
            "institution (holding a foreign prior-education credential, or where unknown, foreign "
            "citizenship), degree-seeking and exchange students together, head count."
        ),
        COUNT,
    ),
    _member(
        "STU_INTL_OUT",
        _("Students abroad (outbound)"),
        _(
            "The institution's own students who spent a credit-bearing study period or "
            "internship of at least one month abroad during the reporting year, head count."
        ),
        COUNT,
    ),
    _member(
        "STAFF_HEADCOUNT",
        _("Academic staff, head count"),
        _(
            "Persons employed on the reference date whose main task is teaching or research "
            "(professors, lecturers, researchers, doctoral students on employment contracts), "
            "whatever their working time. Administrative and technical staff are excluded."
        ),
        COUNT,
    ),
    _member(
        "STAFF_FTE",
        _("Academic staff, full-time equivalents"),
        _(
            "The academic staff of the head count, each weighted by working time. One full-time "
            "equivalent (FTE) is one person working the full contractual hours of a full-time "
            "academic post at the institution for the whole reference year (at least 35 hours a "
            "week); a half-time post counts 0.5. Never more than the head count."
        ),
        FTE,
    ),
    _member(
        "RESEARCH_INCOME_USD",
        _("Research income"),
        _(
            "Income received during the reporting year for research from competitive grants, "
            "contracts with government and industry, and donations earmarked for research, in US "
            "dollars converted at the average exchange rate of the reporting year. Core "
            "institutional funding is excluded."
        ),
        USD,
    ),
    _member(
        "PUBLICATIONS",
        _("Publications"),
        _(
            "Peer-reviewed journal articles, conference papers and books with at least one author "
            "affiliated with the institution, published during the reporting year, each counted "
            "once however many authors it has."
        ),
        COUNT,
    ),
    _member(
        "AGREEMENTS_MEMBERS",
        _("Agreements with other members"),
        _(
            "Signed agreements in force at the end of the reporting year with other member "
            "institutions of the alliance (exchange, joint degree, research collaboration), each "
            "agreement counted once."
        ),
        COUNT,
    ),
    _member(
        "STU_INTL_SHARE",
        _("Share of international students"),
        _("International students (inbound) as a percentage of all students."),
        PERCENT,
        formula="STU_INTL_IN / STU_TOTAL * 100",
    ),
    _member(
        "STU_PER_STAFF_FTE",
        _("Students per academic staff (FTE)"),
        _("All students divided by academic staff in full-time equivalents."),
        RATIO,
        formula="STU_TOTAL / STAFF_FTE",
    ),
)

_GER_DEFINITION = _(
    "Gross enrollment ratio is the ratio of total enrollment, regardless of age, to the "
    "population of the age group that officially corresponds to the level of education shown. "
    "Tertiary education, whether or not to an advanced research qualification, normally requires, "
    "as a minimum condition of admission, the successful completion of education at the "
    "secondary level. Because students of any age are counted, the ratio can exceed 100."
)

PUBLIC_INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        code="GER_TERTIARY",
        name=_("Gross enrolment ratio, tertiary"),
        definition=_GER_DEFINITION,
        unit=PERCENT,
        source=PUBLIC,
        breakdowns=("total", "female", "male"),
        may_exceed_100=True,
        chapter=CHAPTER_COUNTRY,
    ),
    Indicator(
        code="MOBILE_IN",
        name=_("Inbound internationally mobile students"),
        definition=_(
            "Total inbound internationally mobile students, both sexes: students from abroad "
            "studying in the country (UNESCO UIS indicator 26637)."
        ),
        unit=COUNT,
        source=PUBLIC,
        chapter=CHAPTER_COUNTRY,
    ),
    Indicator(
        code="MOBILE_NET_FLOW",
        name=_("Net flow of internationally mobile students"),
        definition=_(
            "Inbound minus outbound internationally mobile students, both sexes (UNESCO UIS "
            "indicator MENF.5T8). Negative when more students leave the country than arrive."
        ),
        unit=COUNT,
        source=PUBLIC,
        chapter=CHAPTER_COUNTRY,
    ),
    Indicator(
        code="MOBILITY_IN_RATE",
        name=_("Inbound mobility rate"),
        definition=_(
            "Inbound internationally mobile students as a percentage of all students enrolled in "
            "tertiary education in the country."
        ),
        unit=PERCENT,
        source=PUBLIC,
        chapter=CHAPTER_COUNTRY,
    ),
    Indicator(
        code="MOBILITY_OUT_RATIO",
        name=_("Outbound mobility ratio"),
        definition=_(
            "Students from the country studying abroad as a percentage of all students enrolled "
            "in tertiary education in the country."
        ),
        unit=PERCENT,
        source=PUBLIC,
        chapter=CHAPTER_COUNTRY,
    ),
    Indicator(
        code="GOV_EXP_EDU_GDP",
        name=_("Government expenditure on education, total, as a share of GDP"),
        definition=_(
            "General government expenditure on education (current, capital, and transfers) is "
            "expressed as a percentage of GDP. It includes expenditure funded by transfers from "
            "international sources to government. General government usually refers to local, "
            "regional and central governments."
        ),
        unit=PERCENT,
        source=PUBLIC,
        chapter=CHAPTER_COUNTRY,
    ),
)

PLATFORM_INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        code="PLAT_MOBILITY_FLOWS",
        name=_("Student mobility between members"),
        definition=_(
            "Students who moved from one member to another during the year through the "
            "platform's exchange rounds, by sending and receiving member."
        ),
        unit=COUNT,
        source=PLATFORM,
        breakdowns=("sending", "receiving"),
        chapter=CHAPTER_ALLIANCE,
    ),
    Indicator(
        code="PLAT_PROGRAMME_AWARDS",
        name=_("Programme awards"),
        definition=_(
            "Awards made during the year in the alliance's programmes (Scholars Award, staff "
            "exchange, student programmes, projects), by programme and home member."
        ),
        unit=COUNT,
        source=PLATFORM,
        breakdowns=("programme", "member"),
        chapter=CHAPTER_ALLIANCE,
    ),
    Indicator(
        code="PLAT_EVENT_PARTICIPATION",
        name=_("Event participation"),
        definition=_(
            "People who attended the alliance's events during the year (checked in), by event "
            "and home member."
        ),
        unit=COUNT,
        source=PLATFORM,
        breakdowns=("event", "member"),
        chapter=CHAPTER_ALLIANCE,
    ),
    Indicator(
        code="PLAT_KNOWLEDGE_INQUIRIES",
        name=_("Knowledge inquiries"),
        definition=_(
            "Inquiries sent during the year through the platform about research achievements, "
            "technologies, experts and shared courses offered by members."
        ),
        unit=COUNT,
        source=PLATFORM,
        breakdowns=("member",),
        chapter=CHAPTER_ALLIANCE,
    ),
)

INDICATORS: tuple[Indicator, ...] = MEMBER_INDICATORS + PUBLIC_INDICATORS + PLATFORM_INDICATORS

_BY_CODE: dict[str, Indicator] = {indicator.code: indicator for indicator in INDICATORS}


def by_code(code: str) -> Indicator:
    """The indicator with this code; KeyError names the unknown code."""
    try:
        return _BY_CODE[code]
    except KeyError:
        raise KeyError(f"No indicator {code!r} in the handbook") from None


def submitted_indicators() -> tuple[Indicator, ...]:
    """The member indicators a submission asks for, in form order."""
    return tuple(indicator for indicator in MEMBER_INDICATORS if indicator.is_submitted)


# The submission form groups its fields by topic, in this order.
TOPICS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "students",
        _("Students"),
        ("STU_BACHELOR", "STU_MASTER", "STU_DOCTORAL", "STU_TOTAL"),
    ),
    ("mobility", _("International students"), ("STU_INTL_IN", "STU_INTL_OUT")),
    ("staff", _("Academic staff"), ("STAFF_HEADCOUNT", "STAFF_FTE")),
    (
        "research",
        _("Research and cooperation"),
        ("RESEARCH_INCOME_USD", "PUBLICATIONS", "AGREEMENTS_MEMBERS"),
    ),
)

REFERENCE_NOTE = _REFERENCE
