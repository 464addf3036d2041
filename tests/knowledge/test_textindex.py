"""The terms search is made of, and the fusion of rankings: pure, checked on their own."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alliance.knowledge.fusion import zscore_fusion
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


def test_fusion_sums_each_rankings_z_scores():
    fused = zscore_fusion(
        {"lexical": [("a", 9.0), ("b", 5.0), ("c", 1.0)], "dense": [("c", 0.9), ("a", 0.7)]}
    )
    # lexical: mean 5, deviation sqrt(32/3); dense: mean 0.8, deviation 0.1
    sd = (32 / 3) ** 0.5
    expected = {"a": 4 / sd - 1.0, "c": -4 / sd + 1.0, "b": 0.0 - 1.0}  # b: dense's lowest
    assert [(item, ranks) for item, _score, ranks in fused] == [
        ("a", {"lexical": 1, "dense": 2}),
        ("c", {"lexical": 3, "dense": 1}),
        ("b", {"lexical": 2}),
    ]
    for item, score, _ranks in fused:
        assert score == pytest.approx(expected[item])


def test_fusion_bonus_lifts_only_items_already_ranked():
    fused = zscore_fusion({"lexical": [("a", 2.0), ("b", 1.0)]}, bonus={"b": 3.0, "z": 9.0})
    assert [item for item, _s, _r in fused] == ["b", "a"]


def test_one_item_or_equal_scores_give_no_spread_and_keep_their_order():
    fused = zscore_fusion({"lexical": [("a", 1.0), ("b", 1.0)], "dense": [("c", 0.5)]})
    assert [(item, score) for item, score, _r in fused] == [("a", 0.0), ("b", 0.0), ("c", 0.0)]


@given(
    st.lists(st.tuples(st.integers(0, 20), st.floats(-50, 50)), max_size=15),
    st.lists(st.tuples(st.integers(0, 20), st.floats(-1, 1)), max_size=15),
)
def test_fusion_ranks_each_item_once_best_first(lexical, dense):
    fused = zscore_fusion({"lexical": lexical, "dense": dense})
    items = [item for item, _s, _r in fused]
    assert sorted(items) == sorted({i for i, _ in lexical} | {i for i, _ in dense})
    scores = [score for _i, score, _r in fused]
    assert scores == sorted(scores, reverse=True)
    for item, _score, ranks in fused:
        first = [i for i, _ in lexical].index(item) + 1 if item in dict(lexical) else None
        assert ranks.get("lexical") == first


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
