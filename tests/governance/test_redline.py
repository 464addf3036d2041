"""The redline (alliance.governance.redline): word-level segments that rebuild both texts, and
the template filters that show them with <ins>/<del> and words for screen readers."""

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from alliance.governance import redline
from alliance.governance.redline import DELETE, EQUAL, INSERT, Segment
from alliance.governance.templatetags.redline_tags import redline_of, redline_segments

WORDS = st.sampled_from(
    ["the", "Board", "meets", "once", "twice", "a", "year", ",", ".", "成", "员", "会", "费"]
)
SPACES = st.sampled_from([" ", "  ", "\n", "\t"])
TEXTS = st.lists(st.one_of(WORDS, SPACES), max_size=30).map("".join)


def test_it_cuts_words_punctuation_spaces_and_cjk_characters():
    assert redline.tokens("The Board, 清华大学 meets.") == [
        "The",
        " ",
        "Board",
        ",",
        " ",
        "清",
        "华",
        "大",
        "学",
        " ",
        "meets",
        ".",
    ]


def test_it_marks_a_replaced_word_as_deleted_then_inserted():
    assert redline.diff("The Board meets once a year.", "The Board meets twice a year.") == [
        Segment(EQUAL, "The Board meets "),
        Segment(DELETE, "once"),
        Segment(INSERT, "twice"),
        Segment(EQUAL, " a year."),
    ]


def test_it_diffs_chinese_character_by_character():
    assert redline.diff("成员每年缴纳会费。", "成员每两年缴纳会费。") == [
        Segment(EQUAL, "成员每"),
        Segment(INSERT, "两"),
        Segment(EQUAL, "年缴纳会费。"),
    ]


def test_a_rewritten_sentence_reads_as_one_deletion_and_one_insertion():
    assert redline.diff("The Board sets the fee, for all.", "Fees are set each year.") == [
        Segment(DELETE, "The Board sets the fee, for all"),
        Segment(INSERT, "Fees are set each year"),
        Segment(EQUAL, "."),
    ]


def test_empty_texts_give_no_segments_and_one_side_empty_gives_one():
    assert redline.diff("", "") == []
    assert redline.diff("", "New clause.") == [Segment(INSERT, "New clause.")]
    assert redline.diff("Old clause.", "") == [Segment(DELETE, "Old clause.")]


@settings(max_examples=500)
@given(st.text(max_size=80))
def test_tokens_join_back_to_any_text(text):
    assert "".join(redline.tokens(text)) == text


@settings(max_examples=500)
@given(TEXTS, TEXTS)
def test_the_segments_rebuild_the_old_and_the_new_text(old, new):
    segments = redline.diff(old, new)
    assert redline.new_text(segments) == new
    assert redline.old_text(segments) == old
    assert all(s.text for s in segments)
    assert all(a.op != b.op for a, b in itertools.pairwise(segments))


@settings(max_examples=300)
@given(st.text(max_size=80), st.text(max_size=80))
def test_the_segments_rebuild_any_unicode_texts(old, new):
    segments = redline.diff(old, new)
    assert (redline.old_text(segments), redline.new_text(segments)) == (old, new)


@settings(max_examples=300)
@given(st.text(min_size=1, max_size=80))
def test_identical_texts_give_only_equal_segments(text):
    assert redline.diff(text, text) == [Segment(EQUAL, text)]
    assert not redline.changed(redline.diff(text, text))


def test_the_filter_renders_ins_and_del_with_words_for_screen_readers():
    html = redline_of("Fees are paid yearly.", "Fees are paid <each> year.")
    assert html == (
        '<span class="redline">Fees are paid '
        '<del><span class="visually-hidden">[deleted: </span>yearly'
        '<span class="visually-hidden"> end of deletion]</span></del>'
        '<ins><span class="visually-hidden">[inserted: </span>&lt;each&gt; year'
        '<span class="visually-hidden"> end of insertion]</span></ins>'
        ".</span>"
    )


def test_unchanged_segments_render_as_plain_escaped_text():
    assert redline_segments([Segment(EQUAL, "a < b")]) == '<span class="redline">a &lt; b</span>'
