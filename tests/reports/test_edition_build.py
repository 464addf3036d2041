"""Building an edition: the files of a build swap in only when it succeeds, its progress is
saved, a failed build keeps the previous one, publishing makes it public; the activity readers;
and `alliance report build`."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from alliance.core.models import AuditEntry
from alliance.core.storage import private_storage
from alliance.events.services.checkin import scan
from alliance.events.services.registrations import register
from alliance.reports.enums import EditionStatus
from alliance.reports.models import Edition
from alliance.reports.publication.activity import event_participation, inquiry_counts
from alliance.reports.queries_editions import edition_file
from alliance.reports.services.editions import (
    open_edition,
    publish_edition,
    run_build,
    start_build,
    update_summary,
)
from tests.events.conftest import make_event
from tests.reports.edition_helpers import built_edition, small_sources

pytestmark = pytest.mark.django_db

FILES = {"index.html", "body.html", "assets/edition.css", "outlook-2026.pdf", "data/index.json"}


class BrokenSources:
    """Sources whose member data cannot be read (a build that fails half-way)."""

    def __init__(self):
        self.inner = small_sources()

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def member_values(self, year):
        raise RuntimeError("member data unreadable")


def actions(edition) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_id=str(edition.pk), action__startswith="reports.edition")
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_a_build_stores_every_file_and_reports_it_finished(cast):
    edition = built_edition(cast.secretariat)
    assert edition.status == EditionStatus.BUILT
    assert (edition.progress, edition.progress_step, edition.build_error) == (100, "Finished", "")
    assert set(edition.files) >= FILES
    assert edition_file(edition, "outlook-2026.pdf").startswith(b"%PDF")
    assert b"Asian Higher Education Outlook 2026" in edition_file(edition, "body.html")
    index = json.loads(edition_file(edition, "data/index.json"))
    assert index["edition"] == 2026
    assert actions(edition) == [
        "reports.edition_opened",
        "reports.edition_build_started",
        "reports.edition_built",
    ]


def test_the_summary_goes_into_the_next_build(cast):
    edition = open_edition(actor=cast.secretariat, year=2026)
    update_summary(edition, actor=cast.secretariat, summary={"en": "Enrolment grew in 2026."})
    edition = start_build(edition, actor=cast.secretariat)
    edition = run_build(edition.pk, edition.build_number, sources=small_sources())
    assert b"Enrolment grew in 2026." in edition_file(edition, "body.html")
    entry = AuditEntry.objects.get(action="reports.edition_summary_edited")
    assert (entry.before, entry.after) == (
        {"summary": {}},
        {"summary": {"en": "Enrolment grew in 2026."}},
    )


def test_a_failed_build_keeps_the_previous_files_and_shows_the_error(cast):
    edition = built_edition(cast.secretariat)
    files = dict(edition.files)
    edition = start_build(edition, actor=cast.secretariat)
    edition = run_build(edition.pk, edition.build_number, sources=BrokenSources())
    assert edition.status == EditionStatus.BUILT
    assert edition.build_error == "The build stopped: RuntimeError: member data unreadable"
    assert edition.progress_step == "Failed"
    assert edition.files == files
    assert edition_file(edition, "outlook-2026.pdf").startswith(b"%PDF")
    assert actions(edition)[-1] == "reports.edition_build_failed"


def test_a_first_build_that_fails_leaves_a_draft_with_no_files(cast):
    edition = open_edition(actor=cast.secretariat, year=2026)
    edition = start_build(edition, actor=cast.secretariat)
    edition = run_build(edition.pk, edition.build_number, sources=BrokenSources())
    assert (edition.status, edition.files) == (EditionStatus.DRAFT, {})
    assert not private_storage().exists("reports/editions/2026/build-1/index.html")


def test_a_second_build_waits_for_the_running_one_unless_it_stalled(cast):
    edition = open_edition(actor=cast.secretariat, year=2026)
    start_build(edition, actor=cast.secretariat)
    with pytest.raises(ValidationError, match="A build of this edition is running"):
        start_build(edition, actor=cast.secretariat)
    Edition.objects.filter(pk=edition.pk).update(
        updated_at=timezone.now() - datetime.timedelta(minutes=31)
    )
    assert start_build(edition, actor=cast.secretariat).build_number == 2


def test_an_outdated_build_is_dropped(cast):
    edition = open_edition(actor=cast.secretariat, year=2026)
    start_build(edition, actor=cast.secretariat)
    Edition.objects.filter(pk=edition.pk).update(
        updated_at=timezone.now() - datetime.timedelta(minutes=31)
    )
    start_build(edition, actor=cast.secretariat)
    edition = run_build(edition.pk, 1, sources=small_sources())
    assert (edition.status, edition.build_number, edition.files) == (EditionStatus.BUILDING, 2, {})


def test_publishing_needs_a_build_and_happens_once(cast):
    edition = open_edition(actor=cast.secretariat, year=2026)
    with pytest.raises(ValidationError, match="Build the edition first"):
        publish_edition(edition, actor=cast.secretariat)
    edition = built_edition(cast.secretariat, 2025)
    edition = publish_edition(edition, actor=cast.secretariat)
    assert edition.status == EditionStatus.PUBLISHED
    assert edition.published_at is not None
    with pytest.raises(ValidationError, match="published already"):
        publish_edition(edition, actor=cast.secretariat)
    assert actions(edition)[-1] == "reports.edition_published"


def test_a_published_edition_stays_public_while_rebuilt_and_old_files_go(
    cast, django_capture_on_commit_callbacks
):
    edition = built_edition(cast.secretariat, publish=True)
    published_at, old = edition.published_at, dict(edition.files)
    edition = start_build(edition, actor=cast.secretariat)
    assert edition.is_public
    with django_capture_on_commit_callbacks(execute=True):
        edition = run_build(edition.pk, edition.build_number, sources=small_sources())
    assert (edition.status, edition.published_at) == (EditionStatus.PUBLISHED, published_at)
    assert set(edition.files) == set(old)
    assert edition.files != old
    assert not private_storage().exists(old["outlook-2026.pdf"])
    assert private_storage().exists(edition.files["outlook-2026.pdf"])


def test_the_build_task_reads_the_platform(cast, tsinghua, nus, django_capture_on_commit_callbacks):
    summit = make_event(
        "summit-2026", starts_at=timezone.make_aware(datetime.datetime(2026, 4, 1, 9))
    )
    before = timezone.make_aware(datetime.datetime(2026, 3, 1, 9))
    one = register(
        summit, actor=cast.coordinator_tsinghua, name="Li Wei", institution=tsinghua, now=before
    )
    register(summit, actor=cast.coordinator_nus, name="Tan Mei", institution=nus, now=before)
    scan(summit, actor=cast.secretariat, code=one.ticket, now=summit.starts_at)
    edition = open_edition(actor=cast.secretariat, year=2026)
    with django_capture_on_commit_callbacks(execute=True):
        start_build(edition, actor=cast.secretariat)
    edition.refresh_from_db()
    assert edition.status == EditionStatus.BUILT
    events = json.loads(edition_file(edition, "data/alliance-events.json"))
    assert events["rows"] == [
        {
            "event": "Summit 2026",
            "starts_on": "2026-04-01",
            "registered": 2,
            "checked_in": 1,
            "institutions": 2,
        }
    ]


def test_event_participation_counts_only_published_events_of_the_year(cast, tsinghua):
    make_event("forum-2025", starts_at=timezone.make_aware(datetime.datetime(2025, 5, 1, 9)))
    make_event(
        "draft-2026", status="draft", starts_at=timezone.make_aware(datetime.datetime(2026, 5, 1))
    )
    forum = make_event(
        "forum-2026", starts_at=timezone.make_aware(datetime.datetime(2026, 5, 1, 9))
    )
    rows = event_participation(2026)
    assert [(r.name, r.registered, r.checked_in, r.institutions) for r in rows] == [
        ("Forum 2026", 0, 0, 0)
    ]
    assert forum.slug == "forum-2026"


def test_inquiry_counts_list_every_status():
    rows = inquiry_counts(2026)
    assert [r.inquiries for r in rows] == [0] * len(rows)
    assert len(rows) >= 3


def test_the_command_writes_the_web_edition_pdf_and_open_data(cast, tmp_path):
    call_command("report", "build", "--year", "2026", "--out", str(tmp_path / "out"))
    out = tmp_path / "out"
    for name in FILES | {"data/dictionary.csv", "data/LICENCE.txt", "data/corrections.csv"}:
        assert (out / name).is_file(), name
    page = (out / "index.html").read_text()
    assert 'href="assets/edition.css"' in page
    assert 'href="outlook-2026.pdf"' in page
    assert (out / "outlook-2026.pdf").read_bytes().startswith(b"%PDF")
