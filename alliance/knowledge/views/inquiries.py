"""Inquiry pages: asking about an achievement, the list of one's inquiries, one conversation
with its answer box and (for the owner's side) its status."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance.core.permissions import check_permission
from alliance.knowledge import queries
from alliance.knowledge.forms import InquiryForm, InquiryStatusForm, ReplyForm
from alliance.knowledge.services.inquiries import (
    open_inquiry,
    reply_to_inquiry,
    set_inquiry_status,
)
from alliance.knowledge.views.common import fetch


def inquire(request: HttpRequest, pk: int) -> HttpResponse:
    achievement = fetch(request, queries.achievement_for_page, pk, "knowledge.inquire")
    form = InquiryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            inquiry = open_inquiry(achievement, actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Sent. You will be told by e-mail when they answer."))
            return redirect("knowledge:inquiry", inquiry.pk)
    return render(request, "knowledge/inquiry/new.html", {"form": form, "achievement": achievement})


def inquiry_list(request: HttpRequest) -> HttpResponse:
    check_permission(request, "knowledge.view_knowledge")
    return render(
        request,
        "knowledge/inquiry/list.html",
        {"inquiries": queries.inquiries_of(request.user)},  # type: ignore[arg-type]
    )


def inquiry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inquiry = fetch(request, queries.inquiry_for_page, pk, "knowledge.view_inquiry")
    can_reply = request.user.has_perm("knowledge.reply_inquiry", inquiry)
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and can_reply and form.is_valid():
        try:
            reply_to_inquiry(inquiry, actor=request.user, message=form.cleaned_data["message"])  # type: ignore[arg-type]
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Your message is sent."))
            return redirect("knowledge:inquiry", pk)
    return render(
        request,
        "knowledge/inquiry/detail.html",
        {
            "inquiry": inquiry,
            "form": form if can_reply else None,
            "status_form": InquiryStatusForm(initial={"status": inquiry.status})
            if request.user.has_perm("knowledge.set_inquiry_status", inquiry)
            else None,
        },
    )


@require_POST
def inquiry_status(request: HttpRequest, pk: int) -> HttpResponse:
    inquiry = fetch(request, queries.inquiry_for_page, pk, "knowledge.set_inquiry_status")
    try:
        set_inquiry_status(inquiry, actor=request.user, status=request.POST.get("status", ""))  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The status is saved."))
    return redirect("knowledge:inquiry", pk)
