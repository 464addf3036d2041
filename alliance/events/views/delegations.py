"""Delegations: a coordinator's page for their institution's seats at an event (who holds them,
naming a delegate, delegate codes), and the Secretariat's quota page.

A coordinator sees only the delegations of their own institutions with a quota at the event;
another institution's delegation answers 404. The Secretariat sees every delegation.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from alliance.core.permissions import check_permission
from alliance.events.enums import RegistrationStatus
from alliance.events.forms.registrations import CodesForm, DelegateForm, QuotasForm
from alliance.events.models import Event, Quota
from alliance.events.queries import (
    delegation_codes,
    delegation_counts,
    delegation_registrations,
    delegations_visible_to,
    institutions_for_quotas,
    user_with_email,
)
from alliance.events.services.answers import register_with_answers
from alliance.events.services.registrations import make_codes, set_quotas, waiting_position
from alliance.events.views.registrations import event_for

S = RegistrationStatus
DELEGATION = "events.manage_delegation"
# Quotas are the Secretariat's to set: the same people who may create events.
SET_QUOTAS = "events.set_quotas"


def delegations(request: HttpRequest, slug: str) -> HttpResponse:
    """The delegations the user leads at the event; a single one is shown at once."""
    event = event_for(request, slug, DELEGATION)
    quotas = list(delegations_visible_to(request.user, event))
    if len(quotas) == 1:
        return _delegation_page(request, event, quotas[0])
    led = {quota.institution_id for quota in quotas}
    counts = [c for c in delegation_counts(event) if c.institution and c.institution.pk in led]
    return render(request, "events/delegation/index.html", {"event": event, "counts": counts})


def _delegation(request: HttpRequest, slug: str, institution: str) -> tuple[Event, Quota]:
    event = event_for(request, slug, DELEGATION)
    quota = get_object_or_404(
        delegations_visible_to(request.user, event), institution__slug=institution
    )
    return event, quota


def delegation(request: HttpRequest, slug: str, institution: str) -> HttpResponse:
    event, quota = _delegation(request, slug, institution)
    return _delegation_page(request, event, quota)


def _delegation_page(
    request: HttpRequest,
    event: Event,
    quota: Quota,
    *,
    delegate_form: DelegateForm | None = None,
    codes_form: CodesForm | None = None,
    no_account: bool = False,
) -> HttpResponse:
    registrations = list(delegation_registrations(event, quota.institution))
    held = sum(1 for r in registrations if r.holds_seat)
    return render(
        request,
        "events/delegation/detail.html",
        {
            "event": event,
            "quota": quota,
            "institution": quota.institution,
            "registrations": registrations,
            "held": held,
            "free": max(quota.seats - held, 0),
            "codes": delegation_codes(event, quota.institution),
            "delegate_form": delegate_form or DelegateForm(),
            "codes_form": codes_form or CodesForm(),
            "no_account": no_account,
        },
    )


@require_POST
def delegate_name(request: HttpRequest, slug: str, institution: str) -> HttpResponse:
    """Register a delegate with an account, by their e-mail, against the institution's quota."""
    event, quota = _delegation(request, slug, institution)
    form = DelegateForm(request.POST)
    no_account = False
    if form.is_valid():
        person = user_with_email(form.cleaned_data["email"])
        if person is None:
            no_account = True
            form.add_error("email", _("There is no account with this e-mail."))
        else:
            try:
                registration = register_with_answers(
                    event,
                    actor=request.user,
                    user=person,
                    name=form.cleaned_data["name"] or person.get_full_name(),
                    institution=quota.institution,
                )
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                messages.success(request, _named(registration))
                return redirect("events:delegation_detail", event.slug, quota.institution.slug)
    return _delegation_page(request, event, quota, delegate_form=form, no_account=no_account)


def _named(registration) -> str:  # type: ignore[no-untyped-def]
    if registration.status == S.WAITLISTED:
        return _(
            "%(name)s is on the waiting list, number %(position)d: the delegation's seats or "
            "the event are full."
        ) % {"name": registration.name, "position": waiting_position(registration) or 0}
    return _("%(name)s is registered (%(status)s).") % {
        "name": registration.name,
        "status": registration.get_status_display(),
    }


@require_POST
def delegate_codes(request: HttpRequest, slug: str, institution: str) -> HttpResponse:
    """Make delegate codes; each registers one person against the institution's quota."""
    event, quota = _delegation(request, slug, institution)
    form = CodesForm(request.POST)
    if form.is_valid():
        try:
            codes = make_codes(
                event,
                actor=request.user,
                institution=quota.institution,
                count=form.cleaned_data["count"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            form.add_error("count", exc.messages)
        else:
            messages.success(
                request,
                ngettext("%(n)d code made: %(codes)s", "%(n)d codes made: %(codes)s", len(codes))
                % {"n": len(codes), "codes": ", ".join(c.code for c in codes)},
            )
            return redirect("events:delegation_detail", event.slug, quota.institution.slug)
    return _delegation_page(request, event, quota, codes_form=form)


def quotas(request: HttpRequest, slug: str) -> HttpResponse:
    """Seats per member institution, set by the Secretariat; 0 removes a quota."""
    event = get_object_or_404(Event, slug=slug)
    check_permission(request, SET_QUOTAS)
    form = QuotasForm(
        request.POST if request.method == "POST" else None, rows=institutions_for_quotas(event)
    )
    if request.method == "POST" and form.is_valid():
        set_quotas(event, actor=request.user, seats=form.seats())
        messages.success(request, _("The quotas are saved."))
        return redirect("events:quotas", event.slug)
    return render(request, "events/delegation/quotas.html", {"event": event, "form": form})
