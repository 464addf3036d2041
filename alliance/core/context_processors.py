from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language_bidi


def alliance(request: HttpRequest) -> dict[str, Any]:
    return {
        "ALLIANCE_NAME": settings.ALLIANCE_NAME,
        "ALLIANCE_SHORT_NAME": settings.ALLIANCE_SHORT_NAME,
        "ALLIANCE_PRIMARY_COLOUR": settings.ALLIANCE_PRIMARY_COLOUR,
        "ALLIANCE_ACCENT_COLOUR": settings.ALLIANCE_ACCENT_COLOUR,
        "ALLIANCE_LOGO_URL": settings.ALLIANCE_LOGO_URL,
        "DEMO_MODE": settings.DEMO,
        "TEXT_DIRECTION": "rtl" if get_language_bidi() else "ltr",
    }
