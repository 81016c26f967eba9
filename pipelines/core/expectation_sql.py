"""Great Expectations suites compiled into DuckDB SQL: one query per check batch.

The suites in expectations/ stay plain GE JSON and the single source of what is checked; this
module evaluates them without Great Expectations (whose import alone takes seconds). A batch's
SQL file (sql/<domain>/check_*.sql) is wrapped, not copied::

    WITH batch AS MATERIALIZED (SELECT *, row_number() OVER () AS __sakip_row FROM (<check sql>)),
         marked AS MATERIALIZED (SELECT *, <one window per uniqueness expectation> FROM batch)
    SELECT count(*), <counts and samples of every expectation> FROM marked

and the one row it returns becomes a result in the shape of GE's ExpectationSuiteValidationResult
(result_format COMPLETE with unexpected_index_column_names, lists cut to PARTIAL_ITEMS), the shape
meta.validations, the asset checks and the Data Docs read. Values of the suites (value_set,
min_value, max_value, the literal of a row_condition) are bound as parameters ($p0, $p1, ...);
column names are quoted identifiers checked against the batch's columns.

Only the expectation types the suites use are supported (SUPPORTED, with the kwargs each may
have); anything else is refused when a suite is loaded (check_config). The semantics are GE's on
the pandas batch it used to validate (tests/test_checks_compiled.py runs both and compares):

- a batch is seen as pandas saw it: NaN is missing (NULL) and DECIMAL / HUGEINT are DOUBLE;
- column map expectations ignore missing values (their element_count counts them,
  unexpected_percent is over the non-missing ones), except expect_column_values_to_not_be_null,
  which counts them as its unexpected values and reports no missing_* fields;
- ``mostly`` (default 1): success when (considered - unexpected) / considered >= mostly, and a
  batch with nothing to consider passes;
- uniqueness counts every row whose value (or value tuple) occurs more than once among the rows
  considered; a compound key's missing values compare equal, as pandas' duplicated() does;
- column pairs: ignore_row_if both_values_are_missing (default), either_value_is_missing or
  neither; a pair with one missing value is unexpected (pandas compares NaN as unequal);
- compound columns: ignore_row_if all_values_are_missing (default), any_value_is_missing, never;
- between: min_value / max_value inclusive unless strict_min / strict_max;
- row_condition: GE's structured conditions (comparison ==, !=, <, <=, >, >=, IN, NOT_IN;
  nullity; and; or) or a pandas query ``<column> <op> <literal>`` (condition_parser "pandas"),
  with pandas' meaning of a missing value (it satisfies != and NOT_IN only);
- table row count: observed_value is the (row_condition's) row count.

A column an expectation names that the batch lacks makes that expectation fail with an
exception message, as in GE; the other expectations of the batch are still evaluated.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import duckdb

PARTIAL_ITEMS = 20  # GE's partial_unexpected_count: values, index entries and counts kept
ROW = "__sakip_row"

_CONDITION_KWARGS = frozenset({"row_condition", "condition_parser"})
_MAP_KWARGS = _CONDITION_KWARGS | {"mostly"}
_BOUNDS = frozenset({"min_value", "max_value", "strict_min", "strict_max"})
# type -> (required kwargs, optional kwargs)
SUPPORTED: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "expect_column_values_to_not_be_null": (frozenset({"column"}), _MAP_KWARGS),
    "expect_column_values_to_be_unique": (frozenset({"column"}), _MAP_KWARGS),
    "expect_column_values_to_be_in_set": (frozenset({"column", "value_set"}), _MAP_KWARGS),
    "expect_column_values_to_not_be_in_set": (frozenset({"column", "value_set"}), _MAP_KWARGS),
    "expect_column_values_to_be_between": (frozenset({"column"}), _MAP_KWARGS | _BOUNDS),
    "expect_column_pair_values_to_be_equal": (
        frozenset({"column_A", "column_B"}),
        _MAP_KWARGS | {"ignore_row_if"},
    ),
    "expect_column_pair_values_a_to_be_greater_than_b": (
        frozenset({"column_A", "column_B"}),
        _MAP_KWARGS | {"ignore_row_if", "or_equal"},
    ),
    "expect_compound_columns_to_be_unique": (frozenset({"column_list"}), _MAP_KWARGS | {"ignore_row_if"}),
    "expect_table_row_count_to_be_between": (frozenset(), _CONDITION_KWARGS | _BOUNDS),
}
_PAIR_IGNORE = ("both_values_are_missing", "either_value_is_missing", "neither")
_LIST_IGNORE = ("all_values_are_missing", "any_value_is_missing", "never")
_OPS = {"==": "=", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="}
# <column> <op> <literal>: a string in double or single quotes, a number, True or False
_CONDITION = re.compile(
    r"""^\s*(?P<column>[A-Za-z_][A-Za-z0-9_]*)\s*(?P<op>==|!=|<=|>=|<|>)\s*"""
    r"""(?:"(?P<dq>[^"\\]*)"|'(?P<sq>[^'\\]*)'|(?P<num>-?\d+(?:\.\d+)?)|(?P<bool>True|False))\s*$"""
)


class UnsupportedExpectation(ValueError):
    """An expectation (type, kwarg or value) the compiled checks do not evaluate."""


# --- checking a configuration (when a suite is loaded) ---------------------------------------------


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_scalar(value: Any) -> bool:
    return isinstance(value, str | bool | int | float)


def _condition(node: Any, where: str) -> tuple:
    """A GE row condition (a ComparisonCondition, NullityCondition, AndCondition, OrCondition or
    PassThroughCondition as its dict) as a tree: ("cmp", column, op, value), ("null", column,
    is_null), ("and" | "or", [tree, ...])."""
    if not isinstance(node, Mapping):
        raise UnsupportedExpectation(f"{where}: a condition must be an object, not {node!r}")
    kind = node.get("type")
    if kind == "pass_through":
        return _pandas_query(node.get("pass_through_filter"))
    if kind in ("and", "or"):
        parts = node.get("conditions")
        if not (isinstance(parts, list) and parts):
            raise UnsupportedExpectation(f"{where}: {kind} needs a list of conditions")
        return (kind, [_condition(c, where) for c in parts])
    column = (node.get("column") or {}).get("name") if isinstance(node.get("column"), Mapping) else None
    if not (isinstance(column, str) and column):
        raise UnsupportedExpectation(f"{where}: a condition needs column.name")
    if kind == "nullity":
        if not isinstance(node.get("is_null"), bool):
            raise UnsupportedExpectation(f"{where}: is_null must be true or false")
        return ("null", column, node["is_null"])
    if kind == "comparison":
        op, value = node.get("operator"), node.get("parameter")
        if op in ("IN", "NOT_IN"):
            if not (isinstance(value, list) and all(_is_scalar(v) for v in value)):
                raise UnsupportedExpectation(f"{where}: {op} needs a list of strings, numbers or booleans")
        elif op in _OPS:
            if not _is_scalar(value):
                raise UnsupportedExpectation(f"{where}: {op} needs a string, a number or a boolean")
        else:
            raise UnsupportedExpectation(f"{where}: unknown operator {op!r}")
        return ("cmp", column, op, value)
    raise UnsupportedExpectation(f"{where}: unknown condition type {kind!r}")


def _pandas_query(text: Any) -> tuple:
    """A pandas query string of the form '<column> <op> <literal>'."""
    m = _CONDITION.match(text) if isinstance(text, str) else None
    if not m:
        raise UnsupportedExpectation(
            f"row_condition {text!r}: only '<column> <op> <literal>' is supported "
            "(op ==, !=, <, <=, >, >=; literal a quoted string, a number, True or False)"
        )
    if m["dq"] is not None or m["sq"] is not None:
        value: Any = m["dq"] if m["dq"] is not None else m["sq"]
    elif m["num"] is not None:
        value = float(m["num"]) if "." in m["num"] else int(m["num"])
    else:
        value = m["bool"] == "True"
    return ("cmp", m["column"], m["op"], value)


def parse_condition(kwargs: Mapping[str, Any]) -> tuple | None:
    """The row_condition of an expectation's kwargs as a tree (see _condition), or None: GE's
    structured condition, or a pandas query string with condition_parser "pandas"."""
    condition = kwargs.get("row_condition")
    if condition is None:
        if "condition_parser" in kwargs:
            raise UnsupportedExpectation("condition_parser without row_condition")
        return None
    if isinstance(condition, str):
        if kwargs.get("condition_parser") != "pandas":
            raise UnsupportedExpectation('a row_condition string needs condition_parser "pandas"')
        return _pandas_query(condition)
    return _condition(condition, "row_condition")


def check_config(config: Mapping[str, Any]) -> None:
    """Raise UnsupportedExpectation unless the compiled checks evaluate this expectation exactly
    as GE would: a supported type, known kwargs, values of the right kind."""
    kind = config.get("type")
    if kind not in SUPPORTED:
        raise UnsupportedExpectation(
            f"expectation type {kind!r} is not supported by the compiled checks "
            f"(supported: {', '.join(sorted(SUPPORTED))})"
        )
    kwargs = config.get("kwargs") or {}
    required, optional = SUPPORTED[kind]
    missing = required - kwargs.keys()
    unknown = kwargs.keys() - required - optional
    if missing or unknown:
        raise UnsupportedExpectation(
            f"{kind}: missing kwargs {sorted(missing)}, unsupported kwargs {sorted(unknown)}"
        )
    for name in ("column", "column_A", "column_B"):
        if name in kwargs and not (isinstance(kwargs[name], str) and kwargs[name]):
            raise UnsupportedExpectation(f"{kind}: {name} must be a column name")
    if "column_list" in kwargs:
        cols = kwargs["column_list"]
        if not (isinstance(cols, list) and cols and all(isinstance(c, str) and c for c in cols)):
            raise UnsupportedExpectation(f"{kind}: column_list must be a list of column names")
    if "value_set" in kwargs:
        values = kwargs["value_set"]
        if not (isinstance(values, list) and all(_is_scalar(v) for v in values)):
            raise UnsupportedExpectation(f"{kind}: value_set must be a list of strings, numbers or booleans")
    mostly = kwargs.get("mostly", 1)
    if not (_is_number(mostly) and 0 <= mostly <= 1):
        raise UnsupportedExpectation(f"{kind}: mostly must be a number from 0 to 1")
    for name in ("strict_min", "strict_max", "or_equal"):
        if name in kwargs and not isinstance(kwargs[name], bool):
            raise UnsupportedExpectation(f"{kind}: {name} must be true or false")
    if "ignore_row_if" in kwargs:
        allowed = _LIST_IGNORE if "column_list" in required else _PAIR_IGNORE
        if kwargs["ignore_row_if"] not in allowed:
            raise UnsupportedExpectation(f"{kind}: ignore_row_if must be one of {allowed}")
    low, high = kwargs.get("min_value"), kwargs.get("max_value")
    for name, value in (("min_value", low), ("max_value", high)):
        if value is not None and not _is_number(value):  # GE refuses a string bound of a JSON suite
            raise UnsupportedExpectation(f"{kind}: {name} must be a number")
    if kind == "expect_column_values_to_be_between" and low is None and high is None:
        raise UnsupportedExpectation(f"{kind}: min_value and max_value cannot both be None")
    if low is not None and high is not None and low > high:
        raise UnsupportedExpectation(f"{kind}: min_value cannot be greater than max_value")
    parse_condition(kwargs)


# --- the query -------------------------------------------------------------------------------------


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _family(sql_type: str) -> str:
    """What a DuckDB column type compares with, as pandas would see it."""
    t = sql_type.upper()
    if t in ("BOOLEAN",):
        return "boolean"
    if t.startswith("DECIMAL") or t in (
        "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
        "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE",
    ):  # fmt: skip
        return "number"
    if t == "VARCHAR":
        return "string"
    return "other"


def _value_family(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    return "number" if _is_number(value) else "string" if isinstance(value, str) else "other"


def _comparable(column: str, value: str) -> bool:
    """Whether a value of this family can equal one of the column's (pandas: True == 1)."""
    numeric = {"number", "boolean"}
    return column == value or (column in numeric and value in numeric)


class _Unevaluable(Exception):
    """An expectation GE would answer with an exception (a missing column, a type mismatch)."""


@dataclass
class _Plan:
    """The SQL pieces of one expectation: its output columns are e<i>_<name>."""

    index: int
    config: Mapping[str, Any]
    kind: str
    domain: str = "TRUE"  # the row_condition
    considered: str = "TRUE"  # of the domain: not missing / not ignored
    unexpected: str = "FALSE"  # of the considered rows
    columns: tuple[str, ...] = ()  # the columns whose values partial_unexpected_list shows
    shape: str = "value"  # value (a column's), pair ([a, b]) or row ({column: value})
    pandas: tuple[str, ...] = ()  # how pandas held each of those columns (_pandas_kind)
    error: str | None = None
    error_if_values: str | None = None  # an error GE raises only when there is a value to compare


class _Query:
    def __init__(self, columns: Mapping[str, str]):
        self.columns = columns
        self.params: dict[str, Any] = {}
        self.windows: list[str] = []
        self.select: list[str] = []

    def param(self, value: Any) -> str:
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f"${name}"

    def col(self, name: str) -> str:
        if name not in self.columns:
            raise _Unevaluable(f'Error: The column "{name}" in BatchData does not exist.')
        return quote(name)


def _filter(q: _Query, node: tuple) -> str:
    """A condition tree as SQL with pandas' DataFrame.query meaning: a missing value satisfies
    != and NOT_IN only."""
    if node[0] in ("and", "or"):
        return "(" + f" {node[0].upper()} ".join(_filter(q, c) for c in node[1]) + ")"
    c = q.col(node[1])
    if node[0] == "null":
        return f"({c} IS {'' if node[2] else 'NOT '}NULL)"
    _, column, op, value = node
    family = _family(q.columns[column])
    if op in ("IN", "NOT_IN"):
        values = [v for v in value if _comparable(family, _value_family(v))]
        member = f"coalesce({c} IN ({', '.join(q.param(v) for v in values)}), FALSE)" if values else "FALSE"
        return member if op == "IN" else f"(NOT {member})"
    if not _comparable(family, _value_family(value)):
        # pandas: a value of another kind is never equal, and < / > raise
        if op not in ("==", "!="):
            raise _Unevaluable(f"row_condition: cannot compare {column} {op} {value!r}")
        return "TRUE" if op == "!=" else "FALSE"
    p = q.param(value)
    return f"({c} IS DISTINCT FROM {p})" if op == "!=" else f"coalesce({c} {_OPS[op]} {p}, FALSE)"


def _domain(q: _Query, kwargs: Mapping[str, Any]) -> str:
    condition = parse_condition(kwargs)
    return "TRUE" if condition is None else _filter(q, condition)


def _pandas_kind(sql_type: str) -> str:
    """float: pandas held the column as float64, where a missing value is a NaN unequal to any
    other (GE counts each one apart in partial_unexpected_counts); datetime: datetime64, a
    missing value is NaT and a value shows as an ISO timestamp; other."""
    t = sql_type.upper()
    if t in ("FLOAT", "DOUBLE", "HUGEINT", "UHUGEINT") or t.startswith("DECIMAL"):
        return "float"
    if t == "DATE" or t.startswith("TIMESTAMP"):
        return "datetime"
    return "other"


def _values(q: _Query, plan: _Plan, names: Sequence[str], shape: str) -> None:
    plan.columns, plan.shape = tuple(names), shape
    plan.pandas = tuple(_pandas_kind(q.columns[n]) for n in names)


def _value_sql(plan: _Plan) -> str:
    """A row's value as a struct {v0: .., v1: ..} of the plan's columns."""
    return "{" + ", ".join(f"'v{k}': {quote(c)}" for k, c in enumerate(plan.columns)) + "}"


def _plan(q: _Query, i: int, config: Mapping[str, Any]) -> _Plan:
    kind = config["type"]
    kw = config.get("kwargs") or {}
    plan = _Plan(index=i, config=config, kind=kind)
    try:
        plan.domain = _domain(q, kw)
        if kind == "expect_table_row_count_to_be_between":
            return plan
        if "column" in kw:
            c = q.col(kw["column"])
            family = _family(q.columns[kw["column"]])
            _values(q, plan, (kw["column"],), "value")
            plan.considered = f"({c} IS NOT NULL)"
            if kind == "expect_column_values_to_not_be_null":
                plan.considered, plan.unexpected = "TRUE", f"({c} IS NULL)"
            elif kind == "expect_column_values_to_be_unique":
                window = f"{ROW}_u{i}"
                q.windows.append(
                    f"count(*) FILTER (WHERE {plan.domain} AND {c} IS NOT NULL) OVER (PARTITION BY {c}) "
                    f"AS {window}"
                )
                plan.unexpected = f"({window} > 1)"
            elif kind in ("expect_column_values_to_be_in_set", "expect_column_values_to_not_be_in_set"):
                if family == "other":
                    raise UnsupportedExpectation(
                        f"{kind} on column {kw['column']} of type {q.columns[kw['column']]}"
                    )
                values = [v for v in kw["value_set"] if _comparable(family, _value_family(v))]
                member = f"{c} IN ({', '.join(q.param(v) for v in values)})" if values else "FALSE"
                inside = f"coalesce({member}, FALSE)"
                plan.unexpected = f"(NOT {inside})" if kind == "expect_column_values_to_be_in_set" else inside
            elif kind == "expect_column_values_to_be_between":
                if family == "string":  # pandas raises comparing a string with a number
                    plan.error_if_values = (
                        "Column values, min_value, and max_value must either be None or of the same type."
                    )
                    return plan
                if family != "number":
                    raise UnsupportedExpectation(
                        f"{kind} on column {kw['column']} of type {q.columns[kw['column']]}"
                    )
                low, high = kw.get("min_value"), kw.get("max_value")
                tests = []
                if low is not None:
                    tests.append(f"{c} {'>' if kw.get('strict_min') else '>='} {q.param(low)}")
                if high is not None:
                    tests.append(f"{c} {'<' if kw.get('strict_max') else '<='} {q.param(high)}")
                plan.unexpected = f"(NOT coalesce({' AND '.join(tests)}, FALSE))"
            return plan
        if "column_A" in kw:
            a, b = q.col(kw["column_A"]), q.col(kw["column_B"])
            fa, fb = _family(q.columns[kw["column_A"]]), _family(q.columns[kw["column_B"]])
            if not _comparable(fa, fb) or "other" in (fa, fb):
                raise UnsupportedExpectation(
                    f"{kind} on columns of types {q.columns[kw['column_A']]} and {q.columns[kw['column_B']]}"
                )
            ignore = kw.get("ignore_row_if", "both_values_are_missing")
            plan.considered = {
                "both_values_are_missing": f"NOT ({a} IS NULL AND {b} IS NULL)",
                "either_value_is_missing": f"({a} IS NOT NULL AND {b} IS NOT NULL)",
                "neither": "TRUE",
            }[ignore]
            if kind == "expect_column_pair_values_to_be_equal":
                test = f"{a} = {b}"
            else:
                test = f"{a} {'>=' if kw.get('or_equal') else '>'} {b}"
            plan.unexpected = f"(NOT coalesce({test}, FALSE))"
            _values(q, plan, (kw["column_A"], kw["column_B"]), "pair")
            return plan
        names = tuple(kw["column_list"])
        cols = [q.col(n) for n in names]
        ignore = kw.get("ignore_row_if", "all_values_are_missing")
        plan.considered = {
            "all_values_are_missing": "NOT (" + " AND ".join(f"{c} IS NULL" for c in cols) + ")",
            "any_value_is_missing": "(" + " AND ".join(f"{c} IS NOT NULL" for c in cols) + ")",
            "never": "TRUE",
        }[ignore]
        window = f"{ROW}_u{i}"
        q.windows.append(
            f"count(*) FILTER (WHERE {plan.domain} AND {plan.considered}) "
            f"OVER (PARTITION BY {', '.join(cols)}) AS {window}"
        )
        plan.unexpected = f"({window} > 1)"
        _values(q, plan, names, "row")
        return plan
    except _Unevaluable as exc:
        plan.error = str(exc)
        return plan


def _select(q: _Query, plan: _Plan, ids: Sequence[str]) -> None:
    e = f"e{plan.index}"
    if plan.error is not None:
        return
    q.select.append(f"count(*) FILTER (WHERE {plan.domain}) AS {e}_n")
    if plan.kind == "expect_table_row_count_to_be_between":
        return
    hit = f"{plan.domain} AND {plan.considered} AND {plan.unexpected}"
    q.select.append(f"count(*) FILTER (WHERE {plan.domain} AND {plan.considered}) AS {e}_considered")
    q.select.append(f"count(*) FILTER (WHERE {hit}) AS {e}_unexpected")
    id_struct = "{" + ", ".join(f"'i{k}': {quote(c)}" for k, c in enumerate(ids)) + "}" if ids else "NULL"
    value = _value_sql(plan)
    q.select.append(
        f"min_by({{'v': {value}, 'i': {id_struct}, 'r': {ROW}}}, {ROW}, {PARTIAL_ITEMS}) "
        f"FILTER (WHERE {hit}) AS {e}_first"
    )
    # GE's Counter of the unexpected values: the most common first, ties in the order of the rows;
    # a value holding a float NaN is a group of its own (NaN != NaN)
    nan = [quote(c) for c, kind in zip(plan.columns, plan.pandas, strict=True) if kind == "float"]
    alone = f"CASE WHEN {' OR '.join(f'{c} IS NULL' for c in nan)} THEN {ROW} END" if nan else "NULL"
    q.select.append(
        f"(SELECT list({{'v': v, 'n': n}} ORDER BY n DESC, f) FROM (SELECT {value} AS v, {alone} AS alone, "
        f"count(*) AS n, min({ROW}) AS f FROM marked WHERE {hit} GROUP BY v, alone "
        f"ORDER BY n DESC, f LIMIT {PARTIAL_ITEMS})) AS {e}_counts"
    )


def compile_batch(
    batch_sql: str, columns: Mapping[str, str], configs: Sequence[Mapping[str, Any]], ids: Sequence[str]
) -> tuple[str, dict[str, Any], list[_Plan]]:
    """The query validating ``configs`` on the rows of ``batch_sql`` (whose columns and DuckDB
    types are ``columns``), its parameters, and the plan of each expectation."""
    q = _Query(columns)
    plans = [_plan(q, i, config) for i, config in enumerate(configs)]
    for plan in plans:
        _select(q, plan, ids)
    # the batch as the pandas frame GE validated: NaN missing, DECIMAL / HUGEINT as DOUBLE
    replace = []
    for name, sql_type in columns.items():
        t = sql_type.upper()
        if t in ("FLOAT", "DOUBLE"):
            replace.append(
                f"CASE WHEN isnan({quote(name)}) THEN NULL ELSE {quote(name)} END AS {quote(name)}"
            )
        elif t.startswith("DECIMAL") or t in ("HUGEINT", "UHUGEINT"):
            replace.append(f"{quote(name)}::DOUBLE AS {quote(name)}")
    star = f"* REPLACE ({', '.join(replace)})" if replace else "*"
    windows = "".join(f", {w}" for w in q.windows)
    body = batch_sql.strip().rstrip(";")
    sql = (
        f"WITH batch AS MATERIALIZED (\nSELECT {star}, row_number() OVER () AS {ROW}\n"
        f"FROM (\n{body}\n) AS check_batch\n),\n"
        f"marked AS MATERIALIZED (SELECT *{windows} FROM batch)\n"
        f"SELECT count(*) AS rows_in_batch{''.join(f', {s}' for s in q.select)}\nFROM marked"
    )
    return sql, q.params, plans


# --- the results -----------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """A value as GE's JSON has it."""
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


@dataclass
class ExpectationResult:
    """One expectation's result, with the attributes run_suite reads from GE's."""

    success: bool
    expectation_config: dict[str, Any]
    result: dict[str, Any] = field(default_factory=dict)
    exception_info: dict[str, Any] = field(
        default_factory=lambda: {
            "raised_exception": False,
            "exception_traceback": None,
            "exception_message": None,
        }
    )

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "success": self.success,
            "expectation_config": self.expectation_config,
            "result": self.result,
            "meta": {},
            "exception_info": self.exception_info,
        }


@cache
def _ge_version() -> str | None:
    try:
        return version("great_expectations")
    except PackageNotFoundError:  # pragma: no cover - GE is a dependency
        return None


@dataclass
class SuiteValidation:
    """A batch's validation: GE's ExpectationSuiteValidationResult as far as it is read."""

    suite_name: str
    results: list[ExpectationResult]
    row_count: int

    @property
    def success(self) -> bool:
        return all(r.success for r in self.results)

    @property
    def statistics(self) -> dict[str, Any]:
        evaluated = len(self.results)
        ok = sum(1 for r in self.results if r.success)
        return {
            "evaluated_expectations": evaluated,
            "successful_expectations": ok,
            "unsuccessful_expectations": evaluated - ok,
            "success_percent": ok / evaluated * 100 if evaluated else None,
        }

    def to_json_dict(self) -> dict[str, Any]:
        return json.loads(
            json.dumps(
                {
                    "success": self.success,
                    "results": [r.to_json_dict() for r in self.results],
                    "suite_name": self.suite_name,
                    "suite_parameters": {},
                    "statistics": self.statistics,
                    "meta": {
                        "great_expectations_version": _ge_version(),
                        "batch_markers": {"ge_load_time": None},
                    },
                    "id": None,
                },
                default=str,
            )
        )


def _mostly(considered: int, unexpected: int, mostly: float) -> bool:
    return (float(considered) - float(unexpected)) / float(considered) >= mostly


def _parts(plan: _Plan, struct: Mapping[str, Any], nan: Any) -> list[Any]:
    """A value's parts as GE's JSON shows them; a missing float is ``nan``, a missing datetime
    "NaT", a date an ISO timestamp."""
    parts = []
    for k, kind in enumerate(plan.pandas):
        v = struct[f"v{k}"]
        if v is None:
            v = nan if kind == "float" else "NaT" if kind == "datetime" else None
        elif kind == "datetime" and type(v) is dt.date:
            v = dt.datetime.combine(v, dt.time())
        parts.append(_plain(v))
    return parts


def _shaped(plan: _Plan, parts: list[Any]) -> Any:
    if plan.shape == "value":
        return parts[0]
    if plan.shape == "pair":
        return parts
    return dict(zip(plan.columns, parts, strict=True))


def _counts(plan: _Plan, entries: list[dict] | None) -> list[dict[str, Any]] | None:
    """partial_unexpected_counts: GE sorts the most common values by (-count, value) and leaves
    the list out when the values do not sort (None among strings; a NaN compares false)."""
    items = []
    for e in entries or []:
        parts = _parts(plan, e["v"], float("nan"))
        items.append((parts[0] if plan.shape == "value" else tuple(parts), e["n"]))
    try:
        ordered = sorted(items, key=lambda x: (-x[1], x[0]))
    except TypeError:
        return None

    def plain(v: Any) -> Any:
        if isinstance(v, float) and v != v:
            return None
        return [plain(x) for x in v] if isinstance(v, tuple) else v

    return [{"value": plain(v), "count": n} for v, n in ordered]


def _map_result(plan: _Plan, row: Mapping[str, Any], ids: Sequence[str]) -> ExpectationResult:
    e = f"e{plan.index}"
    total, considered, unexpected = row[f"{e}_n"], row[f"{e}_considered"], row[f"{e}_unexpected"]
    first = row[f"{e}_first"] or []
    not_null = plan.kind == "expect_column_values_to_not_be_null"
    mostly = (plan.config.get("kwargs") or {}).get("mostly", 1)
    if not_null:
        success = total == 0 or _mostly(total, unexpected, mostly)
    else:
        success = total == 0 or considered == 0 or _mostly(considered, unexpected, mostly)
    values = []
    index_list: list[Any] = []
    for item in first:
        parts = _parts(plan, item["v"], None)
        values.append(_shaped(plan, parts))
        if ids:
            named = dict(zip(plan.columns, parts, strict=True))
            index_list.append({**named, **{c: _plain(item["i"][f"i{k}"]) for k, c in enumerate(ids)}})
        else:
            index_list.append(item["r"] - 1)  # the pandas index of the row
    nonnull = None if not_null else considered
    result: dict[str, Any] = {
        "element_count": total,
        "unexpected_count": unexpected,
        "unexpected_percent": None,
        "partial_unexpected_list": values,
    }
    if ids:
        result["unexpected_index_column_names"] = list(ids)
    if total > 0:
        share = unexpected / total * 100
        result["unexpected_percent"] = (
            share if nonnull is None else (unexpected / nonnull * 100 if nonnull else None)
        )
    if nonnull is not None:
        result["missing_count"] = total - nonnull
        result["missing_percent"] = (total - nonnull) / total * 100 if total else None
        result["unexpected_percent_total"] = unexpected / total * 100 if total else None
        result["unexpected_percent_nonmissing"] = result["unexpected_percent"]
    counts = _counts(plan, row[f"{e}_counts"])
    if counts is not None:
        result["partial_unexpected_counts"] = counts
    result["partial_unexpected_index_list"] = index_list
    if unexpected <= PARTIAL_ITEMS:  # complete: GE's COMPLETE lists, kept when this short
        result["unexpected_list"] = values
        result["unexpected_index_list"] = index_list
    return ExpectationResult(success=bool(success), expectation_config=dict(plan.config), result=result)


def _table_result(plan: _Plan, row: Mapping[str, Any]) -> ExpectationResult:
    kw = plan.config.get("kwargs") or {}
    n = row[f"e{plan.index}_n"]
    low, high = kw.get("min_value"), kw.get("max_value")
    above = low is None or (n > low if kw.get("strict_min") else n >= low)
    below = high is None or (n < high if kw.get("strict_max") else n <= high)
    return ExpectationResult(
        success=bool(above and below), expectation_config=dict(plan.config), result={"observed_value": n}
    )


def batch_columns(con: duckdb.DuckDBPyConnection, batch_sql: str) -> dict[str, str]:
    """The batch's columns and their DuckDB types (the batch's variables must be bound)."""
    body = batch_sql.strip().rstrip(";")
    return {r[0]: r[1] for r in con.execute(f"DESCRIBE SELECT * FROM (\n{body}\n) AS check_batch").fetchall()}


def validate_batch(
    con: duckdb.DuckDBPyConnection,
    batch_sql: str,
    configs: Sequence[Mapping[str, Any]],
    id_columns: Sequence[str] = (),
    suite_name: str = "batch",
) -> SuiteValidation:
    """Validate the rows of ``batch_sql`` (its variables bound already) against the expectation
    configurations, in one query; the results follow the order of ``configs``."""
    columns = batch_columns(con, batch_sql)
    ids = [c for c in id_columns if c in columns]
    sql, params, plans = compile_batch(batch_sql, columns, configs, ids)
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    row = dict(zip(names, cursor.fetchone(), strict=True))
    results = []
    for plan in plans:
        error = plan.error
        if error is None and plan.error_if_values is not None and row[f"e{plan.index}_considered"]:
            error = plan.error_if_values
        if error is not None:
            results.append(
                ExpectationResult(
                    success=False,
                    expectation_config=dict(plan.config),
                    exception_info={
                        "raised_exception": True,
                        "exception_traceback": None,
                        "exception_message": error,
                    },
                )
            )
        elif plan.kind == "expect_table_row_count_to_be_between":
            results.append(_table_result(plan, row))
        else:
            results.append(_map_result(plan, row, ids))
    return SuiteValidation(suite_name=suite_name, results=results, row_count=row["rows_in_batch"])
