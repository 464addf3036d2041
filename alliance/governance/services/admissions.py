"""Admissions of new members and observers: the Secretariat's invitation, the public
application, the review by a working group (one recommendation per member of the group, the
group's conclusion recorded by the Secretariat), the Board's motion and poll, and the decision,
which updates the member registry through ``members.services``.

Every step checks the allowed transitions (``enums.ADMISSION_TRANSITIONS``) under a row lock,
leaves an audit row, and e-mails the applicant where the applicant needs to know."""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.core.hashing import hash_secret
from alliance.core.models import User
from alliance.core.services.audit import record_audit, snapshot
from alliance.governance.enums import (
    ADMISSION_TRANSITIONS,
    AdmissionStatus,
    BodyKind,
    MembershipCategory,
    MotionStatus,
    Recommendation,
)
from alliance.governance.models import (
    AdmissionApplication,
    AdmissionRecommendation,
    AgendaItem,
    Body,
    Motion,
)
from alliance.governance.queries import reviewing_institutions
from alliance.governance.services.admission_emails import email_applicant_on_commit
from alliance.governance.services.board_motions import BoardRule, board_motion, decision_of
from alliance.governance.services.documents import check_pdf
from alliance.governance.services.motions import set_motion_status
from alliance.members.enums import InstitutionKind, MembershipStatus, Relation
from alliance.members.identifiers import is_valid_ror_id, normalise_ror_id
from alliance.members.models import Institution
from alliance.members.services.institutions import create_institution
from alliance.members.services.memberships import record_membership_event

FIELDS = (
    "institution_name",
    "country",
    "website",
    "ror_id",
    "contact_name",
    "contact_email",
    "category",
    "motivation",
    "status",
)
ADMITTED_STEP = {
    MembershipCategory.MEMBER: MembershipStatus.ADMITTED_MEMBER,
    MembershipCategory.OBSERVER: MembershipStatus.ADMITTED_OBSERVER,
}


def _new_secret() -> tuple[str, str]:
    secret = secrets.token_urlsafe(32)
    return secret, hash_secret(secret)


def find_by_secret(secret: str) -> AdmissionApplication | None:
    return AdmissionApplication.objects.filter(secret_hash=hash_secret(secret)).first()


def _locked(application: AdmissionApplication) -> AdmissionApplication:
    return AdmissionApplication.objects.select_for_update().get(pk=application.pk)


def _move(application: AdmissionApplication, status: str) -> None:
    if status not in ADMISSION_TRANSITIONS[application.status]:
        raise ValidationError(
            _("An application that is “%(now)s” cannot become “%(then)s”.")
            % {
                "now": AdmissionStatus(application.status).label,
                "then": AdmissionStatus(status).label,
            },
            code="transition",
        )


def _save_status(
    application: AdmissionApplication,
    status: str,
    *,
    actor: User | None,
    action: str,
    extra: dict[str, Any] | None = None,
) -> None:
    before = application.status
    application.status = status
    application.updated_at = timezone.now()
    application.save()
    record_audit(
        action,
        actor=actor,
        obj=application,
        before={"status": before},
        after={"status": status, **(extra or {})},
        institution_id=application.institution_id,
    )


def _clean_ror(value: str) -> str:
    ror = normalise_ror_id(value or "")
    if ror and not is_valid_ror_id(ror):
        raise ValidationError(
            {
                "ror_id": _(
                    "%(value)s is not a ROR id: write the nine characters after "
                    "https://ror.org/, such as 03cve4549, or leave it empty."
                )
                % {"value": value}
            }
        )
    return ror


def _refuse_existing(ror_id: str, category: str) -> None:
    """An institution already in the alliance as what it asks for does not apply again."""
    if not ror_id:
        return
    institution = Institution.objects.filter(ror_id=ror_id).first()
    if institution is None:
        return
    if institution.relation == Relation.MEMBER or (
        institution.relation == Relation.OBSERVER and category == MembershipCategory.OBSERVER
    ):
        raise ValidationError(
            {
                "ror_id": _(
                    "%(name)s is already %(relation)s of the alliance; write to the Secretariat "
                    "if its status should change."
                )
                % {"name": institution.name, "relation": Relation(institution.relation).label}
            }
        )


def _clean_details(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The applicant's details tidied, and every problem found in them."""
    problems: dict[str, list[str]] = {}
    clean = {
        "institution_name": " ".join(str(data.get("institution_name", "")).split()),
        "country": str(data.get("country", "")).strip().upper(),
        "website": str(data.get("website", "") or "").strip(),
        "contact_name": " ".join(str(data.get("contact_name", "")).split()),
        "contact_email": str(data.get("contact_email", "")).strip().lower(),
        "category": str(data.get("category", "")),
    }
    if not clean["institution_name"]:
        problems.setdefault("institution_name", []).append(_("Write the university's name."))
    if not clean["country"]:
        problems.setdefault("country", []).append(_("Choose the country or region."))
    if not clean["contact_email"] or "@" not in clean["contact_email"]:
        problems.setdefault("contact_email", []).append(_("Write the contact e-mail address."))
    if clean["category"] not in MembershipCategory.values:
        problems.setdefault("category", []).append(_("Choose member or observer."))
    clean["ror_id"] = ""
    try:
        clean["ror_id"] = _clean_ror(str(data.get("ror_id", "") or ""))
    except ValidationError as exc:
        problems.setdefault("ror_id", []).extend(exc.message_dict["ror_id"])
    if not clean["contact_name"]:
        problems.setdefault("contact_name", []).append(_("Write the name of the contact person."))
    return clean, problems


# --- invitation and application ------------------------------------------------------------


def invite_applicant(
    *, actor: User, language: str = "en", **data: Any
) -> tuple[AdmissionApplication, str]:
    """The Secretariat invites a university to apply: an application in "invited", prefilled
    with what the Secretariat knows, and an e-mail with the private link to the form. Returns
    the application and the link's secret (kept only as its hash)."""
    clean, problems = _clean_details(data)
    if problems:
        raise ValidationError(problems)
    _refuse_existing(clean["ror_id"], clean["category"])
    secret, digest = _new_secret()
    with transaction.atomic():
        application = AdmissionApplication.objects.create(
            **clean,
            status=AdmissionStatus.INVITED,
            secret_hash=digest,
            invited_by=actor,
            language=language,
        )
        record_audit(
            "governance.admission.invite",
            actor=actor,
            obj=application,
            after=snapshot(application, FIELDS),
        )
        email_applicant_on_commit(application, "invitation", link_secret=secret)
    return application, secret


def submit_application(
    *,
    actor: User | None,
    letter: File | None,
    language: str = "en",
    invited: AdmissionApplication | None = None,
    **data: Any,
) -> tuple[AdmissionApplication, str]:
    """Submit an application through the public form (or the invited one's prefilled form).
    Needs the details, a contact person, a motivation and a supporting letter that is a PDF by
    its content. Returns the application and the secret of the applicant's private link, which
    the receipt e-mail carries."""
    clean, problems = _clean_details(data)
    motivation = str(data.get("motivation", "")).strip()
    if not motivation:
        problems.setdefault("motivation", []).append(
            _("Tell the Board why the university wishes to join.")
        )
    if letter is None:
        problems.setdefault("letter", []).append(
            _("Attach the supporting letter of the university's leadership, as a PDF.")
        )
    else:
        try:
            check_pdf(letter)
        except ValidationError as exc:
            problems.setdefault("letter", []).extend(exc.message_dict["file"])
    if "ror_id" not in problems:
        try:
            _refuse_existing(clean["ror_id"], clean["category"])
        except ValidationError as exc:
            problems.setdefault("ror_id", []).extend(exc.message_dict["ror_id"])
    if problems:
        raise ValidationError(problems)
    assert letter is not None
    secret, digest = _new_secret()
    with transaction.atomic():
        if invited is not None:
            application = _locked(invited)
            _move(application, AdmissionStatus.SUBMITTED)
            for field, value in clean.items():
                setattr(application, field, value)
            application.secret_hash = digest
        else:
            application = AdmissionApplication(**clean, secret_hash=digest)
        application.motivation = motivation
        application.language = language
        application.status = AdmissionStatus.SUBMITTED
        application.submitted_at = application.updated_at = timezone.now()
        application.letter.save("letter.pdf", letter, save=False)
        application.save()
        record_audit(
            "governance.admission.submit",
            actor=actor,
            obj=application,
            after={**snapshot(application, FIELDS), "letter": application.letter.name},
        )
        email_applicant_on_commit(application, "received", link_secret=secret)
    return application, secret


def withdraw_application(
    application: AdmissionApplication, *, actor: User | None, note: str = ""
) -> AdmissionApplication:
    """The applicant withdraws (through its private link, or by writing to the Secretariat,
    which records it). An application on a Board motion takes the motion off the agenda."""
    with transaction.atomic():
        application = _locked(application)
        _move(application, AdmissionStatus.WITHDRAWN)
        if application.motion_id:
            motion = Motion.objects.get(pk=application.motion_id)
            if motion.status in (
                MotionStatus.SUBMITTED,
                MotionStatus.ON_AGENDA,
                MotionStatus.VOTED,
            ):
                set_motion_status(motion, actor=actor, status=MotionStatus.WITHDRAWN)
        _save_status(
            application,
            AdmissionStatus.WITHDRAWN,
            actor=actor,
            action="governance.admission.withdraw",
            extra={"note": note},
        )
    return application


# --- review by the working group -----------------------------------------------------------


def start_review(
    application: AdmissionApplication, *, actor: User, body: Body
) -> AdmissionApplication:
    """Send the application to a working group for review."""
    if body.kind != BodyKind.WORKING_GROUP:
        raise ValidationError({"body": _("Choose a working group.")})
    with transaction.atomic():
        application = _locked(application)
        _move(application, AdmissionStatus.UNDER_REVIEW)
        application.review_body = body
        _save_status(
            application,
            AdmissionStatus.UNDER_REVIEW,
            actor=actor,
            action="governance.admission.review",
            extra={"review_body": body.pk},
        )
    return application


def record_recommendation(
    application: AdmissionApplication,
    *,
    actor: User,
    institution: Institution,
    recommendation: str,
    comment: str,
) -> AdmissionRecommendation:
    """Record (or change) the recommendation of ``institution``, a member of the reviewing
    group, while the group reviews. A comment is required: the Board reads the reasons."""
    comment = comment.strip()
    if recommendation not in Recommendation.values:
        raise ValidationError({"recommendation": _("Choose a recommendation.")})
    if not comment:
        raise ValidationError({"comment": _("Give the reasons for the recommendation.")})
    with transaction.atomic():
        application = _locked(application)
        if application.status != AdmissionStatus.UNDER_REVIEW:
            raise ValidationError(
                _("Recommendations are recorded while the working group reviews the application."),
                code="not_under_review",
            )
        if institution.pk not in {i.pk for i in reviewing_institutions(application, actor)}:
            raise ValidationError(
                _(
                    "Only the seat holder or alternate of %(inst)s on the reviewing group may "
                    "record its recommendation."
                )
                % {"inst": institution},
                code="not_a_reviewer",
            )
        row, created = AdmissionRecommendation.objects.update_or_create(
            application=application,
            institution=institution,
            defaults={
                "recommendation": recommendation,
                "comment": comment,
                "recorded_by": actor,
                "recorded_at": timezone.now(),
            },
        )
        record_audit(
            "governance.admission.recommend",
            actor=actor,
            obj=application,
            after={
                "institution": institution.pk,
                "recommendation": recommendation,
                "comment": comment,
                "replaced": not created,
            },
            institution_id=institution.pk,
        )
    return row


def conclude_review(
    application: AdmissionApplication, *, actor: User, recommended: bool, conclusion: str
) -> AdmissionApplication:
    """The Secretariat records the group's conclusion, after at least one recommendation."""
    conclusion = conclusion.strip()
    if not conclusion:
        raise ValidationError({"conclusion": _("Write the group's conclusion for the Board.")})
    with transaction.atomic():
        application = _locked(application)
        status = AdmissionStatus.RECOMMENDED if recommended else AdmissionStatus.NOT_RECOMMENDED
        _move(application, status)
        if not application.recommendations.exists():
            raise ValidationError(
                _("No member of the working group has recorded a recommendation yet."),
                code="no_recommendations",
            )
        application.conclusion = conclusion
        _save_status(
            application,
            status,
            actor=actor,
            action="governance.admission.conclude",
            extra={"conclusion": conclusion},
        )
    return application


# --- the Board --------------------------------------------------------------------------------


def motion_wording(application: AdmissionApplication) -> tuple[str, str, str]:
    """Title, text and question of the admission motion."""
    name, category = application.institution_name, application.get_category_display().lower()
    title = _("Admission of %(name)s as %(category)s") % {"name": name, "category": category}
    text = _("The Board admits %(name)s as %(category)s of the alliance.") % {
        "name": name,
        "category": category,
    }
    if application.conclusion:
        text += "\n\n" + application.conclusion
    question = _("Shall the Board admit %(name)s as %(category)s?") % {
        "name": name,
        "category": category,
    }
    return title, text, question


def put_to_board(
    application: AdmissionApplication,
    *,
    actor: User | None,
    agenda_item: AgendaItem | None = None,
    rule: BoardRule | None = None,
    motion: Motion | None = None,
) -> AdmissionApplication:
    """Put the reviewed application to the Board: a motion of the reviewing group on the
    agenda item, with a yes/no poll (two-thirds of the votes cast by default). An existing
    admission motion may be linked instead (``motion``)."""
    with transaction.atomic():
        application = _locked(application)
        _move(application, AdmissionStatus.AT_BOARD)
        if motion is None:
            if agenda_item is None:
                raise ValidationError({"agenda_item": _("Choose the Board's agenda item.")})
            title, text, question = motion_wording(application)
            motion, _poll = board_motion(
                actor=actor,
                title=title,
                text=text,
                question=question,
                by_body=application.review_body or agenda_item.meeting.body,
                agenda_item=agenda_item,
                rule=rule or BoardRule(),
            )
        elif AdmissionApplication.objects.filter(motion=motion).exists():
            raise ValidationError(
                _("That motion decides another application already."), code="motion_taken"
            )
        application.motion = motion
        _save_status(
            application,
            AdmissionStatus.AT_BOARD,
            actor=actor,
            action="governance.admission.board",
            extra={"motion": motion.pk},
        )
    return application


def _registry_institution(application: AdmissionApplication, *, actor: User | None) -> Institution:
    """The applicant in the member registry: found by ROR id, or by name and country, or
    created."""
    found = None
    if application.ror_id:
        found = Institution.objects.filter(ror_id=application.ror_id).first()
    if found is None:
        found = Institution.objects.filter(
            name__iexact=application.institution_name, country=application.country
        ).first()
    if found is not None:
        return found
    return create_institution(
        actor=actor,
        name=application.institution_name,
        country=str(application.country),
        website=application.website,
        ror_id=application.ror_id or None,
        kind=InstitutionKind.UNIVERSITY,
    )


def record_board_decision(
    application: AdmissionApplication,
    *,
    actor: User | None,
    effective_on: datetime.date | None = None,
) -> AdmissionApplication:
    """Record what the Board decided once its poll is closed. Adopted: the institution is found
    or created in the registry and gets its "admitted" step, dated ``effective_on`` (the day of
    the vote by default) with the decision in its note. Rejected: the application is refused.
    Either way the applicant is told by e-mail."""
    with transaction.atomic():
        application = _locked(application)
        if application.status != AdmissionStatus.AT_BOARD or application.motion is None:
            raise ValidationError(
                _("Only an application put to the Board gets the Board's decision."),
                code="not_at_board",
            )
        status, poll = decision_of(application.motion)
        if status not in (MotionStatus.ADOPTED, MotionStatus.REJECTED) or poll is None:
            raise ValidationError(
                _(
                    "The Board has not decided yet: close the motion's poll first (a vote "
                    "without quorum or majority decides nothing)."
                ),
                code="undecided",
            )
        assert poll.closed_at is not None
        decided_on = timezone.localdate(poll.closed_at)
        application.decided_on = decided_on
        extra: dict[str, Any] = {"motion": application.motion_id, "poll": poll.pk}
        if status == MotionStatus.ADOPTED:
            institution = _registry_institution(application, actor=actor)
            note = _(
                "Admitted by the Board: motion “%(motion)s” (no. %(number)d), adopted on %(day)s."
            ) % {
                "motion": application.motion.title,
                "number": application.motion.pk,
                "day": decided_on.isoformat(),
            }
            event = record_membership_event(
                institution,
                actor=actor,
                status=ADMITTED_STEP[MembershipCategory(application.category)],
                date=effective_on or decided_on,
                note=note,
            )
            application.institution = institution
            application.membership_event = event
            new_status = AdmissionStatus.ADMITTED
            extra.update(institution=institution.pk, effective_on=event.date)
        else:
            new_status = AdmissionStatus.REFUSED
        _move(application, new_status)
        _save_status(
            application,
            new_status,
            actor=actor,
            action="governance.admission.decide",
            extra=extra,
        )
        email_applicant_on_commit(application, "decision")
    return application
