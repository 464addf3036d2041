"""Publications imported from a CSV of ORCID records: the check character, the columns and
their variants, all or nothing with every bad line named, duplicates skipped and counted, the
page, and the search finding the imported titles."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from alliance.core.models import AuditEntry
from alliance.knowledge import retrieval
from alliance.knowledge.models import ExpertPublication
from alliance.knowledge.orcid import (
    normalise_doi,
    normalise_orcid,
    orcid_check_character,
    parse_works,
)
from alliance.knowledge.services.orcid_import import import_publications
from tests.conftest import client_for
from tests.knowledge.conftest import build_expert

ORCID = "0000-0002-1825-0097"  # ORCID's own example iD
OTHER = "0000-0001-5109-3700"

HEADER = "orcid,put-code,title,journal,year,doi,type,url\n"
GOOD = (
    HEADER
    + f"{ORCID},1001,Recycling cathodes,Nature Energy,2024,10.1038/s41560-024-0001-x,journal-article,\n"
    + f"https://orcid.org/{ORCID},1002,Hydrometallurgy of cobalt,Hydrometallurgy,2023,https://doi.org/10.1016/J.HYDROMET.2023.1,journal-article,https://example.org/p\n"
)  # fmt: skip


# --- the pure part ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("0000-0002-1825-0097", "0000-0002-1825-0097"),
        ("https://orcid.org/0000-0001-5109-3700", "0000-0001-5109-3700"),
        ("000000021694233x", "0000-0002-1694-233X"),
        ("0000-0002-1825-0098", None),  # wrong check character
        ("0000-0002-1825", None),
        ("abcd-0002-1825-0097", None),
    ],
)
def test_it_checks_orcid_ids(raw, clean):
    assert normalise_orcid(raw) == clean


@given(st.text(alphabet="0123456789", min_size=15, max_size=15))
def test_exactly_one_check_character_makes_an_id_valid(base):
    valid = [c for c in "0123456789X" if normalise_orcid(base + c) is not None]
    assert valid == [orcid_check_character(base)]


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("10.1038/NPHYS1170", "10.1038/nphys1170"),
        ("https://doi.org/10.1000/xyz", "10.1000/xyz"),
        ("doi: 10.1000/xyz", "10.1000/xyz"),
        ("10.10/short", None),
        ("not a doi", None),
    ],
)
def test_it_checks_dois(raw, clean):
    assert normalise_doi(raw) == clean


def test_it_understands_the_header_variants_and_a_semicolon_file():
    data = (
        "\ufeffORCID iD;Put Code;Work Title;Journal-Title;Publication Year;DOI;Work_Type;Link\n"
        f"{ORCID};7;Solar stills;Desalination;2021-05-01;10.1016/j.desal.2021.1;journal-article;\n"
    ).encode()
    parsed = parse_works(data, expert_orcid=ORCID, this_year=2026)
    assert parsed.problems == []
    work = parsed.works[0]
    assert (work.title, work.journal, work.year, work.doi, work.put_code, work.work_type) == (
        "Solar stills",
        "Desalination",
        2021,
        "10.1016/j.desal.2021.1",
        "7",
        "journal-article",
    )


def test_every_bad_line_is_named_with_what_is_wrong():
    data = (
        HEADER
        + f"{ORCID},1,Good one,J,2020,10.1000/a,,\n"
        + f"{ORCID},2,,J,2020,,,\n"  # line 3: no title
        + f"{ORCID},3,Bad year,J,20x0,,,\n"  # line 4
        + f"{ORCID},4,Bad DOI,J,2020,11.1000/a,,\n"  # line 5
        + "0000-0002-1825-0098,5,Bad checksum,J,2020,,,\n"  # line 6
        + f"{OTHER},6,Someone else,J,2020,,,\n"  # line 7
    ).encode()
    parsed = parse_works(data, expert_orcid=ORCID, this_year=2026)
    assert [(p.line, p.code) for p in parsed.problems] == [
        (3, "missing-title"),
        (4, "bad-year"),
        (5, "bad-doi"),
        (6, "bad-orcid"),
        (7, "other-orcid"),
    ]


def test_a_quoted_line_break_keeps_the_line_numbers_of_the_file():
    data = (HEADER + '"",1,"A title\nover two lines",J,2020,,,\n' + ",2,,J,2020,,,\n").encode()
    parsed = parse_works(data, expert_orcid=ORCID, this_year=2026)
    assert [(p.line, p.code) for p in parsed.problems] == [(4, "missing-title")]


# --- the service -----------------------------------------------------------------------------


@pytest.fixture
def expert(cast, tsinghua):
    return build_expert(cast.coordinator_tsinghua, tsinghua)


def test_it_imports_every_row_and_keeps_the_orcid(cast, expert):
    result = import_publications(
        expert, actor=cast.coordinator_tsinghua, data=GOOD.encode(), orcid=ORCID
    )
    assert (result.imported, result.skipped) == (2, 0)
    expert.refresh_from_db()
    assert expert.orcid == ORCID
    rows = list(ExpertPublication.objects.order_by("put_code").values_list("put_code", "doi"))
    assert rows == [("1001", "10.1038/s41560-024-0001-x"), ("1002", "10.1016/j.hydromet.2023.1")]
    entry = AuditEntry.objects.get(action="knowledge.expert.import_publications")
    assert entry.after == {"orcid": ORCID, "imported": 2, "skipped": 0}


def test_a_bad_row_anywhere_imports_nothing(cast, expert):
    data = GOOD + f"{ORCID},1003,Third,J,1500,,,\n"
    with pytest.raises(ValidationError) as exc:
        import_publications(
            expert, actor=cast.coordinator_tsinghua, data=data.encode(), orcid=ORCID
        )
    assert exc.value.message_dict["file"] == ["Line 4: “1500” is not a year (write it as 2024)."]
    assert ExpertPublication.objects.count() == 0
    expert.refresh_from_db()
    assert expert.orcid == ""


def test_duplicates_by_doi_or_put_code_are_skipped_and_counted(cast, expert):
    import_publications(expert, actor=cast.coordinator_tsinghua, data=GOOD.encode(), orcid=ORCID)
    again = (
        GOOD
        + f"{ORCID},1003,Same DOI other case,J,2024,10.1038/S41560-024-0001-X,,\n"
        + f"{ORCID},1004,New one,J,2025,,,\n"
        + f"{ORCID},1004,Repeated in the file,J,2025,,,\n"
    )
    result = import_publications(expert, actor=cast.coordinator_tsinghua, data=again.encode())
    assert (result.imported, result.skipped) == (1, 4)
    assert ExpertPublication.objects.filter(expert=expert).count() == 3


def test_it_needs_the_experts_orcid_and_refuses_another(cast, expert):
    with pytest.raises(ValidationError) as exc:
        import_publications(expert, actor=cast.coordinator_tsinghua, data=GOOD.encode())
    assert "orcid" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        import_publications(
            expert, actor=cast.coordinator_tsinghua, data=GOOD.encode(), orcid=OTHER
        )
    assert exc.value.message_dict["file"][0] == (
        f"Line 2: the ORCID iD {ORCID} is not this expert's."
    )
    assert ExpertPublication.objects.count() == 0


def test_only_those_who_may_change_the_profile_import(cast, expert):
    with pytest.raises(ValidationError):
        import_publications(expert, actor=cast.coordinator_nus, data=GOOD.encode(), orcid=ORCID)
    assert ExpertPublication.objects.count() == 0


def test_imported_titles_are_found_by_the_search(cast, expert, without_model):
    import_publications(expert, actor=cast.coordinator_tsinghua, data=GOOD.encode(), orcid=ORCID)
    hits = retrieval.search(retrieval.SearchFilter(q="hydrometallurgy", kinds=("expert",)))
    assert [h.entry.object_id for h in hits] == [expert.pk]


# --- the page --------------------------------------------------------------------------------


def test_the_page_lists_the_bad_lines_and_keeps_nothing(cast, expert):
    bad = (HEADER + f"{ORCID},1,,J,2020,,,\n").encode()
    response = client_for(cast.coordinator_tsinghua).post(
        reverse("knowledge:publication_import", args=[expert.pk]),
        {"orcid": ORCID, "file": SimpleUploadedFile("works.csv", bad, content_type="text/csv")},
    )
    assert response.status_code == 200
    assert "Line 2: the title is missing." in response.content.decode()
    assert ExpertPublication.objects.count() == 0


def test_the_page_imports_and_the_profile_shows_them(cast, expert):
    client = client_for(cast.coordinator_tsinghua)
    response = client.post(
        reverse("knowledge:publication_import", args=[expert.pk]),
        {
            "orcid": ORCID,
            "file": SimpleUploadedFile("works.csv", GOOD.encode(), content_type="text/csv"),
        },
        follow=True,
    )
    page = response.content.decode()
    assert "2 publications imported, 0 already there skipped." in page
    assert "doi:10.1038/s41560-024-0001-x" in page
