from tests.permission_matrix import ACTORS, LOGIN, Case, logged_in, only, public


def cases(world) -> list:
    return [
        only("core:audit", "/audit/", {"secretariat": 200}),
        public("core:brand_css", "/brand.css"),
        logged_in("core:preferences", "/account/preferences/"),
        logged_in("core:tokens", "/account/tokens/"),
        # Revoking a token that is not one's own answers 404 for everyone.
        Case(
            "core:token_revoke",
            "/account/tokens/999999/revoke/",
            {**dict.fromkeys(ACTORS, 404), "anonymous": LOGIN},
            method="post",
        ),
    ]
