"""The constitution: the public text, its versions, comparisons and clause histories; the
amendments (proposed by coordinators and the Secretariat) and their way to a new version."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance.core.permissions import check_permission
from alliance.governance import queries_constitution as q
from alliance.governance import redline
from alliance.governance.enums import AmendmentStatus
from alliance.governance.forms_constitution import AmendmentForm, FoundingForm, MoveForm
from alliance.governance.models import Amendment, Clause, ConstitutionVersion
from alliance.governance.services.constitution import (
    adopt_amendments,
    create_founding_version,
    propose_amendment,
    put_amendments_to_motion,
    withdraw_amendment,
)
from alliance.governance.views.common import acting, found

# --- public: the text and its history --------------------------------------------------------


def constitution(request: HttpRequest) -> HttpResponse:
    current = q.current_version()
    return render(
        request,
        "governance/constitution/current.html",
        {
            "version": current,
            "outline": q.outline(current) if current else [],
            "versions": list(q.versions()),
            "may_amend": request.user.has_perm("governance.amend_constitution"),
            "may_manage": request.user.has_perm("governance.manage"),
        },
    )


def version_detail(request: HttpRequest, number: int) -> HttpResponse:
    version = q.version(number)
    if version is None:
        raise Http404
    current = q.current_version()
    return render(
        request,
        "governance/constitution/version.html",
        {
            "version": version,
            "outline": q.outline(version),
            "is_current": current is not None and current.pk == version.pk,
        },
    )


def _number(value: str | None, default: int) -> int:
    try:
        return int(value or default)
    except ValueError:
        return default


def compare(request: HttpRequest) -> HttpResponse:
    current = q.current_version()
    if current is None:
        raise Http404
    new = q.version(_number(request.GET.get("to"), current.number))
    old = q.version(_number(request.GET.get("from"), max(current.number - 1, 1)))
    if new is None or old is None:
        raise Http404
    return render(
        request,
        "governance/constitution/compare.html",
        {
            "old": old,
            "new": new,
            "rows": q.compare(old, new),
            "versions": list(q.versions()),
        },
    )


def clause_history(request: HttpRequest, key: str) -> HttpResponse:
    steps = q.clause_history(key)
    if not steps:
        raise Http404
    latest = next(s.clause for s in reversed(steps) if s.clause is not None)
    return render(
        request,
        "governance/constitution/clause_history.html",
        {"steps": list(reversed(steps)), "clause": latest},
    )


# --- the Secretariat: the founding version ----------------------------------------------------


def found_constitution(request: HttpRequest) -> HttpResponse:
    check_permission(request, "governance.manage")
    if ConstitutionVersion.objects.exists():
        messages.info(request, _("The constitution has a version already; change it by amendment."))
        return redirect("governance:constitution")
    form = FoundingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            create_founding_version(actor=acting(request), **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The founding version of the constitution is published."))
            return redirect("governance:constitution")
    return render(
        request,
        "governance/common/form.html",
        {
            "form": form,
            "title": _("Enter the founding constitution"),
            "back_url": reverse("governance:constitution"),
        },
    )


# --- amendments -------------------------------------------------------------------------------


def _clause_to_amend(request: HttpRequest, key: str) -> Clause:
    """The clause in the version the form was written against (posted) or the current one."""
    check_permission(request, "governance.amend_constitution")
    current = q.current_version()
    number = _number(request.POST.get("written_against"), current.number if current else 0)
    version = q.version(number)
    clause = q.clause_in(version, key) if version else None
    if clause is None:
        raise Http404
    return clause


def amend(request: HttpRequest, key: str) -> HttpResponse:
    clause = _clause_to_amend(request, key)
    form = AmendmentForm(request.POST or None, user=request.user, clause=clause)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("written_against")
        try:
            amendment = propose_amendment(
                key, actor=acting(request), written_against=clause.version, **data
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Your amendment is proposed."))
            return redirect("governance:amendment", amendment.pk)
    current = q.current_version()
    now = q.clause_in(current, key) if current else None
    return render(
        request,
        "governance/constitution/amend.html",
        {"form": form, "clause": clause, "now": now, "preview": _preview(request, clause)},
    )


def _preview(request: HttpRequest, clause: Clause) -> dict[str, list[redline.Segment]]:
    """The redline of the posted change against the clause (the clause itself before any)."""
    if request.method != "POST":
        return {
            "heading": redline.diff(clause.heading, clause.heading),
            "text": redline.diff(clause.text, clause.text),
        }
    kind = request.POST.get("kind", "replace")
    heading, text = request.POST.get("heading", ""), request.POST.get("text", "")
    if kind == "delete":
        heading = text = ""
    old_heading, old_text = (clause.heading, clause.text) if kind != "insert_after" else ("", "")
    return {
        "heading": redline.diff(old_heading, " ".join(heading.split())),
        "text": redline.diff(old_text, text.strip()),
    }


@require_POST
def amend_preview(request: HttpRequest, key: str) -> HttpResponse:
    """The redline of the posted text against the clause (htmx, while typing)."""
    clause = _clause_to_amend(request, key)
    return render(request, "governance/constitution/_preview.html", _preview(request, clause))


def amendment_list(request: HttpRequest) -> HttpResponse:
    check_permission(request, "governance.view")
    views = q.with_redlines(list(q.amendments()))
    may_manage = request.user.has_perm("governance.manage")
    return render(
        request,
        "governance/constitution/amendments.html",
        {"items": views, "may_manage": may_manage, "move_form": MoveForm()},
    )


def _amendment(request: HttpRequest, pk: int, perm: str) -> Amendment:
    amendment = found(request, q.amendment_for_page(pk), perm)
    check_permission(request, perm, amendment)
    return amendment


def amendment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    amendment = _amendment(request, pk, "governance.view")
    [item] = q.with_redlines([amendment])
    return render(
        request,
        "governance/constitution/amendment.html",
        {
            "item": item,
            "amendment": amendment,
            "may_manage": request.user.has_perm("governance.manage"),
            "may_withdraw": amendment.status in (AmendmentStatus.PROPOSED, AmendmentStatus.MOVED)
            and request.user.has_perm("governance.withdraw_amendment", amendment),
        },
    )


@require_POST
def amendment_move(request: HttpRequest) -> HttpResponse:
    check_permission(request, "governance.manage")
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose at least one proposed amendment."))
        return redirect("governance:amendments")
    try:
        motion = put_amendments_to_motion(
            form.cleaned_data["amendments"], actor=acting(request), title=form.cleaned_data["title"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("governance:amendments")
    messages.success(
        request,
        _("The motion is saved as a draft: submit it and put it on the agenda of the Board."),
    )
    return redirect("governance:motion", motion.pk)


@require_POST
def amendment_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    amendment = _amendment(request, pk, "governance.manage")
    try:
        if amendment.motion is None:
            raise ValidationError(_("Put the amendment to the Board as a motion first."))
        version = adopt_amendments(amendment.motion, actor=acting(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("governance:amendment", amendment.pk)
    messages.success(
        request,
        _("Version %(number)d of the constitution is published.") % {"number": version.number},
    )
    return redirect("governance:constitution_version", version.number)


@require_POST
def amendment_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    amendment = _amendment(request, pk, "governance.withdraw_amendment")
    try:
        withdraw_amendment(amendment, actor=acting(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The amendment is withdrawn."))
    return redirect("governance:amendment", amendment.pk)
