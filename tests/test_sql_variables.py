"""A SQL file reads its values with getvariable('name'), and DuckDB answers NULL for a name nobody
set: a typo would select no rows and say nothing. warehouse.sql_text therefore refuses to hand
out a file that reads an unset variable, naming the file and the variable; and every name the
files under sql/ read is one the pipeline binds somewhere (sql_params, or a bind() call)."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import duckdb
import pytest

from pipelines.core import findings, warehouse
from pipelines.core.messages import pesan
from pipelines.core.quarters import Quarter, sql_params
from pipelines.core.settings import REPO_ROOT, SQL_DIR
from pipelines.core.warehouse import (
    UnsetVariableError,
    bind,
    connect,
    query_df,
    run_in_transaction,
    sql_text,
    sql_variables,
)

Q = Quarter(2024, 4)


@pytest.fixture
def sql_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "sql"
    (folder / "demo").mkdir(parents=True)
    monkeypatch.setattr(warehouse, "SQL_DIR", folder)
    return folder


def test_the_names_a_sql_text_reads():
    text = (
        "SELECT * FROM t WHERE partition_key = getvariable('partition_key')\n"
        "  AND tahun = GETVARIABLE ( 'Tahun' ) -- and getvariable('triwulan') in a comment\n"
        "  AND x = 'getvariable'"
    )
    assert sql_variables(text) == {"partition_key", "tahun", "triwulan"}


def test_a_misspelt_variable_raises_and_names_the_file(sql_dir):
    (sql_dir / "demo" / "count.sql").write_text(
        "SELECT count(*) AS n FROM range(10) WHERE getvariable('partition_key') = '2024-TW4'\n"
        "AND getvariable('tahun') = 2024",
        encoding="utf-8",
    )
    (sql_dir / "demo" / "typo.sql").write_text(
        "SELECT count(*) AS n FROM range(10) WHERE getvariable('partiton_key') = '2024-TW4'\n"
        "AND getvariable('tahun') = 2024 AND getvariable('triwulam') = 4",
        encoding="utf-8",
    )
    con = duckdb.connect()
    bind(con, sql_params(Q))
    # spelt right, the file runs: all 10 rows of range(10) pass the filter
    assert con.execute(sql_text(con, "demo/count.sql")).fetchone() == (10,)
    # DuckDB itself would answer the typo with zero rows, silently
    assert con.execute((sql_dir / "demo" / "typo.sql").read_text(encoding="utf-8")).fetchone() == (0,)
    with pytest.raises(UnsetVariableError) as raised:
        sql_text(con, "demo/typo.sql")
    message = str(raised.value)
    assert message == pesan(
        "gudang.variabel_belum_diisi",
        berkas="sql/demo/typo.sql",
        variabel="partiton_key, triwulam",
        terisi="partition_key, prev_partition_key, tahun, triwulan",
    )
    assert "sql/demo/typo.sql" in message and "partiton_key" in message and "triwulam" in message
    # the same through the helpers that bind and run a file
    with pytest.raises(UnsetVariableError, match=r"sql/demo/typo\.sql"):
        query_df(con, "demo/typo.sql", **sql_params(Q))
    assert query_df(con, "demo/count.sql", **sql_params(Q))["n"].tolist() == [10]


def test_a_variable_set_to_null_counts_as_set(sql_dir):
    (sql_dir / "demo" / "limit.sql").write_text(
        "SELECT count(*) FROM range(5) WHERE range < coalesce(getvariable('batas'), 3)", encoding="utf-8"
    )
    con = duckdb.connect()
    with pytest.raises(UnsetVariableError, match="batas"):
        sql_text(con, "demo/limit.sql")
    bind(con, {"batas": None})
    assert con.execute(sql_text(con, "demo/limit.sql")).fetchone() == (3,)


def test_nothing_of_the_transaction_runs_when_a_file_reads_an_unset_variable(sql_dir):
    (sql_dir / "demo" / "make.sql").write_text(
        "CREATE TABLE made AS SELECT getvariable('partition_key') AS partition_key", encoding="utf-8"
    )
    (sql_dir / "demo" / "fill.sql").write_text(
        "INSERT INTO made SELECT getvariable('partition_kye')", encoding="utf-8"
    )
    con = duckdb.connect()
    with pytest.raises(UnsetVariableError, match=r"sql/demo/fill\.sql"):
        run_in_transaction(con, ["demo/make.sql", "demo/fill.sql"], sql_params(Q))
    assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'made'").fetchone() == (0,)
    run_in_transaction(con, ["demo/make.sql"], sql_params(Q))
    assert con.execute("SELECT * FROM made").fetchall() == [("2024-TW4",)]


def test_a_typo_in_a_pipeline_file_stops_the_findings_and_names_the_file(tmp_path, monkeypatch):
    """A copy of sql/ with one variable misspelt in sql/common/findings_keys.sql: building the
    quarter's findings raises, names the file, and leaves build.findings as it was."""
    copy = tmp_path / "sql"
    shutil.copytree(SQL_DIR, copy)
    keys = copy / "common" / "findings_keys.sql"
    text = keys.read_text(encoding="utf-8")
    assert text.count("getvariable('partition_key')") >= 1
    keys.write_text(
        text.replace("getvariable('partition_key')", "getvariable('partition')", 1), encoding="utf-8"
    )
    with connect(tmp_path / "wh.duckdb") as con:
        con.execute(
            "INSERT INTO build.findings (partition_key, tahun, triwulan, domain, rule, severity, message) "
            "VALUES ('2024-TW4', 2024, 4, 'budget', 'kept_row', 'info', 'baris lama')"
        )
        monkeypatch.setattr(warehouse, "SQL_DIR", copy)
        monkeypatch.setattr(findings, "SQL_DIR", copy)
        with pytest.raises(UnsetVariableError) as raised:
            findings.build_findings(con, sql_params(Q))
        assert str(raised.value) == pesan(
            "gudang.variabel_belum_diisi",
            berkas="sql/common/findings_keys.sql",
            variabel="partition",
            terisi="partition_key, prev_partition_key, tahun, triwulan",
        )
        assert con.execute("SELECT partition_key, rule, message FROM build.findings").fetchall() == [
            ("2024-TW4", "kept_row", "baris lama")
        ]


# --- every name a SQL file reads is bound somewhere ---------------------------------------------


def _called(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _keys(node: ast.Dict) -> set[str]:
    return {k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)}


def bound_names() -> dict[str, set[str]]:
    """Every SQL variable name the code binds -> where: the keys of sql_params, of the dict
    literals passed to bind(), and of the dict literals that extend sql_params(...)."""
    found: dict[str, set[str]] = {name: {"pipelines/core/quarters.py sql_params"} for name in sql_params(Q)}
    files = [p for folder in ("pipelines", "assets") for p in sorted((REPO_ROOT / folder).rglob("*.py"))]
    for path in files:
        rel = path.relative_to(REPO_ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: set[str] = set()
            if isinstance(node, ast.Call) and _called(node.func) == "bind":
                names = {n for arg in node.args if isinstance(arg, ast.Dict) for n in _keys(arg)}
            elif isinstance(node, ast.Dict) and any(
                k is None and isinstance(v, ast.Call) and _called(v.func) == "sql_params"
                for k, v in zip(node.keys, node.values, strict=True)
            ):
                names = _keys(node)
            for name in names:
                found.setdefault(name, set()).add(rel)
    return found


def test_every_variable_a_sql_file_reads_is_bound_by_the_code():
    bound = bound_names()
    read: dict[str, set[str]] = {}
    for path in sorted(SQL_DIR.rglob("*.sql")):
        for name in sql_variables(path.read_text(encoding="utf-8")):
            read.setdefault(name, set()).add(path.relative_to(REPO_ROOT).as_posix())
    assert read, "no SQL file reads a variable: the scan found nothing"
    unbound = {name: sorted(files) for name, files in read.items() if name not in bound}
    assert not unbound, f"SQL files read variables no code binds: {unbound}"
    # the scan sees both ways of binding: sql_params spread into a step's dict, and bind() calls
    assert "assets/components.py" in bound["source_kind"]
    assert "pipelines/core/publish/summary_html.py" in bound["findings_max"]
    assert "partiton_key" not in bound
