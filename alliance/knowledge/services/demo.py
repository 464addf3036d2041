"""The knowledge demo: a dozen achievements, experts and challenges of the demo alliance, in
the languages of its members (Chinese, Japanese, Korean, Thai, Indonesian, English), all marked
as demo. Achievements and challenges are published, so that search and matching have something
to find; one achievement waits in review and one inquiry is under way. Everything goes through
the knowledge services, as the Secretariat. Safe to run again: an entry whose title exists is
left alone."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from alliance.core.models import User
from alliance.knowledge.models import Achievement, Challenge, ExpertProfile, Inquiry
from alliance.knowledge.services.achievements import (
    create_achievement,
    publish_achievement,
    submit_achievement,
)
from alliance.knowledge.services.challenges import moderate_challenge, post_challenge
from alliance.knowledge.services.demo_courses import load_course_demo
from alliance.knowledge.services.experts import create_expert
from alliance.knowledge.services.inquiries import open_inquiry, reply_to_inquiry
from alliance.members.models import Institution

SECRETARIAT = "secretariat@demo.alliance.invalid"
PARTNER = "partner@demo.alliance.invalid"
COORDINATOR_TSINGHUA = "coordinator.tsinghua@demo.alliance.invalid"

# (institution ROR id, title, summary, field, keywords, TRL, IP status, patents, licensing)
ACHIEVEMENTS: tuple[tuple[Any, ...], ...] = (
    ("03cve4549", "高通量陶瓷膜工业废水处理技术", "一种低成本陶瓷膜，可从炼油和印染废水中去除油污和染料，通量比传统膜高三倍。", "environmental", ["水处理", "陶瓷膜", "工业废水"], 7, "granted", ["CN 114000001 B"], True),
    ("02v51f717", "基于深度学习的古籍文字识别", "识别甲骨文、金文和古籍印刷体，帮助图书馆将馆藏数字化。", "humanities", ["文字识别", "深度学习", "古籍"], 6, "software", [], True),
    ("057zh3y96", "使用済みリチウムイオン電池からの正極材料回収", "使用済み電池からコバルトとニッケルを高純度で回収する湿式製錬プロセス。", "materials", ["電池", "リサイクル", "コバルト"], 5, "filed", ["JP 2026-123456"], True),
    ("04h9pn542", "딥러닝 기반 흉부 엑스레이 판독 보조", "인공지능으로 흉부 엑스레이 영상을 분석해 폐결절을 찾아내는 진단 보조 소프트웨어.", "medicine", ["딥러닝", "의료 영상", "엑스레이"], 6, "software", [], True),
    ("028wp3y58", "การผลิตไบโอดีเซลจากน้ำมันปาล์มด้วยตัวเร่งปฏิกิริยาแบบใหม่", "ตัวเร่งปฏิกิริยาแบบของแข็งที่ใช้ซ้ำได้ ช่วยลดต้นทุนการผลิตไบโอดีเซลจากน้ำมันปาล์ม", "environmental", ["ไบโอดีเซล", "น้ำมันปาล์ม", "ตัวเร่งปฏิกิริยา"], 6, "granted", ["TH 1801001234"], True),
    ("0116zj450", "Sensor murah untuk deteksi banjir di perkotaan", "Jaringan sensor ketinggian air bertenaga surya yang memperingatkan warga sebelum banjir.", "civil", ["banjir", "sensor", "peringatan dini"], 7, "none", [], True),
    ("01tgyzw49", "Perovskite solar cells that last", "An encapsulation that keeps perovskite solar cells stable for 5,000 hours outdoors.", "materials", ["perovskite", "photovoltaics", "solar energy"], 5, "filed", ["SG 10202600001X"], True),
    ("00q4vv597", "Low-power AI chip for edge vision", "A neural-network accelerator that runs object detection on a coin-cell battery.", "electrical", ["AI chip", "edge computing", "computer vision"], 4, "filed", ["US 2026/0123456"], False),
    ("02qyf5152", "Solar still for village drinking water", "A passive solar still that makes drinking water from brackish groundwater.", "environmental", ["drinking water", "desalination", "solar"], 8, "none", [], True),
    ("052bx8q98", "Cold-climate heat pump", "A heat pump that keeps its efficiency at minus 30 degrees for Central Asian winters.", "mechanical", ["heat pump", "energy efficiency"], 6, "granted", ["KZ 35001"], True),
    ("00rzspn62", "Biodegradable packaging from oil-palm fibre", "Food trays moulded from empty fruit bunches of oil palm, compostable in 90 days.", "materials", ["bioplastic", "packaging", "oil palm"], 7, "granted", ["MY PI2026000123"], True),
    ("01km6p862", "Date-palm waste to activated carbon", "Turns date-palm fronds into activated carbon for water filters.", "chemical-eng", ["activated carbon", "date palm", "water filter"], 5, "none", [], True),
)  # fmt: skip

# (institution ROR id, name, position, keywords, fields, languages, bio)
EXPERTS: tuple[tuple[Any, ...], ...] = (
    ("03cve4549", "王芳 Wang Fang (demo)", "教授 Professor", ["膜分离", "水处理", "membrane separation"], ["environmental"], ["zh", "en"], "从事膜分离与工业废水处理研究二十年。"),
    ("02v51f717", "李明 Li Ming (demo)", "研究员 Researcher", ["自然语言处理", "古籍数字化"], ["computing", "humanities"], ["zh", "en"], "Builds OCR for historical Chinese texts."),
    ("057zh3y96", "佐藤 花子 Sato Hanako (demo)", "准教授 Associate Professor", ["電池", "湿式製錬", "battery recycling"], ["materials"], ["ja", "en"], "リチウムイオン電池のリサイクルを研究しています。"),
    ("04h9pn542", "김민준 Kim Min-jun (demo)", "교수 Professor", ["의료 영상", "딥러닝", "medical imaging"], ["medicine", "computing"], ["ko", "en"], "의료 영상 인공지능 연구실을 이끌고 있습니다."),
    ("028wp3y58", "สมศรี ใจดี Somsri Jaidee (demo)", "รองศาสตราจารย์ Associate Professor", ["ไบโอดีเซล", "พลังงานทดแทน", "biofuels"], ["environmental"], ["th", "en"], "วิจัยพลังงานชีวภาพจากปาล์มน้ำมัน"),
    ("0116zj450", "Budi Santoso (demo)", "Dosen Lecturer", ["hidrologi", "banjir", "flood modelling"], ["civil", "earth"], ["id", "en"], "Memodelkan banjir perkotaan di Jakarta."),
    ("01tgyzw49", "Tan Wei Ling (demo)", "Assistant Professor", ["perovskite", "thin films", "solar cells"], ["materials", "physics"], ["en", "zh"], "Works on stable perovskite photovoltaics."),
    ("00q4vv597", "Chan Ka Ho (demo)", "Professor", ["hardware accelerators", "edge AI"], ["electrical", "computing"], ["en", "zh"], "Designs low-power chips for machine learning."),
    ("02qyf5152", "Ananya Iyer (demo)", "Professor", ["desalination", "solar thermal", "rural water"], ["environmental"], ["en", "hi"], "Brings solar water treatment to villages."),
    ("052bx8q98", "Aigerim Bekova (demo)", "Associate Professor", ["heat pumps", "district heating"], ["mechanical"], ["kk", "ru", "en"], "Works on heating for cold climates."),
    ("00rzspn62", "Nurul Huda (demo)", "Senior Lecturer", ["bioplastics", "agricultural waste"], ["materials", "agriculture"], ["ms", "en"], "Turns oil-palm waste into materials."),
    ("02f81g417", "Khalid Al-Harbi (demo)", "Professor", ["solar energy", "dust on solar panels"], ["environmental"], ["ar", "en"], "Studies solar panels in desert conditions."),
)  # fmt: skip

# (institution ROR id or slug, title, problem, field, keywords, wanted outcome, deadline)
CHALLENGES: tuple[tuple[Any, ...], ...] = (
    ("boao-forum-for-asia", "Clean drinking water for island villages", "Island villages around Hainan depend on brackish wells and bottled water.", "environmental", ["drinking water", "desalination"], "A low-maintenance unit a village can run itself.", "2027-12-31"),
    ("lotus-quantum-technologies", "印染厂含油废水处理方案", "我们的印染工厂每天产生大量含油、含染料的废水，现有处理成本过高。", "environmental", ["工业废水", "水处理", "膜"], "一套可在一年内中试的处理工艺。", "2027-09-30"),
    ("demo-ministry-of-higher-education", "Early warning of urban floods", "Cities need warnings hours before rivers overflow.", "civil", ["flood", "early warning", "sensors"], "A sensor network piloted in one district.", None),
    ("meridian-learning-systems", "Reading handwritten historical archives", "Our archive clients hold millions of handwritten pages nobody can search.", "computing", ["OCR", "handwriting", "archives"], "Text recognition good enough for full-text search.", None),
    ("lotus-quantum-technologies", "電池材料の国内循環", "使用済み電池の処理を海外に依存しており、コバルトの確保が課題です。", "materials", ["電池", "リサイクル"], "国内でのリサイクル実証。", "2028-03-31"),
    ("boao-forum-for-asia", "Heating schools in cold winters with less coal", "Rural schools in northern Asia burn coal for heat all winter.", "mechanical", ["heating", "heat pump", "energy"], "A heating system that halves fuel use.", None),
    ("demo-ministry-of-higher-education", "의료 영상 판독 인력 부족", "지방 병원에는 영상의학과 전문의가 부족합니다.", "medicine", ["의료 영상", "인공지능"], "판독 보조 도구의 시범 도입.", None),
    ("boao-forum-for-asia", "ลดต้นทุนพลังงานชีวภาพในชุมชน", "ชุมชนเกษตรกรต้องการผลิตไบโอดีเซลจากน้ำมันปาล์มด้วยต้นทุนต่ำ", "environmental", ["ไบโอดีเซล", "น้ำมันปาล์ม"], "กระบวนการที่ชุมชนดำเนินการเองได้", None),
    ("meridian-learning-systems", "Compostable packaging for meal kits", "Our meal kits ship in plastic trays that end up in landfill.", "materials", ["packaging", "compostable", "bioplastic"], "A tray that survives delivery and composts at home.", "2027-11-30"),
    ("lotus-quantum-technologies", "Vision on battery-powered cameras", "Wildlife cameras must detect animals for a year on one battery.", "electrical", ["computer vision", "low power", "edge AI"], "A chip or model that runs on a coin cell.", None),
    ("03cve4549", "Dust on desert solar farms", "Solar farms lose a quarter of their output to dust.", "environmental", ["solar", "dust", "cleaning"], "A cleaning method using no water.", None),
    ("boao-forum-for-asia", "Stable solar cells for tropical rooftops", "Humidity destroys cheap solar cells on rooftops in South-East Asia.", "materials", ["solar cells", "humidity", "perovskite"], "Cells that last five years on a roof.", None),
)  # fmt: skip


def _institution(key: str) -> Institution | None:
    return (
        Institution.objects.filter(ror_id=key).first()
        or Institution.objects.filter(slug=key).first()
    )


def load_knowledge_demo(*, actor: User | None = None) -> dict[str, int]:
    created = {
        "achievements": 0,
        "experts": 0,
        "challenges": 0,
        "inquiries": 0,
        "courses": 0,
        "enrolments": 0,
    }
    secretariat = actor or User.objects.filter(email=SECRETARIAT).first()
    if secretariat is None:
        return created
    with transaction.atomic():
        for ror, title, summary, field, keywords, trl, ip, patents, licensing in ACHIEVEMENTS:
            institution = _institution(ror)
            if institution is None or Achievement.objects.filter(title=title).exists():
                continue
            achievement = create_achievement(
                actor=secretariat,
                institution=institution,
                is_demo=True,
                data={
                    "title": title,
                    "summary": summary,
                    "field": field,
                    "keywords": keywords,
                    "trl": trl,
                    "ip_status": ip,
                    "patent_numbers": patents,
                    "licensing_open": licensing,
                    "inventors": [],
                    "contact": "Technology Transfer Office (demo)",
                },
            )
            submit_achievement(achievement, actor=secretariat)
            if ror != "02qyf5152":  # one stays in review, to show the review queue
                publish_achievement(achievement, actor=secretariat)
            created["achievements"] += 1
        for ror, name, position, keywords, fields, languages, bio in EXPERTS:
            institution = _institution(ror)
            if institution is None or ExpertProfile.objects.filter(full_name=name).exists():
                continue
            create_expert(
                actor=secretariat,
                institution=institution,
                is_demo=True,
                data={
                    "full_name": name,
                    "position": position,
                    "keywords": keywords,
                    "fields": fields,
                    "languages": languages,
                    "bio": bio,
                    "open_to_collaboration": True,
                    "listed": True,
                },
            )
            created["experts"] += 1
        for key, title, problem, field, keywords, outcome, deadline in CHALLENGES:
            institution = _institution(key)
            if institution is None or Challenge.objects.filter(title=title).exists():
                continue
            challenge = post_challenge(
                actor=secretariat,
                institution=institution,
                is_demo=True,
                data={
                    "title": title,
                    "problem": problem,
                    "field": field,
                    "keywords": keywords,
                    "wanted_outcome": outcome,
                    "deadline": datetime.date.fromisoformat(deadline) if deadline else None,
                },
            )
            moderate_challenge(challenge, actor=secretariat, publish=True)
            created["challenges"] += 1
        created["inquiries"] = _inquiry()
        created.update(load_course_demo(secretariat))  # shared courses (services/demo_courses.py)
    return created


def _inquiry() -> int:
    """The demo partner asks Tsinghua about its membrane; Tsinghua's coordinator answers."""
    partner = User.objects.filter(email=PARTNER).first()
    owner = User.objects.filter(email=COORDINATOR_TSINGHUA).first()
    achievement = Achievement.objects.filter(title=ACHIEVEMENTS[0][1], status="published").first()
    if partner is None or owner is None or achievement is None:
        return 0
    if Inquiry.objects.filter(asker=partner, achievement=achievement).exists():
        return 0
    inquiry = open_inquiry(
        achievement,
        actor=partner,
        subject="Membranes for island water plants",
        message="Could the membrane treat brackish water for the villages of our member cities?",
    )
    reply_to_inquiry(
        inquiry,
        actor=owner,
        message="Yes for oily water; brackish water needs a test. Shall we send samples?",
    )
    return 1
