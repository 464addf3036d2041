"""Registration pages: the form, the registrant's own page (status, place in line, an offered
seat, cancelling), and the organiser's list with approvals and the Secretariat's registration
beyond a quota.

Every change goes through ``services.registrations`` (seats) or ``services.answers`` (registering
with the form's answers); a refused change saves nothing and says why.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance.core.multilingual import pick
from alliance.core.permissions import check_permission
from alliance.events.enums import ACTIVE, RegistrationStatus
from alliance.events.forms.registrations import BeyondQuotaForm, RegistrationForm
from alliance.events.models import Event, Registration
from alliance.events.queries import (
    RegistrationFilter,
    answers_shown,
    delegation_counts,
    institutions_for_delegates,
    own_institution_ids,
    questions_of,
    quota_institutions,
    registration_of,
    registrations_for_organiser,
    user_with_email,
    waiting_positions,
)
from alliance.events.rules import may_exceed_quota
from alliance.events.services.answers import register_with_answers
from alliance.events.services.registrations import (
    accept_offer,
    approve_registration,
    cancel_registration,
    reject_registration,
    waiting_position,
)

S = RegistrationStatus
REGISTER = "events.register"
VIEW = "events.view_event"
MANAGE = "events.manage_event"


def event_for(request: HttpRequest, slug: str, perm: str) -> Event:
    """The event, or 404; then the permission (login, 403, or 404 for an event not theirs)."""
    event = get_object_or_404(Event.objects.select_related("host"), slug=slug)
    check_permission(request, perm, event)
    return event


def register_page(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_for(request, slug, REGISTER)
    current = registration_of(event, request.user)
    if request.method != "POST" and current is not None and current.status in ACTIVE:
        messages.info(request, _("You are registered for this event already."))
        return redirect("events:my_registration", event.slug)
    form = _registration_form(request, event)
    if request.method == "POST" and form.is_valid():
        try:
            registration = register_with_answers(
                event,
                actor=request.user,
                answers=form.answers(),
                files=form.uploads(),
                **form.details(),
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _outcome(registration))
            return redirect("events:my_registration", event.slug)
    return render(
        request,
        "events/registration/register.html",
        {
            "event": event,
            "form": form,
            "is_open": event.is_open_for_registration(),
            "opens_at": _opens_later(event),
        },
    )


def _opens_later(event: Event) -> datetime.datetime | None:
    opens = event.registration_opens_at
    return opens if opens and opens > timezone.now() else None


def _registration_form(request: HttpRequest, event: Event) -> RegistrationForm:
    """The form, with the institutions holding a quota to choose from (the user's own first
    chosen) when quotas apply."""
    initial = {"name": request.user.full_name}
    institutions = None
    if event.quota_applies:
        institutions = quota_institutions(event)
        with_quota = {institution.pk for institution in institutions}
        initial["institution"] = next(
            (pk for pk in own_institution_ids(request.user) if pk in with_quota), None
        )
    post = request.method == "POST"
    return RegistrationForm(
        request.POST if post else None,
        request.FILES if post else None,
        event=event,
        questions=questions_of(event),
        institutions=institutions,
        initial=initial,
    )


def _outcome(registration: Registration) -> str:
    event = pick(registration.event.title)
    if registration.status == S.CONFIRMED:
        return _("You are registered for %(event)s. A confirmation is on its way by e-mail.") % {
            "event": event
        }
    if registration.status == S.PENDING:
        return _(
            "Your registration for %(event)s is received. The organisers confirm each "
            "registration; you will hear from them by e-mail."
        ) % {"event": event}
    if registration.status == S.WAITLISTED:
        return _(
            "There is no free seat for you now: the event or your delegation's quota is full. "
            "You are on the waiting list, number %(position)d in line; when a seat frees, it is "
            "offered to you by e-mail."
        ) % {"position": waiting_position(registration) or 0}
    return registration.get_status_display()


def my_registration(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_for(request, slug, VIEW)
    registration = registration_of(event, request.user)
    active = registration is not None and registration.status in ACTIVE
    return render(
        request,
        "events/registration/my.html",
        {
            "event": event,
            "registration": registration,
            "active": active,
            "position": waiting_position(registration) if registration else None,
            "answers": answers_shown(registration) if registration else [],
            "may_register": not active and event.is_open_for_registration(),
        },
    )


def _own_active(request: HttpRequest, event: Event, *statuses: str) -> Registration:
    registration = registration_of(event, request.user)
    if registration is None or registration.status not in (statuses or ACTIVE):
        raise Http404
    return registration


def cancel_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Ask first; cancel on POST. The seat goes to the next person waiting at once."""
    event = event_for(request, slug, VIEW)
    registration = _own_active(request, event)
    if request.method == "POST":
        try:
            cancel_registration(registration, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Your registration for %(event)s is cancelled.") % {"event": pick(event.title)},
            )
        return redirect("events:my_registration", event.slug)
    return render(
        request,
        "events/registration/cancel.html",
        {"event": event, "registration": registration},
    )


@require_POST
def accept_page(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_for(request, slug, VIEW)
    registration = _own_active(request, event, S.OFFERED)
    try:
        registration = accept_offer(registration, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("The seat is yours: you are registered for %(event)s.") % {"event": pick(event.title)}
            if registration.status == S.CONFIRMED
            else _("You took up the seat; the organisers confirm it next."),
        )
    return redirect("events:my_registration", event.slug)


def registration_list(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_for(request, slug, MANAGE)
    status = request.GET.get("status", "")
    status = status if status in S.values else ""
    institution = request.GET.get("institution", "")
    registrations = registrations_for_organiser(event, RegistrationFilter(status, institution))
    page = Paginator(registrations, 100).get_page(request.GET.get("page"))
    positions = waiting_positions(event)
    rows = [(registration, positions.get(registration.pk)) for registration in page.object_list]
    return render(
        request,
        "events/registration/list.html",
        {
            "event": event,
            "page": page,
            "rows": rows,
            "counts": delegation_counts(event),
            "status": status,
            "institution": institution,
            "statuses": S.choices,
            "may_exceed": may_exceed_quota(request.user, event),
        },
    )


@require_POST
def registration_approve(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _decide(request, slug, pk, approve_registration, _("%(name)s is confirmed."))


@require_POST
def registration_reject(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _decide(request, slug, pk, reject_registration, _("%(name)s is declined."))


def _decide(request: HttpRequest, slug: str, pk: int, service, done: str) -> HttpResponse:  # type: ignore[no-untyped-def]
    event = event_for(request, slug, MANAGE)
    registration = get_object_or_404(Registration, pk=pk, event=event)
    try:
        service(registration, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done % {"name": registration.name})
    return redirect("events:registrations", event.slug)


def register_beyond_quota(request: HttpRequest, slug: str) -> HttpResponse:
    """The Secretariat registers someone beyond their institution's quota, with a reason."""
    event = event_for(request, slug, MANAGE)
    if not may_exceed_quota(request.user, event):
        raise PermissionDenied
    form = BeyondQuotaForm(
        request.POST if request.method == "POST" else None,
        institutions=institutions_for_delegates(),
    )
    no_account = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = user_with_email(data["email"])
        if person is None:
            no_account = True
            form.add_error("email", _("There is no account with this e-mail."))
        else:
            try:
                registration = register_with_answers(
                    event,
                    actor=request.user,
                    user=person,
                    name=data["name"] or person.get_full_name(),
                    institution=data["institution"],
                    over_quota_reason=data["reason"],
                )
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                messages.success(
                    request,
                    _("%(name)s is registered (%(status)s) beyond the quota.")
                    % {"name": registration.name, "status": registration.get_status_display()},
                )
                return redirect("events:registrations", event.slug)
    return render(
        request,
        "events/registration/beyond_quota.html",
        {"event": event, "form": form, "no_account": no_account},
    )
