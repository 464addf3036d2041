"""Text that people type in several languages, stored as {"en": "…", "zh-hans": "…", "ar": "…"}.

A reader gets their language, else its base language (zh for zh-hans), else English, else the
first language given: a field filled in one language only still shows everywhere."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

Texts = Mapping[str, str]


def pick(texts: Texts | None, language: str | None = None) -> str:
    if not texts:
        return ""
    language = (language or get_language() or settings.LANGUAGE_CODE).lower()
    base = language.split("-")[0]
    for key in (language, base):
        if texts.get(key):
            return texts[key]
    for key, value in texts.items():
        if value and key.split("-")[0] == base:
            return value
    for key in (settings.LANGUAGE_CODE, "en"):
        if texts.get(key):
            return texts[key]
    return next((v for v in texts.values() if v), "")


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


class MultilingualWidget(forms.MultiWidget):
    template_name = "widgets/multilingual.html"

    def __init__(self, *, textarea: bool = False, attrs: dict[str, Any] | None = None) -> None:
        widget = forms.Textarea(attrs={"rows": 3}) if textarea else forms.TextInput()
        self.languages = list(settings.LANGUAGES)
        super().__init__([widget] * len(self.languages), attrs)

    def decompress(self, value: Texts | None) -> list[str]:
        value = value or {}
        return [value.get(code, "") for code, _name in self.languages]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        for subwidget, (code, label) in zip(
            context["widget"]["subwidgets"], self.languages, strict=True
        ):
            subwidget["language"] = code
            subwidget["language_name"] = label
            subwidget["attrs"]["lang"] = code
            subwidget["attrs"]["dir"] = "auto"
        return context


class MultilingualField(forms.MultiValueField):
    """One input per configured language; cleaned to a dict of the non-empty ones. Required
    means: at least one language filled in."""

    default_error_messages = {
        "required": _("Fill this in, in at least one language."),
    }

    def __init__(self, *, max_length: int = 300, textarea: bool = False, **kwargs: Any) -> None:
        fields = [forms.CharField(max_length=max_length, required=False) for _l in language_codes()]
        kwargs.setdefault("widget", MultilingualWidget(textarea=textarea))
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[str]) -> dict[str, str]:
        return {
            code: text.strip()
            for code, text in zip(language_codes(), data_list or [], strict=False)
            if text and text.strip()
        }

    def clean(self, value: Any) -> dict[str, str]:
        result = super().clean(value)
        if self.required and not result:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return result or {}
