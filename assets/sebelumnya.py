"""The earlier quarters of the year, for a quarter that runs on its own (pipelines/core/earlier.py).

One step, ``triwulan_sebelumnya``, with one asset per fact the builds read of the earlier
quarters: the budget lines (realisasi_triwulan, the Renja form's quarter columns), the IKU
achievement (the Renja form), the discipline cases (the SKP table's year to date) and the answers
of returned Temuan workbooks (carried over). For a quarter the warehouse holds, the SQL reads the
mart and nothing is computed; for one it does not, the facts are computed from that quarter's own
inbox folder and kept for this quarter only. The step follows the quarter's inbox manifest (the
run's gate: a quarter without its folder writes nothing) and reads no other asset: the mart
partitions it prefers belong to other quarters (a partition dependency that Dagster's static
partitions cannot express without ordering the quarters), and the inbox folders are read directly.
"""

from datetime import UTC, datetime

import dagster as dg

from assets.components import build_key, system_tags
from assets.inbox import INBOX_KEY
from pipelines.core.checks import load_suite, run_suite
from pipelines.core.earlier import FACTS, compute_earlier
from pipelines.core.messages import pesan
from pipelines.core.metadata import table_metadata, table_value
from pipelines.core.quarters import sql_params
from pipelines.partitions import quarter_of, quarterly_partitions
from pipelines.resources import SakipResource

# fact table -> (domain, source systems, what it holds)
_ASSETS = {
    "budget_realisation_sebelumnya": (
        "budget",
        ["SIPD"],
        "The budget lines of the earlier quarters of the year that the warehouse does not hold, "
        "computed from their own SIPD files: the previous quarter's cumulative realisation behind "
        "realisasi_triwulan and the quarter columns of the Renja form.",
    ),
    "iku_achievement_sebelumnya": (
        "iku",
        ["e-SAKIP", "SIPD"],
        "The IKU achievement of the earlier quarters of the year that the warehouse does not hold, "
        "computed from their own files: the quarter columns of the Renja form's IKU lines.",
    ),
    "disiplin_sebelumnya": (
        "workforce",
        ["SIKAP", "SIMPEDU"],
        "The discipline cases of the earlier quarters of the year that the warehouse does not "
        "hold, staged from their own SIKAP files: the year to date of skp_distribution.",
    ),
    "tanggapan_sebelumnya": (
        "signoff",
        ["Temuan"],
        "The answers in the returned Temuan workbooks of the earlier quarters of the year that the "
        "warehouse does not hold, staged from their own folders: they carry over to this quarter.",
    ),
}
if set(FACTS) != set(_ASSETS):
    raise ValueError("assets/sebelumnya.py and pipelines/core/earlier.py name different facts")
SUITES = {table: load_suite(f"{domain}/{table}.json") for table, (domain, _, _) in _ASSETS.items()}


@dg.multi_asset(
    name="triwulan_sebelumnya",
    specs=[
        dg.AssetSpec(
            key=build_key(table),
            # the run's gate: a quarter without its folder stops there, before anything is written
            deps=[INBOX_KEY],
            group_name="transform",
            kinds={"duckdb", "sql"},
            tags={"domain": domain, **system_tags(systems)},
            skippable=True,
            description=(
                f"{text} Rows of the quarter being run (partition_key), each from the earlier "
                "quarter partition_key_asal, with the same code as a run of that quarter; the "
                "files read are in meta.berkas_sebelumnya. That quarter's partitions are never written."
            ),
        )
        for table, (domain, systems, text) in _ASSETS.items()
    ],
    check_specs=[c for table, suite in SUITES.items() for c in suite.check_specs(build_key(table))],
    partitions_def=quarterly_partitions,
    can_subset=True,
)
def triwulan_sebelumnya(context: dg.AssetExecutionContext, sakip: SakipResource):
    q = quarter_of(context)
    tables = [t for t in _ASSETS if build_key(t) in context.selected_asset_keys]
    con = sakip.connection()
    quarters = compute_earlier(
        con,
        sakip.inbox_path,
        q,
        tables,
        sakip.work_dir / "sebelumnya",
        datetime.now(UTC).replace(tzinfo=None),
    )
    for e in quarters:
        if e.origin == "inbox":
            context.log.info(
                pesan("sebelumnya.dari_inbox", kuartal=e.quarter.key, untuk=q.key, berkas=len(e.files))
            )
            for step, checks in e.blocked.items():
                context.log.warning(
                    pesan(
                        "sebelumnya.ditahan",
                        kuartal=e.quarter.key,
                        langkah=step,
                        pemeriksaan=", ".join(checks),
                    )
                )
        elif e.origin == "tidak_ada":
            context.log.info(pesan("sebelumnya.tidak_ada", kuartal=e.quarter.key, inbox=sakip.inbox_path))
    params = sql_params(q)
    for table in tables:
        fact = FACTS[table]
        checks = run_suite(con, SUITES[table], build_key(table), params)
        chosen = context.selected_asset_check_keys
        checks = [c for c in checks if dg.AssetCheckKey(c.asset_key, c.check_name) in chosen]
        metadata = table_metadata(con, f"build.{table}", q.key)
        metadata["triwulan"] = table_value(
            [
                {
                    "triwulan": e.quarter.key,
                    "asal": pesan(f"sebelumnya.asal_{e.origin}"),
                    "baris": e.rows.get(table, 0) if e.origin == "inbox" else None,
                    "ditahan": ", ".join(
                        f"{step}: {', '.join(failed)}"
                        for step, failed in e.blocked.items()
                        if step.split("/")[1] in (*fact.sources, *fact.builds)
                    ),
                }
                for e in quarters
            ],
            ["triwulan", "asal", "baris", "ditahan"],
        )
        metadata["berkas"] = table_value(
            [
                {
                    "triwulan": f["partition_key_asal"],
                    "berkas": f["source_file"],
                    "lembar": f["sheet"],
                    "sha256": f["sha256"],
                    "baris": f["raw_rows"],
                    "dipakai": f["dipakai"],
                }
                for e in quarters
                for f in e.files
                if f["kind"] in fact.sources
            ],
            ["triwulan", "berkas", "lembar", "sha256", "baris", "dipakai"],
        )
        yield dg.MaterializeResult(asset_key=build_key(table), metadata=metadata)
        yield from checks
