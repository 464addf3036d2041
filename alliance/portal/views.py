from __future__ import annotations

import datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from alliance.core.permissions import check_permission
from alliance.members import queries as members
from alliance.members.rules import is_coordinator, is_secretariat, roles_of

FOUNDED = datetime.date(2017, 4, 29)


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/home.html",
        {
            "glance": members.alliance_at_a_glance(),
            "members": members.members_for_home(),
            "founded": FOUNDED,
        },
    )


def dashboard(request: HttpRequest) -> HttpResponse:
    """What this person has to do next, by role."""
    check_permission(request, "core.use_api_tokens")
    user = request.user
    roles = members.roles_for_user(user)
    tasks = []
    if is_secretariat(user):
        tasks.append(("audit", "core:audit", None))
        tasks.append(("import", "members:import", None))
    if is_coordinator(user):
        for assignment in roles:
            if assignment.institution and assignment.role == "coordinator":
                tasks.append(("edit", "members:institution_edit", assignment.institution))
    return render(
        request,
        "portal/dashboard.html",
        {
            "roles": roles,
            "tasks": tasks,
            "has_roles": bool(roles_of(user)),
            "demo": settings.DEMO,
        },
    )
