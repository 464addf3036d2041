from __future__ import annotations

import re
from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or remove an audit entry."""


class AuditQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit entries are append-only: they cannot be updated.")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("Audit entries are append-only: they cannot be deleted.")

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit entries are append-only: they cannot be updated.")

    def pseudonymise(self, *, actor_id: int, texts: list[str], label: str) -> int:
        """The one change an audit entry allows: an erased person's e-mail address and name
        (``texts``), wherever they appear in these entries (actor, object, values before and
        after), become ``label``, and the entries they made are labelled with it. Everything else
        in each entry stays. Returns how many entries changed. Called only by
        ``core.services.privacy.erase_account``."""
        texts = [t for t in texts if t]
        changed = 0
        for entry in self.iterator():
            fields: dict[str, Any] = {}
            for name in ("actor_label", "object_repr", "before", "after"):
                value = label if name == "actor_label" and entry.actor_id == actor_id else None
                replaced = _replace_all(value or getattr(entry, name), texts, label)
                if replaced != getattr(entry, name):
                    fields[name] = replaced
            if fields:
                models.QuerySet.update(models.QuerySet(self.model).filter(pk=entry.pk), **fields)
                changed += 1
        return changed


def _replace_all(value: Any, texts: list[str], label: str) -> Any:
    """``texts`` replaced by ``label`` where they stand as words of their own (a name inside a
    longer word or an address, such as a slug, is left alone)."""
    if isinstance(value, str):
        for text in texts:
            value = re.sub(rf"(?<![\w.@-]){re.escape(text)}(?![\w@-])", label, value)
        return value
    if isinstance(value, list):
        return [_replace_all(v, texts, label) for v in value]
    if isinstance(value, dict):
        return {k: _replace_all(v, texts, label) for k, v in value.items()}
    return value


class AuditEntry(models.Model):
    """One change of state: who did what to which object, with the values before and after.

    Append-only: rows are written by ``core.services.audit.record_audit`` and never updated or
    deleted by any code path (saving an existing row, ``delete()`` and queryset ``update()`` and
    ``delete()`` all raise ``AppendOnlyError``). The actor is kept as a label too, so the entry
    still reads when the account is gone.
    """

    created_at = models.DateTimeField(_("time (UTC)"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_label = models.CharField(_("actor"), max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    institution_id = models.BigIntegerField(_("institution"), null=True, blank=True, db_index=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"
        )

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("Audit entries are append-only: they cannot be updated.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit entries are append-only: they cannot be deleted.")

    def changed_fields(self) -> list[tuple[str, Any, Any]]:
        """(field, before, after) for each field whose value differs."""
        before = self.before or {}
        after = self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]
