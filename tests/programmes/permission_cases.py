"""Pages of the programmes domain in the permission matrix (see tests/permission_matrix.py).
Sections per views module. An open call with an application from NUS (by someone outside the
cast) that the cast's reviewer reviews; the cast's student holds a draft in it and in a second
call."""

from tests.permission_matrix import ACTORS, LOGIN, Case, logged_in, only


def cases(world) -> list:
    from alliance.programmes.enums import CallStatus
    from alliance.programmes.models import Assignment
    from alliance.programmes.services.applications import start_application
    from alliance.programmes.services.reviews import add_panel_member, assign_reviewers
    from tests.programmes.conftest import build_call, faculty, submitted

    secretariat = world.cast.secretariat
    call = build_call(secretariat)
    other = build_call(secretariat, name="Staff Exchange")
    draft_call = build_call(secretariat, name="Summer School", status=CallStatus.DRAFT)
    application = submitted(
        call,
        faculty("matrix@nus.example.org"),
        world.nus,
        world.tsinghua,
        actor=world.cast.coordinator_nus,
    )
    add_panel_member(call.panel, actor=secretariat, reviewer=world.cast.reviewer, institution=None)
    assign_reviewers(call, actor=secretariat)
    assignment = Assignment.objects.get(application=application, reviewer=world.cast.reviewer)
    mine = start_application(call, actor=world.cast.student)
    mine_elsewhere = start_application(other, actor=world.cast.student)
    c, d, a, s = call.pk, draft_call.pk, application.pk, mine.pk
    key = call.documents.get().key
    nus = {"secretariat": 200, "coordinator_nus": 200}
    nus_elsewhere = ("coordinator_tsinghua", "student")
    coordinators = {"secretariat": 200, "coordinator_tsinghua": 200, "coordinator_nus": 200}
    everyone_404 = dict.fromkeys(ACTORS, 404)
    hidden = {**everyone_404, "anonymous": LOGIN, "secretariat": 200}
    result: list = []
    # --- calls (views/calls.py) ---
    result += [
        logged_in("programmes:calls", "/programmes/"),
        only("programmes:programme_add", "/programmes/programmes/new/", {"secretariat": 200}),
        only("programmes:call_add", "/programmes/calls/new/", {"secretariat": 200}),
        logged_in("programmes:call", f"/programmes/calls/{c}/"),
        Case("programmes:call", f"/programmes/calls/{d}/", hidden),
        only("programmes:call_edit", f"/programmes/calls/{c}/edit/", {"secretariat": 200}),
        only(
            "programmes:call_item_add",
            f"/programmes/calls/{d}/add/question/",
            {"secretariat": 200},
            method="post",
        ),
        only(
            "programmes:call_item_remove",
            f"/programmes/calls/{d}/remove/question/999999/",
            {"secretariat": 302},
            method="post",
        ),
        only(
            "programmes:call_status",
            f"/programmes/calls/{c}/status/",
            {"secretariat": 302},
            method="post",
            data={"status": "bogus"},
        ),
    ]
    # --- applications, endorsements, awards (views/applications.py) ---
    result += [
        only("programmes:apply", f"/programmes/calls/{c}/apply/", {"student": 200}),
        only(
            "programmes:autosave",
            f"/programmes/calls/{c}/apply/autosave/",
            {"student": 200},
            method="post",
            data={"title": "Matrix"},
        ),
        only(
            "programmes:application",
            f"/programmes/applications/{a}/",
            nus,
            elsewhere=nus_elsewhere,
        ),
        # A draft is its applicant's own (and the Secretariat's); coordinators see it not.
        only(
            "programmes:application",
            f"/programmes/applications/{s}/",
            {"secretariat": 200, "student": 200},
            elsewhere=("coordinator_tsinghua", "coordinator_nus"),
        ),
        only(
            "programmes:upload",
            f"/programmes/applications/{s}/upload/",
            {"student": 302},
            method="post",
        ),
        only(
            "programmes:file",
            f"/programmes/applications/{a}/files/{key}/",
            {**nus, "reviewer": 200},  # the cast's reviewer reviews it, not anonymised
            elsewhere=nus_elsewhere,
        ),
        only(
            "programmes:request_endorsements",
            f"/programmes/applications/{s}/endorsements/",
            {"student": 302},
            method="post",
        ),
        only(
            "programmes:submit",
            f"/programmes/applications/{s}/submit/",
            {"student": 302},
            method="post",
        ),
        only(
            "programmes:withdraw",
            f"/programmes/applications/{mine_elsewhere.pk}/withdraw/",
            {"student": 302},
            method="post",
        ),
        only(
            "programmes:award_respond",
            f"/programmes/applications/{a}/award/",
            {},
            elsewhere=("student",),
            method="post",
            data={"answer": "accept"},
        ),
        # Not awarded: no letter for anyone who may see the application.
        only(
            "programmes:award_letter",
            f"/programmes/applications/{a}/award-letter.pdf",
            {},
            elsewhere=("secretariat", "coordinator_nus", *nus_elsewhere),
        ),
        Case("programmes:endorse", "/programmes/endorse/not-a-secret/", everyone_404),
    ]
    # --- nominations (views/nominations.py) ---
    result += [
        only("programmes:nominations", f"/programmes/calls/{c}/nominations/", coordinators),
        only(
            "programmes:nomination_change",
            f"/programmes/calls/{c}/nominations/{a}/",
            {"secretariat": 302, "coordinator_nus": 302},
            elsewhere=("coordinator_tsinghua",),
            method="post",
            data={"action": "down"},
        ),
    ]
    # --- review (views/reviews.py) ---
    result += [
        only("programmes:panel", f"/programmes/calls/{c}/panel/", {"secretariat": 200}),
        only(
            "programmes:panel_assign",
            f"/programmes/calls/{c}/panel/assign/",
            {"secretariat": 302},
            method="post",
        ),
        only(
            "programmes:panel_conflict",
            f"/programmes/calls/{c}/panel/conflict/",
            {"secretariat": 302},
            method="post",
        ),
        only("programmes:reviews", "/programmes/reviews/", {"reviewer": 200}),
        only("programmes:review", f"/programmes/reviews/{assignment.pk}/", {"reviewer": 200}),
        only(
            "programmes:review_conflict",
            "/programmes/reviews/999999/conflict/",
            {},
            elsewhere=("reviewer",),
            method="post",
        ),
    ]
    # --- ranking and selection (views/selection.py) ---
    result += [
        only("programmes:ranking", f"/programmes/calls/{c}/ranking/", {"secretariat": 200}),
        only("programmes:selection", f"/programmes/calls/{c}/selection/", {"secretariat": 200}),
        only(
            "programmes:selection_apply",
            f"/programmes/calls/{c}/selection/apply/",
            {"secretariat": 302},
            method="post",
        ),
        only(
            "programmes:decide",
            f"/programmes/applications/{a}/decide/",
            {"secretariat": 302},
            method="post",
        ),
    ]
    return result
