"""The demo events, on a fixed 2027 calendar:

- the AUA Summit 2027 at Seoul National University, holding the Board meeting (members only, two
  seats per member: the chief executive and an alternate), the Presidents Forum (public) and two
  working-group meetings, each with rooms and a timetable whose speakers and chairs are the demo
  contacts of the members;
- the AUA Student Forum 2027 at United Arab Emirates University: 40 seats for 15 members with
  three places each, a registration form (dietary and access needs for the host, an invitation
  letter with a follow-up question, the code of conduct), 46 registrations of demo students,
  a full house, a waiting list, a seat on offer after a cancellation and a visa-letter request;
- a dialogue co-hosted with the Boao Forum for Asia.

Everything goes through the events services, so the audit log tells the story. It needs the demo
alliance (``members.services.demo.load_demo``) loaded first. Loading twice changes nothing: an
event whose address (slug) exists is left alone, with all it holds. Registration opens on
1 September 2026; once the Student Forum's registration has closed, its registrations are not
made.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction

from alliance.core.models import User
from alliance.events.enums import EventKind, EventStatus, QuestionKind, SessionKind, Visibility
from alliance.events.models import Event, Registration, Room
from alliance.events.services.answers import register_with_answers
from alliance.events.services.events import add_room, add_session, add_session_person, create_event
from alliance.events.services.letters import request_letter
from alliance.events.services.questions import add_question
from alliance.events.services.registrations import cancel_registration, set_quotas
from alliance.members.enums import PositionKind
from alliance.members.models import Institution, Person, Position
from alliance.members.services.demo import ACRONYMS, DEMO_CONTACTS, DEMO_PASSWORD, TSINGHUA

SECRETARIAT = "secretariat@demo.alliance.invalid"
SNU, UAEU, NUS, UY = "04h9pn542", "01km6p862", "01tgyzw49", "038724806"
SEOUL, AL_AIN, BOAO = "Asia/Seoul", "Asia/Dubai", "Asia/Shanghai"
REGISTRATION_OPENS = datetime.datetime(2026, 9, 1, tzinfo=datetime.UTC)
SIGNATORY = {
    "letter_signatory": "Li Wei (demo)",
    "letter_signatory_title": "Secretary-General, Asian Universities Alliance",
}
SUMMIT_SLUG = "aua-summit-2027"
FORUM_SLUG = "aua-student-forum-2027"
DIALOGUE_SLUG = "aua-bfa-dialogue-2027"
FORUM_CAPACITY = 40
FORUM_QUOTA = 3
BOARD_QUOTA = 2


def _at(zone: str, text: str) -> datetime.datetime:
    """'2027-11-15 09:30' on the clock of ``zone``."""
    return datetime.datetime.fromisoformat(text).replace(tzinfo=zoneinfo.ZoneInfo(zone))


# The Summit and its sub-events: slug -> fields. The Summit comes first.
SUMMIT_EVENTS: dict[str, dict[str, Any]] = {
    SUMMIT_SLUG: {
        "kind": EventKind.SUMMIT,
        "title": {
            "en": "AUA Summit 2027",
            "zh-hans": "亚洲大学联盟 2027 年峰会",
            "ar": "قمة تحالف الجامعات الآسيوية 2027",
        },
        "summary": {
            "en": "The alliance's annual meeting of presidents, hosted by Seoul National "
            "University: the Board meeting, the Presidents Forum and the working groups.",
            "zh-hans": "联盟年度校长会议，由首尔大学主办：理事会会议、校长论坛和工作组会议。",
            "ar": "الاجتماع السنوي لرؤساء جامعات التحالف، تستضيفه جامعة سيول الوطنية: اجتماع "
            "مجلس الإدارة ومنتدى الرؤساء ومجموعات العمل.",
        },
        "visibility": Visibility.PUBLIC,
        "starts": "2027-11-15 09:00",
        "ends": "2027-11-17 17:00",
        "capacity": None,
    },
    "aua-board-meeting-2027": {
        "kind": EventKind.BOARD_MEETING,
        "title": {"en": "Board meeting", "zh-hans": "理事会会议", "ar": "اجتماع مجلس الإدارة"},
        "summary": {
            "en": "Each member sends its chief executive and one alternate.",
            "zh-hans": "每个成员派出校长及一名候补代表。",
            "ar": "يرسل كل عضو رئيسه التنفيذي وممثلًا مناوبًا.",
        },
        "visibility": Visibility.MEMBERS,
        "starts": "2027-11-15 14:00",
        "ends": "2027-11-15 17:30",
        "capacity": 15 * BOARD_QUOTA,
        "quota_applies": True,
    },
    "aua-presidents-forum-2027": {
        "kind": EventKind.FORUM,
        "title": {"en": "Presidents Forum", "zh-hans": "校长论坛", "ar": "منتدى رؤساء الجامعات"},
        "summary": {
            "en": "Presidents of the member universities on the future of higher education in "
            "Asia. Open to all.",
            "zh-hans": "成员大学校长共话亚洲高等教育的未来，向公众开放。",
            "ar": "رؤساء الجامعات الأعضاء يتحدثون عن مستقبل التعليم العالي في آسيا. مفتوح للجميع.",
        },
        "visibility": Visibility.PUBLIC,
        "starts": "2027-11-16 09:00",
        "ends": "2027-11-16 12:30",
        "capacity": 300,
    },
    "aua-wg-financial-sustainability-2027": {
        "kind": EventKind.WORKING_GROUP,
        "title": {
            "en": "Working group: Financial sustainability",
            "zh-hans": "工作组：财务可持续性",
            "ar": "مجموعة العمل: الاستدامة المالية",
        },
        "visibility": Visibility.MEMBERS,
        "starts": "2027-11-16 14:00",
        "ends": "2027-11-16 15:30",
        "capacity": 40,
    },
    "aua-wg-admission-2027": {
        "kind": EventKind.WORKING_GROUP,
        "title": {
            "en": "Working group: Admission of new members and observers",
            "zh-hans": "工作组：新成员和观察员的接纳",
            "ar": "مجموعة العمل: قبول الأعضاء والمراقبين الجدد",
        },
        "visibility": Visibility.MEMBERS,
        "starts": "2027-11-16 16:00",
        "ends": "2027-11-16 17:30",
        "capacity": 40,
    },
}

ROOMS: dict[str, dict[str, str]] = {
    "auditorium": {"en": "Main auditorium", "zh-hans": "主礼堂", "ar": "القاعة الرئيسية"},
    "boardroom": {"en": "Board room", "zh-hans": "理事会会议室", "ar": "قاعة مجلس الإدارة"},
    "seminar1": {"en": "Seminar room 1", "zh-hans": "研讨室 1", "ar": "قاعة الندوات 1"},
    "seminar2": {"en": "Seminar room 2", "zh-hans": "研讨室 2", "ar": "قاعة الندوات 2"},
    "hub": {"en": "Student Hub", "zh-hans": "学生中心", "ar": "مركز الطلاب"},
    "pavilion": {"en": "Education pavilion", "zh-hans": "教育展馆", "ar": "جناح التعليم"},
}

# People of the timetable: ("chief", ROR) is a member's chief executive, ("liaison", ROR) its
# liaison officer, ("email", address) a demo person by e-mail.
Who = tuple[str, str]
# (event slug, room, kind, title, start, end, [(role, who), …]); times on the event's clock.
SESSIONS: tuple[tuple[str, str, str, dict[str, str], str, str, list[tuple[str, Who]]], ...] = (
    (
        SUMMIT_SLUG, "auditorium", SessionKind.TALK,
        {"en": "Opening ceremony", "zh-hans": "开幕式", "ar": "حفل الافتتاح"},
        "2027-11-15 09:30", "2027-11-15 10:30",
        [("speaker", ("chief", SNU)), ("speaker", ("chief", TSINGHUA)), ("chair", ("email", SECRETARIAT))],
    ),
    (
        SUMMIT_SLUG, "auditorium", SessionKind.TALK,
        {"en": "Closing session and the Seoul statement", "zh-hans": "闭幕式与《首尔声明》", "ar": "الجلسة الختامية وبيان سيول"},
        "2027-11-17 15:00", "2027-11-17 16:00",
        [("speaker", ("chief", SNU)), ("chair", ("chief", TSINGHUA))],
    ),
    (
        "aua-board-meeting-2027", "boardroom", SessionKind.MEETING,
        {"en": "Report of the Secretariat", "zh-hans": "秘书处工作报告", "ar": "تقرير الأمانة العامة"},
        "2027-11-15 14:00", "2027-11-15 14:45",
        [("speaker", ("email", SECRETARIAT)), ("chair", ("chief", TSINGHUA))],
    ),
    (
        "aua-board-meeting-2027", "boardroom", SessionKind.MEETING,
        {"en": "Decisions: admissions, budget 2028, host of the Summit 2028", "zh-hans": "决议：成员接纳、2028 年预算、2028 年峰会主办方", "ar": "القرارات: القبول وميزانية 2028 ومضيف قمة 2028"},
        "2027-11-15 15:00", "2027-11-15 17:30",
        [("chair", ("chief", TSINGHUA))],
    ),
    (
        "aua-presidents-forum-2027", "auditorium", SessionKind.TALK,
        {"en": "Keynote: Asian universities in a changing world", "zh-hans": "主旨演讲：变化世界中的亚洲大学", "ar": "الكلمة الرئيسية: الجامعات الآسيوية في عالم متغير"},
        "2027-11-16 09:00", "2027-11-16 09:45",
        [("speaker", ("chief", SNU))],
    ),
    (
        "aua-presidents-forum-2027", "auditorium", SessionKind.PANEL,
        {"en": "Panel: Talent, mobility and the future of work", "zh-hans": "圆桌讨论：人才、流动与未来工作", "ar": "حلقة نقاش: المواهب والتنقل ومستقبل العمل"},
        "2027-11-16 10:00", "2027-11-16 12:00",
        [
            ("speaker", ("chief", "057zh3y96")),
            ("speaker", ("chief", "028wp3y58")),
            ("speaker", ("chief", "02f81g417")),
            ("moderator", ("chief", "00q4vv597")),
        ],
    ),
    (
        "aua-wg-financial-sustainability-2027", "seminar1", SessionKind.MEETING,
        {"en": "Membership fees, shared funds and the budget 2028", "zh-hans": "会费、共同基金与 2028 年预算", "ar": "رسوم العضوية والصناديق المشتركة وميزانية 2028"},
        "2027-11-16 14:00", "2027-11-16 15:30",
        [("chair", ("chief", "00rzspn62")), ("speaker", ("liaison", "02v51f717"))],
    ),
    (
        "aua-wg-admission-2027", "seminar2", SessionKind.MEETING,
        {"en": "Applications for membership and observer status", "zh-hans": "成员及观察员资格申请", "ar": "طلبات العضوية وصفة المراقب"},
        "2027-11-16 16:00", "2027-11-16 17:30",
        [("chair", ("chief", "052bx8q98")), ("speaker", ("liaison", UAEU))],
    ),
    (
        FORUM_SLUG, "hub", SessionKind.TALK,
        {"en": "Welcome and team challenge briefing", "zh-hans": "欢迎致辞与团队挑战说明", "ar": "الترحيب وشرح تحدي الفرق"},
        "2027-07-12 09:00", "2027-07-12 10:30",
        [("speaker", ("chief", UAEU)), ("chair", ("liaison", UAEU))],
    ),
    (
        FORUM_SLUG, "hub", SessionKind.WORKSHOP,
        {"en": "Team presentations to the jury", "zh-hans": "团队向评审团展示", "ar": "عروض الفرق أمام لجنة التحكيم"},
        "2027-07-16 09:00", "2027-07-16 12:00",
        [("chair", ("liaison", UAEU)), ("speaker", ("liaison", NUS))],
    ),
    (
        DIALOGUE_SLUG, "pavilion", SessionKind.PANEL,
        {"en": "Dialogue: universities, industry and government in Asia", "zh-hans": "对话：亚洲的大学、产业与政府", "ar": "حوار: الجامعات والصناعة والحكومة في آسيا"},
        "2027-03-25 14:00", "2027-03-25 17:00",
        [("speaker", ("chief", TSINGHUA)), ("speaker", ("chief", NUS)), ("moderator", ("email", "partner@demo.alliance.invalid"))],
    ),
)  # fmt: skip

LETTER_CHOICES = [
    {"value": "no", "label": {"en": "No", "zh-hans": "不需要", "ar": "لا"}},
    {
        "value": "invitation",
        "label": {
            "en": "Yes, for my university",
            "zh-hans": "需要，用于本校手续",
            "ar": "نعم، لجامعتي",
        },
    },
    {
        "value": "visa",
        "label": {
            "en": "Yes, for a visa application",
            "zh-hans": "需要，用于申请签证",
            "ar": "نعم، لطلب تأشيرة",
        },
    },
]

# Three invented students of each member, in the order of DEMO_CONTACTS: (name, letter answer).
# Registered round by round (the first of each member, then the second, …), so the last five of
# the third round find the 40 seats taken.
STUDENTS: dict[str, tuple[tuple[str, str], ...]] = {
    "01km6p862": (("Hamdan Al Ketbi", "no"), ("Shamma Al Dhaheri", "no"), ("Rashid Al Shamsi", "no")),
    "02v51f717": (("Zhou Yutong", "visa"), ("Xu Haoran", "no"), ("Gao Shiyu", "invitation")),
    "03cve4549": (("Li Siyuan", "visa"), ("Chen Zihan", "no"), ("Wang Yichen", "no")),
    "00q4vv597": (("Leung Tsz-yan", "no"), ("Ho Ka-wai", "no"), ("Cheung Hiu-tung", "no")),
    "0116zj450": (("Putri Ayu Lestari", "visa"), ("Rizky Pratama", "no"), ("Dewi Anggraini", "no")),
    "02qyf5152": (("Aditya Kulkarni", "visa"), ("Meera Iyer", "visa"), ("Rohan Mehta", "no")),
    "057zh3y96": (("Ito Sora", "no"), ("Kato Mio", "no"), ("Yamada Ren", "invitation")),
    "04h9pn542": (("Choi Yuna", "no"), ("Jung Minho", "no"), ("Han Seojin", "no")),
    "052bx8q98": (("Aruzhan Serikova", "no"), ("Daniyar Tulegenov", "no"), ("Madina Akhmetova", "no")),
    "02phn5242": (("Tharindu Fernando", "visa"), ("Ishara Jayasinghe", "visa"), ("Kasun Bandara", "no")),
    "038724806": (("Htet Aung", "visa"), ("Su Myat Noe", "visa"), ("Kyaw Zin Thant", "visa")),
    "00rzspn62": (("Nur Izzati Rahim", "no"), ("Muhammad Haziq Azman", "no"), ("Tan Jia Hui", "no")),
    "02f81g417": (("Faisal Al Dosari", "no"), ("Reem Al Shehri", "no"), ("Saud Al Mutairi", "no")),
    "01tgyzw49": (("Goh Wei Ming", "no"), ("Nur Aisyah Rahman", "no"), ("Arjun Pillai", "no")),
    "028wp3y58": (("Nattapong Srisuwan", "no"), ("Pimchanok Thongdee", "no"), ("Kittipat Wongsa", "no")),
}  # fmt: skip
DIETS = ("", "Vegetarian", "Halal", "", "No nuts (allergy)", "", "Vegan", "")
# Who cancels (a first-round student of Seoul National University), freeing a seat for the
# first in line; and who asks for a visa letter (a first-round student of Yangon).
CANCELLING = (SNU, 0)
ASKING_FOR_A_LETTER = (UY, 0)
PASSPORT = {
    "full_name": "HTET AUNG",
    "number": "MH4821907",
    "nationality": "MM",
    "birth_date": "2004-05-17",
    "expiry_date": "2032-02-10",
}


@contextmanager
def _demo_emails_dropped() -> Iterator[None]:
    """The demo people have .invalid addresses: the registration e-mails the services send
    while the demo loads go nowhere, instead of filling the console (or an SMTP queue)."""
    from django.test.utils import override_settings

    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        yield


def load_events_demo(*, actor: User | None = None) -> dict[str, int]:
    """Create whatever of the demo events is missing; return how many of each were created."""
    created = {"events": 0, "sessions": 0, "users": 0, "registrations": 0}
    with _demo_emails_dropped(), transaction.atomic():
        actor = actor or User.objects.get(email=SECRETARIAT)
        events = _summit(actor, created)
        forum = _student_forum(actor, created)
        if forum is not None:
            events[FORUM_SLUG] = forum
        dialogue = _dialogue(actor, created)
        if dialogue is not None:
            events[DIALOGUE_SLUG] = dialogue
        if events:
            _timetable(events, actor, created)
        if forum is not None and forum.is_open_for_registration():
            _forum_registrations(forum, actor, created)
        if SUMMIT_SLUG in events:
            _summit_registrations(events, created)
    return created


def _member(ror: str) -> Institution:
    return Institution.objects.get(ror_id=ror)


def _members() -> list[Institution]:
    """The founding members, in the order of DEMO_CONTACTS."""
    by_ror = {i.ror_id: i for i in Institution.objects.filter(is_founding_member=True)}
    return [by_ror[ror] for ror, *_rest in DEMO_CONTACTS if ror in by_ror]


def _create(
    actor: User,
    slug: str,
    fields: dict[str, Any],
    *,
    zone: str,
    host: Institution,
    created: dict[str, int],
    **extra: Any,
) -> Event:
    spec = dict(fields)
    data = {
        "slug": slug,
        "kind": spec.pop("kind"),
        "title": spec.pop("title"),
        "summary": spec.pop("summary", {}),
        "visibility": spec.pop("visibility"),
        "capacity": spec.pop("capacity"),
        "quota_applies": spec.pop("quota_applies", False),
        "starts_at": _at(zone, spec.pop("starts")),
        "ends_at": _at(zone, spec.pop("ends")),
        "time_zone": zone,
        "host": host,
        "status": EventStatus.PUBLISHED,
        "registration_opens_at": REGISTRATION_OPENS,
        **SIGNATORY,
        **extra,
    }
    event = create_event(actor=actor, data=data, co_hosts=spec.pop("co_hosts", ()), is_demo=True)
    created["events"] += 1
    return event


def _summit(actor: User, created: dict[str, int]) -> dict[str, Event]:
    if Event.objects.filter(slug=SUMMIT_SLUG).exists():
        return {}
    host = _member(SNU)
    venue = {
        "venue": "Seoul National University, Gwanak campus",
        "address": "1 Gwanak-ro, Gwanak-gu, Seoul, Republic of Korea",
        "languages": ["en", "ko", "zh-hans"],
        "registration_closes_at": _at(SEOUL, "2027-10-31 23:59"),
    }
    events: dict[str, Event] = {}
    for slug, fields in SUMMIT_EVENTS.items():
        parent = {"parent": events[SUMMIT_SLUG]} if events else {}
        events[slug] = _create(
            actor, slug, fields, zone=SEOUL, host=host, created=created, **venue, **parent
        )
    board = events["aua-board-meeting-2027"]
    set_quotas(board, actor=actor, seats=[(m, BOARD_QUOTA) for m in _members()])
    return events


def _student_forum(actor: User, created: dict[str, int]) -> Event | None:
    if Event.objects.filter(slug=FORUM_SLUG).exists():
        return None
    fields = {
        "kind": EventKind.STUDENT_FORUM,
        "title": {
            "en": "AUA Student Forum 2027",
            "zh-hans": "亚洲大学联盟 2027 年学生论坛",
            "ar": "منتدى طلاب تحالف الجامعات الآسيوية 2027",
        },
        "summary": {
            "en": "A week in Al Ain for three students of each member: teams of students from "
            "different countries take on a challenge set by the host and present to a jury.",
            "zh-hans": "每个成员三名学生在艾因共度一周：来自不同国家的学生组队完成主办方设定的挑战，"
            "并向评审团展示成果。",
            "ar": "أسبوع في العين لثلاثة طلاب من كل عضو: فرق من طلاب من بلدان مختلفة تعمل على تحدٍّ "
            "يضعه المضيف وتعرض نتائجها على لجنة تحكيم.",
        },
        "visibility": Visibility.PUBLIC,
        "starts": "2027-07-12 09:00",
        "ends": "2027-07-16 17:00",
        "capacity": FORUM_CAPACITY,
        "quota_applies": True,
    }
    forum = _create(
        actor,
        FORUM_SLUG,
        fields,
        zone=AL_AIN,
        host=_member(UAEU),
        created=created,
        venue="United Arab Emirates University, Al Maqam campus",
        address="Al Ain, Abu Dhabi, United Arab Emirates",
        languages=["en", "ar"],
        registration_closes_at=_at(AL_AIN, "2027-05-31 23:59"),
        letter_language="en",
    )
    set_quotas(forum, actor=actor, seats=[(m, FORUM_QUOTA) for m in _members()])
    _forum_questions(forum, actor)
    return forum


def _forum_questions(forum: Event, actor: User) -> None:
    add_question(
        forum,
        actor=actor,
        kind=QuestionKind.TEXT,
        key="dietary_needs",
        label={"en": "Dietary needs", "zh-hans": "饮食需求", "ar": "الاحتياجات الغذائية"},
        help_text={
            "en": "Vegetarian, halal, allergies… Shared with the host's kitchen.",
            "zh-hans": "素食、清真、过敏……将告知主办方餐饮部门。",
            "ar": "نباتي، حلال، حساسية… تُبلَّغ لمطبخ المضيف.",
        },
        for_host=True,
    )
    add_question(
        forum,
        actor=actor,
        kind=QuestionKind.TEXT,
        key="access_needs",
        label={"en": "Access needs", "zh-hans": "无障碍需求", "ar": "احتياجات الوصول"},
        help_text={
            "en": "Anything that helps you reach the venue and follow the sessions.",
            "zh-hans": "任何有助于您到达会场和参与活动的安排。",
            "ar": "كل ما يساعدك على الوصول إلى المكان ومتابعة الجلسات.",
        },
        for_host=True,
    )
    letter = add_question(
        forum,
        actor=actor,
        kind=QuestionKind.CHOICE,
        key="invitation_letter",
        label={
            "en": "Do you need an invitation letter?",
            "zh-hans": "您是否需要邀请函？",
            "ar": "هل تحتاج إلى خطاب دعوة؟",
        },
        required=True,
        choices=LETTER_CHOICES,
    )
    add_question(
        forum,
        actor=actor,
        kind=QuestionKind.COUNTRY,
        key="passport_country",
        label={
            "en": "Country or region that issued your passport",
            "zh-hans": "护照签发国家或地区",
            "ar": "البلد أو المنطقة التي أصدرت جواز سفرك",
        },
        help_text={
            "en": "Once registered, ask for the letter on your registration page.",
            "zh-hans": "注册后，请在您的注册页面申请邀请函。",
            "ar": "بعد التسجيل، اطلب الخطاب من صفحة تسجيلك.",
        },
        required=True,
        show_if=letter,
        show_if_values=["visa"],
    )
    add_question(
        forum,
        actor=actor,
        kind=QuestionKind.CONSENT,
        key="code_of_conduct",
        label={
            "en": "I accept the code of conduct of the Student Forum.",
            "zh-hans": "我接受学生论坛的行为准则。",
            "ar": "أوافق على مدونة قواعد السلوك لمنتدى الطلاب.",
        },
        required=True,
    )


def _dialogue(actor: User, created: dict[str, int]) -> Event | None:
    if Event.objects.filter(slug=DIALOGUE_SLUG).exists():
        return None
    boao = Institution.objects.filter(slug="boao-forum-for-asia").first()
    fields = {
        "kind": EventKind.PARTNER_EVENT,
        "title": {
            "en": "AUA and Boao Forum for Asia: dialogue on higher education",
            "zh-hans": "亚洲大学联盟与博鳌亚洲论坛：高等教育对话",
            "ar": "تحالف الجامعات الآسيوية ومنتدى بوآو الآسيوي: حوار حول التعليم العالي",
        },
        "summary": {
            "en": "A session of the Boao Forum for Asia annual conference, co-hosted with the "
            "alliance.",
            "zh-hans": "博鳌亚洲论坛年会分论坛，与联盟联合主办。",
        },
        "visibility": Visibility.PUBLIC,
        "starts": "2027-03-25 14:00",
        "ends": "2027-03-25 17:00",
        "capacity": 120,
        "co_hosts": [boao] if boao is not None else [],
    }
    return _create(
        actor,
        DIALOGUE_SLUG,
        fields,
        zone=BOAO,
        host=_member(TSINGHUA),
        created=created,
        venue="Boao Forum for Asia International Conference Center",
        address="Boao, Qionghai, Hainan, China",
        languages=["en", "zh-hans"],
        registration_closes_at=_at(BOAO, "2027-03-20 23:59"),
    )


def _person(who: Who) -> Person | None:
    how, key = who
    if how == "email":
        return Person.objects.filter(email=key).order_by("pk").first()
    kind = PositionKind.CHIEF_EXECUTIVE if how == "chief" else PositionKind.LIAISON_OFFICER
    position = (
        Position.objects.filter(institution__ror_id=key, kind=kind, end__isnull=True)
        .select_related("person")
        .order_by("pk")
        .first()
    )
    return position.person if position is not None else None


def _timetable(events: dict[str, Event], actor: User, created: dict[str, int]) -> None:
    """Rooms and sessions of the events just made, with their speakers, chairs and moderators."""
    rooms: dict[tuple[str, str], Room] = {}
    for slug, room_key, kind, title, starts, ends, people in SESSIONS:
        event = events.get(slug)
        if event is None:
            continue
        if (slug, room_key) not in rooms:
            rooms[slug, room_key] = add_room(event, actor=actor, name=ROOMS[room_key])
        session = add_session(
            event,
            actor=actor,
            data={
                "kind": kind,
                "title": title,
                "room": rooms[slug, room_key],
                "starts_at": _at(event.time_zone, starts),
                "ends_at": _at(event.time_zone, ends),
            },
        )
        created["sessions"] += 1
        for role, who in people:
            person = _person(who)
            if person is not None:
                add_session_person(session, actor=actor, role=role, person=person)


def _student(ror: str, n: int, name: str, password: str, created: dict[str, int]) -> User:
    from allauth.account.models import EmailAddress

    email = f"student{n + 1}.{ACRONYMS.get(ror, ror)}@demo.alliance.invalid".lower()
    user, made = User.objects.get_or_create(
        email=email, defaults={"full_name": f"{name} (demo)", "password": password}
    )
    if made:
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        created["users"] += 1
    return user


def _forum_registrations(forum: Event, actor: User, created: dict[str, int]) -> None:
    """Round by round, three students of each member; then a demo applicant who finds the house
    full, a cancellation that offers the freed seat to the first in line, and a letter request."""
    password = make_password(DEMO_PASSWORD)  # one hash for all: they log in with the demo password
    members = {i.ror_id: i for i in _members()}
    registrations: dict[tuple[str, int], Registration] = {}
    count = 0
    for round_ in range(FORUM_QUOTA):
        for ror, students in STUDENTS.items():
            if ror not in members:
                continue
            name, letter = students[round_]
            user = _student(ror, round_, name, password, created)
            answers: dict[str, Any] = {
                "dietary_needs": DIETS[count % len(DIETS)],
                "access_needs": "Step-free access (wheelchair)" if count == 7 else "",
                "invitation_letter": letter,
                "code_of_conduct": True,
            }
            if letter == "visa":
                answers["passport_country"] = str(members[ror].country)
            registrations[ror, round_] = register_with_answers(
                forum,
                actor=user,
                name=user.full_name,
                institution=members[ror],
                answers=answers,
            )
            count += 1
    applicant = User.objects.filter(email="student@demo.alliance.invalid").first()
    if applicant is not None and NUS in members:
        register_with_answers(
            forum,
            actor=applicant,
            name=applicant.full_name,
            institution=members[NUS],
            answers={
                "invitation_letter": "visa",
                "passport_country": "VN",
                "code_of_conduct": True,
            },
        )
        count += 1
    created["registrations"] += count
    if CANCELLING in registrations:
        leaving = registrations[CANCELLING]
        cancel_registration(leaving, actor=leaving.user)
    if ASKING_FOR_A_LETTER in registrations:
        asking = registrations[ASKING_FOR_A_LETTER]
        request_letter(asking, actor=asking.user, passport=PASSPORT, needs_visa=True)


def _summit_registrations(events: dict[str, Event], created: dict[str, int]) -> None:
    """The coordinators of Tsinghua and NUS come to the Board meeting as alternates; the demo
    scholar registers for the public Presidents Forum."""
    board = events["aua-board-meeting-2027"]
    forum = events["aua-presidents-forum-2027"]
    for email, ror in (
        ("coordinator.tsinghua@demo.alliance.invalid", TSINGHUA),
        ("coordinator.nus@demo.alliance.invalid", NUS),
    ):
        user = User.objects.filter(email=email).first()
        if user is not None and board.is_open_for_registration():
            register_with_answers(
                board, actor=user, name=user.full_name, institution=_member(ror), answers={}
            )
            created["registrations"] += 1
    scholar = User.objects.filter(email="scholar@demo.alliance.invalid").first()
    if scholar is not None and forum.is_open_for_registration():
        register_with_answers(forum, actor=scholar, name=scholar.full_name, answers={})
        created["registrations"] += 1
