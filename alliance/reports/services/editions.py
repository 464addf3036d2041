"""Every change to an edition of the annual report: opening it, editing the executive summary,
building it (in the background, with its progress), publishing it.

A build writes its files under a new folder of the private storage and swaps them in only when
it succeeds: a failed build shows its error and the previous build stays. A published edition
stays public while it is rebuilt after corrections."""

from __future__ import annotations

import datetime
import logging
import traceback
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.core.models import User
from alliance.core.multilingual import Texts, pick
from alliance.core.services.audit import record_audit, snapshot
from alliance.core.storage import private_storage
from alliance.reports.enums import EditionStatus
from alliance.reports.models import Edition
from alliance.reports.publication.activity import DatabaseSources
from alliance.reports.publication.build import build_files
from alliance.reports.publication.compose import Sources
from alliance.reports.tasks import build_edition_task

log = logging.getLogger(__name__)

# A build that has not reported progress for this long is taken as dead (its worker stopped).
STALE_BUILD = datetime.timedelta(minutes=30)
FIRST_YEAR, LAST_YEAR = 2000, 2100


def open_edition(*, actor: User, year: int) -> Edition:
    """Start the edition of ``year`` (a draft with no summary and no build)."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            _("Choose a year between %(first)s and %(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )
    with transaction.atomic():
        if Edition.objects.filter(year=year).exists():
            raise ValidationError(_("The edition of %(year)s exists already.") % {"year": year})
        edition = Edition.objects.create(year=year)
        record_audit("reports.edition_opened", actor=actor, obj=edition, after=snapshot(edition))
    return edition


def update_summary(edition: Edition, *, actor: User, summary: Texts) -> Edition:
    """Save the executive summary (in every language given). It shows in the next build."""
    with transaction.atomic():
        edition = Edition.objects.select_for_update().get(pk=edition.pk)
        before = snapshot(edition, ["summary"])
        edition.summary = dict(summary)
        edition.updated_at = timezone.now()
        edition.save(update_fields=["summary", "updated_at"])
        record_audit(
            "reports.edition_summary_edited",
            actor=actor,
            obj=edition,
            before=before,
            after=snapshot(edition, ["summary"]),
        )
    return edition


def start_build(edition: Edition, *, actor: User) -> Edition:
    """Mark the edition as building and queue the build (run at once when no broker is
    configured). Refused while another build of it runs."""
    with transaction.atomic():
        edition = Edition.objects.select_for_update().get(pk=edition.pk)
        if edition.is_building and timezone.now() - edition.updated_at < STALE_BUILD:
            raise ValidationError(_("A build of this edition is running; wait for it to finish."))
        before = snapshot(edition, ["status", "build_number"])
        edition.status = EditionStatus.BUILDING
        edition.build_number += 1
        edition.progress = 0
        edition.progress_step = _("Waiting for a worker")
        edition.build_error = ""
        edition.build_started_at = edition.updated_at = timezone.now()
        edition.save()
        record_audit(
            "reports.edition_build_started",
            actor=actor,
            obj=edition,
            before=before,
            after=snapshot(edition, ["status", "build_number"]),
        )
        transaction.on_commit(partial(build_edition_task.delay, edition.pk, edition.build_number))
    return edition


def _report_progress(edition_id: int, build_number: int, percent: int, step: str) -> None:
    """Save the progress at once (outside any transaction) so that the page polling sees it."""
    Edition.objects.filter(pk=edition_id, build_number=build_number).update(
        progress=percent, progress_step=step, updated_at=timezone.now()
    )


def _settled_status(edition: Edition) -> str:
    if edition.published_at is not None:
        return EditionStatus.PUBLISHED
    return EditionStatus.BUILT if edition.files else EditionStatus.DRAFT


def run_build(edition_id: int, build_number: int, *, sources: Sources | None = None) -> Edition:
    """Build the edition's files and swap them in; on failure keep the previous files and
    record the error. Run by the build task; ``sources`` defaults to the platform's data."""
    edition = Edition.objects.get(pk=edition_id)
    if edition.build_number != build_number or not edition.is_building:
        log.info("Build %s of edition %s is no longer wanted", build_number, edition.year)
        return edition
    progress = partial(_report_progress, edition_id, build_number)
    prefix = f"reports/editions/{edition.year}/build-{build_number}"
    storage = private_storage()
    stored: dict[str, str] = {}
    try:
        files = build_files(
            edition.year,
            sources or DatabaseSources(published=edition.published_at),
            summary=pick(edition.summary, settings.LANGUAGE_CODE),
            alliance_name=settings.ALLIANCE_NAME,
            progress=progress,
        )
        for name, data in files.items():
            stored[name] = storage.save(f"{prefix}/{name}", ContentFile(data))
    except Exception as exc:  # any failure is shown on the page, never lost
        log.exception("Build %s of edition %s failed", build_number, edition.year)
        for name in stored.values():
            storage.delete(name)
        return _finish_build(edition_id, build_number, error=_describe(exc))
    return _finish_build(edition_id, build_number, files=stored)


def _describe(exc: Exception) -> str:
    last = traceback.format_exception_only(type(exc), exc)[-1].strip()
    return _("The build stopped: %(error)s") % {"error": last}


def _finish_build(
    edition_id: int, build_number: int, *, files: dict[str, str] | None = None, error: str = ""
) -> Edition:
    storage = private_storage()
    with transaction.atomic():
        edition = Edition.objects.select_for_update().get(pk=edition_id)
        if edition.build_number != build_number:
            # A newer build started meanwhile: this one's files are not wanted.
            for name in (files or {}).values():
                storage.delete(name)
            return edition
        before = snapshot(edition, ["status", "files"])
        previous = dict(edition.files)
        if files is not None:
            edition.files = files
            edition.built_at = timezone.now()
        edition.build_error = error
        edition.status = _settled_status(edition)
        edition.progress = 100 if files is not None else edition.progress
        edition.progress_step = _("Finished") if files is not None else _("Failed")
        edition.updated_at = timezone.now()
        edition.save()
        record_audit(
            "reports.edition_built" if files is not None else "reports.edition_build_failed",
            actor=None,
            obj=edition,
            before=before,
            after={**snapshot(edition, ["status", "files"]), "error": error},
        )
        if files is not None:
            old = [name for name in previous.values() if name not in files.values()]
            transaction.on_commit(partial(_delete_files, old))
    return edition


def _delete_files(names: list[str]) -> None:
    storage = private_storage()
    for name in names:
        storage.delete(name)


def publish_edition(edition: Edition, *, actor: User) -> Edition:
    """Make the built edition public at its permanent address /report/<year>/."""
    with transaction.atomic():
        edition = Edition.objects.select_for_update().get(pk=edition.pk)
        if edition.published_at is not None:
            raise ValidationError(_("This edition is published already."))
        if edition.status != EditionStatus.BUILT or not edition.files:
            raise ValidationError(
                _("Build the edition first; only a finished build can be published.")
            )
        before = snapshot(edition, ["status", "published_at"])
        edition.status = EditionStatus.PUBLISHED
        edition.published_at = edition.updated_at = timezone.now()
        edition.save()
        record_audit(
            "reports.edition_published",
            actor=actor,
            obj=edition,
            before=before,
            after=snapshot(edition, ["status", "published_at"]),
        )
    return edition
