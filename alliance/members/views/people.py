"""An institution's contacts: people and their positions.

Anyone with ``members.view_contacts`` (the Secretariat, any coordinator) sees every
institution's contacts; only those with ``members.manage_positions`` for the institution (the
Secretariat, its own coordinators) change them. Another institution's coordinator gets 404 on the
pages that change, a user without the permission 403, an anonymous visitor the login page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from alliance.core.forms import add_service_errors
from alliance.core.permissions import check_permission
from alliance.members import queries
from alliance.members.forms import EndPositionForm, PersonForm, PositionForm
from alliance.members.models import Institution, Person, Position
from alliance.members.services.people import (
    add_contact,
    end_position,
    start_position,
    update_person,
)

MANAGE = "members.manage_positions"


def _institution(slug: str) -> Institution:
    try:
        return queries.institution_with_names(slug)
    except Institution.DoesNotExist:
        raise Http404 from None


def _person(institution: Institution, person_id: int) -> Person:
    try:
        return queries.person_at(institution, person_id)
    except Person.DoesNotExist:
        raise Http404 from None


def _position(institution: Institution, position_id: int) -> Position:
    try:
        return queries.position_at(institution, position_id)
    except Position.DoesNotExist:
        raise Http404 from None


def _contacts_url(institution: Institution) -> str:
    return reverse("members:people", kwargs={"slug": institution.slug})


def contacts(request: HttpRequest, slug: str) -> HttpResponse:
    institution = _institution(slug)
    check_permission(request, "members.view_contacts")
    today = timezone.localdate()
    return render(
        request,
        "members/person/contacts.html",
        {
            "institution": institution,
            "current": queries.current_contacts(institution, today),
            "history": [
                p for p in queries.position_history(institution) if not p.is_current(today)
            ],
            "can_manage": request.user.has_perm(MANAGE, institution),
        },
    )


def person_add(request: HttpRequest, slug: str) -> HttpResponse:
    institution = _institution(slug)
    check_permission(request, MANAGE, institution)
    person_form = PersonForm(request.POST or None, prefix="person")
    position_form = PositionForm(request.POST or None, prefix="position")
    if request.method == "POST" and person_form.is_valid() and position_form.is_valid():
        try:
            position = add_contact(
                institution,
                actor=request.user,
                person=person_form.cleaned_data,
                **position_form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(exc, person_form, position_form)
        else:
            messages.success(
                request,
                _("%(name)s is recorded as %(position)s.")
                % {"name": position.person, "position": position.get_kind_display()},
            )
            return redirect(_contacts_url(institution))
    return render(
        request,
        "members/person/add.html",
        {"institution": institution, "person_form": person_form, "position_form": position_form},
    )


def person_edit(request: HttpRequest, slug: str, person_id: int) -> HttpResponse:
    institution = _institution(slug)
    check_permission(request, MANAGE, institution)
    person = _person(institution, person_id)
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            update_person(
                person,
                actor=request.user,
                data=form.changed_data_for_service(),
                institution=institution,
            )
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            messages.success(request, _("Saved. The contacts page shows the new details."))
            return redirect(_contacts_url(institution))
    return render(
        request,
        "members/person/edit.html",
        {"institution": institution, "person": person, "form": form},
    )


def position_add(request: HttpRequest, slug: str, person_id: int) -> HttpResponse:
    institution = _institution(slug)
    check_permission(request, MANAGE, institution)
    person = _person(institution, person_id)
    form = PositionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            start_position(person, actor=request.user, institution=institution, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            messages.success(request, _("The new position is recorded."))
            return redirect(_contacts_url(institution))
    return render(
        request,
        "members/person/start_position.html",
        {"institution": institution, "person": person, "form": form},
    )


def position_end(request: HttpRequest, slug: str, position_id: int) -> HttpResponse:
    institution = _institution(slug)
    check_permission(request, MANAGE, institution)
    position = _position(institution, position_id)
    form = EndPositionForm(
        request.POST or None, initial={"end": position.end} if position.end else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            end_position(position, actor=request.user, end=form.cleaned_data["end"])
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            messages.success(
                request,
                _("%(name)s's position ends on %(end)s.")
                % {"name": position.person, "end": date_format(form.cleaned_data["end"])},
            )
            return redirect(_contacts_url(institution))
    return render(
        request,
        "members/person/end_position.html",
        {"institution": institution, "position": position, "form": form},
    )
