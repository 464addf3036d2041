import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from alliance.core.multilingual import MultilingualField, pick

TITLE = {"en": "Summit", "zh-hans": "峰会", "ar": "القمة"}


def test_pick_gives_the_readers_language_then_english_then_any():
    assert pick(TITLE, "zh-hans") == "峰会"
    assert pick(TITLE, "zh-hant") == "峰会"  # same base language
    assert pick(TITLE, "ar") == "القمة"
    assert pick(TITLE, "ja") == "Summit"
    assert pick({"zh-hans": "峰会"}, "ar") == "峰会"
    assert pick({}, "en") == ""
    assert pick(None) == ""
    with translation.override("zh-hans"):
        assert pick(TITLE) == "峰会"


def test_the_field_keeps_the_languages_filled_in():
    field = MultilingualField()
    assert field.clean(["Summit", " 峰会 ", ""]) == {"en": "Summit", "zh-hans": "峰会"}


def test_a_required_field_needs_one_language():
    field = MultilingualField(required=True)
    with pytest.raises(ValidationError) as info:
        field.clean(["", "", ""])
    assert info.value.messages == ["Fill this in, in at least one language."]
    assert field.clean(["", "", "القمة"]) == {"ar": "القمة"}


def test_the_widget_renders_one_input_per_language_marked_with_its_language():
    html = MultilingualField().widget.render("title", TITLE)
    assert 'name="title_0" value="Summit"' in html
    assert 'lang="zh-hans"' in html
    assert 'value="峰会"' in html
    assert html.count("<input") == 3
