"""Pages of the programmes domain in the permission matrix (see tests/permission_matrix.py).
Sections per views module. An open call with an application from NUS (by someone outside the
cast) that the cast's reviewer reviews; the cast's student holds a draft in it and in a second
call."""

from tests.permission_matrix import ACTORS, LOGIN, Case, logged_in, only, public


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
    result += _proposal_and_dashboard_cases(world, call.pk)
    result += _outcome_cases(world)
    return result


# --- members' proposals (views/proposals.py), dashboards and exports (views/dashboards.py) ---


def _proposal_and_dashboard_cases(world, c: int) -> list:
    from alliance.programmes.services.proposals import create_proposal, submit_proposal

    cast = world.cast
    data = {"title": "Doctoral academy", "summary": "Courses.", "rationale": "None exists."}
    submitted = submit_proposal(
        create_proposal(actor=cast.coordinator_tsinghua, institution=world.tsinghua, data=data),
        actor=cast.coordinator_tsinghua,
    )
    draft = create_proposal(actor=cast.coordinator_tsinghua, institution=world.tsinghua, data=data)
    p, d, t = submitted.pk, draft.pk, world.tsinghua.pk
    coordinators = {"secretariat": 200, "coordinator_tsinghua": 200, "coordinator_nus": 200}
    redirected = dict.fromkeys(coordinators, 302)
    own_draft = {"coordinator_tsinghua": 200}
    return [
        only("programmes:proposals", "/programmes/proposals/", coordinators),
        only(
            "programmes:proposal_add",
            "/programmes/proposals/new/",
            {"coordinator_tsinghua": 200, "coordinator_nus": 200},
        ),
        only("programmes:proposal", f"/programmes/proposals/{p}/", coordinators),
        only(
            "programmes:proposal",
            f"/programmes/proposals/{d}/",
            own_draft,
            elsewhere=("secretariat", "coordinator_nus"),
        ),
        only(
            "programmes:proposal_edit",
            f"/programmes/proposals/{d}/edit/",
            own_draft,
            elsewhere=("coordinator_nus",),
        ),
        # No step named: nothing changes, back to the proposal.
        only(
            "programmes:proposal_status",
            f"/programmes/proposals/{p}/status/",
            redirected,
            method="post",
        ),
        # A draft cannot go to the Board: the Secretariat is told so, nothing changes.
        only(
            "programmes:proposal_send",
            f"/programmes/proposals/{d}/board/",
            {"secretariat": 302},
            method="post",
        ),
        # An empty comment is refused with a message.
        only(
            "programmes:proposal_comment",
            f"/programmes/proposals/{p}/comment/",
            redirected,
            method="post",
        ),
        only(
            "programmes:call_dashboard", f"/programmes/calls/{c}/dashboard/", {"secretariat": 200}
        ),
        only("programmes:call_applications", f"/programmes/calls/{c}/applications/", coordinators),
        only(
            "programmes:applications_export",
            f"/programmes/calls/{c}/applications.csv",
            coordinators,
        ),
        only(
            "programmes:awards_export", f"/programmes/calls/{c}/awards.xlsx", {"secretariat": 200}
        ),
        only(
            "programmes:institution_dashboard",
            f"/programmes/institutions/{t}/dashboard/",
            {"secretariat": 200, "coordinator_tsinghua": 200},
            elsewhere=("coordinator_nus",),
        ),
        only("programmes:my_dashboard", "/programmes/institutions/mine/", redirected),
    ]


# --- after the activity: reports, host reviews, certificates, grants (views/outcomes.py) ---


def _outcome_cases(world) -> list:
    """The cast's student holds an accepted award (from NUS to Tsinghua) whose report, with a
    file, is accepted and certified; the host asked to review it is the Tsinghua coordinator."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from alliance.programmes.services.outcomes import (
        accept_report,
        add_report_file,
        request_host_review,
        submit_report,
    )
    from tests.programmes.awards import accepted_award, written_report
    from tests.programmes.conftest import PDF

    cast = world.cast
    award = accepted_award(
        cast.secretariat, cast.student, world.nus, world.tsinghua, name="Scholars Award (past)"
    )
    award.host_contact_email = cast.coordinator_tsinghua.email
    award.save(update_fields=["host_contact_email"])
    review, _secret = request_host_review(award, actor=None)
    written_report(award)
    stored = add_report_file(
        award, actor=cast.student, upload=SimpleUploadedFile("programme.pdf", PDF)
    )
    submit_report(award, actor=cast.student)
    certificate = accept_report(award, actor=cast.secretariat)
    base = f"/programmes/applications/{award.pk}"
    viewers = {"secretariat": 200, "coordinator_nus": 200, "student": 200}
    elsewhere = ("coordinator_tsinghua",)
    return [
        only(
            "programmes:outcomes",
            "/programmes/outcomes/",
            {"secretariat": 200, "coordinator_tsinghua": 200, "coordinator_nus": 200},
        ),
        only("programmes:outcome", f"{base}/outcome/", viewers, elsewhere=elsewhere),
        # The report is accepted: saving it again is refused on the page.
        only("programmes:report_save", f"{base}/report/", {"student": 200}, method="post"),
        only("programmes:report_upload", f"{base}/report/upload/", {"student": 200}, method="post"),
        only(
            "programmes:report_file",
            f"{base}/report/files/{stored.pk}/",
            viewers,
            elsewhere=elsewhere,
        ),
        only(
            "programmes:report_file_remove",
            f"{base}/report/files/{stored.pk}/remove/",
            {"student": 302},
            method="post",
        ),
        only(
            "programmes:report_decide",
            f"{base}/report/decide/",
            {"secretariat": 200},
            method="post",
        ),
        only(
            "programmes:host_review_request",
            f"{base}/host-review/request/",
            {"secretariat": 302},
            method="post",
        ),
        only(
            "programmes:grant_change",
            f"{base}/grant/",
            {"secretariat": 200},
            method="post",
            data={"action": "bogus"},
        ),
        only("programmes:certificate", f"{base}/certificate.pdf", viewers, elsewhere=elsewhere),
        public("programmes:certificate_verify", f"/programmes/certificates/{certificate.code}/"),
        Case(
            "programmes:host_review",
            "/programmes/host-review/not-a-secret/",
            dict.fromkeys(ACTORS, 404),
        ),
        Case(
            "programmes:host_review_mine",
            f"/programmes/host-reviews/{review.pk}/",
            {**dict.fromkeys(ACTORS, 404), "anonymous": LOGIN, "coordinator_tsinghua": 200},
        ),
    ]
