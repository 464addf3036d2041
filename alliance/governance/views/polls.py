"""Polls: the Secretariat prepares, opens and closes them; a seat holder, alternate or proxy
votes on the ballot page, which says the rule in plain words and, once closed, shows the result
with its arithmetic."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from alliance.governance import queries
from alliance.governance.enums import CastAs, PollKind, PollStatus
from alliance.governance.forms import BallotForm, PollForm
from alliance.governance.models import Poll
from alliance.governance.services.polls import cast_ballot, close_poll, create_poll, open_poll
from alliance.governance.tally.explanation import choice_name
from alliance.governance.views.common import acting, found
from alliance.governance.wording import rule_in_words
from alliance.members.models import Institution

CHOICE_LABELS = {
    "yes": gettext_lazy("Yes"),
    "no": gettext_lazy("No"),
    "abstain": gettext_lazy("Abstain"),
    "consent": gettext_lazy("Consent"),
    "object": gettext_lazy("Object"),
}


def _label(choice: str) -> str:
    return str(CHOICE_LABELS.get(choice, choice))


def ballot_form(poll: Poll, casting: dict[int, str], data: object = None) -> BallotForm | None:
    """The ballot for the institutions this voter may still cast for; None if there are none."""
    if poll.status != PollStatus.OPEN or not casting or not poll.frozen_rule:
        return None
    voted = set(queries.voters_of(poll).values_list("institution_id", flat=True))
    names = poll.frozen_electorate["names"] if poll.frozen_electorate else {}
    institutions = [
        (inst, f"{names.get(str(inst), inst)} ({CastAs(capacity).label})")
        for inst, capacity in casting.items()
        if inst not in voted
    ]
    if not institutions:
        return None
    rule = poll.frozen_rule
    if rule["kind"] == PollKind.YES_NO:
        marks = ["yes", "no", "abstain"]
    elif rule["kind"] == PollKind.CONSENT:
        marks = ["consent", "object"]
    else:
        marks = [*rule["options"], "abstain"]
    several = rule["seats"] if rule["kind"] == PollKind.ELECTION and rule["seats"] > 1 else 0
    return BallotForm(
        data,
        institutions=institutions,
        choices=[(m, _label(m)) for m in marks],
        several=several,
    )


def poll_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = found(request, queries.meeting_for_page(pk), "governance.manage")
    form = PollForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            poll = create_poll(meeting.body, actor=acting(request), **form.for_service())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The poll is prepared; open it when the vote is taken."))
            return redirect("governance:poll", poll.pk)
    return render(
        request,
        "governance/common/form.html",
        {
            "form": form,
            "title": _("New poll at %(meeting)s") % {"meeting": meeting},
            "back_url": reverse("governance:meeting", args=[meeting.pk]),
        },
    )


def poll_detail(request: HttpRequest, pk: int) -> HttpResponse:
    poll = found(request, queries.poll_for_page(pk), "governance.view")
    casting = queries.may_cast_for(queries.person_of(request.user), poll)
    closed = poll.status == PollStatus.CLOSED
    return render(
        request,
        "governance/poll/detail.html",
        {
            "poll": poll,
            "rule": rule_in_words(poll),
            "form": ballot_form(poll, casting),
            "voters": queries.voters_of(poll),
            "named": [
                (
                    b.institution,
                    _label(b.choice) if isinstance(b.choice, str) else ", ".join(b.choice),
                )
                for b in queries.named_ballots(poll)
            ]
            if closed
            else [],
            "secret": queries.secret_ballots(poll) if closed and poll.secret else [],
            "counts": [
                (
                    choice_name(c["choice"])
                    if c["choice"] not in CHOICE_LABELS
                    else _label(c["choice"]),
                    c,
                )
                for c in (poll.result or {}).get("counts", [])
            ],
            "receipt": request.session.pop(f"governance-receipt-{poll.pk}", None),
            "may_manage": request.user.has_perm("governance.manage"),
        },
    )


@require_POST
def poll_cast(request: HttpRequest, pk: int) -> HttpResponse:
    poll = found(request, queries.poll_for_page(pk), "governance.vote")
    casting = queries.may_cast_for(queries.person_of(request.user), poll)
    form = ballot_form(poll, casting, request.POST)
    if form is None:
        messages.error(request, _("You have no ballot to cast in this poll."))
        return redirect("governance:poll", poll.pk)
    if not form.is_valid():
        messages.error(request, _("Choose the institution and your vote, then cast the ballot."))
        return redirect("governance:poll", poll.pk)
    institution = Institution.objects.get(pk=form.cleaned_data["institution"])
    try:
        receipt = cast_ballot(
            poll, actor=acting(request), institution=institution, choice=form.choice()
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if receipt:
            request.session[f"governance-receipt-{poll.pk}"] = receipt
        messages.success(request, _("The ballot of %(inst)s is cast.") % {"inst": institution})
    return redirect("governance:poll", poll.pk)


@require_POST
def poll_open(request: HttpRequest, pk: int) -> HttpResponse:
    poll = found(request, queries.poll_for_page(pk), "governance.manage")
    try:
        open_poll(poll, actor=acting(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The poll is open: its rule and electorate are frozen."))
    return redirect("governance:poll", poll.pk)


@require_POST
def poll_close(request: HttpRequest, pk: int) -> HttpResponse:
    poll = found(request, queries.poll_for_page(pk), "governance.manage")
    try:
        close_poll(poll, actor=acting(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The poll is closed and counted."))
    return redirect("governance:poll", poll.pk)
