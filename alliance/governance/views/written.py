"""Written resolutions: the Secretariat opens one on a submitted motion with a deadline;
readers follow who has voted; each voter casts the institution's ballot through the personal
link sent by e-mail, without logging in. The first visit after the deadline closes and counts
the poll (the scheduled task does it otherwise)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from alliance.governance import queries, register
from alliance.governance.enums import PollStatus
from alliance.governance.forms_records import LinkBallotForm, WrittenResolutionForm
from alliance.governance.models import Document
from alliance.governance.services.written import (
    close_if_due,
    open_written_resolution,
    vote_by_link,
)
from alliance.governance.views.common import acting, found, private_pdf


def written_list(request: HttpRequest) -> HttpResponse:
    found(request, True, "governance.view")
    for resolution in register.written_resolutions().filter(poll__status=PollStatus.OPEN):
        close_if_due(resolution)
    return render(
        request,
        "governance/written/list.html",
        {
            "resolutions": register.written_resolutions(),
            "may_manage": request.user.has_perm("governance.manage"),
        },
    )


def written_add(request: HttpRequest) -> HttpResponse:
    found(request, True, "governance.manage")
    form = WrittenResolutionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            resolution = open_written_resolution(
                form.cleaned_data["body"], actor=acting(request), **form.for_service()
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(
                request,
                _("The written resolution is open; each voter has been sent a personal link."),
            )
            return redirect("governance:written", resolution.pk)
    return render(
        request,
        "governance/common/form.html",
        {
            "form": form,
            "title": _("New written resolution"),
            "back_url": reverse("governance:written_list"),
        },
    )


def written_detail(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = found(request, register.written_for_page(pk), "governance.view")
    if close_if_due(resolution):
        resolution = register.written_for_page(pk) or resolution
    may_manage = request.user.has_perm("governance.manage")
    return render(
        request,
        "governance/written/detail.html",
        {
            "resolution": resolution,
            "poll": resolution.poll,
            "voters": queries.voters_of(resolution.poll),
            "links": register.links_of(resolution) if may_manage else [],
            "may_manage": may_manage,
        },
    )


def written_vote(request: HttpRequest, secret: str) -> HttpResponse:
    """The voter's page, reached by the personal link (no login): the motion, its documents,
    the deadline, the ballot, and afterwards the receipt. An unknown, replaced, used or expired
    link gets a page that says which and what to do."""
    link = register.link_by_secret(secret)
    if link is None:
        return render(request, "governance/written/unknown_link.html", status=404)
    resolution = link.resolution
    close_if_due(resolution)
    poll = resolution.poll
    poll.refresh_from_db()
    voted = register.institution_voted(link)
    form = None
    if voted is None and poll.status == PollStatus.OPEN:
        form = LinkBallotForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                receipt = vote_by_link(link, choice=form.cleaned_data["choice"])
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                request.session[f"governance-written-receipt-{link.pk}"] = receipt
                messages.success(
                    request, _("The ballot of %(inst)s is cast.") % {"inst": link.institution}
                )
            return redirect("governance:written_vote", secret)
    motion = poll.motion
    return render(
        request,
        "governance/written/vote.html",
        {
            "link": link,
            "resolution": resolution,
            "poll": poll,
            "motion": motion,
            "documents": motion.documents.all() if motion else [],
            "voted": voted,
            "form": form,
            "receipt": request.session.pop(f"governance-written-receipt-{link.pk}", None),
            "result_line": register.result_line(poll.outcome, (poll.result or {}).get("counts", []))
            if poll.status == PollStatus.CLOSED
            else "",
        },
    )


def written_document(request: HttpRequest, secret: str, pk: int) -> FileResponse:
    """A document of the motion, for the holder of a valid voting link (no login)."""
    link = register.link_by_secret(secret)
    motion_id = link.resolution.poll.motion_id if link is not None else None
    document = Document.objects.filter(pk=pk, motion_id=motion_id).first() if motion_id else None
    if document is None:
        raise Http404
    return private_pdf(document.file, f"document-{document.pk}.pdf")
