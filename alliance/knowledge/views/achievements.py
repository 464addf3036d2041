"""Achievement pages: the institution's list and review queue, one achievement with its
documents, best-matching challenges and (for its institution) the partners to approach, the editor, the workflow steps and documents."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance.core.permissions import check_permission
from alliance.knowledge import queries, retrieval
from alliance.knowledge.enums import AchievementStatus, EntryKind
from alliance.knowledge.forms import AchievementForm, DocumentForm, NoteForm
from alliance.knowledge.models import Achievement
from alliance.knowledge.partners import partners_for
from alliance.knowledge.services.achievements import (
    EDITABLE,
    add_document,
    create_achievement,
    publish_achievement,
    remove_document,
    return_achievement,
    submit_achievement,
    update_achievement,
    withdraw_achievement,
)
from alliance.knowledge.views.common import fetch, writable_institutions
from alliance.members.enums import Role
from alliance.members.rules import institutions_where


def _achievement(request: HttpRequest, pk: int, perm: str) -> Achievement:
    return fetch(request, queries.achievement_for_page, pk, perm)


def achievement_list(request: HttpRequest) -> HttpResponse:
    check_permission(request, "knowledge.add_achievement")
    user = request.user
    mine = institutions_where(user, Role.COORDINATOR)
    own = queries.achievements_visible_to(user).filter(institution__in=mine)  # type: ignore[arg-type]
    return render(
        request,
        "knowledge/achievement/list.html",
        {"own": own, "to_review": queries.achievements_to_review(user)},  # type: ignore[arg-type]
    )


def achievement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    achievement = _achievement(request, pk, "knowledge.view_achievement")
    user = request.user
    text = "\n".join([achievement.title, *achievement.keywords, achievement.summary])
    matches = retrieval.match(text, kinds=[EntryKind.CHALLENGE], fields=[achievement.field])
    return render(
        request,
        "knowledge/achievement/detail.html",
        {
            "achievement": achievement,
            "can_change": user.has_perm("knowledge.change_achievement", achievement),
            "can_review": user.has_perm("knowledge.review_achievement", achievement),
            "can_inquire": user.has_perm("knowledge.inquire", achievement),
            "editable": achievement.status in EDITABLE,
            "matches": matches,
            "objects": retrieval.objects_of(matches),
            "partners": partners_for(achievement)
            if user.has_perm("knowledge.change_achievement", achievement)
            and achievement.status == AchievementStatus.PUBLISHED
            else None,
            "note_form": NoteForm(),
            "document_form": DocumentForm(),
        },
    )


def _save(request: HttpRequest, achievement: Achievement | None) -> HttpResponse:
    post = request.POST if request.method == "POST" else None
    form = AchievementForm(
        post, institutions=writable_institutions(request.user), achievement=achievement
    )
    if post is not None and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if achievement is None:
                achievement = create_achievement(
                    actor=request.user,
                    institution=data.pop("institution"),
                    data=data,  # type: ignore[arg-type]
                )
            else:
                update_achievement(achievement, actor=request.user, data=data)  # type: ignore[arg-type]
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Saved. Send it for review when it is ready."))
            return redirect("knowledge:achievement", achievement.pk)
    return render(
        request, "knowledge/achievement/edit.html", {"form": form, "achievement": achievement}
    )


def achievement_add(request: HttpRequest) -> HttpResponse:
    check_permission(request, "knowledge.add_achievement")
    return _save(request, None)


def achievement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    achievement = _achievement(request, pk, "knowledge.change_achievement")
    if achievement.status not in EDITABLE:
        messages.warning(request, _("Withdraw the achievement before changing it."))
        return redirect("knowledge:achievement", pk)
    return _save(request, achievement)


@require_POST
def achievement_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """submit, publish, return (with a note) or withdraw."""
    perm = (
        "knowledge.review_achievement"
        if step in ("publish", "return")
        else "knowledge.change_achievement"
    )
    achievement = _achievement(request, pk, perm)
    actor = request.user
    done = {
        "submit": _("Sent for review."),
        "publish": _("Published: everyone who logs in can find it now."),
        "return": _("Returned with your note."),
        "withdraw": _("Withdrawn: it is a draft again."),
    }
    try:
        if step == "submit":
            submit_achievement(achievement, actor=actor)  # type: ignore[arg-type]
        elif step == "publish":
            publish_achievement(achievement, actor=actor)  # type: ignore[arg-type]
        elif step == "return":
            return_achievement(achievement, actor=actor, note=request.POST.get("note", ""))  # type: ignore[arg-type]
        elif step == "withdraw":
            withdraw_achievement(achievement, actor=actor)  # type: ignore[arg-type]
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done[step])
    return redirect("knowledge:achievement", pk)


@require_POST
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    achievement = _achievement(request, pk, "knowledge.change_achievement")
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            add_document(
                achievement,
                actor=request.user,  # type: ignore[arg-type]
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The document is attached."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("knowledge:achievement", pk)


def document_download(request: HttpRequest, pk: int, document: int) -> HttpResponse:
    achievement = _achievement(request, pk, "knowledge.view_achievement")
    doc = achievement.documents.filter(pk=document).first()
    if doc is None:
        raise Http404
    extension = doc.file.name.rsplit(".", 1)[-1]
    return FileResponse(
        doc.file.open("rb"),
        as_attachment=True,
        filename=f"achievement-{pk}-{doc.pk}.{extension}",
        content_type=doc.content_type,
    )


@require_POST
def document_remove(request: HttpRequest, pk: int, document: int) -> HttpResponse:
    achievement = _achievement(request, pk, "knowledge.change_achievement")
    doc = achievement.documents.filter(pk=document).first()
    if doc is None:
        raise Http404
    remove_document(doc, actor=request.user)  # type: ignore[arg-type]
    messages.success(request, _("The document is removed."))
    return redirect("knowledge:achievement", pk)
