"""Mutants of the reference solutions: small automatic changes a learner's slip could make.

Each mutant is the solution's source with one change: a comparison or an arithmetic operator
swapped, a constant moved by one, an axis changed, a rounding function swapped or dropped, a
term dropped, a slice's two ends swapped, an operation on an argument made in place, the
returned value's type or order changed, or a random draw moved out of TensorFlow.
tests/test_check_mutants.py requires every exercise's check to reject each mutant, except those
listed there as equivalent, with the reason.
"""

from __future__ import annotations

import ast
import copy
import math
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

COMPARISONS = {
    ast.Gt: (ast.GtE, ast.Lt),
    ast.GtE: (ast.Gt, ast.LtE),
    ast.Lt: (ast.LtE, ast.Gt),
    ast.LtE: (ast.Lt, ast.GtE),
    ast.Eq: (ast.NotEq,),
    ast.NotEq: (ast.Eq,),
}
ARITHMETIC = {
    ast.Add: (ast.Sub, ast.Mult),
    ast.Sub: (ast.Add,),
    ast.Mult: (ast.Div, ast.Add),
    ast.Div: (ast.Mult, ast.FloorDiv),
    ast.FloorDiv: (ast.Div,),
    ast.Pow: (ast.Mult,),
    ast.MatMult: (ast.Mult,),
    ast.Mod: (ast.FloorDiv,),
}
# The in-place form of an operation on an argument: `w += x` instead of `w + x`.
IN_PLACE = {ast.Add: "__iadd__", ast.Sub: "__isub__", ast.Mult: "__imul__", ast.Div: "__itruediv__"}
# Rounding and conversion functions, each with what a slip would write instead ("" drops the call).
ROUNDINGS = {
    "round": ("int", "math.ceil", ""),
    "int": ("round", ""),
    "floor": ("ceil", "round"),
    "ceil": ("floor", "round"),
    "float": ("",),
}
# Reductions whose `axis` or `keepdims` a slip changes.
AXIS_KEYWORDS = ("axis", "keepdims")


@dataclass(frozen=True)
class Mutant:
    """One changed version of a solution: where and what changed, and its source."""

    description: str  # "`z > 0` → `z >= 0` in `return (z > 0).astype(int)`": the change and its line's text
    source: str

    def function(self, name: str) -> Callable:
        """The mutated function ``name``, defined by executing the mutant's source."""
        namespace: dict = {"math": math, "np": np}  # for a rounding swapped for math.ceil, a draw moved to NumPy
        exec(compile(self.source, f"<mutant: {self.description}>", "exec"), namespace)  # noqa: S102
        return namespace[name]


def mutants(source: str) -> Iterator[Mutant]:
    """Every single-change mutant of ``source``, each distinct from the original and from the others."""
    tree = ast.parse(source)
    lines = source.splitlines()
    original = ast.unparse(tree)
    seen, described = {original}, Counter()
    for path, replacement in _changes(tree):
        mutated = copy.deepcopy(tree)
        node, parent, field, index = _locate(mutated, path)
        before = ast.unparse(node)
        new = replacement(node)
        if new is None:
            continue
        if isinstance(new, list):  # a statement replaced by several
            getattr(parent, field)[index : index + 1] = new
            after = "; ".join(ast.unparse(statement) for statement in new)
        elif index is None:
            setattr(parent, field, new)
            after = ast.unparse(new)
        else:
            getattr(parent, field)[index] = new
            after = ast.unparse(new)
        ast.fix_missing_locations(mutated)
        text = ast.unparse(mutated)
        if text in seen:
            continue
        seen.add(text)
        description = f"`{before}` → `{after}` in `{lines[node.lineno - 1].strip()}`"
        described[description] += 1  # the same change twice in one line: the second is numbered
        yield Mutant(description + (f" (#{described[description]})" if described[description] > 1 else ""), text)


def _changes(tree: ast.Module) -> Iterator[tuple[tuple, Callable]]:
    """(path to a node, a function giving its replacement) for every change the operators make."""
    parameters = {
        argument.arg for node in ast.walk(tree) if isinstance(node, ast.FunctionDef) for argument in node.args.args
    }
    for path, node in _walk(tree, ()):
        if isinstance(node, ast.Compare) and len(node.ops) == 1:
            for other in COMPARISONS.get(type(node.ops[0]), ()):
                yield path, _with(lambda n, other=other: setattr(n, "ops", [other()]))
        if isinstance(node, ast.BinOp):
            for other in ARITHMETIC.get(type(node.op), ()):
                yield path, _with(lambda n, other=other: setattr(n, "op", other()))
            yield path, lambda n: n.left  # drop the right-hand term
            yield path, lambda n: n.right  # drop the left-hand term
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.Not)):
            yield path, lambda n: n.operand
        if isinstance(node, ast.Constant) and type(node.value) in (int, float) and not isinstance(node.value, bool):
            yield path, lambda n: ast.Constant(n.value + 1)
            yield path, lambda n: ast.Constant(n.value - 1)
        if isinstance(node, ast.Constant) and isinstance(node.value, bool):
            yield path, lambda n: ast.Constant(not n.value)
        if isinstance(node, ast.keyword) and node.arg in AXIS_KEYWORDS:
            yield path, _axis_change
            yield path, _axis_none
        if isinstance(node, ast.Call) and _called_name(node) in ROUNDINGS:
            for other in ROUNDINGS[_called_name(node)]:
                yield path, lambda n, other=other: _swap_call(n, other)
        if isinstance(node, ast.Slice) and (node.lower is None) != (node.upper is None):
            yield path, lambda n: ast.Slice(lower=n.upper, upper=n.lower, step=n.step)  # a[:k] ↔ a[k:]
        if isinstance(node, ast.Return) and node.value is not None:
            yield path, _returned_as_list
            if isinstance(node.value, ast.Tuple) and len(node.value.elts) == 2:
                yield path, _returned_swapped
        if isinstance(node, ast.BinOp) and isinstance(node.left, ast.Name) and node.left.id in parameters:
            if type(node.op) in IN_PLACE:
                yield path, _in_place
        if isinstance(node, ast.Call) and _called_name(node).startswith("tf.random."):
            yield path, _drawn_by_numpy


def _walk(node: ast.AST, path: tuple) -> Iterator[tuple[tuple, ast.AST]]:
    """Every node below ``node`` with its path: a sequence of (field, index or None)."""
    for field, value in ast.iter_fields(node):
        if isinstance(value, list):
            for index, child in enumerate(value):
                if isinstance(child, ast.AST):
                    yield (*path, (field, index)), child
                    yield from _walk(child, (*path, (field, index)))
        elif isinstance(value, ast.AST):
            yield (*path, (field, None)), value
            yield from _walk(value, (*path, (field, None)))


def _locate(tree: ast.AST, path: tuple) -> tuple[ast.AST, ast.AST, str, int | None]:
    """The node at ``path`` in ``tree``, its parent, and the field and index that hold it."""
    parent, node = None, tree
    for field, index in path:
        parent = node
        node = getattr(node, field) if index is None else getattr(node, field)[index]
    return node, parent, path[-1][0], path[-1][1]


def _with(change: Callable[[ast.AST], None]) -> Callable[[ast.AST], ast.AST]:
    def replace(node):
        change(node)
        return node

    return replace


def _called_name(call: ast.Call) -> str:
    return ast.unparse(call.func).removeprefix("np.").removeprefix("math.")


def _swap_call(call: ast.Call, other: str) -> ast.AST | None:
    if not call.args:
        return None
    if other == "":
        return call.args[0]
    return ast.Call(func=ast.parse(other, mode="eval").body, args=call.args, keywords=call.keywords)


def _axis_change(keyword: ast.keyword) -> ast.keyword | None:
    if isinstance(keyword.value, ast.Constant) and isinstance(keyword.value.value, bool):
        return ast.keyword(arg=keyword.arg, value=ast.Constant(not keyword.value.value))
    if isinstance(keyword.value, ast.Constant) and isinstance(keyword.value.value, int):
        return ast.keyword(arg=keyword.arg, value=ast.Constant(keyword.value.value + 1))
    if isinstance(keyword.value, ast.UnaryOp) and isinstance(keyword.value.op, ast.USub):  # axis=-1
        return ast.keyword(arg=keyword.arg, value=ast.Constant(0))
    return None


def _axis_none(keyword: ast.keyword) -> ast.keyword | None:
    if keyword.arg != "axis":
        return None
    return ast.keyword(arg=keyword.arg, value=ast.Constant(None))


def _returned_as_list(statement: ast.Return) -> ast.Return:
    """Return the value as a list (or, for a tuple of things, each thing as a list)."""

    def as_list(value):
        return ast.Call(func=ast.Name("list", ast.Load()), args=[value], keywords=[])

    if isinstance(statement.value, ast.Tuple):
        return ast.Return(ast.Tuple([as_list(element) for element in statement.value.elts], ast.Load()))
    return ast.Return(as_list(statement.value))


def _returned_swapped(statement: ast.Return) -> ast.Return:
    first, second = statement.value.elts
    return ast.Return(ast.Tuple([second, first], ast.Load()))


def _in_place(operation: ast.BinOp) -> ast.Call:
    """``a + b`` on an argument ``a`` made ``a += b``: the caller's array changes (written ``a.__iadd__(b)``)."""
    method = ast.Attribute(value=operation.left, attr=IN_PLACE[type(operation.op)], ctx=ast.Load())
    return ast.Call(func=method, args=[operation.right], keywords=[])


def _drawn_by_numpy(call: ast.Call) -> ast.Call:
    """``tf.random.uniform([], 0, 4, dtype=tf.int32)`` drawn by NumPy: once, when tf.data traces the function."""
    keywords = {keyword.arg: keyword.value for keyword in call.keywords}
    bounds = [*call.args[1:3], *(keywords[name] for name in ("minval", "maxval") if name in keywords)]
    integer = "int" in ast.unparse(keywords.get("dtype", ast.Constant(None)))
    name = "normal" if _called_name(call) == "tf.random.normal" else ("randint" if integer else "uniform")
    return ast.Call(func=ast.parse(f"np.random.{name}", mode="eval").body, args=bounds, keywords=[])
