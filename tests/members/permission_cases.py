from tests.permission_matrix import only, public


def cases(world) -> list:
    thu = world.tsinghua.slug
    return [
        public("members:directory", "/members/"),
        public("members:institution", f"/members/{thu}/"),
        only(
            "members:institution_edit",
            f"/members/{thu}/edit/",
            {"secretariat": 200, "coordinator_tsinghua": 200},
            elsewhere=("coordinator_nus",),
        ),
        only("members:membership_record", f"/members/{thu}/membership/", {"secretariat": 200}),
        only("members:import", "/members/import/", {"secretariat": 200}),
    ]
