"""The programmes benchmark (``python -m alliance.programmes.benchmark``): a fresh database
with 20,000 applications over 10 calls and 300 reviewers; the reviewer assignment of a call of
5,000 applications, the suggested selection, and the call's dashboard and application list
served by gunicorn in production mode, with their SQL queries counted on a small and the big
call.

- ``__main__``: the command's side: a temporary folder, on PostgreSQL a new database, the
  benchmark in a child process with production settings, and the clean-up whatever happens;
- ``run``: the benchmark, in the child: migrate, data, measurements, report;
- ``dataset``: the members, calls, applicants, applications, panels and a session.
"""
