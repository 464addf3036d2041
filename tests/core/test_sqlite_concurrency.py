"""SQLite set up for concurrent writers: 20 threads writing at once, no "database is locked"."""

import os
import subprocess
import sys
import textwrap

import pytest

SCRIPT = textwrap.dedent(
    """
    import threading, django
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    call_command("migrate", verbosity=0)
    from alliance.core.models import AuditEntry
    from alliance.members.models import Institution
    from alliance.members.services.institutions import create_institution, update_institution

    THREADS, ROUNDS = 20, 5
    barrier = threading.Barrier(THREADS)
    errors = []

    def work(n):
        try:
            barrier.wait()
            for r in range(ROUNDS):
                inst = create_institution(actor=None, name=f"University {n}-{r}", country="JP",
                                          names=[("ja", f"大学{n}-{r}")])
                update_institution(inst, actor=None, data={"city": f"City {n}"})
        except Exception as exc:
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(THREADS)]
    for t in threads: t.start()
    for t in threads: t.join()
    print("ERRORS", len(errors), errors[:3])
    print("INSTITUTIONS", Institution.objects.count())
    print("AUDIT", AuditEntry.objects.count())
    print("JOURNAL", connection.cursor().execute("PRAGMA journal_mode").fetchone()[0])
    """
)


@pytest.mark.skipif(
    os.environ.get("ALLIANCE_DATABASE_URL", "").startswith("postgres"),
    reason="about SQLite; ran in the SQLite pass of the suite",
)
def test_twenty_threads_write_at_once_without_database_is_locked(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "alliance.settings",
        "ALLIANCE_DATA_DIR": str(tmp_path),
        "ALLIANCE_DATABASE_URL": f"sqlite:///{tmp_path / 'concurrent.sqlite3'}",
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    lines = dict(line.split(" ", 1) for line in done.stdout.strip().splitlines())
    assert lines["ERRORS"] == "0 []"
    assert lines["INSTITUTIONS"] == "100"
    assert lines["AUDIT"] == "200"  # one create and one update each
    assert lines["JOURNAL"] == "wal"
