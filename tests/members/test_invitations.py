"""Invitations: who may send them, the e-mail with its link, accepting (with an account, by
signing up while sign-up is closed, or from the wrong account), and links that no longer work."""

from __future__ import annotations

import datetime
import logging
import re
import smtplib

import pytest
import time_machine
from allauth.account.models import EmailAddress
from celery.exceptions import Retry
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alliance.core.models import AuditEntry, User
from alliance.members.enums import Role
from alliance.members.models import Invitation, RoleAssignment
from alliance.members.queries import find_invitation, hash_secret
from alliance.members.services.institutions import create_institution
from alliance.members.services.invitations import (
    accept_invitation,
    revoke_invitation,
    send_invitation,
)
from alliance.members.tasks import send_invitation_email_task
from tests.conftest import PASSWORD, client_for

LIST = reverse("members:invitations")
SEND = reverse("members:invitation_send")
LINK = re.compile(r"http://[^\s]+/members/invitations/accept/([\w-]+)/")


def accept_url(secret: str) -> str:
    return reverse("members:invitation_accept", args=[secret])


@pytest.fixture
def invite(cast, tsinghua, django_capture_on_commit_callbacks):
    """Send an invitation as someone (the Tsinghua coordinator unless told), e-mail included."""

    def send(email="new.colleague@tsinghua.example.org", role=Role.COORDINATOR, **kwargs):
        kwargs.setdefault("actor", cast.coordinator_tsinghua)
        kwargs.setdefault("institution", tsinghua)
        kwargs.setdefault("message", "")
        with django_capture_on_commit_callbacks(execute=True):
            return send_invitation(email=email, role=role, **kwargs)

    return send


# Sending ---------------------------------------------------------------------------------------


def test_it_lets_the_secretariat_invite_a_reviewer_by_e_mail(
    cast, django_capture_on_commit_callbacks
):
    client = client_for(cast.secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            SEND,
            {"email": "Ada.Reviewer@Example.org", "role": "reviewer", "message": "Welcome aboard."},
        )
    assert response.status_code == 302
    assert response["Location"] == LIST
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.institution) == (
        "ada.reviewer@example.org",
        "reviewer",
        None,
    )
    assert invitation.invited_by == cast.secretariat
    assert invitation.expires_at - invitation.created_at == datetime.timedelta(days=14)

    [message] = mail.outbox
    assert message.to == ["ada.reviewer@example.org"]
    assert message.reply_to == ["secretariat@example.org"]
    assert message.subject == "[AUA] Invitation: Reviewer"
    assert "Welcome aboard." in message.body
    assert "works once, until" in message.body
    secret = LINK.search(message.body).group(1)
    assert invitation.secret_hash == hash_secret(secret)
    assert secret not in str(Invitation.objects.values().get())  # only the hash is stored

    entry = AuditEntry.objects.get(action="members.invitation.send")
    assert entry.actor == cast.secretariat
    assert entry.object_id == str(invitation.pk)
    assert entry.after["email"] == "ada.reviewer@example.org"
    assert entry.after["role"] == "reviewer"


def test_it_lets_a_coordinator_invite_a_coordinator_for_their_own_institution(
    cast, tsinghua, django_capture_on_commit_callbacks
):
    client = client_for(cast.coordinator_tsinghua)
    page = client.get(SEND)
    assert [value for value, _ in page.context["form"].fields["role"].choices] == [
        "coordinator",
        "applicant",
    ]
    assert list(page.context["form"].fields["institution"].queryset) == [tsinghua]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            SEND,
            {
                "email": "deputy@tsinghua.example.org",
                "role": "coordinator",
                "institution": tsinghua.pk,
            },
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.role, invitation.institution, invitation.invited_by) == (
        "coordinator",
        tsinghua,
        cast.coordinator_tsinghua,
    )
    [message] = mail.outbox
    assert message.subject == "[AUA] Invitation: Institution coordinator for Tsinghua University"
    assert "as Institution coordinator, for Tsinghua University" in message.body
    assert AuditEntry.objects.get(action="members.invitation.send").institution_id == tsinghua.pk


def test_it_writes_the_e_mail_in_the_senders_language(cast, invite):
    cast.coordinator_tsinghua.language = "zh-hans"
    cast.coordinator_tsinghua.save()
    invite()
    [message] = mail.outbox
    assert "清华大学" in message.subject  # the institution's name as Chinese readers know it


def test_it_answers_404_to_a_coordinator_inviting_for_another_institution(cast, nus):
    client = client_for(cast.coordinator_tsinghua)
    assert client.get(SEND, {"institution": nus.slug}).status_code == 404

    response = client.post(
        SEND, {"email": "someone@nus.example.org", "role": "coordinator", "institution": nus.pk}
    )
    assert response.status_code == 200
    assert "institution" in response.context["form"].errors
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_it_refuses_a_coordinator_roles_beyond_coordinator_and_applicant(cast, tsinghua):
    client = client_for(cast.coordinator_tsinghua)
    response = client.post(
        SEND, {"email": "x@example.org", "role": "secretariat", "institution": tsinghua.pk}
    )
    assert "role" in response.context["form"].errors
    with pytest.raises(PermissionDenied):
        send_invitation(
            actor=cast.coordinator_tsinghua,
            email="x@example.org",
            role=Role.REVIEWER,
            institution=tsinghua,
            message="",
        )
    assert not Invitation.objects.exists()


def test_it_refuses_the_service_a_coordinator_inviting_for_another_institution(cast, nus):
    with pytest.raises(PermissionDenied):
        send_invitation(
            actor=cast.coordinator_tsinghua,
            email="x@nus.example.org",
            role=Role.COORDINATOR,
            institution=nus,
            message="",
        )


def test_it_needs_an_institution_for_a_coordinator_and_refuses_a_role_already_held(cast):
    client = client_for(cast.secretariat)
    response = client.post(SEND, {"email": "x@example.org", "role": "coordinator"})
    assert response.context["form"].errors["institution"] == [
        "Choose the institution: the role “Institution coordinator” acts for one institution."
    ]
    response = client.post(SEND, {"email": "reviewer@example.org", "role": "reviewer"})
    assert response.context["form"].errors["email"] == ["This person already holds this role."]
    assert not Invitation.objects.exists()


def test_it_offers_the_secretariat_related_institutions_and_one_asked_for_by_name(
    cast, tsinghua, nus, boao
):
    unrelated = create_institution(actor=None, name="Imported University", country="JP")
    client = client_for(cast.secretariat)
    offered = client.get(SEND).context["form"].fields["institution"].queryset
    assert list(offered) == [boao, nus, tsinghua]  # not the imported ones with no relation
    asked = client.get(SEND, {"institution": unrelated.slug}).context["form"]
    assert unrelated in asked.fields["institution"].queryset
    assert asked["institution"].value() == unrelated.pk


@pytest.mark.parametrize("who", ["reviewer", "student", "partner", "outsider"])
def test_it_answers_403_to_those_who_may_not_invite(cast, who):
    client = client_for(getattr(cast, who))
    assert client.get(LIST).status_code == 403
    assert client.get(SEND).status_code == 403


def test_it_sends_anonymous_visitors_to_log_in():
    response = Client().get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


class FailingMailServer(BaseEmailBackend):
    """A mail server that drops the connection at every attempt, and counts the attempts."""

    attempts = 0

    def send_messages(self, email_messages):
        type(self).attempts += 1
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def failing_mail_server(settings):
    settings.EMAIL_BACKEND = f"{__name__}.FailingMailServer"
    FailingMailServer.attempts = 0
    return FailingMailServer


@pytest.mark.django_db(transaction=True)  # commits for real: the e-mail goes out within the request
def test_it_keeps_the_invitation_and_gives_the_sender_the_link_when_the_mail_server_fails(
    cast, failing_mail_server, caplog
):
    client = client_for(cast.secretariat)
    with caplog.at_level(logging.ERROR, logger="alliance.members.services.invitations"):
        response = client.post(SEND, {"email": "ada.reviewer@example.org", "role": "reviewer"})
    assert response.status_code == 302
    assert response["Location"] == LIST
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.invited_by) == (
        "ada.reviewer@example.org",
        "reviewer",
        cast.secretariat,
    )
    assert AuditEntry.objects.get(action="members.invitation.send").object_id == str(invitation.pk)
    assert mail.outbox == []
    assert failing_mail_server.attempts == 1  # in-process, retrying would only keep them waiting
    [logged] = caplog.records
    assert logged.getMessage() == f"The e-mail of invitation {invitation.pk} could not be sent"
    assert "SMTPServerDisconnected: Connection unexpectedly closed" in caplog.text

    page = client.get(LIST)
    assert page.status_code == 200
    [message] = page.context["messages"]
    assert message.level_tag == "warning"
    text = str(message)
    assert text.startswith(
        "The invitation is saved, but the e-mail could not be sent. "
        "Copy this link and send it yourself: http://"
    )
    assert text in page.content.decode()
    assert "on its way" not in page.content.decode()
    assert list(page.context["page"].object_list) == [invitation]

    secret = LINK.search(text).group(1)
    assert hash_secret(secret) == invitation.secret_hash  # the link given is the invitation's
    opened = Client().get(accept_url(secret))
    assert opened.status_code == 200
    assert "Create your account with ada.reviewer@example.org" in opened.content.decode()


def test_the_task_sends_exactly_one_e_mail_with_a_working_mail_server(cast, tsinghua):
    invitation, secret = send_invitation(  # on_commit callbacks do not run: nothing sent yet
        actor=cast.coordinator_tsinghua,
        email="new.colleague@tsinghua.example.org",
        role=Role.COORDINATOR,
        institution=tsinghua,
    )
    assert mail.outbox == []

    assert send_invitation_email_task.delay(invitation.pk, secret, "en").get() is True
    [message] = mail.outbox
    assert message.to == ["new.colleague@tsinghua.example.org"]
    assert message.subject == "[AUA] Invitation: Institution coordinator for Tsinghua University"
    assert LINK.search(message.body).group(1) == secret


def test_the_task_sends_nothing_for_an_invitation_revoked_in_the_meantime(cast, tsinghua):
    invitation, secret = send_invitation(
        actor=cast.coordinator_tsinghua,
        email="new.colleague@tsinghua.example.org",
        role=Role.COORDINATOR,
        institution=tsinghua,
    )
    revoke_invitation(invitation, actor=cast.coordinator_tsinghua)
    assert send_invitation_email_task.delay(invitation.pk, secret, "en").get() is False
    assert mail.outbox == []


def test_the_task_asks_to_be_tried_again_when_the_mail_server_fails(
    cast, tsinghua, failing_mail_server
):
    invitation, secret = send_invitation(
        actor=cast.coordinator_tsinghua,
        email="new.colleague@tsinghua.example.org",
        role=Role.COORDINATOR,
        institution=tsinghua,
    )
    with pytest.raises(Retry) as retry:
        send_invitation_email_task.delay(invitation.pk, secret, "en")
    assert isinstance(retry.value.exc, smtplib.SMTPServerDisconnected)
    assert failing_mail_server.attempts == 1
    assert send_invitation_email_task.max_retries == 5  # a worker tries five more times


# Listing and revoking --------------------------------------------------------------------------


def test_it_lists_each_coordinator_only_their_institutions_invitations(cast, nus, invite):
    mine, _ = invite("mine@tsinghua.example.org")
    theirs, _ = invite("theirs@nus.example.org", actor=cast.coordinator_nus, institution=nus)
    reviewer, _ = invite(
        "rev@example.org", role=Role.REVIEWER, actor=cast.secretariat, institution=None
    )

    def listed(user, **params):
        return list(client_for(user).get(LIST, params).context["page"].object_list)

    assert listed(cast.coordinator_tsinghua) == [mine]
    assert listed(cast.coordinator_nus) == [theirs]
    assert listed(cast.secretariat) == [reviewer, theirs, mine]

    revoke_invitation(theirs, actor=cast.coordinator_nus)
    assert listed(cast.secretariat, status="revoked") == [theirs]
    assert listed(cast.secretariat, status="pending") == [reviewer, mine]


def test_it_shows_the_list_in_the_same_number_of_queries_for_one_or_many(cast, nus, invite):
    invite("one@tsinghua.example.org")
    client = client_for(cast.secretariat)
    client.get(LIST)  # warm up sessions and caches

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST).status_code == 200
        return len(queries)

    one = count()
    for n in range(5):
        invitation, _ = invite(
            f"more{n}@nus.example.org", actor=cast.coordinator_nus, institution=nus
        )
        if n == 0:
            accept_invitation(invitation, user=_user(f"more{n}@nus.example.org"))
        if n == 1:
            revoke_invitation(invitation, actor=cast.secretariat)
    assert count() == one


def test_it_lets_a_coordinator_revoke_their_invitation_but_not_another_institutions(cast, invite):
    invitation, _secret = invite()
    assert (
        client_for(cast.coordinator_nus)
        .post(reverse("members:invitation_revoke", args=[invitation.pk]))
        .status_code
        == 404
    )
    assert (
        client_for(cast.student)
        .post(reverse("members:invitation_revoke", args=[invitation.pk]))
        .status_code
        == 403
    )
    invitation.refresh_from_db()
    assert invitation.cancelled_at is None

    response = client_for(cast.coordinator_tsinghua).post(
        reverse("members:invitation_revoke", args=[invitation.pk]), follow=True
    )
    assert "is revoked; its link no longer works" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.cancelled_at is not None
    entry = AuditEntry.objects.get(action="members.invitation.revoke")
    assert entry.actor == cast.coordinator_tsinghua
    assert entry.after == {"status": "revoked"}


# Accepting -------------------------------------------------------------------------------------


def _user(email: str) -> User:
    user = User.objects.create_user(email, PASSWORD)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def test_it_grants_the_role_when_the_invited_user_accepts(cast, tsinghua, invite):
    invitation, secret = invite(cast.outsider.email)
    client = client_for(cast.outsider)
    page = client.get(accept_url(secret))
    assert page.status_code == 200
    assert "Accept: become Institution coordinator" in page.content.decode()
    assert not RoleAssignment.objects.filter(user=cast.outsider).exists()  # a GET changes nothing

    response = client.post(accept_url(secret))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:dashboard")
    assignment = RoleAssignment.objects.get(user=cast.outsider)
    assert (assignment.role, assignment.institution, assignment.granted_by) == (
        "coordinator",
        tsinghua,
        cast.coordinator_tsinghua,
    )
    invitation.refresh_from_db()
    assert invitation.accepted_by == cast.outsider
    assert invitation.accepted_at is not None
    accepted = AuditEntry.objects.get(action="members.invitation.accept")
    assert (accepted.actor, accepted.institution_id) == (cast.outsider, tsinghua.pk)
    granted = AuditEntry.objects.get(action="members.role.grant", object_id=str(assignment.pk))
    assert granted.after == {
        "user": cast.outsider.email,
        "role": "coordinator",
        "institution": tsinghua.pk,
    }
    # the new role works on the next request
    assert client.get(reverse("members:institution_edit", args=[tsinghua.slug])).status_code == 200


def test_it_sends_an_existing_user_who_is_not_logged_in_to_log_in(cast, invite):
    _invitation, secret = invite(cast.outsider.email)
    client = Client()
    page = client.get(accept_url(secret)).content.decode()
    login = f"{reverse('account_login')}?next={accept_url(secret)}"
    assert "There is already an account for outsider@example.org" in page
    assert login.replace("&", "&amp;") in page

    response = client.post(
        reverse("account_login"),
        {"login": cast.outsider.email, "password": PASSWORD, "next": accept_url(secret)},
    )
    assert response["Location"] == accept_url(secret)
    client.post(accept_url(secret))
    assert RoleAssignment.objects.filter(user=cast.outsider, role="coordinator").exists()


@pytest.mark.parametrize("signup_open", [False, True])
def test_it_opens_sign_up_to_an_invited_newcomer_with_the_address_verified(
    cast, tsinghua, invite, settings, signup_open
):
    settings.ACCOUNT_SIGNUP_OPEN = signup_open
    client = Client()
    if not signup_open:
        closed = client.get(reverse("account_signup")).content.decode()
        assert "Sign Up Closed" in closed

    invitation, secret = invite("newcomer@tsinghua.example.org", role=Role.APPLICANT)
    page = client.get(accept_url(secret)).content.decode()
    assert "Create your account with newcomer@tsinghua.example.org" in page

    signup_link = f"{reverse('account_signup')}?next={accept_url(secret)}"
    assert f'href="{signup_link}"' in page
    form = client.get(signup_link)
    assert form.status_code == 200
    html = form.content.decode()
    assert 'value="newcomer@tsinghua.example.org"' in html
    assert f'name="next" value="{accept_url(secret)}"' in html  # back to the invitation after

    refused = client.post(
        reverse("account_signup"),
        {"email": "other@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert refused.status_code == 200
    assert "Your invitation was sent to newcomer@tsinghua.example.org" in refused.content.decode()
    assert not User.objects.filter(email="other@example.org").exists()

    response = client.post(
        reverse("account_signup"),
        {
            "email": "newcomer@tsinghua.example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": accept_url(secret),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == accept_url(secret)  # logged in, no confirmation e-mail needed
    user = User.objects.get(email="newcomer@tsinghua.example.org")
    assert EmailAddress.objects.filter(user=user, email=user.email, verified=True).exists()
    assert mail.outbox[1:] == []  # nothing after the invitation itself

    client.post(accept_url(secret))
    assert RoleAssignment.objects.get(user=user).role == "applicant"
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    # the invitation no longer opens sign-up
    client.logout()
    if not signup_open:
        assert "Sign Up Closed" in client.get(reverse("account_signup")).content.decode()


def test_it_keeps_sign_up_closed_without_an_invitation_or_with_a_revoked_one(
    cast, invite, settings
):
    settings.ACCOUNT_SIGNUP_OPEN = False
    invitation, secret = invite("newcomer@tsinghua.example.org")
    client = Client()
    client.get(accept_url(secret))
    revoke_invitation(invitation, actor=cast.coordinator_tsinghua)
    response = client.post(
        reverse("account_signup"),
        {"email": "newcomer@tsinghua.example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert "Sign Up Closed" in response.content.decode()
    assert not User.objects.filter(email="newcomer@tsinghua.example.org").exists()


def test_it_explains_a_login_with_another_address(cast, invite):
    invitation, secret = invite("someone.else@tsinghua.example.org")
    client = client_for(cast.student)
    page = client.get(accept_url(secret))
    assert page.status_code == 403
    text = page.content.decode()
    assert "This invitation is for another address" in text
    assert (
        "The invitation was sent to <strong>someone.else@tsinghua.example.org</strong>, but you "
        "are logged in as <strong>student@example.org</strong>."
    ) in text
    assert "ask the person who invited you to send a new invitation to that address" in text

    assert client.post(accept_url(secret)).status_code == 403
    assert not RoleAssignment.objects.filter(user=cast.student, role="coordinator").exists()
    with pytest.raises(ValidationError) as refused:
        accept_invitation(invitation, user=cast.student)
    assert refused.value.code == "wrong_account"


def test_it_accepts_from_an_account_holding_the_address_as_a_verified_second_one(cast, invite):
    invitation, secret = invite("student.at.work@tsinghua.example.org", role=Role.APPLICANT)
    EmailAddress.objects.create(
        user=cast.reviewer, email="student.at.work@tsinghua.example.org", verified=True
    )
    client_for(cast.reviewer).post(accept_url(secret))
    invitation.refresh_from_db()
    assert invitation.accepted_by == cast.reviewer


# Links that no longer work ---------------------------------------------------------------------


def test_it_explains_an_expired_link(cast, invite):
    _invitation, secret = invite()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=14, seconds=1)):
        response = Client().get(accept_url(secret))
    assert response.status_code == 410
    text = response.content.decode()
    assert "This invitation has expired" in text
    assert "Ask coord to send you a new invitation." in text
    assert 'href="mailto:coord@tsinghua.example.org"' in text


def test_it_explains_a_revoked_link(cast, invite):
    invitation, secret = invite(cast.outsider.email)
    revoke_invitation(invitation, actor=cast.secretariat)
    response = client_for(cast.outsider).get(accept_url(secret))
    assert response.status_code == 410
    assert "This invitation was withdrawn" in response.content.decode()
    assert "ask coord to send a new invitation" in response.content.decode()
    assert client_for(cast.outsider).post(accept_url(secret)).status_code == 410
    assert not RoleAssignment.objects.filter(user=cast.outsider, role="coordinator").exists()


def test_it_explains_a_link_already_used(cast, invite):
    invitation, secret = invite(cast.outsider.email)
    accept_invitation(invitation, user=cast.outsider)
    mine = client_for(cast.outsider).get(accept_url(secret))
    assert mine.status_code == 410
    assert "You accepted it already; your role: Institution coordinator." in mine.content.decode()

    other = Client().get(accept_url(secret))
    assert other.status_code == 410
    assert "Each invitation link works once." in other.content.decode()
    with pytest.raises(ValidationError) as refused:
        accept_invitation(invitation, user=cast.outsider)
    assert refused.value.code == "accepted"


def test_it_explains_an_unknown_link(db):
    response = Client().get(accept_url("not-a-real-secret"))
    assert response.status_code == 404
    assert "This invitation link is not valid" in response.content.decode()
    assert find_invitation("not-a-real-secret") is None


def test_it_shows_the_invitations_page_on_the_dashboard_only_to_those_who_may_invite(cast):
    link = f'href="{LIST}"'
    assert link in client_for(cast.coordinator_tsinghua).get("/dashboard/").content.decode()
    assert link in client_for(cast.secretariat).get("/dashboard/").content.decode()
    assert link not in client_for(cast.student).get("/dashboard/").content.decode()
