from tests.permission_matrix import logged_in, only, public


def cases(world) -> list:
    outsider = world.cast.outsider.pk
    return [
        public("portal:home", "/"),
        logged_in("portal:dashboard", "/dashboard/"),
        logged_in("portal:my_data", "/account/my-data.json"),
        only("portal:personal_data", "/personal-data/", {"secretariat": 200}),
        only(
            "portal:personal_data_export",
            f"/personal-data/{outsider}/export.json",
            {"secretariat": 200},
        ),
        only(
            "portal:personal_data_erase",
            f"/personal-data/{outsider}/erase/",
            {"secretariat": 200},
        ),
    ]
