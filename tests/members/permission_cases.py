import datetime

from tests.permission_matrix import only, public


def cases(world) -> list:
    from alliance.members.enums import PositionKind
    from alliance.members.services.people import add_contact

    thu = world.tsinghua.slug
    position = add_contact(
        world.tsinghua,
        actor=None,
        person={"full_name": "Zhao Mingyuan"},
        kind=PositionKind.CHIEF_EXECUTIVE,
        start=datetime.date(2022, 1, 1),
    )
    person = position.person_id
    manage = {"secretariat": 200, "coordinator_tsinghua": 200}
    nus_elsewhere = ("coordinator_nus",)
    return [
        public("members:directory", "/members/"),
        public("members:institution", f"/members/{thu}/"),
        only("members:institution_edit", f"/members/{thu}/edit/", manage, elsewhere=nus_elsewhere),
        only("members:membership_record", f"/members/{thu}/membership/", {"secretariat": 200}),
        only("members:import", "/members/import/", {"secretariat": 200}),
        only("members:people", f"/members/{thu}/people/", {**manage, "coordinator_nus": 200}),
        only("members:person_add", f"/members/{thu}/people/add/", manage, elsewhere=nus_elsewhere),
        only(
            "members:person_edit",
            f"/members/{thu}/people/{person}/edit/",
            manage,
            elsewhere=nus_elsewhere,
        ),
        only(
            "members:position_add",
            f"/members/{thu}/people/{person}/positions/add/",
            manage,
            elsewhere=nus_elsewhere,
        ),
        only(
            "members:position_end",
            f"/members/{thu}/people/positions/{position.pk}/end/",
            manage,
            elsewhere=nus_elsewhere,
        ),
        *invitation_cases(world, manage, nus_elsewhere),
    ]


def invitation_cases(world, manage, nus_elsewhere) -> list:
    from alliance.members.enums import Role
    from alliance.members.services.invitations import send_invitation
    from tests.permission_matrix import ACTORS, Case

    def invite(email: str):
        return send_invitation(
            actor=world.cast.coordinator_tsinghua,
            email=email,
            role=Role.COORDINATOR,
            institution=world.tsinghua,
        )

    to_revoke, _ = invite("to.revoke@tsinghua.example.org")
    _, secret = invite(world.cast.outsider.email)
    inviters = {**manage, "coordinator_nus": 200}
    revokers = {"secretariat": 302, "coordinator_tsinghua": 302}
    # The link opens for anyone holding it; a logged-in user with another address is told so.
    accept = {**dict.fromkeys(ACTORS, 403), "anonymous": 200, "outsider": 200}
    return [
        only("members:invitations", "/members/invitations/", inviters),
        only(
            "members:invitation_send",
            "/members/invitations/send/",
            manage,
            elsewhere=nus_elsewhere,
            data={"institution": world.tsinghua.slug},
        ),
        only(
            "members:invitation_revoke",
            f"/members/invitations/{to_revoke.pk}/revoke/",
            revokers,
            elsewhere=nus_elsewhere,
            method="post",
        ),
        Case("members:invitation_accept", f"/members/invitations/accept/{secret}/", accept),
    ]
