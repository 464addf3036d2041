from alliance.members.search import fold, search_text_of


def test_fold_ignores_width_case_and_spacing():
    assert fold("ＮＵＳ  ") == "nus"
    assert fold("  The   University of TOKYO") == "the university of tokyo"


def test_fold_leaves_scripts_without_case_unchanged():
    for name in ("清华大学", "서울대학교", "จุฬาลงกรณ์มหาวิทยาลัย", "جامعة الملك سعود", "東京大学"):
        assert fold(name) == name


def test_search_text_holds_each_distinct_name_once_on_its_own_line():
    text = search_text_of(["Tsinghua University", "TSINGHUA UNIVERSITY", "清华大学", "", "THU"])
    assert text.split("\n") == ["tsinghua university", "清华大学", "thu"]
