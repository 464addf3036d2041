"""Expert profiles: written by the coordinators of the expert's institution, the Secretariat,
or the expert (when the profile is linked to their account). A listed profile is findable by
everyone who logs in; the parts marked private are shown only to the Secretariat, the expert
and the institution's coordinators, and are never indexed for search."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.core.models import User
from alliance.core.services.audit import record_audit, snapshot
from alliance.knowledge.enums import ExpertPart, ResearchField
from alliance.knowledge.models import ExpertProfile
from alliance.knowledge.services.cleaning import clean_list, require
from alliance.knowledge.services.index import index_object
from alliance.members.enums import Relation
from alliance.members.models import Institution

CONTENT = (
    "full_name",
    "position",
    "bio",
    "keywords",
    "fields",
    "languages",
    "publications",
    "open_to_collaboration",
    "listed",
    "private_parts",
)
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")


def clean_profile(data: Mapping[str, Any]) -> dict[str, Any]:
    problems: dict[str, list[str]] = {}
    content: dict[str, Any] = {
        "full_name": require(problems, "full_name", data.get("full_name", ""), 200),
        "position": " ".join(str(data.get("position") or "").split())[:200],
        "bio": str(data.get("bio") or "").strip()[:10000],
        "keywords": clean_list(data.get("keywords")),
        "fields": clean_list(data.get("fields"), limit=5),
        "languages": [c.lower() for c in clean_list(data.get("languages"), limit=12)],
        "publications": clean_list(data.get("publications"), limit=200),
        "open_to_collaboration": bool(data.get("open_to_collaboration")),
        "listed": bool(data.get("listed")),
        "private_parts": sorted(set(clean_list(data.get("private_parts")))),
    }
    unknown = [f for f in content["fields"] if f not in ResearchField.values]
    if unknown:
        problems.setdefault("fields", []).append(
            _("Unknown fields: %(fields)s.") % {"fields": ", ".join(unknown)}
        )
    bad = [c for c in content["languages"] if not LANGUAGE_CODE.match(c)]
    if bad:
        problems.setdefault("languages", []).append(
            _("Write languages as codes such as en, zh, th: %(codes)s is not one.")
            % {"codes": ", ".join(bad)}
        )
    if set(content["private_parts"]) - set(ExpertPart.values):
        problems.setdefault("private_parts", []).append(_("Choose parts from the list."))
    if problems:
        raise ValidationError(problems)
    return content


def create_expert(
    *,
    actor: User,
    institution: Institution,
    data: Mapping[str, Any],
    user: User | None = None,
    is_demo: bool = False,
) -> ExpertProfile:
    """A profile of an expert of ``institution`` (a member), listed if asked."""
    content = clean_profile(data)
    if institution.relation != Relation.MEMBER:
        raise ValidationError({"institution": [_("Experts belong to a member.")]})
    if not actor.has_perm("knowledge.change_expert", ExpertProfile(institution=institution)):
        raise ValidationError(_("You may only add experts of your own institution."))
    if user is not None and ExpertProfile.objects.filter(user=user).exists():
        raise ValidationError(_("This account already has an expert profile."))
    with transaction.atomic():
        profile = ExpertProfile.objects.create(
            institution=institution, user=user, created_by=actor, is_demo=is_demo, **content
        )
        record_audit(
            "knowledge.expert.create",
            actor=actor,
            obj=profile,
            after=snapshot(profile, CONTENT),
            institution_id=institution.pk,
        )
        index_object(profile)
    return profile


def update_expert(profile: ExpertProfile, *, actor: User, data: Mapping[str, Any]) -> ExpertProfile:
    content = clean_profile(data)
    if not actor.has_perm("knowledge.change_expert", profile):
        raise ValidationError(_("You may not change this profile."))
    with transaction.atomic():
        profile = ExpertProfile.objects.select_for_update().get(pk=profile.pk)
        before = snapshot(profile, CONTENT)
        for name, value in content.items():
            setattr(profile, name, value)
        after = snapshot(profile, CONTENT)
        changed = [k for k in CONTENT if before[k] != after[k]]
        if changed:
            profile.updated_at = timezone.now()
            profile.save()
            record_audit(
                "knowledge.expert.update",
                actor=actor,
                obj=profile,
                before={k: before[k] for k in changed},
                after={k: after[k] for k in changed},
                institution_id=profile.institution_id,
            )
            index_object(profile)
    return profile
