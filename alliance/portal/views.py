"""The home page and each person's page. The portal reads every domain through its queries;
a domain joins by offering ``next_tasks(user)`` (and later home-page parts) in its queries.py."""

from __future__ import annotations

import datetime
import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from alliance.core.models import User
from alliance.core.permissions import check_permission
from alliance.events import queries as events
from alliance.governance import queries as governance
from alliance.governance import register as governance_records  # minutes, written votes
from alliance.knowledge import queries as knowledge
from alliance.members import queries as members
from alliance.mobility import queries as mobility
from alliance.portal import privacy
from alliance.portal.forms import EraseForm, FindAccountForm
from alliance.programmes import queries as programmes
from alliance.reports import queries as reports  # annual report: data collection tasks

FOUNDED = datetime.date(2017, 4, 29)
DOMAINS_WITH_TASKS = (
    members,
    events,
    mobility,
    governance,
    governance_records,
    programmes,
    knowledge,
    reports,
)


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/home.html",
        {
            "glance": members.alliance_at_a_glance(),
            "members": members.members_for_home(),
            "founded": FOUNDED,
            "upcoming_events": events.upcoming_events(request.user),
        },
    )


def dashboard(request: HttpRequest) -> HttpResponse:
    """What this person has to do next, gathered from every domain."""
    check_permission(request, "core.use_api_tokens")
    tasks = [task for domain in DOMAINS_WITH_TASKS for task in domain.next_tasks(request.user)]
    roles = members.roles_for_user(request.user)
    return render(request, "portal/dashboard.html", {"roles": roles, "tasks": tasks})


# --- a person's data: their own export; the Secretariat's export and erasure -----------------


def _json_download(data: dict, filename: str) -> HttpResponse:
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def my_data(request: HttpRequest) -> HttpResponse:
    """Everything the platform holds about the person asking, as one JSON file."""
    check_permission(request, "core.use_api_tokens")
    data = privacy.export_personal_data(request.user, actor=request.user)
    return _json_download(data, "my-data.json")


def personal_data(request: HttpRequest) -> HttpResponse:
    """The Secretariat finds an account, to export or erase its data."""
    check_permission(request, "core.manage_personal_data")
    form = FindAccountForm(request.GET or None)
    account = None
    if form.is_valid():
        account = User.objects.filter(email__iexact=form.cleaned_data["email"]).first()
        if account is None:
            form.add_error("email", _("No account has this e-mail address."))
    return render(request, "portal/privacy/find.html", {"form": form, "account": account})


def personal_data_export(request: HttpRequest, pk: int) -> HttpResponse:
    check_permission(request, "core.manage_personal_data")
    account = get_object_or_404(User, pk=pk)
    data = privacy.export_personal_data(account, actor=request.user)
    return _json_download(data, f"personal-data-{account.pk}.json")


def personal_data_erase(request: HttpRequest, pk: int) -> HttpResponse:
    check_permission(request, "core.manage_personal_data")
    account = get_object_or_404(User, pk=pk)
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["confirm"].strip().lower() != account.email.lower():
            form.add_error("confirm", _("This is not the account's e-mail address."))
        else:
            try:
                privacy.erase_person(account, actor=request.user)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request, _("The account is erased. The audit trail names it by a pseudonym.")
                )
                return redirect("portal:personal_data")
    return render(request, "portal/privacy/erase.html", {"form": form, "account": account})
