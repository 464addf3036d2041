"""The allocation engine: pure Python, no Django. See docs/dev/allocation.md."""

from alliance.mobility.engine.io import instance_from_json, result_to_json
from alliance.mobility.engine.mechanisms import MECHANISMS, allocate
from alliance.mobility.engine.model import InputError, Instance, Result, Student, University
from alliance.mobility.engine.reoffer import next_offer

__all__ = [
    "MECHANISMS",
    "InputError",
    "Instance",
    "Result",
    "Student",
    "University",
    "allocate",
    "instance_from_json",
    "next_offer",
    "result_to_json",
]
