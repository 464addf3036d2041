"""Documents attached to agenda items and motions: PDF only, size-capped, recognised by their
content, kept in the private storage."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from alliance.core.models import User
from alliance.core.services.audit import record_audit
from alliance.governance.models import AgendaItem, Document, Motion


def check_pdf(upload: File) -> None:
    """Refuse a file that is empty, too large, or not a PDF by its content."""
    limit = settings.UPLOAD_MAX_BYTES
    if not upload.size:
        raise ValidationError({"file": _("The file is empty.")})
    if upload.size > limit:
        raise ValidationError(
            {
                "file": _("The file is %(size)s; files may be at most %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            }
        )
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head != b"%PDF-":
        raise ValidationError({"file": _("Only a PDF document is accepted; this file is not one.")})


def attach_document(
    *,
    actor: User | None,
    title: str,
    upload: File,
    agenda_item: AgendaItem | None = None,
    motion: Motion | None = None,
) -> Document:
    """Attach a PDF to an agenda item or to a motion (exactly one of them)."""
    if (agenda_item is None) == (motion is None):
        raise ValidationError(_("A document belongs to an agenda item or to a motion."))
    title = " ".join(title.split())
    if not title:
        raise ValidationError({"title": _("Give the document a title.")})
    check_pdf(upload)
    with transaction.atomic():
        document = Document(agenda_item=agenda_item, motion=motion, title=title, uploaded_by=actor)
        document.file.save("document.pdf", upload, save=False)
        document.save()
        record_audit(
            "governance.document.attach",
            actor=actor,
            obj=document,
            after={
                "title": title,
                "agenda_item": agenda_item.pk if agenda_item else None,
                "motion": motion.pk if motion else None,
                "file": document.file.name,
            },
        )
    return document
