"""The translation catalogues in alliance/locale: Simplified Chinese is complete, every catalogue
matches the strings in the code, the compiled .mo files match their .po files, and pages come out
in the reader's language (Arabic right to left)."""

from __future__ import annotations

import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "alliance" / "locale"
LOCALES = {"zh_Hans": 1, "ar": 6}  # locale -> number of plural forms
PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[#0 +-]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrsa]")


def catalogue(locale: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / locale / "LC_MESSAGES" / "django.po"))


def keys(po: polib.POFile) -> set[tuple[str | None, str, str]]:
    return {(e.msgctxt, e.msgid, e.msgid_plural) for e in po if not e.obsolete}


def describe(keys: set[tuple[str | None, str, str]]) -> str:
    return "\n".join(f"  {msgid!r}" for _, msgid, _ in sorted(keys, key=lambda k: k[1]))


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text.replace("%%", "")))  # "%%" is a percent sign


def test_it_translates_every_message_into_simplified_chinese():
    po = catalogue("zh_Hans")
    entries = [e for e in po if not e.obsolete]
    assert len(entries) > 300
    assert not po.metadata_is_fuzzy
    assert po.metadata["Plural-Forms"].startswith("nplurals=1;")
    untranslated = [e.msgid for e in entries if not e.translated()]
    assert untranslated == [], "untranslated in zh_Hans: run `make messages` and translate these"
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    assert fuzzy == [], "fuzzy (guessed) translations in zh_Hans: check them and drop the flag"


@pytest.mark.parametrize("locale", LOCALES)
def test_it_keeps_placeholders_and_plural_forms(locale):
    nplurals = LOCALES[locale]
    po = catalogue(locale)
    assert po.metadata["Plural-Forms"].startswith(f"nplurals={nplurals};")
    wrong = []
    for entry in po:
        if entry.obsolete or not entry.translated():
            continue
        if entry.msgid_plural:
            assert len(entry.msgstr_plural) == nplurals, entry.msgid
        if "python-format" not in entry.flags:
            continue
        if entry.msgid_plural:
            expected = placeholders(entry.msgid) | placeholders(entry.msgid_plural)
            forms = [placeholders(entry.msgstr_plural[i]) for i in sorted(entry.msgstr_plural)]
            # Arabic may spell out zero, one and two instead of writing the number; the last
            # form (and Chinese's only form) names them all.
            if any(form - expected for form in forms) or forms[-1] != expected:
                wrong.append(entry.msgid)
        elif placeholders(entry.msgstr) != placeholders(entry.msgid):
            wrong.append(entry.msgid)
    assert wrong == []


@pytest.mark.parametrize("locale", LOCALES)
def test_the_compiled_catalogue_matches_its_po_file(locale):
    po = catalogue(locale)
    expected: dict[object, str] = {}
    for entry in po:
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        msgid = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            if any(entry.msgstr_plural.values()):
                for i, text in entry.msgstr_plural.items():
                    expected[(msgid, int(i))] = text
        elif entry.msgstr:
            expected[msgid] = entry.msgstr
    with open(LOCALE / locale / "LC_MESSAGES" / "django.mo", "rb") as mo:
        compiled = dict(gettext.GNUTranslations(mo)._catalog)  # type: ignore[attr-defined]
    compiled.pop("", None)  # the header
    assert compiled == expected, f"django.mo of {locale} is stale: run `make messages`"


@pytest.mark.skipif(
    shutil.which("xgettext") is None and os.environ.get("CI") != "true",
    reason="GNU gettext is not installed (make system installs it)",
)
def test_the_catalogues_hold_exactly_the_strings_in_the_code(tmp_path):
    """Run makemessages on a copy of the code, so that the real catalogues stay untouched; a new
    {% translate %} or gettext string that `make messages` has not brought in fails here."""
    copy = tmp_path / "alliance"
    shutil.copytree(
        ROOT / "alliance",
        copy,
        ignore=shutil.ignore_patterns("__pycache__", "static", "*.mo"),
    )
    command = [sys.executable, str(ROOT / "manage.py"), "makemessages", "--no-obsolete"]
    command += [arg for locale in LOCALES for arg in ("-l", locale)]
    subprocess.run(command, cwd=copy, check=True, capture_output=True, timeout=120)
    for locale in LOCALES:
        in_code = keys(polib.pofile(str(copy / "locale" / locale / "LC_MESSAGES" / "django.po")))
        in_catalogue = keys(catalogue(locale))
        new = in_code - in_catalogue
        assert not new, f"not yet in the {locale} catalogue (run `make messages`):\n{describe(new)}"
        gone = in_catalogue - in_code
        assert not gone, f"no longer in the code (run `make messages`):\n{describe(gone)}"


@pytest.mark.django_db
def test_pages_come_out_in_simplified_chinese(client, tsinghua):
    page = client.get("/members/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert '<html lang="zh-hans" dir="ltr">' in page
    assert "<h1>成员名录</h1>" in page
    assert "<title>成员名录 · " in page
    assert "跳到正文" in page
    assert "Member directory" not in page
    # What a browser in mainland China sends comes to the same.
    page = client.get("/members/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9,en;q=0.8").content
    assert "<h1>成员名录</h1>" in page.decode()


@pytest.mark.django_db
def test_pages_come_out_in_arabic_right_to_left(client, tsinghua):
    page = client.get("/members/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert "<h1>دليل الأعضاء</h1>" in page
    assert "انتقل إلى المحتوى" in page
    assert "Member directory" not in page


@pytest.mark.django_db
def test_pages_stay_in_english_for_english_readers(client, tsinghua):
    page = client.get("/members/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en" dir="ltr">' in page
    assert "<h1>Member directory</h1>" in page
