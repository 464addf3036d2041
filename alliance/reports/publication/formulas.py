"""The formulas of derived indicators ("STU_INTL_IN / STU_TOTAL * 100"): the codes they name and
their value for one institution. Pure: only codes, numbers, + - * / and parentheses."""

from __future__ import annotations

import ast
from decimal import Decimal, DivisionByZero, InvalidOperation

_OPERATORS = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
}


def names_in(formula: str) -> list[str]:
    """The indicator codes a formula reads, in order of first appearance."""
    seen: dict[str, None] = {}
    for node in ast.walk(ast.parse(formula, mode="eval")):
        if isinstance(node, ast.Name):
            seen[node.id] = None
    return list(seen)


def _value(node: ast.AST, values: dict[str, Decimal]) -> Decimal:
    if isinstance(node, ast.Expression):
        return _value(node.body, values)
    if isinstance(node, ast.Name):
        return values[node.id]
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return Decimal(str(node.value))
    if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
        return _OPERATORS[type(node.op)](_value(node.left, values), _value(node.right, values))
    raise ValueError(f"Unsupported part of a formula: {ast.dump(node)}")


def evaluate(formula: str, values: dict[str, Decimal]) -> Decimal | None:
    """The formula's value, or None when it divides by zero."""
    try:
        return _value(ast.parse(formula, mode="eval"), values)
    except (DivisionByZero, InvalidOperation, ZeroDivisionError):
        return None
