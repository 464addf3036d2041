"""The one way views check permissions: 403 when the user may never do this, 404 when they may
do it to some objects but not this one (another institution's), login when anonymous."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse


class LoginRequired(Exception):
    pass


def check_permission(request: HttpRequest, perm: str, obj: Any = None) -> None:
    user = request.user
    if not user.is_authenticated:
        raise LoginRequired
    if not user.has_perm(perm):
        raise PermissionDenied
    if obj is not None and not user.has_perm(perm, obj):
        raise Http404


class LoginRequiredMiddleware:
    """Turn ``LoginRequired`` into a redirect to the login page, keeping where the user was."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, LoginRequired):
            return redirect_to_login(request.get_full_path())
        return None
