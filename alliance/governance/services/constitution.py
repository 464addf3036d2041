"""The constitution: the founding version, amendments proposed against the current text, put to
the Board as a motion, and adopted into a new version once the motion's poll adopted it.

Every version is written whole, once (``_write_version``); nothing changes it afterwards (the
models refuse too). Articles are numbered 1, 2, … and their clauses 1.1, 1.2, … afresh in each
version; a clause keeps its ``key`` so its history can be followed.

An amendment records the version it was written against. If its clause has changed since (or
is gone), it is stale: it cannot be put to a motion or adopted, and is kept as written so its
proposer can read the current text and propose it again.
"""

from __future__ import annotations

import datetime
import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.core.models import User
from alliance.core.services.audit import record_audit, snapshot
from alliance.governance.enums import (
    AmendmentKind,
    AmendmentStatus,
    BodyKind,
    MotionStatus,
    Outcome,
    PollStatus,
)
from alliance.governance.models import (
    Amendment,
    Body,
    Clause,
    ConstitutionVersion,
    Motion,
    Poll,
)
from alliance.governance.queries_constitution import clause_in, current_version, stale_message
from alliance.governance.services.motions import create_motion
from alliance.members.enums import Relation
from alliance.members.models import Institution

AMENDMENT_FIELDS = (
    "kind",
    "written_against",
    "clause_key",
    "clause_number",
    "heading",
    "text",
    "by_institution",
    "by_body",
    "status",
    "motion",
    "adopted_in",
)


@dataclass(frozen=True)
class Draft:
    """An article (``parent`` None) or a clause of the article ``parent`` (a key), not yet
    numbered or stored."""

    key: str
    parent: str | None
    heading: str
    text: str


def new_key() -> str:
    return secrets.token_hex(5)


# --- the founding text ---------------------------------------------------------------------------

_ARTICLE = re.compile(r"^#\s*(?:Article\s+)?(\d+)\.?\s+(.+)$", re.IGNORECASE)
_CLAUSE = re.compile(r"^(\d+)\.(\d+)\.?\s+(.+)$")


def parse_text(text: str) -> list[Draft]:
    """Articles and clauses from lines ``# Article 1 Name`` and ``1.1 Text``; blank lines are
    skipped. Numbers must follow each other (Article 1, 2, …; clauses 1.1, 1.2, …). Every bad
    line is reported with its number; nothing is returned then."""
    drafts: list[Draft] = []
    problems: list[str] = []
    article: Draft | None = None
    n_article = n_clause = 0
    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if m := _ARTICLE.match(line):
            number, heading = int(m.group(1)), " ".join(m.group(2).split())
            if number != n_article + 1:
                problems.append(
                    _("Line %(line)d: expected Article %(expected)d, found Article %(found)d.")
                    % {"line": n, "expected": n_article + 1, "found": number}
                )
            n_article, n_clause = n_article + 1, 0
            article = Draft(new_key(), None, heading, "")
            drafts.append(article)
        elif m := _CLAUSE.match(line):
            if article is None:
                problems.append(
                    _("Line %(line)d: a clause comes before the first article.") % {"line": n}
                )
                continue
            found = f"{m.group(1)}.{m.group(2)}"
            expected = f"{n_article}.{n_clause + 1}"
            if found != expected:
                problems.append(
                    _("Line %(line)d: expected clause %(expected)s, found %(found)s.")
                    % {"line": n, "expected": expected, "found": found}
                )
            n_clause += 1
            drafts.append(Draft(new_key(), article.key, "", m.group(3).strip()))
        else:
            problems.append(
                _(
                    "Line %(line)d: start the line with “# Article 1 Name” for an article or "
                    "with a clause number such as “1.2”."
                )
                % {"line": n}
            )
    if not drafts and not problems:
        problems.append(_("Enter the articles and clauses of the constitution."))
    if problems:
        raise ValidationError({"text": problems})
    return drafts


# --- writing a version ---------------------------------------------------------------------------


def _numbers(drafts: Sequence[Draft]) -> dict[str, str]:
    numbers: dict[str, str] = {}
    article = clause = 0
    for d in drafts:
        if d.parent is None:
            article, clause = article + 1, 0
            numbers[d.key] = str(article)
        else:
            clause += 1
            numbers[d.key] = f"{article}.{clause}"
    return numbers


def _write_version(
    drafts: Sequence[Draft],
    *,
    number: int,
    adopted_on: datetime.date,
    actor: User | None,
    motion: Motion | None = None,
    poll: Poll | None = None,
    note: str = "",
) -> ConstitutionVersion:
    """Store a whole version: the version row and every clause, numbered, in one go."""
    version = ConstitutionVersion.objects.create(
        number=number,
        adopted_on=adopted_on,
        motion=motion,
        poll=poll,
        note=note,
        created_by=actor,
    )
    numbers = _numbers(drafts)
    articles = Clause.objects.bulk_create(
        [
            Clause(
                version=version,
                key=d.key,
                number=numbers[d.key],
                heading=d.heading,
                text=d.text,
                position=pos,
            )
            for pos, d in enumerate(drafts, start=1)
            if d.parent is None
        ]
    )
    parents = {a.key: a for a in articles}
    Clause.objects.bulk_create(
        [
            Clause(
                version=version,
                key=d.key,
                parent=parents[d.parent],
                number=numbers[d.key],
                heading=d.heading,
                text=d.text,
                position=pos,
            )
            for pos, d in enumerate(drafts, start=1)
            if d.parent is not None
        ]
    )
    return version


def create_founding_version(
    *, actor: User | None, text: str, adopted_on: datetime.date, note: str
) -> ConstitutionVersion:
    """Version 1 from the text format of ``parse_text``, with a note of where it was agreed
    (e.g. "Agreed at the preparatory meeting"). Refused once any version exists."""
    problems: dict[str, list[str]] = {}
    drafts: list[Draft] = []
    try:
        drafts = parse_text(text)
    except ValidationError as exc:
        problems.update(exc.message_dict)
    if not note.strip():
        problems["note"] = [_("Say where the founding text was agreed.")]
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        if ConstitutionVersion.objects.exists():
            raise ValidationError(
                _("The constitution has a version already; change it by amendment."),
                code="exists",
            )
        version = _write_version(
            drafts, number=1, adopted_on=adopted_on, actor=actor, note=note.strip()
        )
        record_audit(
            "governance.constitution.found",
            actor=actor,
            obj=version,
            after={**snapshot(version, ("number", "adopted_on", "note")), "clauses": len(drafts)},
        )
    return version


# --- amendments ----------------------------------------------------------------------------------


def propose_amendment(
    clause_key: str,
    *,
    actor: User | None,
    written_against: ConstitutionVersion,
    kind: str,
    heading: str = "",
    text: str = "",
    reason: str = "",
    by_institution: Institution | None = None,
    by_body: Body | None = None,
) -> Amendment:
    """Propose a change to one clause, as read in ``written_against`` (the version shown to the
    proposer). Refused, with nothing saved, when that is no longer the current text of the
    clause, when the change is empty or changes nothing, and when the proposer is not one
    member or one body."""
    clause = clause_in(written_against, clause_key)
    if clause is None:
        raise ValidationError(_("No such clause in this version."), code="no_clause")
    heading, text = " ".join(heading.split()), text.strip()
    problems: dict[str, list[str]] = {}
    if (by_institution is None) == (by_body is None):
        problems["by_institution"] = [
            _("Name who proposes the amendment: a member or a body, not both.")
        ]
    elif by_institution is not None and by_institution.relation != Relation.MEMBER:
        problems["by_institution"] = [
            _("%(inst)s is not a member; only members propose amendments.")
            % {"inst": by_institution}
        ]
    if kind == AmendmentKind.DELETE:
        heading = text = ""
    elif kind == AmendmentKind.REPLACE:
        if clause.is_article and not heading:
            problems["heading"] = [_("An article needs a heading.")]
        if not clause.is_article and not text:
            problems["text"] = [_("Write the new text, or propose to delete the clause.")]
        if (heading, text) == (clause.heading, clause.text):
            problems["text"] = [_("The new text is the same as the current one; change it.")]
    elif kind == AmendmentKind.INSERT_AFTER:
        if clause.is_article and not heading:
            problems["heading"] = [_("The new article needs a heading.")]
        if not clause.is_article and not text:
            problems["text"] = [_("Write the text of the new clause.")]
    else:
        problems["kind"] = [_("Choose the change: replace, insert after, or delete.")]
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        current = current_version()
        now = clause_in(current, clause_key) if current else None
        amendment = Amendment(
            kind=kind,
            written_against=written_against,
            clause_key=clause_key,
            clause_number=clause.number,
            heading=heading,
            text=text,
            reason=reason.strip(),
            by_institution=by_institution,
            by_body=by_body,
            created_by=actor,
        )
        stale = stale_message(amendment, clause, now)
        if stale:
            raise ValidationError(stale, code="stale")
        if current is not None and current.pk != written_against.pk:
            amendment.written_against = current
            amendment.clause_number = now.number if now else clause.number
        amendment.save()
        record_audit(
            "governance.amendment.propose",
            actor=actor,
            obj=amendment,
            after=snapshot(amendment, AMENDMENT_FIELDS),
            institution_id=amendment.by_institution_id,
        )
    return amendment


def _refuse_stale(amendment: Amendment, current: ConstitutionVersion) -> None:
    written = clause_in(amendment.written_against, amendment.clause_key)
    stale = stale_message(amendment, written, clause_in(current, amendment.clause_key))
    if stale:
        raise ValidationError(stale, code="stale")


def _lock_current() -> ConstitutionVersion:
    """The current version, row-locked, re-read until no newer one was committed meanwhile."""
    while True:
        latest = ConstitutionVersion.objects.order_by("-number").first()
        if latest is None:
            raise ValidationError(_("There is no constitution yet."), code="no_version")
        locked = ConstitutionVersion.objects.select_for_update().get(pk=latest.pk)
        if not ConstitutionVersion.objects.filter(number__gt=locked.number).exists():
            return locked


def _motion_text(amendments: Sequence[Amendment]) -> str:
    lines = []
    for a in amendments:
        if a.kind == AmendmentKind.REPLACE:
            line = _("Replace Article %(number)s with: %(text)s")
        elif a.kind == AmendmentKind.INSERT_AFTER:
            line = _("Insert after Article %(number)s: %(text)s")
        else:
            line = _("Delete Article %(number)s.")
        new = " ".join(p for p in (a.heading, a.text) if p)
        lines.append(line % {"number": a.clause_number, "text": new})
    version = amendments[0].written_against.number
    intro = _(
        "The Board amends the constitution (version %(version)d) as follows, and the "
        "Secretariat publishes the amended text as its next version:"
    ) % {"version": version}
    return "\n\n".join([intro, *lines])


def _motion_submitter(amendments: Sequence[Amendment]) -> dict[str, object]:
    proposers = {(a.by_institution_id, a.by_body_id) for a in amendments}
    if len(proposers) == 1:
        first = amendments[0]
        return {"by_institution": first.by_institution, "by_body": first.by_body}
    secretariat = Body.objects.filter(kind=BodyKind.SECRETARIAT).order_by("pk").first()
    if secretariat is None:
        raise ValidationError(
            _(
                "Amendments of several proposers go to the Board from the Secretariat: record "
                "the Secretariat as a body first, or put each amendment to its own motion."
            ),
            code="no_secretariat",
        )
    return {"by_institution": None, "by_body": secretariat}


def put_amendments_to_motion(
    amendments: Iterable[Amendment], *, actor: User | None, title: str = ""
) -> Motion:
    """Put proposed amendments to the Board as one draft motion (moved then along the motion
    workflow and voted by a poll). Refused, with nothing changed, when an amendment is not
    "proposed", is stale, or two amendments change the same clause."""
    with transaction.atomic():
        current = _lock_current()
        pks = sorted({a.pk for a in amendments})
        locked = list(
            Amendment.objects.select_for_update(of=("self",))
            .select_related("written_against", "by_institution", "by_body")
            .filter(pk__in=pks)
            .order_by("pk")
        )
        if not locked:
            raise ValidationError(_("Choose at least one amendment."), code="empty")
        seen: set[str] = set()
        for a in locked:
            if a.status != AmendmentStatus.PROPOSED:
                raise ValidationError(
                    _("The amendment to Article %(number)s is %(status)s, not proposed.")
                    % {"number": a.clause_number, "status": a.get_status_display()},
                    code="status",
                )
            _refuse_stale(a, current)
            if a.kind != AmendmentKind.INSERT_AFTER and a.clause_key in seen:
                raise ValidationError(
                    _("Two amendments change Article %(number)s; put them to separate motions.")
                    % {"number": a.clause_number},
                    code="same_clause",
                )
            if a.kind != AmendmentKind.INSERT_AFTER:
                seen.add(a.clause_key)
        numbers = ", ".join(a.clause_number for a in locked)
        motion = create_motion(
            actor=actor,
            title=title.strip()
            or _("Amendment of the constitution: Article %(numbers)s") % {"numbers": numbers},
            text=_motion_text(locked),
            **_motion_submitter(locked),  # type: ignore[arg-type]
        )
        for a in locked:
            before = snapshot(a, ("status", "motion"))
            a.status, a.motion = AmendmentStatus.MOVED, motion
            a.save(update_fields=["status", "motion"])
            record_audit(
                "governance.amendment.move",
                actor=actor,
                obj=a,
                before=before,
                after=snapshot(a, ("status", "motion")),
                institution_id=a.by_institution_id,
            )
    return motion


def withdraw_amendment(amendment: Amendment, *, actor: User | None) -> Amendment:
    """Withdraw an amendment not yet adopted (it stays on record)."""
    with transaction.atomic():
        amendment = Amendment.objects.select_for_update(of=("self",)).get(pk=amendment.pk)
        if amendment.status not in (AmendmentStatus.PROPOSED, AmendmentStatus.MOVED):
            raise ValidationError(
                _("An amendment that is %(status)s cannot be withdrawn.")
                % {"status": amendment.get_status_display()},
                code="status",
            )
        before = snapshot(amendment, ("status",))
        amendment.status = AmendmentStatus.WITHDRAWN
        amendment.save(update_fields=["status"])
        record_audit(
            "governance.amendment.withdraw",
            actor=actor,
            obj=amendment,
            before=before,
            after={"status": amendment.status},
            institution_id=amendment.by_institution_id,
        )
    return amendment


# --- adoption ------------------------------------------------------------------------------------


def _apply(drafts: list[Draft], amendment: Amendment) -> list[Draft]:
    """The drafts with one amendment applied."""
    at = next((i for i, d in enumerate(drafts) if d.key == amendment.clause_key), None)
    if at is None:
        raise ValidationError(
            _("Article %(number)s is deleted by another amendment of this motion.")
            % {"number": amendment.clause_number},
            code="conflict",
        )
    target = drafts[at]
    if amendment.kind == AmendmentKind.REPLACE:
        drafts[at] = replace(target, heading=amendment.heading, text=amendment.text)
    elif amendment.kind == AmendmentKind.DELETE:
        drafts = [d for d in drafts if d.key != target.key and d.parent != target.key]
    else:
        end = at + 1
        while target.parent is None and end < len(drafts) and drafts[end].parent == target.key:
            end += 1  # a new article goes after the clauses of the one it follows
        new = Draft(new_key(), target.parent, amendment.heading, amendment.text)
        drafts.insert(end, new)
    return drafts


def adopting_poll(motion: Motion) -> Poll | None:
    """The closed poll that adopted the motion, if there is one."""
    return (
        Poll.objects.filter(motion=motion, status=PollStatus.CLOSED, outcome=Outcome.PASSED)
        .order_by("-closed_at", "-pk")
        .first()
    )


def adopt_amendments(motion: Motion, *, actor: User | None) -> ConstitutionVersion:
    """Make the next version of the constitution from the current one with the amendments of
    ``motion`` applied, linked to the motion and the poll that adopted it, dated the day the
    poll closed. Refused, with nothing changed, unless the motion was adopted by a closed poll
    and every amendment of it is still fresh (its clause unchanged since it was written)."""
    with transaction.atomic():
        current = _lock_current()
        motion = Motion.objects.select_for_update().get(pk=motion.pk)
        poll = adopting_poll(motion)
        if motion.status != MotionStatus.ADOPTED or poll is None or poll.closed_at is None:
            raise ValidationError(
                _(
                    "The motion “%(motion)s” has not been adopted by a closed poll; its "
                    "amendments cannot be adopted."
                )
                % {"motion": motion.title},
                code="not_adopted",
            )
        pending = list(
            Amendment.objects.select_for_update(of=("self",))
            .select_related("written_against")
            .filter(motion=motion, status=AmendmentStatus.MOVED)
            .order_by("pk")
        )
        if not pending:
            raise ValidationError(
                _("This motion has no amendment waiting to be adopted."), code="nothing"
            )
        for a in pending:
            _refuse_stale(a, current)
        drafts = [
            Draft(c.key, c.parent.key if c.parent else None, c.heading, c.text)
            for c in Clause.objects.filter(version=current)
            .select_related("parent")
            .order_by("position")
        ]
        for a in pending:
            drafts = _apply(drafts, a)
        version = _write_version(
            drafts,
            number=current.number + 1,
            adopted_on=timezone.localdate(poll.closed_at),
            actor=actor,
            motion=motion,
            poll=poll,
        )
        for a in pending:
            a.status, a.adopted_in = AmendmentStatus.ADOPTED, version
            a.save(update_fields=["status", "adopted_in"])
            record_audit(
                "governance.amendment.adopt",
                actor=actor,
                obj=a,
                before={"status": AmendmentStatus.MOVED},
                after={"status": a.status, "adopted_in": version.pk},
                institution_id=a.by_institution_id,
            )
        record_audit(
            "governance.constitution.version",
            actor=actor,
            obj=version,
            after={
                **snapshot(version, ("number", "adopted_on", "motion", "poll")),
                "amendments": [a.pk for a in pending],
            },
        )
    return version
