"""Pages of the knowledge domain in the permission matrix (see tests/permission_matrix.py).
Sections per views module. Tsinghua has a published and a draft achievement (the draft with a
document), a listed and an unlisted expert; the Boao Forum (a partner) a published and a
pending challenge, and asked about the published achievement. Cases that change state come
last in their section and leave what later cases read as it was."""

from tests.permission_matrix import ACTORS, LOGIN, Case, logged_in, only


def cases(world) -> list:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from alliance.knowledge.services.achievements import add_document
    from alliance.knowledge.services.inquiries import open_inquiry
    from tests.knowledge.conftest import build_achievement, build_challenge, build_expert

    cast = world.cast
    coord = cast.coordinator_tsinghua
    published = build_achievement(coord, world.tsinghua, secretariat=cast.secretariat)
    draft = build_achievement(coord, world.tsinghua, publish=False, title="Draft")
    document = add_document(
        draft,
        actor=coord,
        title="Datasheet",
        upload=SimpleUploadedFile("d.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
    )
    expert = build_expert(coord, world.tsinghua)
    unlisted = build_expert(coord, world.tsinghua, full_name="Unlisted", listed=False)
    challenge = build_challenge(cast.partner, world.boao, secretariat=cast.secretariat)
    pending = build_challenge(cast.partner, world.boao, title="Pending")
    inquiry = open_inquiry(published, actor=cast.partner, subject="Licence?", message="Hello")
    p, d, e, u, c, pc, i = (
        published.pk,
        draft.pk,
        expert.pk,
        unlisted.pk,
        challenge.pk,
        pending.pk,
        inquiry.pk,
    )
    coordinators = {"secretariat": 200, "coordinator_tsinghua": 200, "coordinator_nus": 200}
    tsinghua_only = {**dict.fromkeys(ACTORS, 404), "anonymous": LOGIN}
    tsinghua_only.update(secretariat=200, coordinator_tsinghua=200)
    boao_only = {**dict.fromkeys(ACTORS, 404), "anonymous": LOGIN}
    boao_only.update(secretariat=200, partner=200)
    result: list = []
    # --- search (views/search.py) ---
    result += [logged_in("knowledge:search", "/knowledge/")]
    # --- achievements (views/achievements.py) ---
    a = "/knowledge/achievements"
    result += [
        only("knowledge:achievements", f"{a}/", coordinators),
        only("knowledge:achievement_add", f"{a}/new/", coordinators),
        logged_in("knowledge:achievement", f"{a}/{p}/"),
        Case("knowledge:achievement", f"{a}/{d}/", tsinghua_only),
        only(
            "knowledge:achievement_edit",
            f"{a}/{d}/edit/",
            {"secretariat": 200, "coordinator_tsinghua": 200},
            elsewhere=("coordinator_nus",),
        ),
        Case("knowledge:document", f"{a}/{d}/documents/{document.pk}/", tsinghua_only),
        # Publishing a draft is refused by the service (302 with a message): nothing changes.
        only(
            "knowledge:achievement_step",
            f"{a}/{d}/publish/",
            {"secretariat": 302, "coordinator_tsinghua": 302},
            elsewhere=("coordinator_nus",),
            method="post",
        ),
        only(
            "knowledge:document_add",
            f"{a}/{d}/documents/",
            {"secretariat": 302, "coordinator_tsinghua": 302},
            elsewhere=("coordinator_nus",),
            method="post",
        ),
        only(
            "knowledge:document_remove",
            f"{a}/{d}/documents/999999/remove/",
            {},
            elsewhere=("secretariat", "coordinator_tsinghua", "coordinator_nus"),
            method="post",
        ),
    ]
    # --- experts (views/experts.py) ---
    x = "/knowledge/experts"
    result += [
        only("knowledge:experts", f"{x}/", coordinators),
        only("knowledge:expert_add", f"{x}/new/", coordinators),
        logged_in("knowledge:expert", f"{x}/{e}/"),
        Case("knowledge:expert", f"{x}/{u}/", tsinghua_only),
        only(
            "knowledge:expert_edit",
            f"{x}/{e}/edit/",
            {"secretariat": 200, "coordinator_tsinghua": 200},
            elsewhere=("coordinator_nus",),
        ),
    ]
    # --- challenges (views/challenges.py) ---
    ch = "/knowledge/challenges"
    posters = {**coordinators, "partner": 200}
    result += [
        only("knowledge:challenges", f"{ch}/", posters),
        only("knowledge:challenge_add", f"{ch}/new/", posters),
        logged_in("knowledge:challenge", f"{ch}/{c}/"),
        Case("knowledge:challenge", f"{ch}/{pc}/", boao_only),
        only(
            "knowledge:challenge_edit",
            f"{ch}/{pc}/edit/",
            {"secretariat": 200, "partner": 200},
            elsewhere=("coordinator_tsinghua", "coordinator_nus"),
        ),
        only(
            "knowledge:challenge_moderate",
            f"{ch}/{pc}/moderate/",
            {"secretariat": 302},
            method="post",
            data={"decision": "bogus"},
        ),
        # Closing: the Secretariat closes it, the partner then finds it closed already.
        only(
            "knowledge:challenge_close",
            f"{ch}/{c}/close/",
            {"secretariat": 302, "partner": 302},
            elsewhere=("coordinator_tsinghua", "coordinator_nus"),
            method="post",
        ),
    ]
    # --- inquiries (views/inquiries.py) ---
    result += [
        only(
            "knowledge:inquire",
            f"{a}/{p}/inquire/",
            {"coordinator_nus": 200, "partner": 200},
            elsewhere=("coordinator_tsinghua",),
        ),
        logged_in("knowledge:inquiries", "/knowledge/inquiries/"),
        only(
            "knowledge:inquiry",
            f"/knowledge/inquiries/{i}/",
            {"secretariat": 200, "coordinator_tsinghua": 200, "partner": 200},
            elsewhere=("coordinator_nus",),
        ),
        only(
            "knowledge:inquiry_status",
            f"/knowledge/inquiries/{i}/status/",
            {"coordinator_tsinghua": 302},
            elsewhere=("coordinator_nus",),
            method="post",
            data={"status": "bogus"},
        ),
    ]
    result += _course_cases(world, coordinators)
    result += [
        only(
            "knowledge:publication_import",
            f"{x}/{e}/publications/import/",
            {"secretariat": 200, "coordinator_tsinghua": 200},
            elsewhere=("coordinator_nus",),
        ),
    ]
    return result


# --- shared courses and enrolment requests (views/courses.py) ---


def _course_cases(world, coordinators) -> list:
    """Tsinghua shares a course and a resource with a file; the student (of NUS) asked for a
    place. Deciding is refused (a bogus decision); withdrawing comes last."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from alliance.knowledge.services.courses import share_course
    from alliance.knowledge.services.enrolments import request_place
    from tests.knowledge.conftest import build_course, course_data

    cast = world.cast
    coord = cast.coordinator_tsinghua
    course = build_course(coord, world.tsinghua)
    resource = share_course(
        actor=coord,
        institution=world.tsinghua,
        data=course_data(kind="resource", title="Slides", seats=None),
        upload=SimpleUploadedFile("s.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
    )
    asked = request_place(course, actor=cast.student, home=world.nus)
    c, r, q = course.pk, resource.pk, asked.pk
    everyone_else = {**dict.fromkeys(ACTORS, 404), "anonymous": LOGIN}
    return [
        logged_in("knowledge:courses", "/knowledge/courses/"),
        only("knowledge:course_add", "/knowledge/courses/new/", coordinators),
        logged_in("knowledge:course", f"/knowledge/courses/{c}/"),
        only(
            "knowledge:course_edit",
            f"/knowledge/courses/{c}/edit/",
            {"secretariat": 200, "coordinator_tsinghua": 200},
            elsewhere=("coordinator_nus",),
        ),
        logged_in("knowledge:course_file", f"/knowledge/courses/{r}/file/"),
        only(
            "knowledge:course_request",
            f"/knowledge/courses/{c}/request/",
            {"coordinator_nus": 200, "student": 200},
            elsewhere=("coordinator_tsinghua",),
        ),
        only(
            "knowledge:course_status",
            f"/knowledge/courses/{c}/status/",
            {"secretariat": 302, "coordinator_tsinghua": 302},
            elsewhere=("coordinator_nus",),
            method="post",
            data={"status": "bogus"},
        ),
        logged_in("knowledge:enrolments", "/knowledge/enrolments/"),
        Case(
            "knowledge:enrolment",
            f"/knowledge/enrolments/{q}/",
            {
                **everyone_else,
                "secretariat": 200,
                "coordinator_tsinghua": 200,
                "coordinator_nus": 200,
                "student": 200,
            },
        ),
        only(
            "knowledge:enrolment_decide",
            f"/knowledge/enrolments/{q}/decide/",
            {"coordinator_tsinghua": 302},
            elsewhere=("coordinator_nus",),
            method="post",
            data={"decision": "bogus"},
        ),
        # The home coordinator withdraws it; the student then finds it withdrawn already.
        Case(
            "knowledge:enrolment_withdraw",
            f"/knowledge/enrolments/{q}/withdraw/",
            {**everyone_else, "coordinator_nus": 302, "student": 302},
            method="post",
        ),
    ]
