from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from alliance.core.multilingual import pick
from alliance.core.storage import private_storage
from alliance.events.enums import QuestionKind


class Question(models.Model):
    """A question of an event's registration form. ``label``, ``help`` and each choice's
    label are multilingual. Shown only when ``show_if`` (an earlier question) was answered
    with one of ``show_if_values``."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=12, choices=QuestionKind.choices)
    key = models.SlugField(_("key"), max_length=40, help_text=_("Column name in exports."))
    label = models.JSONField(_("question"), default=dict)
    help = models.JSONField(_("help text"), default=dict, blank=True)
    required = models.BooleanField(_("required"), default=False)
    choices = models.JSONField(
        _("choices"),
        default=list,
        blank=True,
        help_text=_('A list of {"value": …, "label": {"en": …, "zh-hans": …}}.'),
    )
    show_if = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dependents",
        verbose_name=_("shown when this question"),
    )
    show_if_values = models.JSONField(_("has one of these answers"), default=list, blank=True)
    for_host = models.BooleanField(
        _("shared with the host"),
        default=False,
        help_text=_("Dietary and access needs: listed in the export for the host."),
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "key"], name="events_question_key_once")
        ]

    def __str__(self) -> str:
        return pick(self.label)


class Answer(models.Model):
    registration = models.ForeignKey(
        "events.Registration", on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    value = models.JSONField(default=None, null=True, blank=True)
    file = models.FileField(upload_to="events/answers/%Y/", storage=private_storage, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["registration", "question"], name="events_answer_once")
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.value}"
