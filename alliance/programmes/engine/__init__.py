"""The pure part of programmes: no Django, plain data in and out. Working days
(``workdays``), reviewer assignment by load (``assignment``), per-reviewer normalisation of
scores and the ranking (``normalisation``), and the suggested selection under the number of
awards, the budget and the quotas (``selection``). Services feed them plain data and store what
they return."""
