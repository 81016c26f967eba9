"""A quarter stands on its own: run alone on an empty warehouse (from the schedule, the UI or the
CLI), or before the quarters it follows, it gives the same mart rows and the same published files
as the quarters run in order. The earlier quarters of the year that the warehouse lacks are
computed for that run from their own inbox folders (pipelines/core/earlier.py), and no run writes
another quarter's partition.

Mart tables are compared whole (every column, ORDER BY ALL): none holds a run id, a time or a
temporary path (source_file is relative to the inbox), so nothing is excluded. Published files
are compared byte for byte under SOURCE_DATE_EPOCH, except data_docs/: it renders this run's
validations, and the suites of build/*_sebelumnya validate three earlier quarters' rows in a
quarter run alone and none in a quarter run after its predecessors.
"""

from __future__ import annotations

import hashlib
import shutil
from decimal import Decimal
from pathlib import Path

import dagster as dg
import duckdb
import openpyxl
import pytest
from click.testing import CliRunner

from pipelines.cli import app
from pipelines.core.checks import load_suite, run_suite
from pipelines.core.earlier import BUILD_READS, FACTS
from pipelines.core.quarters import Quarter, sql_params
from pipelines.core.settings import DEMO_INBOX, Settings
from pipelines.core.warehouse import connect
from tests.builders import BUDGET_ROWS, budget_xlsx
from tests.conftest import Env

EPOCH = "1735689600"
Q4 = "2024-TW4"


def mart(path: Path, key: str) -> dict[str, list[tuple]]:
    """Every mart table's rows of the quarter, all columns, in a stable order."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = [
            t
            for (t,) in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'mart' ORDER BY table_name"
            ).fetchall()
        ]
        sql = "SELECT * FROM mart.{} WHERE partition_key = ? ORDER BY ALL"
        return {t: con.execute(sql.format(t), [key]).fetchall() for t in tables}
    finally:
        con.close()


def published(folder: Path) -> dict[str, str]:
    """sha256 of every published file of a quarter, data_docs/ aside (see the module docstring)."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).parts[0] != "data_docs"
    }


def query(path: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def cumulative(xlsx: Path, kode: str) -> Decimal:
    """The cumulative realisasi (Rp) printed for a kode in a SIPD workbook of the demo inbox."""
    book = openpyxl.load_workbook(xlsx, read_only=True, data_only=True)
    try:
        header = None
        for row in book["LRA Sub Kegiatan"].iter_rows(values_only=True):
            if header is None:
                if row[0] == "Kode":
                    header = [str(c or "") for c in row]
                continue
            if row[0] == kode:
                realisasi = next(i for i, h in enumerate(header) if h.startswith("Realisasi s.d."))
                return Decimal(row[realisasi])
    finally:
        book.close()
    raise AssertionError(f"{kode} not in {xlsx}")


@pytest.fixture(scope="module")
def alone(tmp_path_factory):
    """2024-TW4 materialised on an empty warehouse through Dagster's API, configured from the
    environment like the code location the schedule runs in (SAKIP_INBOX, SAKIP_WAREHOUSE,
    SAKIP_OUT, DAGSTER_HOME)."""
    from pipelines.core.instance import shared_instance
    from pipelines.definitions import build_definitions

    root = tmp_path_factory.mktemp("alone")
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
    mp.setenv("SAKIP_INBOX", str(DEMO_INBOX))
    mp.setenv("SAKIP_WAREHOUSE", str(root / "wh" / "sakip.duckdb"))
    mp.setenv("SAKIP_OUT", str(root / "out"))
    mp.setenv("DAGSTER_HOME", str(root / "dagster_home"))
    try:
        settings = Settings.from_env()
        defs = build_definitions(settings)
        instance = shared_instance(settings.warehouse)
        result = defs.resolve_job_def("quarterly_evaluation").execute_in_process(
            partition_key=Q4, instance=instance, tags={"trigger": "schedule"}, raise_on_error=False
        )
        assert result.success, [e.message for e in result.all_events if e.is_step_failure]
        assert all(c.passed for c in result.get_asset_check_evaluations())
        materialised = {m.asset_key.to_user_string() for m in result.get_asset_materialization_events()}
        assert "build/budget_realisation_sebelumnya" in materialised
        instance.dispose()
    finally:
        mp.undo()
    return settings


@pytest.fixture(scope="module")
def by_cli(tmp_path_factory):
    """``sakip run --quarter 2024-TW4`` on another empty warehouse: as users run it, catching up
    TW I-III first, so TW IV reads them from the mart."""
    root = tmp_path_factory.mktemp("by_cli")
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
    mp.setenv("DAGSTER_HOME", str(root / "dagster_home"))
    try:
        args = ["run", "--inbox", str(DEMO_INBOX), "--warehouse", str(root / "wh" / "sakip.duckdb"),
                "--out", str(root / "out"), "--quarter", Q4]  # fmt: skip
        result = CliRunner().invoke(app, args, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        assert "Mengejar 2024-TW1, 2024-TW2, 2024-TW3 dulu" in result.output
    finally:
        mp.undo()
    return Settings(inbox=DEMO_INBOX, warehouse=root / "wh" / "sakip.duckdb", out=root / "out")


def test_a_scheduled_run_on_an_empty_warehouse_equals_the_cli_and_the_demo(alone, by_cli, demo):
    tables = mart(alone.warehouse, Q4)
    cli, in_order = mart(by_cli.warehouse, Q4), mart(demo.settings.warehouse, Q4)
    assert set(tables) >= {"budget_realisation", "renja_evaluation", "skp_distribution", "findings"}
    assert all(tables[t] for t in ("budget_realisation", "renja_evaluation", "skp_distribution"))
    assert set(tables) == set(cli) == set(in_order)
    for table, rows in tables.items():
        assert rows == cli[table], table
        assert rows == in_order[table], table
    mine, theirs = published(alone.out / Q4), published(by_cli.out / Q4)
    assert {"Evaluasi_Renja_2024_TW4.xlsx", "LKj_2024_Tabel.xlsx", "Temuan_2024_TW4.xlsx"} <= set(mine)
    assert mine == theirs
    # the quarter's own figures are there: no finding says an earlier quarter is missing
    rules = {r for (r,) in query(alone.warehouse, "SELECT DISTINCT rule FROM mart.findings")}
    assert "previous_quarter_missing" not in rules


def test_the_quarter_amount_is_tw4_minus_tw3_from_the_inbox_files(alone):
    tw4 = DEMO_INBOX / "2024" / "TW4" / "LRA BKD TW IV 2024 (final).xlsx"
    tw3 = DEMO_INBOX / "2024" / "TW3" / "Realisasi Anggaran TW III 2024.xlsx"
    for kode in ("5.03.02.1.04.0002", "5.03.01"):
        expected = cumulative(tw4, kode) - cumulative(tw3, kode)
        own, tw4_rp = query(
            alone.warehouse,
            "SELECT b.realisasi_triwulan, r.tw4_rp FROM mart.budget_realisation b "
            "JOIN mart.renja_evaluation r ON r.partition_key = b.partition_key AND r.kode = b.kode "
            "WHERE b.partition_key = ? AND b.kode = ?",
            [Q4, kode],
        )[0]
        assert own == tw4_rp == expected > 0
    # Pembinaan Disiplin ASN by hand: 48.295.000 - 28.418.280
    assert cumulative(tw4, "5.03.02.1.04.0002") - cumulative(tw3, "5.03.02.1.04.0002") == 19_876_720
    # the Renja form shows every quarter's own spending, and they add up to the year's
    tw1, tw2, tw3_rp, tw4_rp, year = query(
        alone.warehouse,
        "SELECT tw1_rp, tw2_rp, tw3_rp, tw4_rp, realisasi_tahun_rp FROM mart.renja_evaluation "
        "WHERE partition_key = ? AND kode = '5.03.01'",
        [Q4],
    )[0]
    assert None not in (tw1, tw2, tw3_rp)
    assert tw1 + tw2 + tw3_rp + tw4_rp == year == cumulative(tw4, "5.03.01")


def test_no_run_writes_another_quarters_partition_and_the_lineage_names_the_files(alone):
    wh = alone.warehouse
    for schema in ("raw", "stg", "build", "mart", "quarantine"):
        for (table,) in query(wh, "SELECT table_name FROM duckdb_tables() WHERE schema_name = ?", [schema]):
            keys = {k for (k,) in query(wh, f"SELECT DISTINCT partition_key FROM {schema}.{table}")}
            assert keys <= {Q4}, (schema, table, keys)
    assert query(wh, "SELECT DISTINCT partition_key FROM meta.commits") == [(Q4,)]
    # the earlier quarters' rows, each kept for TW IV only
    rows = dict(
        query(wh, "SELECT partition_key_asal, count(*) FROM build.budget_realisation_sebelumnya GROUP BY ALL")
    )
    assert rows == {"2024-TW1": 42, "2024-TW2": 42, "2024-TW3": 42}
    # which files of which quarter were read, with their checksums
    files = query(
        wh,
        "SELECT partition_key_asal, kind, source_file, sha256, dipakai FROM meta.berkas_sebelumnya "
        "WHERE partition_key = ? ORDER BY ALL",
        [Q4],
    )
    tw3_budget = [f for f in files if f[:2] == ("2024-TW3", "anggaran")]
    path = DEMO_INBOX / "2024" / "TW3" / "Realisasi Anggaran TW III 2024.xlsx"
    assert tw3_budget == [
        ("2024-TW3", "anggaran", "2024/TW3/Realisasi Anggaran TW III 2024.xlsx",
         hashlib.sha256(path.read_bytes()).hexdigest(), True)
    ]  # fmt: skip
    assert {(f[0], f[1]) for f in files} == {
        (q, kind)
        for q in ("2024-TW1", "2024-TW2", "2024-TW3")
        for kind in ("anggaran", "iku", "pegawai", "disiplin")
    }
    assert all(f[4] for f in files)


def test_quarters_in_reverse_order_give_the_same_marts(alone, demo, tmp_path, monkeypatch):
    """TW III after TW IV (both alone), then TW IV again, now reading TW III from the mart and
    TW I-II from their inbox folders."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    env = Env(tmp_path, DEMO_INBOX)
    env.settings.warehouse.parent.mkdir(parents=True)
    for name in (alone.warehouse.name, alone.warehouse.name + ".wal"):
        if (alone.warehouse.parent / name).exists():
            shutil.copy(alone.warehouse.parent / name, env.settings.warehouse.parent / name)
    assert env.run("2024-TW3").success
    assert mart(env.settings.warehouse, "2024-TW3") == mart(demo.settings.warehouse, "2024-TW3")
    assert mart(env.settings.warehouse, Q4) == mart(demo.settings.warehouse, Q4)
    assert env.run(Q4).success
    assert mart(env.settings.warehouse, Q4) == mart(demo.settings.warehouse, Q4)
    used = env.sql(
        "SELECT DISTINCT partition_key_asal FROM meta.berkas_sebelumnya WHERE partition_key = ? ORDER BY 1",
        [Q4],
    )
    assert used == [("2024-TW1",), ("2024-TW2",)]  # TW III is in the warehouse now: its mart is read


# --- small inboxes: what a computed earlier quarter may and may not give ------------------------

Q1, Q2 = "2024-TW1", "2024-TW2"
# TW II of the small SIPD export: both sub kegiatan spent more (95.000 and 185.000 cumulative)
TW2_ROWS = [
    ["5.03.02", "Program Kepegawaian Daerah", 300000, 280000, 93.33],
    ["5.03.02.1.02", "Mutasi dan Promosi ASN", 300000, 280000, 93.33],
    ["5.03.02.1.02.0001", "Pengelolaan Mutasi ASN", 100000, 95000, 95],
    ["5.03.02.1.02.0003", "Pengelolaan Promosi ASN", 200000, 185000, 92.5],
]


def _quarter_amounts(env: Env) -> dict[str, Decimal | None]:
    return dict(
        env.sql("SELECT kode, realisasi_triwulan FROM mart.budget_realisation WHERE partition_key = ?", [Q2])
    )


def _missing(env: Env) -> list[tuple]:
    return env.sql(
        "SELECT message FROM mart.findings WHERE partition_key = ? AND rule = 'previous_quarter_missing'",
        [Q2],
    )


def test_an_earlier_quarter_from_its_own_folder(env, inbox):
    budget_xlsx(inbox / "2024" / "TW1" / "lra.xlsx")
    budget_xlsx(inbox / "2024" / "TW2" / "lra.xlsx", rows=TW2_ROWS)
    assert env.run(Q2, domains=["budget"]).success
    # 95.000 - 90.000 and 185.000 - 150.000, summed upwards
    assert _quarter_amounts(env) == {
        "5.03.02.1.02.0001": Decimal("5000.00"),
        "5.03.02.1.02.0003": Decimal("35000.00"),
        "5.03.02.1.02": Decimal("40000.00"),
        "5.03.02": Decimal("40000.00"),
        "TOTAL": Decimal("40000.00"),
    }
    assert _missing(env) == []
    assert env.sql("SELECT DISTINCT partition_key FROM mart.budget_realisation") == [(Q2,)]
    assert env.sql("SELECT partition_key_asal, source_file, dipakai FROM meta.berkas_sebelumnya") == [
        (Q1, "2024/TW1/lra.xlsx", True)
    ]
    amounts = _quarter_amounts(env)
    # once TW I is in the warehouse, TW II's kept rows of it are stale: the check says so ...
    assert env.run(Q1, domains=["budget"]).success
    suite = load_suite("budget/budget_realisation_sebelumnya.json")
    with connect(env.settings.warehouse) as con:
        results = run_suite(
            con, suite, dg.AssetKey(["build", "budget_realisation_sebelumnya"]), sql_params(Quarter.parse(Q2))
        )
    assert {r.check_name: r.passed for r in results} == {
        "earlier_quarter_of_the_year": True,
        "not_held_by_the_warehouse": False,
        "one_row_per_quarter_and_key": True,
    }
    # ... the SQL reads the mart for it, and the next run of TW II keeps nothing of it
    assert env.run(Q2, domains=["budget"]).success
    assert _quarter_amounts(env) == amounts
    assert env.sql("SELECT count(*) FROM build.budget_realisation_sebelumnya") == [(0,)]
    assert env.sql("SELECT count(*) FROM meta.berkas_sebelumnya") == [(0,)]


def test_an_earlier_quarter_that_fails_its_blocking_check_is_not_used(env, inbox):
    rows = [list(r) for r in BUDGET_ROWS]
    rows[2][3] = -5  # negative realisasi: stg/anggaran's blocking realisasi_not_negative
    budget_xlsx(inbox / "2024" / "TW1" / "lra.xlsx", rows=rows)
    budget_xlsx(inbox / "2024" / "TW2" / "lra.xlsx", rows=TW2_ROWS)
    assert env.run(Q2, domains=["budget"]).success
    assert set(_quarter_amounts(env).values()) == {None}
    ((message,),) = _missing(env)
    assert "2024-TW1" in message
    assert env.sql("SELECT count(*) FROM build.budget_realisation_sebelumnya") == [(0,)]
    assert env.sql("SELECT partition_key_asal, dipakai FROM meta.berkas_sebelumnya") == [(Q1, False)]


def test_an_earlier_quarter_absent_from_the_inbox_stays_missing(env, inbox):
    budget_xlsx(inbox / "2024" / "TW2" / "lra.xlsx", rows=TW2_ROWS)
    assert env.run(Q2, domains=["budget"]).success
    assert set(_quarter_amounts(env).values()) == {None}
    ((message,),) = _missing(env)
    assert message.startswith(
        "Realisasi anggaran triwulan 2024-TW1 tidak ada di gudang data maupun di folder"
    )
    assert env.sql("SELECT count(*) FROM meta.berkas_sebelumnya") == [(0,)]


def test_the_chains_follow_the_domains_definitions():
    """pipelines/core/earlier.py stages and builds what the domains' defs.yaml say each fact's
    tables read, and the quarter's builds read the facts they declare."""
    from pipelines.definitions import defs

    graph = defs.resolve_asset_graph()

    def parents(key: str) -> set[str]:
        return {k.to_user_string() for k in graph.get(dg.AssetKey.from_user_string(key)).parent_keys}

    for fact in FACTS.values():
        for table in fact.builds:
            reads = parents(f"build/{table}") - {f"build/{t}" for t in FACTS}
            assert reads == set(BUILD_READS[table]), table
            assert reads <= {f"stg/{k}" for k in fact.sources} | {f"build/{b}" for b in fact.builds}
        for kind in fact.sources:
            assert parents(f"stg/{kind}") - {f"raw/{kind}"} <= {f"stg/{k}" for k in fact.sources}
    assert "build/budget_realisation_sebelumnya" in parents("build/budget_realisation")
    assert {"build/budget_realisation_sebelumnya", "build/iku_achievement_sebelumnya"} <= parents(
        "build/renja_evaluation"
    )
    assert "build/disiplin_sebelumnya" in parents("build/skp_distribution")
    assert "build/tanggapan_sebelumnya" in parents("build/findings")
    assert Quarter.parse(Q4).earlier_in_year() == [Quarter(2024, n) for n in (1, 2, 3)]
