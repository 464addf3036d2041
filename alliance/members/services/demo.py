"""The demo alliance: the Asian Universities Alliance's 15 founding members (real, from
shared/data/public/aua_founding_members.csv, CC0), the Boao Forum for Asia, three invented
partners marked as demo, and one demo user per role. Loading twice changes nothing."""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from alliance.core.models import User
from alliance.members.enums import InstitutionKind, MembershipStatus, PositionKind, Role
from alliance.members.identifiers import normalise_ror_id
from alliance.members.models import Institution, Person, Position
from alliance.members.services.institutions import create_institution
from alliance.members.services.memberships import record_membership_event
from alliance.members.services.people import add_contact
from alliance.members.services.roles import grant_role

FOUNDING_CSV = Path(__file__).resolve().parent.parent / "data" / "aua_founding_members.csv"
FOUNDED = datetime.date(2017, 4, 29)
DEMO_PASSWORD = "demo-alliance-2027"
TIME_ZONES = {
    "AE": "Asia/Dubai",
    "CN": "Asia/Shanghai",
    "HK": "Asia/Hong_Kong",
    "ID": "Asia/Jakarta",
    "IN": "Asia/Kolkata",
    "JP": "Asia/Tokyo",
    "KR": "Asia/Seoul",
    "KZ": "Asia/Almaty",
    "LK": "Asia/Colombo",
    "MM": "Asia/Yangon",
    "MY": "Asia/Kuala_Lumpur",
    "SA": "Asia/Riyadh",
    "SG": "Asia/Singapore",
    "TH": "Asia/Bangkok",
}
ACRONYMS = {
    "03cve4549": "THU",
    "02v51f717": "PKU",
    "00q4vv597": "HKUST",
    "0116zj450": "UI",
    "02qyf5152": "IITB",
    "057zh3y96": "UTokyo",
    "04h9pn542": "SNU",
    "052bx8q98": "NU",
    "02phn5242": "UoC",
    "038724806": "UY",
    "00rzspn62": "UM",
    "02f81g417": "KSU",
    "01tgyzw49": "NUS",
    "028wp3y58": "CU",
    "01km6p862": "UAEU",
}
TSINGHUA, NUS = "03cve4549", "01tgyzw49"


@dataclass(frozen=True)
class DemoUser:
    email: str
    full_name: str
    role: Role
    institution_ror_or_slug: str | None
    what: str


DEMO_USERS = (
    DemoUser(
        "secretariat@demo.alliance.invalid",
        "Li Wei (demo)",
        Role.SECRETARIAT,
        None,
        "Secretariat administrator",
    ),
    DemoUser(
        "coordinator.tsinghua@demo.alliance.invalid",
        "Zhang Min (demo)",
        Role.COORDINATOR,
        TSINGHUA,
        "Coordinator, Tsinghua University",
    ),
    DemoUser(
        "coordinator.nus@demo.alliance.invalid",
        "Tan Mei Ling (demo)",
        Role.COORDINATOR,
        NUS,
        "Coordinator, National University of Singapore",
    ),
    DemoUser(
        "reviewer@demo.alliance.invalid", "Sato Haruki (demo)", Role.REVIEWER, None, "Reviewer"
    ),
    DemoUser(
        "student@demo.alliance.invalid",
        "Nguyen An (demo)",
        Role.APPLICANT,
        None,
        "Student applicant",
    ),
    DemoUser(
        "scholar@demo.alliance.invalid",
        "Priya Raman (demo)",
        Role.APPLICANT,
        None,
        "Scholar applicant",
    ),
    DemoUser(
        "partner@demo.alliance.invalid",
        "Chen Jia (demo)",
        Role.PARTNER_CONTACT,
        "boao-forum-for-asia",
        "Partner contact, Boao Forum for Asia",
    ),
)

PARTNERS = (
    {
        "slug": "boao-forum-for-asia",
        "name": "Boao Forum for Asia",
        "acronym": "BFA",
        "kind": InstitutionKind.FORUM,
        "country": "CN",
        "city": "Boao, Hainan",
        "time_zone": "Asia/Shanghai",
        "website": "https://www.boaoforum.org",
        "wikidata_id": "Q884254",
        "is_demo": False,
        "names": [("zh", "博鳌亚洲论坛")],
    },
    {
        "slug": "demo-ministry-of-higher-education",
        "name": "Office for Regional Higher Education Cooperation (demo)",
        "kind": InstitutionKind.GOVERNMENT,
        "country": "SG",
        "city": "Singapore",
        "time_zone": "Asia/Singapore",
        "is_demo": True,
        "names": [],
    },
    {
        "slug": "lotus-quantum-technologies",
        "name": "Lotus Quantum Technologies (demo)",
        "kind": InstitutionKind.COMPANY,
        "country": "CN",
        "city": "Shenzhen",
        "time_zone": "Asia/Shanghai",
        "is_demo": True,
        "names": [("zh", "莲花量子科技（演示）")],
    },
    {
        "slug": "meridian-learning-systems",
        "name": "Meridian Learning Systems (demo)",
        "kind": InstitutionKind.COMPANY,
        "country": "JP",
        "city": "Osaka",
        "time_zone": "Asia/Tokyo",
        "is_demo": True,
        "names": [("ja", "メリディアン・ラーニング（デモ）")],
    },
)


# Invented chief executives and liaison officers of the founding members (not the real office
# holders), with names in the member's own script where that is natural:
# (ROR id, chief executive's title, (name, own-script name), (liaison officer, own-script name)).
DEMO_CONTACTS = (
    ("01km6p862", "Vice Chancellor", ("Khalid Al Mansoori", "خالد المنصوري"), ("Fatima Al Hammadi", "فاطمة الحمادي")),
    ("02v51f717", "President", ("Wang Jianguo", "王建国"), ("Liu Fang", "刘芳")),
    ("03cve4549", "President", ("Zhao Mingyuan", "赵明远"), ("Sun Lijuan", "孙丽娟")),
    ("00q4vv597", "President", ("Chan Ka-ming", "陳家明"), ("Wong Siu-ling", "黃小玲")),
    ("0116zj450", "Rector", ("Budi Santoso", ""), ("Siti Rahmawati", "")),
    ("02qyf5152", "Director", ("Rajesh Kumar Sharma", "राजेश कुमार शर्मा"), ("Ananya Deshpande", "अनन्या देशपांडे")),
    ("057zh3y96", "President", ("Tanaka Hiroshi", "田中 宏"), ("Suzuki Yumi", "鈴木 由美")),
    ("04h9pn542", "President", ("Kim Cheol-su", "김철수"), ("Park Ji-young", "박지영")),
    ("052bx8q98", "President", ("Nurlan Abenov", "Нұрлан Әбенов"), ("Aigerim Suleimenova", "Айгерім Сүлейменова")),
    ("02phn5242", "Vice-Chancellor", ("Chaminda Perera", "චමින්ද පෙරේරා"), ("Nadeesha Silva", "නදීෂා සිල්වා")),
    ("038724806", "Rector", ("Aung Kyaw Min", "အောင်ကျော်မင်း"), ("Thiri Win", "သီရိဝင်း")),
    ("00rzspn62", "Vice-Chancellor", ("Ahmad Faizal bin Hassan", ""), ("Nurul Aisyah binti Ismail", "")),
    ("02f81g417", "President", ("Abdullah Al Otaibi", "عبدالله العتيبي"), ("Noura Al Qahtani", "نورة القحطاني")),
    ("01tgyzw49", "President", ("Lim Wei Jie", "林伟杰"), ("Kavitha Ramasamy", "கவிதா ராமசாமி")),
    ("028wp3y58", "President", ("Somchai Jaidee", "สมชาย ใจดี"), ("Malee Srisuk", "มาลี ศรีสุข")),
)  # fmt: skip


def _load_demo_contacts(*, actor: User | None) -> int:
    """Give each founding member a demo chief executive and liaison officer, unless it already
    has someone in that position (then it is left alone)."""
    created = 0
    for ror, title, chief, liaison in DEMO_CONTACTS:
        institution = Institution.objects.filter(ror_id=ror).first()
        if institution is None:
            continue
        for kind, what, (name, native), start in (
            (PositionKind.CHIEF_EXECUTIVE, title, chief, datetime.date(2022, 1, 1)),
            (PositionKind.LIAISON_OFFICER, "", liaison, datetime.date(2023, 9, 1)),
        ):
            if Position.objects.filter(institution=institution, kind=kind).exists():
                continue
            mailbox = f"{kind.replace('_', '.')}.{institution.acronym or ror}".lower()
            add_contact(
                institution,
                actor=actor,
                person={
                    "full_name": f"{name} (demo)",
                    "native_name": native,
                    "email": f"{mailbox}@demo.alliance.invalid",
                    "is_demo": True,
                },
                kind=kind,
                title=what,
                start=start,
            )
            created += 1
    return created


def _founding_rows() -> list[dict[str, str]]:
    with FOUNDING_CSV.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _native(label: str) -> list[tuple[str, str]]:
    """'清华大学 [zh]' -> [('zh', '清华大学')]"""
    label = label.strip()
    if not label.endswith("]") or "[" not in label:
        return []
    name, _, lang = label[:-1].rpartition("[")
    return [(lang.strip(), name.strip())]


def load_demo(*, actor: User | None = None) -> dict[str, int]:
    """Create whatever of the demo alliance is missing; return how many of each were created."""
    created = {"institutions": 0, "users": 0, "people": 0}
    with transaction.atomic():
        for row in _founding_rows():
            ror = normalise_ror_id(row["ror_id"])
            if Institution.objects.filter(ror_id=ror).exists():
                continue
            inst = create_institution(
                actor=actor,
                name=row["name"],
                acronym=ACRONYMS.get(ror, ""),
                kind=InstitutionKind.UNIVERSITY,
                country=row["iso2"],
                city=row["city"],
                time_zone=TIME_ZONES.get(row["iso2"], ""),
                website=row["website"],
                established=int(float(row["established"])) if row["established"] else None,
                ror_id=ror,
                wikidata_id=row["wikidata"],
                grid_id=row["grid"],
                is_founding_member=True,
                summary="Host of the alliance's Secretariat." if ror == TSINGHUA else "",
                names=_native(row["native_label"]),
            )
            record_membership_event(
                inst,
                actor=actor,
                status=MembershipStatus.ADMITTED_MEMBER,
                date=FOUNDED,
                note="Founding member; joint statement of 29 April 2017.",
            )
            created["institutions"] += 1
        for partner in PARTNERS:
            spec: dict[str, Any] = dict(partner)
            names = spec.pop("names")
            if Institution.objects.filter(slug=spec["slug"]).exists():
                continue
            inst = create_institution(actor=actor, names=names, **spec)
            record_membership_event(
                inst,
                actor=actor,
                status=MembershipStatus.PARTNERED,
                date=datetime.date(2019, 3, 26),
            )
            created["institutions"] += 1
        for demo in DEMO_USERS:
            if User.objects.filter(email=demo.email).exists():
                continue
            user = User.objects.create_user(demo.email, DEMO_PASSWORD, full_name=demo.full_name)
            _verify_email(user)
            institution = None
            if demo.institution_ror_or_slug:
                institution = Institution.objects.filter(
                    ror_id=demo.institution_ror_or_slug
                ).first() or Institution.objects.get(slug=demo.institution_ror_or_slug)
            grant_role(user, actor=actor, role=demo.role, institution=institution)
            if institution is not None:
                person = Person.objects.create(
                    full_name=demo.full_name, email=demo.email, user=user, is_demo=True
                )
                kind = (
                    PositionKind.IO_COORDINATOR
                    if demo.role == Role.COORDINATOR
                    else PositionKind.CONTACT
                )
                Position.objects.create(
                    person=person,
                    institution=institution,
                    kind=kind,
                    start=datetime.date(2024, 9, 1),
                )
            if demo.role == Role.SECRETARIAT:
                person = Person.objects.create(
                    full_name=demo.full_name, email=demo.email, user=user, is_demo=True
                )
                Position.objects.create(
                    person=person,
                    institution=Institution.objects.get(ror_id=TSINGHUA),
                    kind=PositionKind.SECRETARIAT_STAFF,
                    title="Secretariat of the alliance",
                    start=datetime.date(2017, 4, 29),
                )
            created["users"] += 1
        created["people"] = _load_demo_contacts(actor=actor)
    return created


def _verify_email(user: User) -> None:
    from allauth.account.models import EmailAddress

    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
