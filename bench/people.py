"""Invented people and their positions for the benchmark database: deterministic (fixed seed),
written with bulk_create in batches, names in the scripts of the institution's country."""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate

from django.db import transaction

from alliance.members.enums import PositionKind, Relation
from alliance.members.models import Institution, Person, Position

SEED = 20170429
BATCH = 5000
# Institutions in the alliance's community carry this many times the staff of any other one.
COMMUNITY_WEIGHT = 10
# Dates are laid out before this fixed day, so the data is the same whatever the clock says.
ANCHOR = datetime.date(2025, 1, 1)


@dataclass(frozen=True)
class Script:
    """Given and family names as (Latin form, own-script form) pairs; own script may be empty."""

    given: tuple[tuple[str, str], ...]
    family: tuple[tuple[str, str], ...]
    family_first: bool
    separator: str = " "


CHINESE = Script(
    given=(
        ("Wei", "伟"),
        ("Fang", "芳"),
        ("Min", "敏"),
        ("Jing", "静"),
        ("Lei", "磊"),
        ("Yang", "洋"),
        ("Xiuying", "秀英"),
        ("Haoran", "浩然"),
        ("Zihan", "子涵"),
        ("Yuxuan", "雨萱"),
        ("Jianguo", "建国"),
        ("Mei Ling", "美玲"),
    ),
    family=(
        ("Wang", "王"),
        ("Li", "李"),
        ("Zhang", "张"),
        ("Liu", "刘"),
        ("Chen", "陈"),
        ("Yang", "杨"),
        ("Huang", "黄"),
        ("Zhao", "赵"),
        ("Zhou", "周"),
        ("Wu", "吴"),
        ("Tan", "陈"),
        ("Lim", "林"),
    ),
    family_first=True,
    separator="",
)
JAPANESE = Script(
    given=(
        ("Haruki", "陽翔"),
        ("Yui", "結衣"),
        ("Sota", "蒼太"),
        ("Hina", "陽菜"),
        ("Ren", "蓮"),
        ("Aoi", "葵"),
        ("Takumi", "拓海"),
        ("Sakura", "さくら"),
        ("Kenji", "健二"),
        ("Yuko", "裕子"),
    ),
    family=(
        ("Sato", "佐藤"),
        ("Suzuki", "鈴木"),
        ("Takahashi", "高橋"),
        ("Tanaka", "田中"),
        ("Watanabe", "渡辺"),
        ("Ito", "伊藤"),
        ("Yamamoto", "山本"),
        ("Nakamura", "中村"),
        ("Kobayashi", "小林"),
        ("Kato", "加藤"),
    ),
    family_first=True,
)
KOREAN = Script(
    given=(
        ("Minjun", "민준"),
        ("Seoyeon", "서연"),
        ("Jiho", "지호"),
        ("Jiwoo", "지우"),
        ("Hyunwoo", "현우"),
        ("Soojin", "수진"),
        ("Dohyun", "도현"),
        ("Yerin", "예린"),
    ),
    family=(
        ("Kim", "김"),
        ("Lee", "이"),
        ("Park", "박"),
        ("Choi", "최"),
        ("Jung", "정"),
        ("Kang", "강"),
        ("Yoon", "윤"),
    ),
    family_first=True,
)
THAI = Script(
    given=(
        ("Somchai", "สมชาย"),
        ("Suda", "สุดา"),
        ("Anan", "อนันต์"),
        ("Malee", "มาลี"),
        ("Niran", "นิรันดร์"),
        ("Pranee", "ปราณี"),
    ),
    family=(
        ("Sukjai", "สุขใจ"),
        ("Wongsawat", "วงศ์สวัสดิ์"),
        ("Srisuk", "ศรีสุข"),
        ("Chaiyaporn", "ชัยพร"),
        ("Rattanakul", "รัตนกุล"),
    ),
    family_first=False,
)
ARABIC = Script(
    given=(
        ("Ahmed", "أحمد"),
        ("Fatima", "فاطمة"),
        ("Omar", "عمر"),
        ("Layla", "ليلى"),
        ("Khalid", "خالد"),
        ("Noura", "نورة"),
        ("Yousef", "يوسف"),
        ("Mariam", "مريم"),
    ),
    family=(
        ("Al-Harbi", "الحربي"),
        ("Al-Qahtani", "القحطاني"),
        ("Al-Mansouri", "المنصوري"),
        ("Haddad", "حداد"),
        ("Al-Nuaimi", "النعيمي"),
        ("Khoury", "خوري"),
    ),
    family_first=False,
)
PERSIAN = Script(
    given=(("Reza", "رضا"), ("Maryam", "مریم"), ("Ali", "علی"), ("Zahra", "زهرا")),
    family=(("Hosseini", "حسینی"), ("Mohammadi", "محمدی"), ("Karimi", "کریمی")),
    family_first=False,
)
DEVANAGARI = Script(
    given=(
        ("Priya", "प्रिया"),
        ("Rahul", "राहुल"),
        ("Ananya", "अनन्या"),
        ("Arjun", "अर्जुन"),
        ("Kavita", "कविता"),
        ("Vikram", "विक्रम"),
        ("Sita", "सीता"),
    ),
    family=(
        ("Sharma", "शर्मा"),
        ("Gupta", "गुप्ता"),
        ("Patel", "पटेल"),
        ("Singh", "सिंह"),
        ("Joshi", "जोशी"),
        ("Shrestha", "श्रेष्ठ"),
    ),
    family_first=False,
)
CYRILLIC = Script(
    given=(
        ("Aigerim", "Айгерим"),
        ("Nurlan", "Нурлан"),
        ("Dana", "Дана"),
        ("Timur", "Тимур"),
        ("Aliya", "Алия"),
        ("Bakyt", "Бакыт"),
    ),
    family=(
        ("Nurlanova", "Нурланова"),
        ("Abenov", "Абенов"),
        ("Ismailova", "Исмаилова"),
        ("Sadykov", "Садыков"),
        ("Omarova", "Омарова"),
    ),
    family_first=False,
)
HEBREW = Script(
    given=(("Noa", "נועה"), ("David", "דוד"), ("Tamar", "תמר"), ("Yosef", "יוסף")),
    family=(("Cohen", "כהן"), ("Levi", "לוי"), ("Mizrahi", "מזרחי")),
    family_first=False,
)
VIETNAMESE = Script(
    given=(("Thị Lan", ""), ("Văn Minh", ""), ("Ngọc Anh", ""), ("Đức Huy", ""), ("Thu Hà", "")),
    family=(("Nguyễn", ""), ("Trần", ""), ("Lê", ""), ("Phạm", ""), ("Hoàng", "")),
    family_first=True,
)
LATIN = Script(
    given=(
        ("Siti", ""),
        ("Budi", ""),
        ("Nur", ""),
        ("Ayesha", ""),
        ("Maria", ""),
        ("Jose", ""),
        ("Farhan", ""),
        ("Mehmet", ""),
        ("Elif", ""),
        ("Rashid", ""),
    ),
    family=(
        ("Santoso", ""),
        ("Rahman", ""),
        ("Reyes", ""),
        ("Hussain", ""),
        ("Yilmaz", ""),
        ("Abdullah", ""),
        ("Khan", ""),
        ("Dela Cruz", ""),
    ),
    family_first=False,
)

SCRIPT_OF_COUNTRY = {
    **dict.fromkeys(("CN", "TW", "HK", "MO", "SG"), CHINESE),
    "JP": JAPANESE,
    **dict.fromkeys(("KR", "KP"), KOREAN),
    "TH": THAI,
    **dict.fromkeys(
        ("SA", "AE", "QA", "KW", "BH", "OM", "YE", "IQ", "JO", "SY", "LB", "PS"), ARABIC
    ),
    **dict.fromkeys(("IR", "AF"), PERSIAN),
    **dict.fromkeys(("IN", "NP"), DEVANAGARI),
    **dict.fromkeys(("KZ", "KG", "TJ", "UZ", "MN"), CYRILLIC),
    "IL": HEBREW,
    "VN": VIETNAMESE,
}

TITLES = {
    PositionKind.CHIEF_EXECUTIVE: "President",
    PositionKind.HEAD_OF_IO: "Director, Office of International Affairs",
    PositionKind.LIAISON_OFFICER: "",
    PositionKind.IO_COORDINATOR: "",
    PositionKind.CONTACT: "",
}
KIND_WEIGHTS = {
    PositionKind.CHIEF_EXECUTIVE: 1,
    PositionKind.HEAD_OF_IO: 2,
    PositionKind.LIAISON_OFFICER: 4,
    PositionKind.IO_COORDINATOR: 10,
    PositionKind.CONTACT: 30,
}


@dataclass(frozen=True)
class Generated:
    people: int
    positions: int
    current_positions: int


def _name(rng: random.Random, script: Script) -> tuple[str, str]:
    given_latin, given_own = rng.choice(script.given)
    family_latin, family_own = rng.choice(script.family)
    if script.family_first:
        latin = f"{family_latin} {given_latin}"
        own = f"{family_own}{script.separator}{given_own}" if family_own else ""
    else:
        latin = f"{given_latin} {family_latin}"
        own = f"{given_own} {family_own}" if given_own else ""
    return latin, own


def _start(rng: random.Random) -> datetime.date:
    return ANCHOR - datetime.timedelta(days=rng.randrange(30, 15 * 365))


def _rows(count: int) -> Iterator[tuple[Person, list[Position]]]:
    rng = random.Random(SEED)
    institutions = list(
        Institution.objects.order_by("pk").values_list("pk", "country", "relation", "slug")
    )
    community = {Relation.MEMBER, Relation.OBSERVER, Relation.PARTNER}
    # Cumulative weights, computed once: random.choices then bisects instead of summing.
    weights = list(
        accumulate(COMMUNITY_WEIGHT if rel in community else 1 for _, _, rel, _ in institutions)
    )
    kinds = list(KIND_WEIGHTS)
    kind_weights = list(accumulate(KIND_WEIGHTS.values()))
    for n in range(count):
        inst_id, country, _, slug = rng.choices(institutions, cum_weights=weights)[0]
        latin, own = _name(rng, SCRIPT_OF_COUNTRY.get(str(country), LATIN))
        person = Person(
            full_name=latin,
            native_name=own,
            email=f"person{n:06d}@{slug[:40]}.bench.invalid",
            is_demo=True,
        )
        kind = rng.choices(kinds, cum_weights=kind_weights)[0]
        start = _start(rng)
        # One in five has left: their position ended and, half of the time, they moved on.
        ended = rng.random() < 0.2
        end = start + datetime.timedelta(days=rng.randrange(30, 2000)) if ended else None
        if end is not None and end >= ANCHOR:
            end = ANCHOR - datetime.timedelta(days=1)
            start = min(start, end)
        positions = [
            Position(
                institution_id=inst_id, kind=kind, title=TITLES.get(kind, ""), start=start, end=end
            )
        ]
        if end is not None and rng.random() < 0.5:
            next_inst = rng.choices(institutions, cum_weights=weights)[0][0]
            positions.append(
                Position(
                    institution_id=next_inst,
                    kind=rng.choices(kinds, cum_weights=kind_weights)[0],
                    start=end + datetime.timedelta(days=1),
                )
            )
        yield person, positions


def generate_people(count: int) -> Generated:
    """Create ``count`` people, each with one or two positions, in one transaction."""
    people_total = positions_total = current_total = 0
    batch: list[tuple[Person, list[Position]]] = []

    def flush() -> None:
        nonlocal people_total, positions_total, current_total
        people = Person.objects.bulk_create([p for p, _ in batch], batch_size=BATCH)
        positions = []
        for person, (_, its_positions) in zip(people, batch, strict=True):
            for position in its_positions:
                position.person_id = person.pk
                positions.append(position)
        Position.objects.bulk_create(positions, batch_size=BATCH)
        people_total += len(people)
        positions_total += len(positions)
        current_total += sum(1 for p in positions if p.end is None)
        batch.clear()

    with transaction.atomic():
        for row in _rows(count):
            batch.append(row)
            if len(batch) == BATCH:
                flush()
        if batch:
            flush()
    return Generated(people_total, positions_total, current_total)
