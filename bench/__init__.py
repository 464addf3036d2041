"""The benchmark behind `make bench` (see run.py)."""
