"""Allocation runs: the round's data handed to the pure engine (``alliance.mobility.engine``),
and what it returns stored unchanged beside its input; publication of one run to students, and
their answers."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.core.models import User
from alliance.core.services.audit import record_audit, snapshot
from alliance.members.models import Institution
from alliance.mobility import engine
from alliance.mobility.enums import Mechanism, PlacementResponse, RoundStatus
from alliance.mobility.models import AllocationRun, Application, Placement, Round
from alliance.mobility.queries import engine_input
from alliance.mobility.services.mobilities import nominate, reoffer_place
from alliance.mobility.tasks import send_results_task


def summarise(data: dict[str, Any], assignment: dict[str, str | None]) -> dict[str, Any]:
    """Students placed, at first choice, and sent and hosted per university."""
    per: dict[str, dict[str, int]] = {
        u["id"]: {"sent": 0, "hosted": 0} for u in data["universities"]
    }
    placed = first = 0
    for student in data["students"]:
        host = assignment.get(student["id"])
        if host is None:
            continue
        placed += 1
        first += bool(student["choices"]) and student["choices"][0] == host
        per[student["home"]]["sent"] += 1
        per[host]["hosted"] += 1
    return {
        "students": len(data["students"]),
        "placed": placed,
        "first_choice": first,
        "per_university": per,
    }


def run_allocation(
    round_: Round, *, actor: User, mechanism: str, confirmed: bool = False
) -> AllocationRun:
    """Allocate the round's places with ``mechanism`` and keep the run. Max-volume ignores
    home priority and rewards misreporting, so it runs only when ``confirmed``."""
    if mechanism not in Mechanism.values:
        raise ValidationError({"mechanism": [_("Unknown mechanism.")]})
    if mechanism == Mechanism.MAX_VOLUME and not confirmed:
        raise ValidationError(
            {"confirm": [_("Confirm that you choose a mechanism that ignores home priority.")]}
        )
    if round_.status != RoundStatus.CLOSED:
        raise ValidationError(_("Close the round to applications before allocating."))
    data = engine_input(round_)
    if not any(u["capacity"] for u in data["universities"]):
        raise ValidationError(_("No university offers places in this round."))
    if not data["students"]:
        raise ValidationError(_("Nobody applied in this round."))
    try:
        result = engine.allocate(engine.instance_from_json(data), mechanism)
    except engine.InputError as exc:
        raise ValidationError(list(exc.problems)) from exc
    result_json = engine.result_to_json(result)
    summary = summarise(data, dict(result.assignment))
    with transaction.atomic():
        run = AllocationRun.objects.create(
            round=round_,
            mechanism=mechanism,
            parameters={"confirmed_max_volume": confirmed}
            if mechanism == Mechanism.MAX_VOLUME
            else {},
            input=data,
            result={**result_json, "per_university": summary["per_university"]},
            students=summary["students"],
            placed=summary["placed"],
            first_choice=summary["first_choice"],
            created_by=actor,
        )
        record_audit(
            "mobility.run.create",
            actor=actor,
            obj=run,
            after={
                "round": round_.pk,
                "mechanism": mechanism,
                "students": run.students,
                "placed": run.placed,
            },
        )
    return run


def publish_run(run: AllocationRun, *, actor: User) -> Round:
    """Publish one run of a closed round: every placed student gets a place to accept or
    decline, and every applicant an e-mail with their result (in the background)."""
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=run.round_id)
        if round_.status != RoundStatus.CLOSED:
            raise ValidationError(_("Only a closed round's run can be published, once."))
        ids = {str(a.pk): a for a in Application.objects.filter(round=round_)}
        slugs = [u["id"] for u in run.input["universities"]]
        by_slug = {i.slug: i for i in Institution.objects.filter(slug__in=slugs)}
        Placement.objects.bulk_create(
            Placement(run=run, application=ids[sid], host=by_slug[host])
            for sid, host in run.result["assignment"].items()
            if host is not None and sid in ids
        )
        round_.published_run = run
        round_.status = RoundStatus.PUBLISHED
        round_.save(update_fields=["published_run", "status"])
        record_audit(
            "mobility.run.publish",
            actor=actor,
            obj=round_,
            before={"status": RoundStatus.CLOSED},
            after={"status": RoundStatus.PUBLISHED, "published_run": run.pk},
        )
        transaction.on_commit(partial(send_results_task.delay, round_.pk))
    return round_


def respond_to_placement(placement: Placement, *, actor: User, accept: bool) -> Placement:
    """The student accepts or declines their place (once). An accepted place becomes a mobility
    record (the nomination to the host); a declined one is offered to the next student
    ``mobilities.reoffer_place`` finds, in the same transaction."""
    if placement.application.student_id != actor.pk:
        raise ValidationError(_("Only the student answers for their place."))
    with transaction.atomic():
        # One answer at a time per round: a declined place is offered to one student only.
        Round.objects.select_for_update().get(pk=placement.run.round_id)
        placement = (
            Placement.objects.select_for_update(of=("self",))
            .select_related("run", "host", "application__round")
            .get(pk=placement.pk)
        )
        if placement.response != PlacementResponse.PENDING:
            raise ValidationError(_("You have already answered."))
        before = snapshot(placement, ["response"])
        placement.response = PlacementResponse.ACCEPTED if accept else PlacementResponse.DECLINED
        placement.responded_at = timezone.now()
        placement.save(update_fields=["response", "responded_at"])
        record_audit(
            "mobility.placement.respond",
            actor=actor,
            obj=placement,
            before=before,
            after=snapshot(placement, ["response"]),
            institution_id=placement.host_id,
        )
        if accept:
            nominate(placement, actor=actor)
        else:
            reoffer_place(placement, actor=actor)
    return placement
