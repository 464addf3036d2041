from __future__ import annotations

from django import template

from alliance.events.models import Session
from alliance.events.queries import SessionSeats

register = template.Library()


@register.simple_tag
def seats_taken(seats: SessionSeats, session: Session) -> int:
    return seats.taken.get(session.pk, 0)
