"""Invitations: the list and send pages for those who invite, and the page an invitation link
opens.

The Secretariat sees and revokes every invitation; a coordinator those for their own
institutions (another institution's answers 404); anyone else gets 403. The link page is open to
anyone holding the link: it explains an unusable link, sends a newcomer to sign-up (open to them
even when sign-up is closed) or an existing user to log in, and explains a login with another
address."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance.core.accounts import forget_invitation, remember_invitation
from alliance.core.forms import add_service_errors
from alliance.core.permissions import check_permission
from alliance.members.enums import InvitationStatus, Role
from alliance.members.forms import InvitationForm
from alliance.members.models import Institution, Invitation
from alliance.members.queries import (
    COORDINATOR_MAY_INVITE,
    account_exists,
    email_belongs_to,
    filter_by_status,
    find_invitation,
    institutions_invitable,
    invitations_visible_to,
)
from alliance.members.rules import is_secretariat
from alliance.members.services.invitations import (
    INVITATION_VALIDITY,
    accept_invitation,
    revoke_invitation,
    send_invitation,
)

INVITE = "members.invite"


def invitation_list(request: HttpRequest) -> HttpResponse:
    check_permission(request, INVITE)
    status = request.GET.get("status", "")
    if status not in InvitationStatus.values:
        status = ""
    invitations = filter_by_status(invitations_visible_to(request.user), status)
    page = Paginator(invitations, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "members/invitation/list.html",
        {"page": page, "status": status, "statuses": InvitationStatus.choices},
    )


def invitation_send(request: HttpRequest) -> HttpResponse:
    check_permission(request, INVITE)
    form = _invitation_form(request)
    if request.method == "POST" and form.is_valid():
        unsent: list[str] = []  # the link, when the e-mail could not be sent
        try:
            invitation, _secret = send_invitation(
                actor=request.user, on_email_failure=unsent.append, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(exc, form)
        else:
            _tell_sender(request, invitation, unsent)
            return redirect("members:invitations")
    return render(request, "members/invitation/send.html", {"form": form})


def _invitation_form(request: HttpRequest) -> InvitationForm:
    """The send form, offering the roles and institutions the user may invite for; an
    institution asked for by slug (404 unless the user may invite for it) comes preselected,
    as does a coordinator's only institution."""
    chosen = None
    if slug := request.GET.get("institution"):
        chosen = get_object_or_404(Institution, slug=slug)
        check_permission(request, INVITE, chosen)
    secretariat = is_secretariat(request.user)
    institutions = institutions_invitable(request.user, also=chosen)
    if chosen is None and not secretariat and len(institutions) == 1:
        chosen = institutions[0]
    roles = list(Role) if secretariat else list(COORDINATOR_MAY_INVITE)
    return InvitationForm(
        request.POST or None,
        initial={"institution": chosen},
        roles=[(role.value, role.label) for role in roles],
        institutions=institutions,
        institution_required=not secretariat,
    )


def _tell_sender(request: HttpRequest, invitation: Invitation, unsent: list[str]) -> None:
    """Say the invitation is on its way or, when its e-mail failed, give the link to send."""
    if unsent:
        messages.warning(
            request,
            _(
                "The invitation is saved, but the e-mail could not be sent. Copy this link and "
                "send it yourself: %(link)s"
            )
            % {"link": unsent[0]},
        )
    else:
        messages.success(
            request,
            _("The invitation is on its way to %(email)s. Its link works for %(days)d days.")
            % {"email": invitation.email, "days": INVITATION_VALIDITY.days},
        )


@require_POST
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    check_permission(request, INVITE)
    invitation = get_object_or_404(Invitation, pk=pk)
    check_permission(request, INVITE, invitation)
    try:
        revoke_invitation(invitation, actor=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request,
            _("The invitation to %(email)s is revoked; its link no longer works.")
            % {"email": invitation.email},
        )
    return redirect("members:invitations")


def invitation_accept(request: HttpRequest, secret: str) -> HttpResponse:
    invitation = find_invitation(secret)
    if invitation is None or not invitation.is_open:
        forget_invitation(request)
        return _unusable(request, invitation)
    context = {"invitation": invitation, "next": request.path}
    if not request.user.is_authenticated:
        has_account = account_exists(invitation.email)
        remember_invitation(request, invitation, signing_up=not has_account)
        return render(
            request, "members/invitation/accept.html", {**context, "has_account": has_account}
        )
    if not email_belongs_to(request.user, invitation.email):
        return render(request, "members/invitation/wrong_account.html", context, status=403)
    if request.method == "POST":
        return _accept(request, invitation)
    return render(request, "members/invitation/accept.html", context)


def _accept(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    """Accept for the logged-in user: on to the dashboard with a welcome, or the page that
    explains why the link stopped working in the meantime."""
    try:
        accept_invitation(invitation, user=request.user)
    except ValidationError:
        invitation.refresh_from_db()
        return _unusable(request, invitation)
    forget_invitation(request)
    messages.success(
        request,
        _("Welcome! Your new role: %(role)s.") % {"role": invitation.get_role_display()},
    )
    return redirect("portal:dashboard")


def _unusable(request: HttpRequest, invitation: Invitation | None) -> HttpResponse:
    """The page for a link that cannot be used: unknown (404), or expired, revoked or already
    used (410), each saying what to do next."""
    status = invitation.status if invitation is not None else None
    return render(
        request,
        "members/invitation/unusable.html",
        {"invitation": invitation, "status": status},
        status=404 if invitation is None else 410,
    )
