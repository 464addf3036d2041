"""What the core API sends out."""

from __future__ import annotations

import datetime
from typing import Any

from ninja import Field, Schema


class AuditEntryOut(Schema):
    id: int
    created_at: datetime.datetime = Field(description="When it happened (UTC).")
    actor: str = Field(alias="actor_label", description="Who did it (an e-mail address or system).")
    action: str
    object_type: str
    object_id: str
    object_repr: str = Field(description="The object as it read at the time.")
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    institution_id: int | None
    request_id: str
