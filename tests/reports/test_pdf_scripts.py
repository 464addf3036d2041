"""The PDF prints names in every script of the alliance's region: a member named in each of
Chinese, Japanese, Korean, Thai, Arabic, Devanagari, Burmese and Sinhala (names taken from the
ROR sample of Asian universities), found again in the PDF's text. And its shape: A4, a title
page, contents with page numbers, running headers and page numbers."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from pypdf import PdfReader

from alliance.reports.publication.compose import compose
from alliance.reports.publication.generated import generate, ror_institutions
from alliance.reports.publication.render import render_pdf
from tests.reports.edition_helpers import SCRIPTS

YEAR = 2026


@pytest.fixture(scope="module")
def members():
    return ror_institutions(len(SCRIPTS), scripts=list(SCRIPTS.values()))


@pytest.fixture(scope="module")
def pdf(members):
    sources = generate(YEAR, countries=3, public_years=3, institutions=members, member_years=1)
    content = compose(YEAR, sources, summary="Summary of the year.", alliance_name="AUA")
    reader = PdfReader(io.BytesIO(render_pdf(content)))
    return reader, [page.extract_text() for page in reader.pages]


def letters(text: str) -> str:
    """The letters of a text in order, without vowel signs, viramas, joiners and spaces: text
    extraction may move the signs that a script draws before their consonant (Burmese ြ, ေ)."""
    text = unicodedata.normalize("NFC", text)
    return "".join(c for c in text if unicodedata.category(c) in ("Lo", "Lu", "Ll"))


def test_the_fixture_has_a_member_named_in_each_script(members):
    for member, (_language, script) in zip(members, SCRIPTS.values(), strict=True):
        assert any(script in unicodedata.name(c, "") for c in member.native_name), member


@pytest.mark.parametrize("index", range(len(SCRIPTS)), ids=list(SCRIPTS))
def test_the_pdf_prints_the_native_name(pdf, members, index):
    _reader, pages = pdf
    name = members[index].native_name
    assert letters(name) in letters("".join(pages))
    assert len(letters(name)) >= 3


def contents_page_of(pages: list[str], heading: str) -> int:
    contents = next(p for p in pages if p.startswith("Contents"))
    found = re.search(rf"{re.escape(heading)} \.+ (\d+)", contents)
    assert found, contents[:500]
    return int(found.group(1))


def test_the_pdf_is_a4_with_a_title_page_and_contents_with_page_numbers(pdf):
    reader, pages = pdf
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    assert " ".join(pages[0].split()).startswith("AUA Asian Higher Education Outlook 2026")
    for heading in ("1. Country context", "2. The members", "4. Method", "5. Corrections"):
        page = contents_page_of(pages, heading)
        assert heading in pages[page - 1]
        assert heading not in pages[page - 2] or page - 2 < 3  # starts on that page


def test_pages_carry_the_edition_and_chapter_as_running_header_and_a_page_number(pdf):
    _reader, pages = pdf
    page = contents_page_of(pages, "4. Method")
    assert (
        pages[page - 1].rstrip().endswith(f"Asian Higher Education Outlook 2026 4. Method\n{page}")
    )
    assert pages[0].rstrip().endswith("otherwise.")  # the title page has neither
