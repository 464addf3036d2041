"""Importing an expert's publications from a CSV of ORCID-style records (see
``knowledge.orcid`` for the columns). All or nothing: one bad row anywhere and nothing is
imported, every bad row named with its line and what is wrong. Works already on the profile
(the same DOI or put-code), and repeats within the file, are skipped and counted. The expert,
the coordinators of the expert's institution and the Secretariat may import."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.core.models import User
from alliance.core.services.audit import record_audit
from alliance.knowledge.models import ExpertProfile, ExpertPublication
from alliance.knowledge.orcid import Problem, dedupe, normalise_orcid, parse_works
from alliance.knowledge.services.index import index_object

MAX_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class ImportResult:
    imported: int
    skipped: int


def describe(problem: Problem) -> str:
    """One sentence saying where and what is wrong, for the page and the API."""
    messages = {
        "missing-title": _("Line %(line)d: the title is missing."),
        "too-long": _("Line %(line)d: the %(value)s is too long."),
        "bad-year": _("Line %(line)d: “%(value)s” is not a year (write it as 2024)."),
        "bad-doi": _("Line %(line)d: “%(value)s” is not a DOI (a DOI looks like 10.1000/xyz123)."),
        "bad-orcid": _(
            "Line %(line)d: “%(value)s” is not a valid ORCID iD (its check character is wrong "
            "or it is not 16 characters)."
        ),
        "other-orcid": _("Line %(line)d: the ORCID iD %(value)s is not this expert's."),
        "bad-put-code": _("Line %(line)d: the put-code “%(value)s” is not a number."),
        "bad-url": _("Line %(line)d: “%(value)s” is not a web address starting with https://."),
        "no-title-column": _(
            "The first line must name the columns, and one of them must be title."
        ),
        "too-many-rows": _("The file has %(value)s rows; import at most 2,000 at a time."),
        "empty": _("The file has no publications in it."),
        "not-csv": _("This is not a CSV file saved as UTF-8. Save it again as CSV UTF-8."),
    }
    return messages[problem.code] % {"line": problem.line, "value": problem.value}


def _expert_orcid(profile: ExpertProfile, given: str) -> str:
    given = given.strip()
    clean = normalise_orcid(given) if given else None
    if given and clean is None:
        raise ValidationError(
            {"orcid": [_("This is not a valid ORCID iD; check its last character.")]}
        )
    if profile.orcid and clean and clean != profile.orcid:
        raise ValidationError(
            {"orcid": [_("The profile's ORCID iD is %(orcid)s.") % {"orcid": profile.orcid}]}
        )
    orcid = profile.orcid or clean
    if not orcid:
        raise ValidationError({"orcid": [_("Give the expert's ORCID iD first.")]})
    return orcid


def import_publications(
    profile: ExpertProfile, *, actor: User, data: bytes, orcid: str = ""
) -> ImportResult:
    """Add the works of the CSV ``data`` to the expert's publications. ``orcid`` is the
    expert's iD, needed (and then kept on the profile) when the profile has none yet; rows
    naming another iD are refused."""
    if not actor.has_perm("knowledge.change_expert", profile):
        raise ValidationError(_("You may not change this profile."))
    if len(data) > MAX_BYTES:
        raise ValidationError({"file": [_("The file is larger than 2 MB; split it.")]})
    with transaction.atomic():
        profile = ExpertProfile.objects.select_for_update().get(pk=profile.pk)
        expert_orcid = _expert_orcid(profile, orcid)
        parsed = parse_works(data, expert_orcid=expert_orcid, this_year=timezone.now().year)
        if parsed.problems:
            raise ValidationError({"file": [describe(p) for p in parsed.problems]})
        known = ExpertPublication.objects.filter(expert=profile)
        fresh = dedupe(
            parsed.works,
            known_dois=set(known.exclude(doi="").values_list("doi", flat=True)),
            known_put_codes=set(known.exclude(put_code="").values_list("put_code", flat=True)),
        )
        ExpertPublication.objects.bulk_create(
            [
                ExpertPublication(
                    expert=profile,
                    title=w.title,
                    journal=w.journal,
                    year=w.year,
                    doi=w.doi,
                    put_code=w.put_code,
                    work_type=w.work_type,
                    url=w.url,
                    imported_by=actor,
                )
                for w in fresh
            ]
        )
        before_orcid = profile.orcid
        if profile.orcid != expert_orcid:
            profile.orcid = expert_orcid
        profile.updated_at = timezone.now()
        profile.save()
        result = ImportResult(imported=len(fresh), skipped=len(parsed.works) - len(fresh))
        record_audit(
            "knowledge.expert.import_publications",
            actor=actor,
            obj=profile,
            before={"orcid": before_orcid},
            after={"orcid": expert_orcid, "imported": result.imported, "skipped": result.skipped},
            institution_id=profile.institution_id,
        )
        if fresh:
            index_object(profile)
    return result
