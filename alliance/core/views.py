from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance.core import queries
from alliance.core.forms import AccessTokenForm, AuditFilterForm, PreferencesForm
from alliance.core.permissions import check_permission
from alliance.core.services.tokens import create_access_token, revoke_access_token
from alliance.core.services.users import update_preferences


def audit_log(request: HttpRequest) -> HttpResponse:
    check_permission(request, "core.view_audit")
    from alliance.members.models import Institution  # core reads members' names for the filter only

    institutions = list(
        Institution.objects.filter(relation__in=["member", "observer", "partner"]).values_list(
            "pk", "name"
        )
    )
    form = AuditFilterForm(
        request.GET or None, actions=queries.audit_actions(), institutions=institutions
    )
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    filters = queries.AuditFilter(**{k: v for k, v in data.items() if v})
    page = Paginator(queries.audit_entries(filters), 50).get_page(request.GET.get("page"))
    return render(request, "core/audit/list.html", {"form": form, "page": page})


def preferences(request: HttpRequest) -> HttpResponse:
    check_permission(request, "core.use_api_tokens")
    user = request.user
    form = PreferencesForm(
        request.POST or None, initial={"full_name": user.full_name, "time_zone": user.time_zone}
    )
    if request.method == "POST" and form.is_valid():
        update_preferences(user, actor=user, **form.cleaned_data)
        messages.success(request, _("Your preferences are saved."))
        return redirect("core:preferences")
    return render(request, "core/account/preferences.html", {"form": form})


def tokens(request: HttpRequest) -> HttpResponse:
    check_permission(request, "core.use_api_tokens")
    form = AccessTokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        _token, secret = create_access_token(request.user, actor=request.user, **form.cleaned_data)
        form = AccessTokenForm()
    return render(
        request,
        "core/account/tokens.html",
        {"form": form, "secret": secret, "tokens": queries.tokens_of(request.user)},
    )


@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    check_permission(request, "core.use_api_tokens")
    token = get_object_or_404(queries.tokens_of(request.user), pk=pk)
    revoke_access_token(token, actor=request.user)
    messages.success(request, _("The token is revoked; programs using it can no longer connect."))
    return redirect("core:tokens")


def brand_css(request: HttpRequest) -> HttpResponse:
    """The alliance's colours (settings) as CSS variables; a stylesheet, since inline styles
    are forbidden by the Content Security Policy."""
    from django.conf import settings

    css = f":root {{ --brand: {settings.ALLIANCE_PRIMARY_COLOUR}; --accent: {settings.ALLIANCE_ACCENT_COLOUR}; }}\n"
    response = HttpResponse(css, content_type="text/css")
    response["Cache-Control"] = "public, max-age=3600"
    return response
