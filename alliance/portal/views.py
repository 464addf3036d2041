"""The home page and each person's page. The portal reads every domain through its queries;
a domain joins by offering ``next_tasks(user)`` (and later home-page parts) in its queries.py."""

from __future__ import annotations

import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from alliance.core.permissions import check_permission
from alliance.events import queries as events
from alliance.members import queries as members

FOUNDED = datetime.date(2017, 4, 29)
DOMAINS_WITH_TASKS = (members, events)


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
