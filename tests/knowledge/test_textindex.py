"""The terms search is made of, and the fusion of rankings: pure, checked on their own."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alliance.knowledge.fusion import reciprocal_rank_fusion
from alliance.knowledge.textindex import (
    MAX_QUERY_UNITS,
    fts5_query,
    index_terms,
    matched,
    query_units,
    tsquery,
    units,
)


def test_scripts_without_spaces_are_cut_into_bigrams_and_characters():
    assert index_terms("水处理") == "水处 处理 水 处 理"
    assert index_terms("Café ＮＵＳ 2027") == "cafe nus 2027"
    assert index_terms("의료 영상을") == "의료 의 료 영상 상을 영 상 을"


def test_thai_vowel_marks_stay_with_their_letters():
    # NFKC spells sara am (ำ) as nikhahit and sara aa (ํา), the same for text and query
    assert [u.text for u in units("น้ำ water")] == ["น\u0e49\u0e4d\u0e32", "water"]
    assert units("น้ำ")[0].grams == ("น\u0e49", "\u0e49\u0e4d", "\u0e4d\u0e32")


def test_devanagari_and_arabic_words_stay_whole():
    assert [u.text for u in units("नमस्ते दुनिया, تحلية المياه")] == [
        "नमस्ते",
        "दुनिया",
        "تحلية",
        "المياه",
    ]


def test_queries_drop_repeats_stopwords_and_stop_at_a_limit():
    assert [u.text for u in query_units("the Water and water of 膜", drop_stopwords=True)] == [
        "water",
        "膜",
    ]
    assert len(query_units(" ".join(f"w{n}" for n in range(500)))) == MAX_QUERY_UNITS


def test_the_full_text_expressions_of_both_databases():
    q = query_units("膜技术 water tr")
    assert fts5_query(q, every=True, prefix_last=True) == (
        '("膜技" AND "技术") AND "water" AND "tr"*'
    )
    assert fts5_query(q, every=False, prefix_last=False) == '"膜技" OR "技术" OR "water" OR "tr"'
    assert tsquery(q, every=True, prefix_last=True) == "('膜技' & '技术') & 'water' & 'tr':*"
    assert tsquery(query_units("膜"), every=True, prefix_last=False) == "'膜':*"


def test_explanations_name_the_longest_stretch_found():
    terms = set(index_terms("リチウムイオン電池のリサイクル技術").split())
    (unit,) = query_units("電池リサイクル")
    assert matched(unit, terms) == "リサイクル"
    assert matched(query_units("water")[0], terms) is None


@given(st.text(alphabet="水处理膜技术电池回收リサイクル의료영상ไบโอดีเซล ", min_size=1, max_size=30))
def test_any_piece_of_text_without_spaces_finds_it(text):
    """Every unit of any substring of such a text has all its grams among the text's terms, so
    an all-words search for any piece of the text finds the text (single characters by
    prefix)."""
    terms = set(index_terms(text).split())
    for start in range(len(text)):
        for end in range(start + 1, len(text) + 1):
            for unit in query_units(text[start:end]):
                for gram in unit.grams:
                    assert gram in terms or any(t.startswith(gram) for t in terms)


def test_fusion_adds_reciprocal_ranks():
    fused = reciprocal_rank_fusion({"lexical": ["a", "b", "c"], "dense": ["c", "a"]}, k=60)
    assert [(item, ranks) for item, _score, ranks in fused] == [
        ("a", {"lexical": 1, "dense": 2}),
        ("c", {"lexical": 3, "dense": 1}),
        ("b", {"lexical": 2}),
    ]
    assert fused[0][1] == 1 / 61 + 1 / 62


def test_fusion_bonus_lifts_only_items_already_ranked():
    fused = reciprocal_rank_fusion({"lexical": ["a", "b"]}, bonus={"b": 0.1, "z": 1.0})
    assert [item for item, _s, _r in fused] == ["b", "a"]


@given(
    st.lists(st.integers(0, 20), max_size=15),
    st.lists(st.integers(0, 20), max_size=15),
)
def test_fusion_ranks_each_item_once_by_its_summed_score(lexical, dense):
    fused = reciprocal_rank_fusion({"lexical": lexical, "dense": dense})
    items = [item for item, _s, _r in fused]
    assert sorted(items) == sorted(set(lexical) | set(dense))
    scores = [score for _i, score, _r in fused]
    assert scores == sorted(scores, reverse=True)
    for item, score, ranks in fused:
        assert score == sum(1 / (60 + r) for r in ranks.values())
        assert ranks.get("lexical") == (lexical.index(item) + 1 if item in lexical else None)


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("membranes", "membrane"),
        ("batteries", "battery"),
        ("cells", "cell"),
        ("analysis", "analysis"),  # -is stays whole
        ("virus", "virus"),  # -us stays whole
        ("glass", "glass"),  # -ss stays whole
        ("shoes", "shoe"),  # -oes loses its s only
        ("gas", "gas"),  # three letters or fewer stay whole
        ("kebijakans", "kebijakan"),  # any plain ASCII word is folded the same way
        ("évaluations", "evaluation"),  # after folding accents
        ("обзоры", "обзоры"),  # other scripts are never touched
    ],
)
def test_plurals_meet_their_singular_in_the_index_and_the_query(word, stem):
    assert index_terms(word) == stem
    assert [u.text for u in query_units(word)] == [stem]
