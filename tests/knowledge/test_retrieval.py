"""Search and matching on real text in Chinese, Japanese, Korean, Thai and English, on the
database the suite runs on (SQLite FTS5 or PostgreSQL full-text): exact result order for clear
cases, lexically without the embedding model, and fused with it when it is installed."""

from __future__ import annotations

import pytest

from alliance.knowledge.enums import EntryKind
from alliance.knowledge.models import SearchEntry
from alliance.knowledge.retrieval import SearchFilter, match, search
from tests.knowledge.conftest import build_achievement, build_challenge, build_expert

pytestmark = pytest.mark.django_db

CORPUS = {
    "zh": {
        "title": "高效水处理膜技术",
        "summary": "用于工业废水处理的陶瓷膜，可去除油污。",
        "keywords": ["水处理", "陶瓷膜"],
        "field": "environmental",
    },
    "ja": {
        "title": "リチウムイオン電池のリサイクル技術",
        "summary": "使用済み電池から正極材料を回収する新しい方法。",
        "keywords": ["電池", "リサイクル"],
        "field": "materials",
    },
    "ko": {
        "title": "딥러닝 기반 의료 영상 진단",
        "summary": "인공지능으로 엑스레이 영상을 분석합니다.",
        "keywords": ["딥러닝", "의료 영상"],
        "field": "medicine",
    },
    "th": {
        "title": "การผลิตไบโอดีเซลจากน้ำมันปาล์ม",
        "summary": "กระบวนการเร่งปฏิกิริยาแบบใหม่สำหรับผลิตไบโอดีเซล",
        "keywords": ["ไบโอดีเซล", "น้ำมันปาล์ม"],
        "field": "environmental",
    },
    "perovskite": {
        "title": "Perovskite solar cells with a long lifetime",
        "summary": "An encapsulation that keeps perovskite cells stable for 5,000 hours.",
        "keywords": ["perovskite", "photovoltaics"],
        "field": "materials",
    },
    "still": {
        "title": "Solar still for drinking water",
        "summary": "Villages make drinking water from brackish water with sunlight.",
        "keywords": ["water", "desalination"],
        "field": "environmental",
    },
    "bioreactor": {
        "title": "Membrane bioreactor for hospitals",
        "summary": "Treats hospital effluent before it reaches the river water.",
        "keywords": ["bioreactor"],
        "field": "medicine",
    },
}


@pytest.fixture
def corpus(cast, tsinghua, django_capture_on_commit_callbacks):
    made = {}
    with django_capture_on_commit_callbacks(execute=True):  # the embeddings, after commit
        for key, data in CORPUS.items():
            made[key] = build_achievement(
                cast.coordinator_tsinghua,
                tsinghua,
                secretariat=cast.secretariat,
                inventors=[],
                **data,
            )
    return made


def titles(hits):
    return [h.entry.title for h in hits]


def keys(corpus, hits):
    by_id = {a.pk: k for k, a in corpus.items()}
    return [by_id[h.entry.object_id] for h in hits if h.kind == EntryKind.ACHIEVEMENT]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("膜技术", ["zh"]),
        ("水处理", ["zh"]),
        ("陶瓷", ["zh"]),
        ("電池", ["ja"]),
        ("リサイクル", ["ja"]),
        ("電池リサイクル", ["ja"]),  # no such run in the text: any pair of characters
        ("의료 영상", ["ko"]),
        ("영상", ["ko"]),  # 영상을 in the summary carries a particle
        ("ไบโอดีเซล", ["th"]),
        ("ไบโอ", ["th"]),
        ("น้ำมันปาล์ม", ["th"]),
        ("perovskite", ["perovskite"]),
        ("perov", ["perovskite"]),  # answering as one types
        ("PEROVSKITE Solar", ["perovskite"]),
        ("water", ["still", "bioreactor"]),  # in the title first, then only in the summary
        ("drinking water", ["still"]),
        ("membrane", ["bioreactor"]),
    ],
)
def test_it_finds_each_language_lexically_in_order(corpus, without_model, query, expected):
    assert keys(corpus, search(SearchFilter(q=query))) == expected


def test_every_hit_says_which_words_matched(corpus, without_model):
    hits = search(SearchFilter(q="drinking water"))
    assert [(h.terms, h.by_meaning) for h in hits] == [(["drinking", "water"], False)]
    (thai,) = search(SearchFilter(q="ไบโอดีเซล"))
    assert thai.terms == ["ไบโอดีเซล"]
    (mixed,) = search(SearchFilter(q="電池リサイクル"))
    assert mixed.terms == ["リサイクル"]  # the longest stretch that the text holds


def test_nothing_matches_gives_nothing(corpus, without_model):
    assert search(SearchFilter(q="quantum cryptography")) == []
    assert search(SearchFilter(q="تحلية المياه")) == []  # Arabic: no such text


def test_bad_queries_answer_sensibly(corpus, without_model):
    huge = "water " * 2000  # 12 kB: cut, not refused
    assert keys(corpus, search(SearchFilter(q=huge))) == ["still", "bioreactor"]
    assert keys(corpus, search(SearchFilter(q='<script>alert("x")</script> water'))) == [
        "still",
        "bioreactor",
    ]
    assert search(SearchFilter(q='"" OR * NEAR(')) == []  # full-text syntax is only text
    assert keys(corpus, search(SearchFilter(q="AND water"))) == ["still", "bioreactor"]


def test_an_empty_query_lists_the_newest_with_the_filters(corpus, without_model):
    hits = search(SearchFilter(field="medicine"))
    assert keys(corpus, hits) == ["bioreactor", "ko"]


def test_filters_narrow_a_query(corpus, without_model):
    assert keys(corpus, search(SearchFilter(q="water", field="medicine"))) == ["bioreactor"]
    assert keys(corpus, search(SearchFilter(q="water", min_trl=6))) == []
    assert keys(corpus, search(SearchFilter(q="water", kinds=(EntryKind.EXPERT,)))) == []


def test_one_search_spans_achievements_experts_and_challenges(cast, tsinghua, boao, without_model):
    achievement = build_achievement(
        cast.coordinator_tsinghua, tsinghua, secretariat=cast.secretariat
    )
    expert = build_expert(
        cast.coordinator_tsinghua,
        tsinghua,
        full_name="Wang Fang",
        keywords=["wastewater", "membranes"],
        bio="",
        publications=[],
    )
    challenge = build_challenge(cast.partner, boao, secretariat=cast.secretariat)
    hits = search(SearchFilter(q="wastewater"))
    assert sorted((h.kind, h.entry.object_id) for h in hits) == sorted(
        [
            (EntryKind.ACHIEVEMENT, achievement.pk),
            (EntryKind.EXPERT, expert.pk),
            (EntryKind.CHALLENGE, challenge.pk),
        ]
    )


def test_matching_a_challenge_ranks_achievements_and_explains(corpus, cast, boao, without_model):
    challenge_text = (
        "Clean drinking water for villages\nwater\ndesalination\nOur villages lack water."
    )
    hits = match(challenge_text, kinds=[EntryKind.ACHIEVEMENT], fields=["environmental"])
    assert keys(corpus, hits)[:2] == ["still", "bioreactor"]
    # "villages" meets its singular
    assert hits[0].terms == ["drinking", "water", "village", "desalination"]
    assert hits[0].same_field is True
    assert hits[1].same_field is False


def test_matching_in_chinese_finds_the_chinese_achievement(corpus, without_model):
    hits = match("工业废水中的油污如何去除", kinds=[EntryKind.ACHIEVEMENT])
    assert keys(corpus, hits)[0] == "zh"
    assert "工业废水" in hits[0].terms or "废水" in hits[0].terms


def test_only_what_is_published_or_listed_is_indexed(cast, tsinghua, boao, without_model):
    draft = build_achievement(cast.coordinator_tsinghua, tsinghua, publish=False)
    unlisted = build_expert(cast.coordinator_tsinghua, tsinghua, listed=False)
    pending = build_challenge(cast.partner, boao)
    assert (draft.status, unlisted.listed, pending.status) == ("draft", False, "pending")
    assert SearchEntry.objects.count() == 0
    assert search(SearchFilter(q="wastewater")) == []


def test_private_parts_of_an_expert_are_not_found(cast, tsinghua, without_model):
    build_expert(
        cast.coordinator_tsinghua,
        tsinghua,
        bio="Secret hobby: origami.",
        private_parts=["bio"],
    )
    assert search(SearchFilter(q="origami")) == []
    assert titles(search(SearchFilter(q="battery recycling"))) == ["Dr Lee Min-jun"]


def test_without_the_model_nothing_is_embedded(without_model, corpus):
    assert list(SearchEntry.objects.values_list("embedding", flat=True).distinct()) == [None]


def test_with_the_model_meaning_joins_the_words(corpus, with_model):
    assert SearchEntry.objects.filter(embedding=None).count() == 0
    hits = search(SearchFilter(q="drinking water"))
    assert keys(corpus, hits)[0] == "still"  # first by words and by meaning
    assert hits[0].lexical_rank == 1
    assert hits[0].by_meaning is True


def test_with_the_model_a_question_in_english_finds_the_thai_achievement(corpus, with_model):
    hits = search(SearchFilter(q="biodiesel from palm oil"))
    assert keys(corpus, hits)[0] == "th"
    assert hits[0].terms == []
    assert hits[0].by_meaning is True


def test_with_the_model_matching_crosses_languages(corpus, with_model):
    hits = match(
        "Recycling used lithium-ion batteries\nbattery recycling\nRecover cathode materials.",
        kinds=[EntryKind.ACHIEVEMENT],
    )
    assert keys(corpus, hits)[0] == "ja"
