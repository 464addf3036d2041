"""The registration benchmark (``alliance bench registration``): a rush of people registering
for an event with a few hundred seats and delegate quotas, against gunicorn in production mode.

- ``driver``: the command's side: a temporary folder, on PostgreSQL a new database, the
  benchmark in a child process, and the clean-up whatever happens;
- ``run``: the benchmark, in the child: migrate, data, server, rush, count, report;
- ``dataset``: the institutions, the event, the people and their sessions;
- ``clients``: the concurrent HTTP clients that open and send the registration form.

See docs/dev/benchmarks.md ("Registration").
"""
