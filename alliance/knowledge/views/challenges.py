"""Challenge pages: the challenges a user posted and those awaiting moderation, one challenge
with its best-matching achievements and experts, the editor, moderation and closing."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance.core.permissions import check_permission
from alliance.knowledge import queries, retrieval
from alliance.knowledge.enums import ChallengeStatus, EntryKind
from alliance.knowledge.forms import ChallengeForm, ModerationForm
from alliance.knowledge.models import Challenge
from alliance.knowledge.services.challenges import (
    close_challenge,
    moderate_challenge,
    post_challenge,
    update_challenge,
)
from alliance.knowledge.views.common import fetch, writable_institutions
from alliance.members.rules import is_secretariat


def _challenge(pk: int) -> Challenge | None:
    return Challenge.objects.select_related("institution").filter(pk=pk).first()


def challenge_list(request: HttpRequest) -> HttpResponse:
    check_permission(request, "knowledge.add_challenge")
    user = request.user
    own = queries.challenges_visible_to(user).filter(  # type: ignore[arg-type]
        institution__in=writable_institutions(user, partners=True)
    )
    pending = queries.challenges_to_moderate() if is_secretariat(user) else None
    return render(request, "knowledge/challenge/list.html", {"own": own, "to_moderate": pending})


def challenge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = fetch(request, _challenge, pk, "knowledge.view_challenge")
    text = "\n".join(
        [challenge.title, *challenge.keywords, challenge.problem, challenge.wanted_outcome]
    )
    achievements = retrieval.match(text, kinds=[EntryKind.ACHIEVEMENT], fields=[challenge.field])
    experts = retrieval.match(text, kinds=[EntryKind.EXPERT], fields=[challenge.field])
    return render(
        request,
        "knowledge/challenge/detail.html",
        {
            "challenge": challenge,
            "can_change": request.user.has_perm("knowledge.change_challenge", challenge)
            and challenge.status != ChallengeStatus.CLOSED,
            "can_moderate": request.user.has_perm("knowledge.moderate_challenge", challenge)
            and challenge.status == ChallengeStatus.PENDING,
            "achievements": achievements,
            "experts": experts,
            "objects": retrieval.objects_of([*achievements, *experts]),
            "moderation_form": ModerationForm(),
        },
    )


def _save(request: HttpRequest, challenge: Challenge | None) -> HttpResponse:
    post = request.POST if request.method == "POST" else None
    form = ChallengeForm(
        post, institutions=writable_institutions(request.user, partners=True), challenge=challenge
    )
    if post is not None and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if challenge is None:
                challenge = post_challenge(
                    actor=request.user,
                    institution=data.pop("institution"),
                    data=data,  # type: ignore[arg-type]
                )
            else:
                update_challenge(challenge, actor=request.user, data=data)  # type: ignore[arg-type]
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(
                request, _("Saved. The Secretariat reviews it before it is published.")
            )
            return redirect("knowledge:challenge", challenge.pk)
    return render(request, "knowledge/challenge/edit.html", {"form": form, "challenge": challenge})


def challenge_add(request: HttpRequest) -> HttpResponse:
    check_permission(request, "knowledge.add_challenge")
    return _save(request, None)


def challenge_edit(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = fetch(request, _challenge, pk, "knowledge.change_challenge")
    if challenge.status == ChallengeStatus.CLOSED:
        messages.warning(request, _("A closed challenge cannot be changed."))
        return redirect("knowledge:challenge", pk)
    return _save(request, challenge)


@require_POST
def challenge_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = fetch(request, _challenge, pk, "knowledge.moderate_challenge")
    form = ModerationForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose to publish it or not."))
        moderate_challenge(
            challenge,
            actor=request.user,  # type: ignore[arg-type]
            publish=form.cleaned_data["decision"] == "publish",
            note=form.cleaned_data["note"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Moderated."))
    return redirect("knowledge:challenge", pk)


@require_POST
def challenge_close(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = fetch(request, _challenge, pk, "knowledge.change_challenge")
    close_challenge(challenge, actor=request.user)  # type: ignore[arg-type]
    messages.success(request, _("The challenge is closed."))
    return redirect("knowledge:challenge", pk)
