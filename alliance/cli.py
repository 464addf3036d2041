"""The ``alliance`` command: everything the Secretariat runs from a shell.

alliance serve [ADDRESS]            serve the site (development server; gunicorn in production)
alliance import-institutions FILE   import a ROR-shaped CSV
alliance load-demo                  load the demo alliance
alliance check-worker               check that a Celery worker answers on the broker
alliance config                     list the ALLIANCE_* settings and their values here
alliance lapse-offers               let lapsed seat offers go to the next person (cron without beat)
alliance erase-passports            erase passport details past their retention date
alliance allocate --input F --mechanism ts-ttc|da|max-volume [--output R]
                                    allocate exchange places (see docs/dev/allocation.md)
alliance bench registration|allocation …   the benchmarks (see docs/dev/benchmarks.md)
alliance knowledge evaluate --corpus C --queries Q --qrels R
                                    measure search ranking on a BEIR-style collection
alliance report import-public [--dir DIR]
                                    import the annual report's public statistics
alliance <any manage.py command>    migrate, createsuperuser, check --deploy, …
"""

from __future__ import annotations

import os
import sys

ALIASES = {
    "serve": "runserver",
    "import-institutions": "import_institutions",
    "load-demo": "load_demo",
    "check-worker": "check_worker",
    "config": "config",
    "lapse-offers": "lapse_offers",
    "erase-passports": "erase_passports",
    "bench": "bench",
    "allocate": "allocate",
    "prod-check": "prod_check",
    "backup": "backup",
    "restore": "restore",
    "knowledge": "knowledge",
    "report": "report",
}


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance.settings")
    if not args or args[0] in {"-h", "--help", "help"}:
        print(__doc__)
        return
    args[0] = ALIASES.get(args[0], args[0])
    if args[0] == "runserver" and len(args) == 1:
        args.append("127.0.0.1:8000")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["alliance", *args])


if __name__ == "__main__":
    main()
