from typing import Any

from django import template

register = template.Library()


@register.simple_tag
def demo_users() -> dict[str, Any]:
    from alliance.members.services.demo import DEMO_PASSWORD, DEMO_USERS

    return {"users": DEMO_USERS, "password": DEMO_PASSWORD}
