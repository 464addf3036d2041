"""How django-allauth fits the platform: e-mail only, sign-up open or by invitation.

An invitation link opens sign-up even when ``ALLIANCE_SIGNUP_OPEN`` is false: the invitation
page keeps the invitation in the session, sign-up then takes only the invited address, and that
address counts as verified (the person proved it by opening the e-mailed link)."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter, get_adapter
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.core import context
from django import forms
from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from alliance.members.models import Invitation
from alliance.members.queries import open_invitation

INVITATION_SESSION_KEY = "alliance_invitation"


def remember_invitation(request: HttpRequest, invitation: Invitation, *, signing_up: bool) -> None:
    """Keep an open invitation in the session so that sign-up accepts its address; when the
    person has no account yet, that address is treated as verified."""
    request.session[INVITATION_SESSION_KEY] = invitation.pk
    if signing_up:
        get_adapter(request).stash_verified_email(request, invitation.email)


def forget_invitation(request: HttpRequest) -> None:
    request.session.pop(INVITATION_SESSION_KEY, None)
    request.session.pop("account_verified_email", None)


def invitation_in_session(request: HttpRequest | None) -> Invitation | None:
    """The still-open invitation this browser arrived with, if any."""
    session = getattr(request, "session", None)
    pk = session.get(INVITATION_SESSION_KEY) if session is not None else None
    return open_invitation(pk) if isinstance(pk, int) else None


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return bool(settings.ACCOUNT_SIGNUP_OPEN) or invitation_in_session(request) is not None


class SignupForm(AllauthSignupForm):
    """Allauth's sign-up form; with an invitation in the session, only its address is taken."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.invitation = invitation_in_session(context.request)
        if self.invitation is not None:
            self.fields["email"].initial = self.invitation.email
            self.fields["email"].widget.attrs["readonly"] = True

    def clean_email(self) -> str:
        value: str = super().clean_email()
        if self.invitation is not None and value.lower() != self.invitation.email.lower():
            raise forms.ValidationError(
                _(
                    "Your invitation was sent to %(email)s: sign up with that address. To use "
                    "another one, ask the person who invited you to send a new invitation to it."
                ),
                params={"email": self.invitation.email},
                code="not_invited_address",
            )
        return value
