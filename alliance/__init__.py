"""Alliance: the platform a university alliance runs on."""

from alliance.celery import app as celery_app

__all__ = ["celery_app"]
