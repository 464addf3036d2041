"""Letters, badges, check-in, attendance and certificates of an event.

Who sees what:
- the registrant: their own letter page (the passport details they gave, the state of the
  request, the issued PDF), their badge (once confirmed) and certificate (once checked in);
- the Secretariat (``events.review_letters``): the letter requests, each one's passport
  details and scan (every look leaves a "sensitive record viewed" audit row), issue, refuse;
- the organisers (``events.manage_event``): every badge, the attendance list; the check-in
  staff (``events.check_in``): the check-in page.

A passport scan is served as an attachment, never cached, to the Secretariat and to the person
who gave it; anyone else gets 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance.core.permissions import check_permission
from alliance.events import queries
from alliance.events.enums import LetterStatus, RegistrationStatus, ScanResult
from alliance.events.forms.documents import CheckInForm, LetterRequestForm, RefuseLetterForm
from alliance.events.models import Event, LetterRequest, Registration
from alliance.events.pdf import badges_pdf, certificate_pdf, letter_pdf
from alliance.events.services.checkin import scan
from alliance.events.services.documents import issue_certificate
from alliance.events.services.letters import (
    erase_date,
    issue_letter,
    passport_details,
    read_scan,
    record_passport_view,
    refuse_letter,
    request_letter,
)

VIEW = "events.view_event"
MANAGE = "events.manage_event"
CHECK_IN = "events.check_in"
REVIEW = "events.review_letters"
OPEN_REQUEST = (LetterStatus.REQUESTED, LetterStatus.REFUSED)


def _event(request: HttpRequest, slug: str, perm: str = VIEW) -> Event:
    event = get_object_or_404(Event.objects.select_related("host"), slug=slug)
    check_permission(request, perm, event)
    return event


def _own_registration(request: HttpRequest, event: Event) -> Registration:
    """The user's registration for the event (404 without one)."""
    registration = queries.registration_of(event, request.user)
    if registration is None:
        raise Http404
    return registration


def _unavailable(request: HttpRequest, event: Event, title: str, message: str) -> HttpResponse:
    """A document the person may not have yet: 403, saying why."""
    context = {"event": event, "title": title, "message": message}
    return render(request, "events/badge/unavailable.html", context, status=403)


def _pdf(content: bytes, filename: str, *, attachment: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _letter(event: Event, pk: int) -> LetterRequest:
    try:
        return queries.letter_at(event, pk)
    except LetterRequest.DoesNotExist:
        raise Http404 from None


# --- the registrant's letter ---


def letter_request(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    registration = _own_registration(request, event)
    letter = queries.letter_of(registration)
    confirmed = registration.status == RegistrationStatus.CONFIRMED
    if not confirmed and letter is None:
        return _unavailable(
            request,
            event,
            _("Invitation and visa letters"),
            _("Letters are written for confirmed registrations; yours is: %(status)s.")
            % {"status": registration.get_status_display()},
        )
    details = passport_details(letter) if letter is not None else None
    form = None
    if confirmed and (letter is None or letter.status in OPEN_REQUEST):
        form = _letter_form(request, registration, details)
        if request.method == "POST" and form.is_valid():
            try:
                request_letter(
                    registration,
                    actor=request.user,
                    passport=form.passport(),
                    scan=form.cleaned_data["scan"],
                    needs_visa=form.cleaned_data["needs_visa"],
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("Your request is sent to the Secretariat."))
                return redirect("events:letter_request", event.slug)
    context = {
        "event": event,
        "registration": registration,
        "letter": letter,
        "passport": details,
        "form": form,
        "erase_on": erase_date(event),
    }
    return render(request, "events/letter/request.html", context)


def _letter_form(
    request: HttpRequest, registration: Registration, details: dict[str, Any] | None
) -> LetterRequestForm:
    initial: dict[str, Any] = {"full_name": registration.name, "needs_visa": True}
    if details:
        initial.update({k: v for k, v in details.items() if k in LetterRequestForm.base_fields})
    if request.method == "POST":
        return LetterRequestForm(request.POST, request.FILES, initial=initial)
    return LetterRequestForm(initial=initial)


def my_letter_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    letter = queries.letter_of(_own_registration(request, event))
    if letter is None or letter.status != LetterStatus.ISSUED or letter.passport is None:
        raise Http404
    letter = queries.letter_at(event, letter.pk)
    return _pdf(
        letter_pdf(letter, passport_details(letter)), f"{letter.number}.pdf", attachment=True
    )


# --- the Secretariat's review ---


def letters(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug, REVIEW)
    return render(
        request,
        "events/letter/list.html",
        {"event": event, "letters": queries.letters_for_review(event)},
    )


def letter_review(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _event(request, slug, REVIEW)
    return _review_page(request, event, _letter(event, pk), RefuseLetterForm())


def _review_page(
    request: HttpRequest, event: Event, letter: LetterRequest, refuse_form: RefuseLetterForm
) -> HttpResponse:
    details = passport_details(letter)
    if details is not None:
        record_passport_view(letter, actor=request.user)
    context = {"event": event, "letter": letter, "passport": details, "refuse_form": refuse_form}
    return render(request, "events/letter/review.html", context)


@require_POST
def letter_issue(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _event(request, slug, REVIEW)
    letter = _letter(event, pk)
    try:
        letter = issue_letter(letter, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Letter %(number)s is issued and e-mailed to %(email)s.")
            % {"number": letter.number, "email": letter.registration.email},
        )
    return redirect("events:letter_review", event.slug, pk)


@require_POST
def letter_refuse(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _event(request, slug, REVIEW)
    letter = _letter(event, pk)
    form = RefuseLetterForm(request.POST)
    if not form.is_valid():
        return _review_page(request, event, letter, form)
    try:
        refuse_letter(letter, actor=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("events:letter_review", event.slug, pk)
    messages.success(request, _("The request is refused; the registrant is told why."))
    return redirect("events:letters", event.slug)


def letter_pdf_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _event(request, slug, REVIEW)
    letter = _letter(event, pk)
    if letter.status != LetterStatus.ISSUED or letter.passport is None:
        raise Http404
    details = passport_details(letter)
    record_passport_view(letter, actor=request.user)
    return _pdf(letter_pdf(letter, details), f"{letter.number}.pdf", attachment=True)


def letter_scan(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _event(request, slug)
    letter = _letter(event, pk)
    own = letter.registration.user_id == request.user.pk
    if not own and not request.user.has_perm(REVIEW):
        raise Http404
    stored = read_scan(letter)
    if stored is None:
        raise Http404
    if not own:
        record_passport_view(letter, actor=request.user)
    response = HttpResponse(stored.content, content_type=stored.content_type)
    name = f"passport-{letter.pk}.{stored.kind}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- badges and certificates ---


def my_badge(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    registration = _own_registration(request, event)
    if registration.status != RegistrationStatus.CONFIRMED:
        return _unavailable(
            request,
            event,
            _("Badge"),
            _("Badges are printed for confirmed registrations; yours is: %(status)s.")
            % {"status": registration.get_status_display()},
        )
    badge = queries.badge_registrations(event).filter(pk=registration.pk)
    pdf = badges_pdf(event, badge, roles=queries.session_roles(event), sheet=False)
    return _pdf(pdf, f"badge-{event.slug}.pdf")


def badges(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug, MANAGE)
    registrations = list(queries.badge_registrations(event))
    if not registrations:
        message = _("No registration is confirmed yet: there is no badge to print.")
        context = {"event": event, "title": _("Badges"), "message": message}
        return render(request, "events/badge/unavailable.html", context, status=404)
    sheet = request.GET.get("layout") != "a6"
    pdf = badges_pdf(event, registrations, roles=queries.session_roles(event), sheet=sheet)
    return _pdf(pdf, f"badges-{event.slug}.pdf")


def my_certificate(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    registration = _own_registration(request, event)
    try:
        certificate = issue_certificate(registration, actor=request.user)
    except ValidationError as exc:
        return _unavailable(request, event, _("Certificate of attendance"), exc.messages[0])
    certificate.registration = queries.badge_registrations(event).get(pk=registration.pk)
    certificate.registration.event = event
    return _pdf(certificate_pdf(certificate), f"{certificate.number}.pdf")


# --- at the door ---


def check_in(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug, CHECK_IN)
    outcome = None
    form = CheckInForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        outcome = scan(event, actor=request.user, code=form.cleaned_data["code"])
        form = CheckInForm()  # an empty field, focused, for the next badge
    context = {
        "event": event,
        "form": form,
        "outcome": outcome,
        "results": ScanResult,
        "counts": queries.check_in_counts(event),
    }
    template = "events/checkin/panel.html" if request.htmx else "events/checkin/page.html"
    return render(request, template, context)


def attendance(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug, MANAGE)
    return render(
        request,
        "events/checkin/attendance.html",
        {
            "event": event,
            "groups": queries.attendance(event),
            "counts": queries.check_in_counts(event),
        },
    )
