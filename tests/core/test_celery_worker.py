"""Background tasks: in-process without a broker; through the real Redis with a real worker."""

import os
import signal
import subprocess
import sys
import uuid

import pytest
import redis

from alliance.core.tasks import ping
from alliance.members.models import Institution
from alliance.members.tasks import refresh_search_text_task

REDIS = "redis://127.0.0.1:6379"


def redis_answers() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS, socket_connect_timeout=2).ping())
    except redis.exceptions.ConnectionError:
        return False


@pytest.mark.django_db
def test_without_a_broker_tasks_run_in_process(tsinghua):
    Institution.objects.filter(pk=tsinghua.pk).update(search_text="")
    assert refresh_search_text_task.delay([tsinghua.pk, 0]).get() == 1
    tsinghua.refresh_from_db()
    assert tsinghua.search_text == "tsinghua university\n清华大学"
    assert ping.delay().get().startswith("pong from ")


@pytest.mark.services
@pytest.mark.skipif(not redis_answers() and os.environ.get("CI") != "true", reason="no Redis")
def test_a_real_worker_runs_a_task_through_redis(tmp_path):
    """A worker process and the caller share a file database and a Redis database number."""
    db = tmp_path / "worker.sqlite3"
    queue = f"alliance-test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "alliance.settings",
        "ALLIANCE_DATA_DIR": str(tmp_path),
        "ALLIANCE_DATABASE_URL": f"sqlite:///{db}",
        "ALLIANCE_BROKER_URL": f"{REDIS}/14",
        "ALLIANCE_RESULT_BACKEND_URL": f"{REDIS}/14",
    }
    caller = """
import sys, django
django.setup()
from django.core.management import call_command
from alliance.members.models import Institution
from alliance.members.services.institutions import create_institution
from alliance.members.tasks import refresh_search_text_task
from alliance.core.tasks import ping
step = sys.argv[1]
if step == "setup":
    call_command("migrate", verbosity=0)
    inst = create_institution(actor=None, name="Seoul National University", country="KR",
                              names=[("ko", "서울대학교")])
    Institution.objects.filter(pk=inst.pk).update(search_text="")
else:
    queue = sys.argv[2]
    print(ping.apply_async(queue=queue).get(timeout=60))
    inst = Institution.objects.get()
    print(refresh_search_text_task.apply_async(([inst.pk],), queue=queue).get(timeout=60))
    inst.refresh_from_db()
    print(inst.search_text.replace(chr(10), "|"))
"""
    run = lambda *a: subprocess.run(  # noqa: E731
        [sys.executable, "-c", caller, *a], env=env, capture_output=True, text=True, timeout=120
    )
    setup = run("setup")
    assert setup.returncode == 0, setup.stderr
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "alliance", "worker", "--pool=solo",
         "--concurrency=1", "-Q", queue, "--without-gossip", "--without-mingle",
         "--without-heartbeat", "--loglevel=WARNING"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        done = run("call", queue)
        check = subprocess.run(
            [sys.executable, "-m", "django", "check_worker", "--timeout", "5"],
            env=env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
    assert done.returncode == 0, done.stderr + (worker.stdout.read() if worker.stdout else "")
    answer, refreshed, search_text = done.stdout.strip().splitlines()
    assert answer.startswith("pong from ")
    assert refreshed == "1"
    assert search_text == "seoul national university|서울대학교"
    assert check.returncode == 0, check.stderr
    assert check.stdout.startswith("Worker answered: celery@")
