"""Forms of the portal's own pages: finding an account and confirming its erasure."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy


class FindAccountForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mail address of the account"))


class EraseForm(forms.Form):
    confirm = forms.CharField(
        label=gettext_lazy("Type the account's e-mail address to confirm"), max_length=254
    )
