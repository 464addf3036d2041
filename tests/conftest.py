"""The cast every test shares: a Secretariat admin, coordinators of Tsinghua and NUS, a reviewer,
a student, a partner contact and an outsider (logged in, no role)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.test import Client

from alliance.core.models import User
from alliance.members.enums import InstitutionKind, MembershipStatus, Role
from alliance.members.models import Institution
from alliance.members.services.institutions import create_institution
from alliance.members.services.memberships import record_membership_event
from alliance.members.services.roles import grant_role

PASSWORD = "a-long-test-password-1"


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _each_test_starts_in_english():
    """A request in another language leaves that language active in the thread (Django's
    LocaleMiddleware does not undo it); messages raised by services in a later test would then
    read in that language. Every test starts in the default one."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


def make_member(
    name: str, country: str, ror_id: str | None, names: list[tuple[str, str]] | None = None
) -> Institution:
    inst = create_institution(
        actor=None,
        name=name,
        country=country,
        ror_id=ror_id,
        kind=InstitutionKind.UNIVERSITY,
        names=names or [],
    )
    record_membership_event(
        inst, actor=None, status=MembershipStatus.ADMITTED_MEMBER, date=datetime.date(2017, 4, 29)
    )
    inst.refresh_from_db()
    return inst


@pytest.fixture
def tsinghua(db) -> Institution:
    return make_member("Tsinghua University", "CN", "03cve4549", [("zh", "清华大学")])


@pytest.fixture
def nus(db) -> Institution:
    return make_member(
        "National University of Singapore", "SG", "01tgyzw49", [("zh", "新加坡国立大学")]
    )


@pytest.fixture
def boao(db) -> Institution:
    inst = create_institution(
        actor=None, name="Boao Forum for Asia", country="CN", kind=InstitutionKind.FORUM
    )
    record_membership_event(
        inst, actor=None, status=MembershipStatus.PARTNERED, date=datetime.date(2019, 3, 26)
    )
    inst.refresh_from_db()
    return inst


def make_user(email: str, role: Role | None = None, institution: Institution | None = None) -> User:
    from allauth.account.models import EmailAddress

    user = User.objects.create_user(email, PASSWORD, full_name=email.split("@")[0])
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if role:
        grant_role(user, actor=None, role=role, institution=institution)
    return user


@dataclass
class Cast:
    secretariat: User
    coordinator_tsinghua: User
    coordinator_nus: User
    reviewer: User
    student: User
    partner: User
    outsider: User


@pytest.fixture
def cast(db, tsinghua, nus, boao) -> Cast:
    return Cast(
        secretariat=make_user("secretariat@example.org", Role.SECRETARIAT),
        coordinator_tsinghua=make_user("coord@tsinghua.example.org", Role.COORDINATOR, tsinghua),
        coordinator_nus=make_user("coord@nus.example.org", Role.COORDINATOR, nus),
        reviewer=make_user("reviewer@example.org", Role.REVIEWER),
        student=make_user("student@example.org", Role.APPLICANT),
        partner=make_user("partner@boao.example.org", Role.PARTNER_CONTACT, boao),
        outsider=make_user("outsider@example.org"),
    )


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def pytest_configure(config):
    """A fast password hasher: the suite creates many users; strength is not under test here."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _private_files_kept_out_of_the_checkout(settings, tmp_path_factory):
    """Passport scans that a test stores go to a temporary folder of its own (made only when
    something is stored), not to the checkout's var/."""
    import uuid

    folder = tmp_path_factory.getbasetemp() / "private" / uuid.uuid4().hex
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(folder)},
        },
    }
