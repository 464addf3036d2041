"""Exchange rounds: the Secretariat opens and closes them and sets each host's places,
tolerance and acceptability rules; students apply with up to ten ranked hosts; each home's
coordinator orders its own applicants (the nomination ranking)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.core.models import User
from alliance.core.services.audit import record_audit, snapshot
from alliance.members.enums import Relation, Role
from alliance.members.models import Institution
from alliance.members.rules import institutions_where, roles_of
from alliance.mobility.enums import CEFR_ORDER, MAX_CHOICES, RoundStatus, StudyLevel
from alliance.mobility.models import Application, Choice, Round, RoundHost

# The moves a round may make, and only these.
NEXT_STATUS = {
    RoundStatus.DRAFT: (RoundStatus.OPEN,),
    RoundStatus.OPEN: (RoundStatus.CLOSED,),
    RoundStatus.CLOSED: (RoundStatus.OPEN,),
    RoundStatus.PUBLISHED: (),
}


def create_round(
    *,
    actor: User,
    name: str,
    academic_year: int,
    institutions: Sequence[Institution],
    places: int = 0,
) -> Round:
    """A draft round among ``institutions`` (members), each offering ``places`` to start with."""
    if any(i.relation != Relation.MEMBER for i in institutions):
        raise ValidationError({"institutions": [_("Every university in a round is a member.")]})
    with transaction.atomic():
        round_ = Round.objects.create(name=name, academic_year=academic_year, created_by=actor)
        RoundHost.objects.bulk_create(
            RoundHost(round=round_, institution=i, places=places) for i in institutions
        )
        record_audit(
            "mobility.round.create",
            actor=actor,
            obj=round_,
            after={**snapshot(round_), "institutions": [i.pk for i in institutions]},
        )
    return round_


def set_round_status(round_: Round, *, actor: User, status: str) -> Round:
    if status not in RoundStatus.values:
        raise ValidationError(_("Unknown status."))
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_.pk)
        if status not in NEXT_STATUS[RoundStatus(round_.status)]:
            raise ValidationError(
                _("A round that is “%(now)s” cannot become “%(then)s”.")
                % {"now": round_.get_status_display(), "then": RoundStatus(status).label}
            )
        before = snapshot(round_, ["status"])
        round_.status = status
        round_.save(update_fields=["status"])
        record_audit(
            "mobility.round.status",
            actor=actor,
            obj=round_,
            before=before,
            after={"status": status},
        )
    return round_


def update_round_host(
    host: RoundHost,
    *,
    actor: User,
    places: int,
    tolerance: int,
    study_levels: Sequence[str] = (),
    language: str = "",
    min_language_level: str = "",
) -> RoundHost:
    if set(study_levels) - set(StudyLevel.values):
        raise ValidationError({"study_levels": [_("Unknown study level.")]})
    if min_language_level and not language:
        raise ValidationError({"language": [_("Name the language the level is asked in.")]})
    fields = ["places", "tolerance", "study_levels", "language", "min_language_level"]
    with transaction.atomic():
        host = RoundHost.objects.select_for_update().get(pk=host.pk)
        if host.round.status == RoundStatus.PUBLISHED:
            raise ValidationError(_("The round's results are published; its places are fixed."))
        before = snapshot(host, fields)
        host.places = places
        host.tolerance = tolerance
        host.study_levels = sorted(study_levels)
        host.language = language.strip().lower()
        host.min_language_level = min_language_level
        host.save()
        record_audit(
            "mobility.round.host",
            actor=actor,
            obj=host,
            before=before,
            after=snapshot(host, fields),
            institution_id=host.institution_id,
        )
    return host


def _check_choices(round_: Round, home: Institution, hosts: Sequence[Any]) -> list[Institution]:
    """The ranked hosts as institutions, or every problem at once."""
    in_round = {h.institution_id: h.institution for h in round_.hosts.select_related("institution")}
    problems: list[str] = []
    if not hosts:
        problems.append(_("Rank at least one host."))
    if len(hosts) > MAX_CHOICES:
        problems.append(
            _("Rank at most %(n)d hosts; you ranked %(m)d.") % {"n": MAX_CHOICES, "m": len(hosts)}
        )
    seen: set[int] = set()
    for rank, host in enumerate(hosts, start=1):
        if host is None:
            problems.append(_("Choice %(rank)d: unknown university.") % {"rank": rank})
            continue
        if host.pk in seen:
            problems.append(
                _("Choice %(rank)d: %(host)s is listed twice.") % {"rank": rank, "host": host}
            )
        seen.add(host.pk)
        if host.pk == home.pk:
            problems.append(
                _("Choice %(rank)d: %(host)s is your home university.")
                % {"rank": rank, "host": host}
            )
        elif host.pk not in in_round:
            problems.append(
                _("Choice %(rank)d: %(host)s is not a partner in this round.")
                % {"rank": rank, "host": host}
            )
    if problems:
        raise ValidationError({"hosts": problems})
    return list(hosts)


def _check_languages(languages: Mapping[str, str]) -> dict[str, str]:
    clean = {code.strip().lower(): level for code, level in languages.items() if code.strip()}
    bad = [f"{code}: {level}" for code, level in clean.items() if level not in CEFR_ORDER]
    if bad:
        raise ValidationError(
            {"languages": [_("Unknown language levels: %(bad)s.") % {"bad": ", ".join(bad)}]}
        )
    return clean


def submit_application(
    round_: Round,
    *,
    actor: User,
    home: Institution,
    study_level: str,
    hosts: Sequence[Institution | None],
    languages: Mapping[str, str] | None = None,
) -> Application:
    """Apply to a round, or replace one's ranking while the round is open. ``hosts`` are in
    order of preference, best first; ``None`` stands for a name that matched no university.
    The student names their home; its coordinator sees them in the nomination ranking."""
    if not round_.is_open:
        raise ValidationError(_("This round is not open for applications."))
    if not any(role == Role.APPLICANT for role, _inst in roles_of(actor)):
        raise ValidationError(_("Only students apply for exchange places."))
    if not round_.hosts.filter(institution=home).exists():
        raise ValidationError({"home": [_("Your university does not take part in this round.")]})
    if study_level not in StudyLevel.values:
        raise ValidationError({"study_level": [_("Unknown study level.")]})
    ranked = _check_choices(round_, home, hosts)
    clean_languages = _check_languages(languages or {})
    with transaction.atomic():
        application = (
            Application.objects.select_for_update().filter(round=round_, student=actor).first()
        )
        before = None
        if application is None:
            last = Application.objects.filter(round=round_, home=home).aggregate(
                m=Max("nomination_rank")
            )["m"]
            application = Application(
                round=round_, student=actor, home=home, nomination_rank=(last or 0) + 1
            )
        else:
            before = {
                **snapshot(application),
                "hosts": list(application.choices.values_list("host_id", flat=True)),
            }
            if application.home_id != home.pk:
                last = Application.objects.filter(round=round_, home=home).aggregate(
                    m=Max("nomination_rank")
                )["m"]
                application.nomination_rank = (last or 0) + 1
            application.home = home
        application.study_level = study_level
        application.languages = clean_languages
        application.updated_at = timezone.now()
        application.save()
        application.choices.all().delete()
        Choice.objects.bulk_create(
            Choice(application=application, host=h, rank=r) for r, h in enumerate(ranked, start=1)
        )
        record_audit(
            "mobility.application.submit",
            actor=actor,
            obj=application,
            before=before,
            after={**snapshot(application), "hosts": [h.pk for h in ranked]},
            institution_id=home.pk,
        )
    return application


def move_nomination(application: Application, *, actor: User, offset: int) -> Round:
    """Move an applicant up (offset −1) or down (+1) in their home's nomination ranking."""
    return set_nomination_order(
        application.round,
        actor=actor,
        home=application.home,
        order=_moved(application, offset),
    )


def _moved(application: Application, offset: int) -> list[int]:
    ids = list(
        Application.objects.filter(round=application.round, home=application.home)
        .order_by("nomination_rank", "pk")
        .values_list("pk", flat=True)
    )
    i = ids.index(application.pk)
    j = max(0, min(len(ids) - 1, i + offset))
    ids[i], ids[j] = ids[j], ids[i]
    return ids


def set_nomination_order(
    round_: Round, *, actor: User, home: Institution, order: Sequence[int]
) -> Round:
    """The home's coordinator orders its applicants, best first (``order``: application ids,
    every applicant of that home exactly once)."""
    if home.pk not in institutions_where(actor, Role.COORDINATOR):
        raise ValidationError(
            _("Only a coordinator of %(inst)s ranks its applicants.") % {"inst": home}
        )
    if round_.status == RoundStatus.PUBLISHED:
        raise ValidationError(_("The round's results are published; the ranking is fixed."))
    with transaction.atomic():
        current = dict(
            Application.objects.select_for_update()
            .filter(round=round_, home=home)
            .values_list("pk", "nomination_rank")
        )
        if sorted(order) != sorted(current):
            raise ValidationError(_("Rank every applicant of your university exactly once."))
        changed = [
            Application(pk=pk, nomination_rank=rank)
            for rank, pk in enumerate(order, start=1)
            if current[pk] != rank
        ]
        Application.objects.bulk_update(changed, ["nomination_rank"])
        record_audit(
            "mobility.nomination.order",
            actor=actor,
            obj=round_,
            before={"order": sorted(current, key=lambda pk: (current[pk] or 0, pk))},
            after={"order": list(order)},
            institution_id=home.pk,
        )
    return round_
