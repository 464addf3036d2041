"""Achievements: written by the coordinators of their institution (or the Secretariat), sent
for review, then published or returned for changes by the Secretariat or a coordinator of the
institution. A published achievement is findable; withdrawing it makes it a draft again.
Documents go to private storage."""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from alliance.core.models import User
from alliance.core.services.audit import record_audit, snapshot
from alliance.knowledge.enums import AchievementStatus, EntryKind, IpStatus, ResearchField
from alliance.knowledge.models import Achievement, AchievementDocument
from alliance.knowledge.services.cleaning import clean_list, require
from alliance.knowledge.services.index import index_object, unindex
from alliance.members.enums import Relation
from alliance.members.models import Institution

CONTENT = (
    "title",
    "summary",
    "field",
    "keywords",
    "trl",
    "ip_status",
    "patent_numbers",
    "licensing_open",
    "inventors",
    "contact",
)
EDITABLE = (AchievementStatus.DRAFT, AchievementStatus.RETURNED)
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
DOCUMENT_KINDS = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}


def clean_content(data: Mapping[str, Any]) -> dict[str, Any]:
    """The content fields, checked; a ValidationError names every problem at once."""
    problems: dict[str, list[str]] = {}
    content: dict[str, Any] = {
        "title": require(problems, "title", data.get("title", ""), 300),
        "summary": require(problems, "summary", data.get("summary", ""), 20000),
        "field": data.get("field", ""),
        "keywords": clean_list(data.get("keywords")),
        "ip_status": data.get("ip_status") or IpStatus.NONE,
        "patent_numbers": clean_list(data.get("patent_numbers")),
        "licensing_open": bool(data.get("licensing_open")),
        "inventors": clean_list(data.get("inventors")),
        "contact": " ".join(str(data.get("contact") or "").split())[:200],
    }
    if content["field"] not in ResearchField.values:
        problems.setdefault("field", []).append(_("Choose a field from the list."))
    try:
        content["trl"] = int(data.get("trl"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        content["trl"] = 0
    if not 1 <= content["trl"] <= 9:
        problems.setdefault("trl", []).append(
            _("The technology readiness level is a whole number from 1 to 9.")
        )
    if content["ip_status"] not in IpStatus.values:
        problems.setdefault("ip_status", []).append(_("Choose a status from the list."))
    elif (
        content["ip_status"] in (IpStatus.FILED, IpStatus.GRANTED) and not content["patent_numbers"]
    ):
        problems.setdefault("patent_numbers", []).append(
            _("Give the application or patent numbers, one a line.")
        )
    if problems:
        raise ValidationError(problems)
    return content


def _refuse_unless(actor: User, perm: str, obj: Any, message: str) -> None:
    if not actor.has_perm(perm, obj):
        raise ValidationError(message, code="forbidden")


def create_achievement(
    *, actor: User, institution: Institution, data: Mapping[str, Any], is_demo: bool = False
) -> Achievement:
    """A new draft for ``institution`` (a member). Refused for another institution than the
    actor's, unless the actor is the Secretariat."""
    content = clean_content(data)
    if institution.relation != Relation.MEMBER:
        raise ValidationError({"institution": [_("Achievements belong to a member.")]})
    probe = Achievement(institution=institution)
    _refuse_unless(
        actor,
        "knowledge.change_achievement",
        probe,
        _("You may only add achievements of your own institution."),
    )
    with transaction.atomic():
        achievement = Achievement.objects.create(
            institution=institution, created_by=actor, is_demo=is_demo, **content
        )
        record_audit(
            "knowledge.achievement.create",
            actor=actor,
            obj=achievement,
            after=snapshot(achievement, CONTENT),
            institution_id=institution.pk,
        )
    return achievement


def update_achievement(
    achievement: Achievement, *, actor: User, data: Mapping[str, Any]
) -> Achievement:
    """Change a draft or a returned achievement; a published one is withdrawn first."""
    content = clean_content(data)
    _refuse_unless(
        actor, "knowledge.change_achievement", achievement, _("You may not change this.")
    )
    with transaction.atomic():
        achievement = Achievement.objects.select_for_update().get(pk=achievement.pk)
        if achievement.status not in EDITABLE:
            raise ValidationError(
                _("Only a draft or a returned achievement can be changed; withdraw it first."),
                code="state",
            )
        before = snapshot(achievement, CONTENT)
        for name, value in content.items():
            setattr(achievement, name, value)
        after = snapshot(achievement, CONTENT)
        changed = [k for k in CONTENT if before[k] != after[k]]
        if changed:
            achievement.updated_at = timezone.now()
            achievement.save()
            record_audit(
                "knowledge.achievement.update",
                actor=actor,
                obj=achievement,
                before={k: before[k] for k in changed},
                after={k: after[k] for k in changed},
                institution_id=achievement.institution_id,
            )
    return achievement


def _move(
    achievement: Achievement,
    *,
    actor: User,
    perm: str,
    allowed_from: tuple[str, ...],
    to: AchievementStatus,
    verb: str,
    note: str = "",
) -> Achievement:
    _refuse_unless(actor, perm, achievement, _("You may not do this to this achievement."))
    with transaction.atomic():
        achievement = Achievement.objects.select_for_update().get(pk=achievement.pk)
        if achievement.status not in allowed_from:
            raise ValidationError(
                _("This achievement is %(status)s; that step is not possible now.")
                % {"status": achievement.get_status_display()},
                code="state",
            )
        before = snapshot(achievement, ["status", "review_note"])
        achievement.status = to
        achievement.review_note = note
        achievement.updated_at = timezone.now()
        if to == AchievementStatus.PUBLISHED:
            achievement.published_by = actor
            achievement.published_at = timezone.now()
        achievement.save()
        record_audit(
            f"knowledge.achievement.{verb}",
            actor=actor,
            obj=achievement,
            before=before,
            after=snapshot(achievement, ["status", "review_note"]),
            institution_id=achievement.institution_id,
        )
        if to == AchievementStatus.PUBLISHED:
            index_object(achievement)
        else:
            unindex(EntryKind.ACHIEVEMENT, achievement.pk)
    return achievement


def submit_achievement(achievement: Achievement, *, actor: User) -> Achievement:
    """Send a draft (or a returned achievement) for review."""
    return _move(
        achievement,
        actor=actor,
        perm="knowledge.change_achievement",
        allowed_from=EDITABLE,
        to=AchievementStatus.IN_REVIEW,
        verb="submit",
    )


def publish_achievement(achievement: Achievement, *, actor: User) -> Achievement:
    """After review: make it findable by everyone who logs in."""
    return _move(
        achievement,
        actor=actor,
        perm="knowledge.review_achievement",
        allowed_from=(AchievementStatus.IN_REVIEW,),
        to=AchievementStatus.PUBLISHED,
        verb="publish",
    )


def return_achievement(achievement: Achievement, *, actor: User, note: str) -> Achievement:
    """After review: send it back with a note saying what to change (the note is required)."""
    note = note.strip()
    if not note:
        raise ValidationError({"note": [_("Say what should change.")]})
    return _move(
        achievement,
        actor=actor,
        perm="knowledge.review_achievement",
        allowed_from=(AchievementStatus.IN_REVIEW,),
        to=AchievementStatus.RETURNED,
        verb="return",
        note=note[:5000],
    )


def withdraw_achievement(achievement: Achievement, *, actor: User) -> Achievement:
    """Take a published achievement off the catalogue, back to draft (to change it)."""
    return _move(
        achievement,
        actor=actor,
        perm="knowledge.change_achievement",
        allowed_from=(AchievementStatus.PUBLISHED,),
        to=AchievementStatus.DRAFT,
        verb="withdraw",
    )


def check_document(upload: File) -> tuple[str, bytes]:
    """(kind, bytes) of a PDF, JPEG or PNG (judged by its content) of at most
    DOCUMENT_MAX_BYTES; else a ValidationError on ``file``."""
    limit_mb = DOCUMENT_MAX_BYTES // (1024 * 1024)
    too_large = _("The file is larger than %(size)s MB.") % {"size": limit_mb}
    if upload.size is not None and upload.size > DOCUMENT_MAX_BYTES:
        raise ValidationError({"file": [too_large]})
    upload.seek(0)
    content = upload.read(DOCUMENT_MAX_BYTES + 1)
    if len(content) > DOCUMENT_MAX_BYTES:
        raise ValidationError({"file": [too_large]})
    if content.startswith(b"%PDF-"):
        return "pdf", content
    kind = "jpg" if content.startswith(b"\xff\xd8\xff") else None
    kind = "png" if content.startswith(b"\x89PNG\r\n\x1a\n") else kind
    if kind is None:
        raise ValidationError({"file": [_("The file must be a PDF, JPEG or PNG.")]})
    try:
        with Image.open(io.BytesIO(content)) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError({"file": [_("The image is damaged and cannot be read.")]}) from None
    return kind, content


def add_document(
    achievement: Achievement, *, actor: User, title: str, upload: File
) -> AchievementDocument:
    """Attach a document while the achievement can be changed."""
    _refuse_unless(
        actor, "knowledge.change_achievement", achievement, _("You may not change this.")
    )
    problems: dict[str, list[str]] = {}
    title = require(problems, "title", title, 200)
    if problems:
        raise ValidationError(problems)
    kind, content = check_document(upload)
    if achievement.status not in EDITABLE:
        raise ValidationError(
            _("Only a draft or a returned achievement can be changed; withdraw it first."),
            code="state",
        )
    with transaction.atomic():
        document = AchievementDocument(
            achievement=achievement,
            title=title,
            content_type=DOCUMENT_KINDS[kind],
            size=len(content),
            uploaded_by=actor,
        )
        document.file.save(f"document.{kind}", ContentFile(content), save=False)
        document.save()
        record_audit(
            "knowledge.document.add",
            actor=actor,
            obj=achievement,
            after={"document": document.pk, "title": title, "size": len(content)},
            institution_id=achievement.institution_id,
        )
    return document


def remove_document(document: AchievementDocument, *, actor: User) -> None:
    achievement = document.achievement
    _refuse_unless(
        actor, "knowledge.change_achievement", achievement, _("You may not change this.")
    )
    with transaction.atomic():
        record_audit(
            "knowledge.document.remove",
            actor=actor,
            obj=achievement,
            before={"document": document.pk, "title": document.title},
            institution_id=achievement.institution_id,
        )
        name = document.file.name or ""
        storage = document.file.storage
        document.delete()
        if name:
            transaction.on_commit(lambda: storage.delete(name))
