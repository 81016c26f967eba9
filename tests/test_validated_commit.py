"""Only validated data reaches the mart: the commit promotes a build table only when its checks
passed on exactly the rows it holds, in the same run or recorded in meta.validations by an
earlier one (pipelines/core/data_version.py). A run of some assets only (the commit alone, or a
build step without its checks, as the UI allows) cannot promote rows that failed a blocking check.
"""

from __future__ import annotations

import dagster as dg
import duckdb

from assets.marts import mart_keys
from pipelines.core.data_version import EMPTY_VERSION, partition_version
from pipelines.core.messages import pesan
from pipelines.core.warehouse import connect
from pipelines.definitions import all_assets
from pipelines.resources import SakipResource
from tests.builders import BUDGET_HEADER, xlsx
from tests.conftest import Env

TW1, TW2 = "2024-TW1", "2024-TW2"
BUILD = dg.AssetKey(["build", "budget_realisation"])
SUBSET_OF_BUDGET = [
    dg.AssetKey(["meta", "inbox_files"]),
    dg.AssetKey(["raw", "anggaran"]),
    dg.AssetKey(["stg", "anggaran"]),
    BUILD,
]


def lra(env: Env, quarter: str, mutasi: int, promosi: int) -> None:
    """A SIPD export of one program, one kegiatan and two sub kegiatan (pagu 100000 and 200000),
    with the given cumulative realisasi of the two sub kegiatan; subtotals printed consistently."""
    tw = quarter.split("-")[1]
    total = mutasi + promosi
    xlsx(
        env.settings.inbox / "2024" / tw / "lra.xlsx",
        [
            ["LAPORAN REALISASI ANGGARAN"],
            ["BADAN KEPEGAWAIAN DAERAH PROVINSI LAMPUNG"],
            [],
            BUDGET_HEADER,
            ["5.03.02", "Program Kepegawaian Daerah", 300000, total, round(total / 3000, 2)],
            ["5.03.02.1.02", "Mutasi dan Promosi ASN", 300000, total, round(total / 3000, 2)],
            ["5.03.02.1.02.0001", "Pengelolaan Mutasi ASN", 100000, mutasi, round(mutasi / 1000, 2)],
            ["5.03.02.1.02.0003", "Pengelolaan Promosi ASN", 200000, promosi, round(promosi / 2000, 2)],
            [None, "JUMLAH", 300000, total, round(total / 3000, 2)],
        ],
    )


def mart_state(env: Env) -> dict[str, list[tuple]]:
    """Every row of every mart table, every quarter."""
    con = duckdb.connect(str(env.settings.warehouse), read_only=True)
    try:
        tables = [
            t
            for (t,) in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'mart' ORDER BY 1"
            ).fetchall()
        ]
        return {t: con.execute(f"SELECT * FROM mart.{t} ORDER BY ALL").fetchall() for t in tables}
    finally:
        con.close()


def materialize(env: Env, quarter: str, selection: dg.AssetSelection) -> dg.ExecuteInProcessResult:
    """A run of some assets of the graph, as the UI launches it."""
    return dg.materialize(
        all_assets(),
        selection=selection,
        partition_key=quarter,
        resources={"sakip": SakipResource.from_settings(env.settings)},
        instance=dg.DagsterInstance.ephemeral(),
        raise_on_error=False,
    )


def commit_failure(result: dg.ExecuteInProcessResult) -> str:
    (failure,) = [e for e in result.all_events if e.is_step_failure]
    assert failure.step_key == "commit"
    return failure.step_failure_data.user_failure_data.description


def commits(env: Env, quarter: str) -> list[str]:
    return [
        r[0] for r in env.sql("SELECT run_id FROM meta.commits WHERE partition_key = ? ORDER BY 1", [quarter])
    ]


def budget_rows(env: Env, schema: str, quarter: str) -> list[tuple]:
    return env.sql(
        f"SELECT kode, realisasi_kumulatif, realisasi_triwulan FROM {schema}.budget_realisation "
        "WHERE partition_key = ? ORDER BY kode",
        [quarter],
    )


def test_data_version_is_order_independent_and_sees_every_change():
    con = duckdb.connect()
    con.execute("CREATE SCHEMA build")
    con.execute("CREATE TABLE build.x (partition_key VARCHAR, kode VARCHAR, nilai DOUBLE, tanggal DATE)")
    rows = [("Q", "a", 1.5, "2024-01-31"), ("Q", "b", None, None), ("Q", "c", 3.0, "2024-03-31")]
    con.executemany("INSERT INTO build.x VALUES (?, ?, ?, ?)", rows)
    con.execute("INSERT INTO build.x VALUES ('R', 'a', 9.0, NULL)")
    first = partition_version(con, "build.x", "Q")
    assert first.startswith("3:")

    con.execute("CREATE TABLE build.y AS SELECT * FROM build.x ORDER BY kode DESC")
    assert partition_version(con, "build.y", "Q") == first  # same rows, other order
    con.execute("DELETE FROM build.x WHERE partition_key = 'R'")
    assert partition_version(con, "build.x", "Q") == first  # another partition does not count

    con.execute("UPDATE build.x SET nilai = 1.6 WHERE kode = 'a'")
    changed = partition_version(con, "build.x", "Q")
    assert changed != first
    con.execute("UPDATE build.x SET nilai = NULL WHERE kode = 'a'")
    assert partition_version(con, "build.x", "Q") not in (first, changed)
    con.execute("UPDATE build.x SET nilai = 1.5 WHERE kode = 'a'")
    assert partition_version(con, "build.x", "Q") == first  # back to the same rows
    con.execute("INSERT INTO build.x VALUES ('Q', 'c', 3.0, '2024-03-31')")  # a duplicate row
    assert partition_version(con, "build.x", "Q").startswith("4:")

    assert partition_version(con, "build.x", "none") == EMPTY_VERSION
    assert partition_version(con, "build.missing", "Q") is None


def test_validations_of_an_older_warehouse_gain_the_version_columns(tmp_path):
    path = tmp_path / "old.duckdb"
    old = duckdb.connect(str(path))
    old.execute("CREATE SCHEMA meta")
    old.execute(
        "CREATE TABLE meta.validations (partition_key VARCHAR NOT NULL, suite VARCHAR NOT NULL, "
        "batch VARCHAR NOT NULL, asset_key VARCHAR NOT NULL, validated_at TIMESTAMP NOT NULL, "
        "success BOOLEAN NOT NULL, expectations INTEGER NOT NULL, failed INTEGER NOT NULL, "
        "result_json VARCHAR NOT NULL)"
    )
    old.execute(
        "INSERT INTO meta.validations VALUES ('2024-TW1', 's', 'rows', 'build/x', now(), true, 1, 0, '{}')"
    )
    old.close()
    with connect(path) as con:
        row = con.execute(
            "SELECT suite, data_version, checks, failed_checks FROM meta.validations"
        ).fetchall()
    assert row == [("s", None, None, None)]


def test_commit_refuses_build_rows_whose_blocking_check_failed(env: Env):
    lra(env, TW1, mutasi=90000, promosi=150000)
    assert env.run(TW1, domains=["budget"]).success
    lra(env, TW2, mutasi=95000, promosi=160000)
    assert env.run(TW2, domains=["budget"]).success
    good = mart_state(env)
    assert budget_rows(env, "mart", TW2) == [
        ("5.03.02", 255000, 15000),
        ("5.03.02.1.02", 255000, 15000),
        ("5.03.02.1.02.0001", 95000, 5000),
        ("5.03.02.1.02.0003", 160000, 10000),
        ("TOTAL", 255000, 15000),
    ]
    committed = commits(env, TW2)

    # TW2 again, now with the Mutasi realisasi below TW1's: the build's blocking check fails
    lra(env, TW2, mutasi=80000, promosi=160000)
    bad = env.run(TW2, domains=["budget"])
    assert not bad.success
    assert ("build/budget_realisation", "cumulative_not_decreasing", True) in bad.failed_checks
    assert budget_rows(env, "build", TW2)[2] == ("5.03.02.1.02.0001", 80000, -10000)
    assert mart_state(env) == good
    # what the checks recorded for the rows build holds now
    with connect(env.settings.warehouse) as con:
        version = partition_version(con, "build.budget_realisation", TW2)
    assert env.sql(
        "SELECT data_version, list_sort(failed_checks) FROM meta.validations "
        "WHERE partition_key = ? AND asset_key = 'build/budget_realisation'",
        [TW2],
    ) == [(version, ["cumulative_not_decreasing"])]

    # the commit alone (as a UI run of the mart assets would do it): refused, the mart unchanged
    result = materialize(env, TW2, dg.AssetSelection.assets(*mart_keys()))
    assert not result.success
    message = commit_failure(result)
    assert (
        pesan("komit.gagal", tabel="budget_realisation", pemeriksaan="cumulative_not_decreasing") in message
    )
    assert message.startswith(f"{TW2} tidak dimasukkan ke mart")
    assert "build.budget_realisation" in message and "cumulative_not_decreasing" in message
    assert result.get_asset_materialization_events() == []
    assert mart_state(env) == good
    assert commits(env, TW2) == committed

    # the build step again, without its checks in the selection, then the commit: the checks still
    # ran and were recorded, so the commit of the same run refuses the same rows
    result = materialize(env, TW2, dg.AssetSelection.assets(*SUBSET_OF_BUDGET, *mart_keys()).without_checks())
    assert not result.success
    assert result.get_asset_check_evaluations() == []
    assert {m.asset_key for m in result.get_asset_materialization_events()} == set(SUBSET_OF_BUDGET)
    assert "build.budget_realisation" in commit_failure(result)
    assert "cumulative_not_decreasing" in commit_failure(result)
    assert mart_state(env) == good
    assert commits(env, TW2) == committed


def test_commit_alone_promotes_what_an_earlier_run_validated(env: Env):
    lra(env, TW1, mutasi=90000, promosi=150000)
    assert env.run(TW1, domains=["budget"]).success
    lra(env, TW2, mutasi=95000, promosi=160000)
    full = env.run(TW2, domains=["budget"])
    assert full.success and full.committed
    good = mart_state(env)

    # after a full good run, the commit alone: the validations of the same rows are on record
    result = materialize(env, TW2, dg.AssetSelection.assets(*mart_keys()))
    assert result.success, [e.message for e in result.all_events if e.is_step_failure]
    assert result.get_asset_check_evaluations() == []
    assert mart_state(env) == good
    assert commits(env, TW2) == sorted([full.run_id, result.run_id])
    promoted = {
        m.asset_key.path[-1]: m.materialization.metadata["promoted"].value
        for m in result.get_asset_materialization_events()
    }
    # the budget and the findings were built for the quarter; the other domains were never built
    assert {t for t, p in promoted.items() if p} == {"budget_realisation", "findings"}

    # new rows built and validated by a run without the commit; then the commit alone promotes them
    lra(env, TW2, mutasi=99000, promosi=170000)
    built = materialize(env, TW2, dg.AssetSelection.assets(*SUBSET_OF_BUDGET))
    assert built.success
    assert all(c.passed for c in built.get_asset_check_evaluations())
    assert mart_state(env) == good
    result = materialize(env, TW2, dg.AssetSelection.assets(*mart_keys()))
    assert result.success
    assert budget_rows(env, "mart", TW2) == [
        ("5.03.02", 269000, 29000),
        ("5.03.02.1.02", 269000, 29000),
        ("5.03.02.1.02.0001", 99000, 9000),
        ("5.03.02.1.02.0003", 170000, 20000),
        ("TOTAL", 269000, 29000),
    ]
    assert budget_rows(env, "mart", TW1) == [
        ("5.03.02", 240000, 240000),
        ("5.03.02.1.02", 240000, 240000),
        ("5.03.02.1.02.0001", 90000, 90000),
        ("5.03.02.1.02.0003", 150000, 150000),
        ("TOTAL", 240000, 240000),
    ]


def test_commit_refuses_build_rows_changed_after_their_checks(env: Env):
    lra(env, TW1, mutasi=90000, promosi=150000)
    assert env.run(TW1, domains=["budget"]).success
    good = mart_state(env)
    # a value changed in build after the checks passed (no step of the pipeline does this)
    with connect(env.settings.warehouse) as con:
        con.execute(
            "UPDATE build.budget_realisation SET realisasi_kumulatif = 1 "
            "WHERE partition_key = ? AND kode = '5.03.02.1.02.0003'",
            [TW1],
        )
    result = materialize(env, TW1, dg.AssetSelection.assets(*mart_keys()))
    assert not result.success
    message = commit_failure(result)
    assert "build.budget_realisation" in message
    assert "kode_present" in message and "cumulative_not_decreasing" in message  # all its checks
    assert "build.findings" not in message  # the findings did not change since their checks
    assert mart_state(env) == good
