"""Every bad input names its line and reason; nothing slips through."""

from django.utils import translation

from alliance.members.ror_csv import parse_ror_csv

HEADER = "ror_id,name,iso2,city,types,established,website,acronyms,labels_json,wikidata,grid,isni,ror_release\n"
TSINGHUA = 'https://ror.org/03cve4549,Tsinghua University,CN,Beijing,education,1911.0,https://www.tsinghua.edu.cn,THU,"{""en"": ""Tsinghua University"", ""zh"": ""清华大学""}",Q16955,grid.12527.33,,v1.67\n'
NUS = "https://ror.org/01tgyzw49,National University of Singapore,SG,Singapore,education,1905,https://nus.edu.sg,NUS,,Q738258,,,\n"
MB = 1_048_576


def parse(text: str, max_bytes: int = 20 * MB):
    return parse_ror_csv(text.encode("utf-8"), max_bytes=max_bytes)


def messages(result) -> list[str]:
    return [str(e) for e in result.errors]


def test_a_good_file_gives_checked_rows():
    result = parse(HEADER + TSINGHUA + NUS)
    assert result.ok
    thu, nus = result.rows
    assert (thu.line, thu.ror_id, thu.name, thu.country, thu.city) == (
        2,
        "03cve4549",
        "Tsinghua University",
        "CN",
        "Beijing",
    )
    assert (thu.established, thu.acronym, thu.wikidata_id, thu.kind) == (
        1911,
        "THU",
        "Q16955",
        "university",
    )
    assert thu.names == (("zh", "清华大学"),)  # the English label equal to the name is not repeated
    assert (nus.line, nus.established, nus.names) == (3, 1905, ())


def test_malformed_ids_unknown_countries_and_duplicates_are_named_by_line():
    text = (
        HEADER
        + TSINGHUA
        + "https://ror.org/03cve4548,Bad Check Digit,CN,,,,,,,,,,\n"
        + "https://ror.org/01tgyzw49,Somewhere,XX,,,,,,,,,,\n"
        + TSINGHUA
    )
    result = parse(text)
    assert not result.ok
    assert result.rows[0].name == "Tsinghua University"
    assert messages(result) == [
        "line 3: “https://ror.org/03cve4548” is not a valid ROR id (expected https://ror.org/ and nine characters with valid check digits, such as https://ror.org/03cve4549)",
        "line 4: “XX” is not an ISO 3166 country or region code (such as CN, HK, JP)",
        "line 5: the ROR id 03cve4549 appears already on line 2",
    ]


def test_every_problem_in_a_row_is_reported():
    result = parse(HEADER + ",,,,,nineteen-ten,ftp://x,,{not json},16955,,,\n")
    assert messages(result) == [
        "line 2: the ROR id is empty",
        "line 2: the name is empty",
        "line 2: the country code (iso2) is empty",
        "line 2: “nineteen-ten” is not a year",
        'line 2: labels_json is not a JSON object such as {"zh": "清华大学"}',
        "line 2: “16955” is not a Wikidata id (Q followed by digits)",
        "line 2: the website “ftp://x” must start with http:// or https://",
    ]


def test_wrong_columns_are_refused_naming_what_is_missing():
    result = parse("id,label,country\n03cve4549,Tsinghua,CN\n")
    assert messages(result) == [
        "line 1: the header lacks the column(s) ror_id, name, iso2; found: id, label, country. The first line must name the columns, such as ror_id,name,iso2,city."
    ]


def test_a_file_in_the_wrong_encoding_is_refused_with_its_line():
    data = (HEADER + NUS).encode(
        "utf-8"
    ) + "https://ror.org/03cve4549,清华大学,CN,,,,,,,,,,\n".encode("gb18030")
    result = parse_ror_csv(data, max_bytes=20 * MB)
    assert result.rows == []
    assert len(result.errors) == 1
    assert str(result.errors[0]).startswith("line 3: the file is not UTF-8 text (byte ")
    assert str(result.errors[0]).endswith("Save it as 'CSV UTF-8' and upload it again.")


def test_a_50_mb_file_is_refused_before_it_is_read():
    data = (HEADER + NUS * (50 * MB // len(NUS) + 1)).encode()
    assert len(data) > 50 * MB
    result = parse_ror_csv(data, max_bytes=20 * MB)
    assert result.rows == []
    assert messages(result) == [
        f"the file is {len(data) / MB:.1f} MB; the largest accepted is 20.0 MB. Split it into smaller files."
    ]


def test_empty_and_header_only_files():
    assert messages(parse("")) == [
        "line 1: the header lacks the column(s) ror_id, name, iso2; found: nothing. The first line must name the columns, such as ror_id,name,iso2,city."
    ]
    assert messages(parse(HEADER)) == ["the file has a header but no rows."]


def test_binary_data_is_refused():
    assert messages(parse_ror_csv(b"ror_id,name,iso2\n\x00\x01", max_bytes=MB)) == [
        "the file holds binary data, not CSV text."
    ]


def test_errors_are_reported_in_the_users_language():
    with translation.override("zh-hans"):
        result = parse(HEADER + "https://ror.org/01tgyzw49,Somewhere,XX,,,,,,,,,,\n")
        text = str(result.errors[0])
    assert "XX" in text
    assert text == "第 2 行：“XX”不是 ISO 3166 国家或地区代码（例如 CN、HK、JP）"


def test_names_in_any_script_come_through_unchanged():
    labels = '"{""ko"": ""서울대학교"", ""th"": ""จุฬาลงกรณ์มหาวิทยาลัย"", ""ar"": ""جامعة"", ""hi"": ""भारतीय विज्ञान संस्थान""}"'
    row = f"https://ror.org/04h9pn542,Seoul National University,KR,Seoul,education,1946,,,{labels},,,,\n"
    (parsed,) = parse(HEADER + row).rows
    assert dict(parsed.names) == {
        "ko": "서울대학교",
        "th": "จุฬาลงกรณ์มหาวิทยาลัย",
        "ar": "جامعة",
        "hi": "भारतीय विज्ञान संस्थान",
    }
