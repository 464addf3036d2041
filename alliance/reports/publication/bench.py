"""Benchmark of the annual report: the whole edition (web, open data and PDF) from all the public
data (51 countries over 35 years) and 1,000 generated institutions over 10 years.

    python -m alliance.reports.publication.bench

Prints the time of each step, the total and the PDF's size. Goals: at most 30 s on the
reference machine, a PDF of at most 5 MB."""

from __future__ import annotations

import os
import sys
import time

GOAL_SECONDS = 30.0
GOAL_PDF_BYTES = 5 * 1024 * 1024


def main(institutions: int = 1000) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance.settings")
    import django

    django.setup()
    from alliance.reports.publication.build import build_files, pdf_name
    from alliance.reports.publication.generated import generate

    year = 2026
    started, cpu_started = time.perf_counter(), time.process_time()
    sources = generate(
        year, countries=51, public_years=35, institutions=institutions, member_years=10
    )
    steps: list[tuple[str, float, float]] = [("generating the data", started, cpu_started)]

    def progress(_percent: int, step: str) -> None:
        steps.append((step, time.perf_counter(), time.process_time()))

    files = build_files(
        year, sources, summary="Benchmark edition.", alliance_name="Bench", progress=progress
    )
    finished, cpu_finished = time.perf_counter(), time.process_time()
    ends = [(t, c) for _s, t, c in steps[1:]] + [(finished, cpu_finished)]
    # Wall time, and the process's own CPU time (what the step costs on a machine shared with
    # other work).
    for (step, begin, cpu_begin), (end, cpu_end) in zip(steps, ends, strict=True):
        print(f"{step:<28} {end - begin:6.2f} s  (cpu {cpu_end - cpu_begin:6.2f} s)")
    total = finished - started
    pdf = len(files[pdf_name(year)])
    data = sum(len(v) for k, v in files.items() if k.startswith("data/"))
    print(
        f"{'total':<28} {total:6.2f} s  (cpu {cpu_finished - cpu_started:6.2f} s; "
        f"goal <= {GOAL_SECONDS:.0f} s)"
    )
    print(
        f"PDF size: {pdf / 1024 / 1024:.2f} MB (goal <= 5 MB); open data: {data / 1024 / 1024:.2f} MB"
    )
    print(f"web page: {len(files['index.html']) / 1024:.0f} kB")
    return 0 if total <= GOAL_SECONDS and pdf <= GOAL_PDF_BYTES else 1


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000))
