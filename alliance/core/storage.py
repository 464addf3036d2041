"""Where personal documents go: the "private" storage (settings.STORAGES), which has no public
address. Such files are served only by views that check who asks."""

from __future__ import annotations

from django.core.files.storage import Storage, storages


def private_storage() -> Storage:
    return storages["private"]
