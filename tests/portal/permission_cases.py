from tests.permission_matrix import logged_in, public


def cases(world) -> list:
    return [
        public("portal:home", "/"),
        logged_in("portal:dashboard", "/dashboard/"),
    ]
