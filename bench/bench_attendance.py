"""Attendance at scale: 1M and 10M SIKAP rows from CSV, read, staged, aggregated and validated by
the pipeline's own assets, against DuckDB's bare read_csv plus the same aggregation on the same
files, and against the same bare DuckDB when it also keeps the raw and typed rows in a database
file (what a pipeline that loses nothing must do). Each measurement runs in a fresh process;
peak memory is that process's max RSS.

    uv run python bench/bench_attendance.py [--sizes 1000000 10000000]

Not a test: results go to stdout and bench/results/attendance.json.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
REPO = ROOT.parent
DATA = ROOT / "data" / "attendance"
WORKING_DAYS_TW4 = 61  # 2024-TW4 working days in demo/generate_hr.py's calendar (approximately)

PIPELINE = r"""
import json, os, resource, sys, time
from pathlib import Path
os.environ.setdefault("SAKIP_PSEUDONYM_KEY", "bench")
import dagster as dg
from pipelines.core.checks import _gx
from assets.inbox import inbox_files
from assets.workforce import raw_pegawai, raw_absensi, stg_pegawai, stg_absensi, attendance_quarterly
from pipelines.resources import SakipResource
_gx()  # Great Expectations imported before the clock starts (it is imported once per process)
inbox, warehouse = sys.argv[1], sys.argv[2]
resource_ = SakipResource(inbox=inbox, warehouse=warehouse, out=str(Path(warehouse).parent / "out"))
rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
start = time.perf_counter()
assets = [inbox_files, raw_pegawai, raw_absensi, stg_pegawai, stg_absensi, attendance_quarterly]
result = dg.materialize(assets, partition_key="2024-TW4", resources={"sakip": resource_})
wall = time.perf_counter() - start
import duckdb
con = duckdb.connect(warehouse, read_only=True)
counts = con.execute("SELECT (SELECT count(*) FROM raw.absensi), (SELECT count(*) FROM stg.absensi), "
                     "(SELECT count(*) FROM quarantine.absensi), "
                     "(SELECT sum(hari_kerja) FROM build.attendance_quarterly), "
                     "(SELECT count(*) FROM build.attendance_quarterly)").fetchone()
checks = [(c.check_name, c.passed) for c in result.get_asset_check_evaluations()]
steps = {e.step_key: round(e.event_specific_data.duration_ms / 1000, 2)
         for e in result.all_events if e.event_type_value == "STEP_SUCCESS"}
print("\nRESULT", json.dumps({"wall_s": wall, "success": result.success, "peak_rss_mib": resource.getrusage(
    resource.RUSAGE_SELF).ru_maxrss / 1024, "rss_after_imports_mib": rss_before, "raw": counts[0],
    "staged": counts[1], "quarantined": counts[2], "aggregated_days": counts[3], "units": counts[4],
    "checks_passed": sum(p for _, p in checks), "checks_failed": [c for c, p in checks if not p],
    "steps_s": steps}))
"""

BASELINE = r"""
import json, resource, sys, time
import duckdb
attendance, snapshot = sys.argv[1], sys.argv[2]
start = time.perf_counter()
con = duckdb.connect()
rows = con.execute('''
    SELECT p.UNOR_NAMA AS unit_kerja, count(*) AS hari_kerja,
           count(*) FILTER (WHERE upper(a.Status) IN ('H', 'HADIR')) AS hadir,
           count(*) FILTER (WHERE upper(a.Status) IN ('T', 'TL', 'TERLAMBAT')) AS terlambat,
           count(*) FILTER (WHERE upper(a.Status) IN ('PC', 'PSW', 'PULANG CEPAT')) AS pulang_cepat,
           count(*) FILTER (WHERE upper(a.Status) IN ('DL', 'DINAS LUAR')) AS dinas_luar,
           count(*) FILTER (WHERE upper(a.Status) IN ('I', 'IZIN')) AS izin,
           count(*) FILTER (WHERE upper(a.Status) IN ('S', 'SAKIT')) AS sakit,
           count(*) FILTER (WHERE upper(a.Status) IN ('C', 'CT', 'CUTI')) AS cuti,
           count(*) FILTER (WHERE upper(a.Status) IN ('TK', 'A', 'TANPA KETERANGAN')) AS tanpa_keterangan
    FROM read_csv(?) a JOIN read_csv(?, types={'NIP_BARU': 'VARCHAR'}) p ON a.NIP::VARCHAR = p.NIP_BARU
    GROUP BY ALL''', [attendance, snapshot]).fetchall()
wall = time.perf_counter() - start
print("\nRESULT", json.dumps({"wall_s": wall, "units": len(rows), "days": sum(r[1] for r in rows),
                  "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

# The same aggregation when the rows are also kept, as the pipeline must keep them (raw rows with
# their line number, typed rows): the floor for a pipeline that loses nothing and can trace.
BASELINE_PERSISTED = r"""
import json, os, resource, sys, time
import duckdb
attendance, snapshot, db = sys.argv[1], sys.argv[2], sys.argv[3]
if os.path.exists(db):
    os.remove(db)
start = time.perf_counter()
con = duckdb.connect(db, config={"memory_limit": "1GB"})
con.execute("SET VARIABLE f = ?", [attendance])
con.execute("SET VARIABLE s = ?", [snapshot])
con.execute("CREATE TABLE raw AS SELECT row_number() OVER () + 1 AS source_row, * "
            "FROM read_csv(getvariable('f'), all_varchar = true)")
con.execute("CREATE TABLE stg AS SELECT source_row, NIP AS nip, "
            "strptime(Tanggal, '%d-%m-%Y')::DATE AS tanggal, upper(Status) AS status FROM raw")
rows = con.execute("SELECT p.UNOR_NAMA AS unit_kerja, count(*) AS hari_kerja, "
                   "count(*) FILTER (WHERE status IN ('H', 'HADIR')) AS hadir, "
                   "count(*) FILTER (WHERE status IN ('T', 'TL', 'TERLAMBAT')) AS terlambat "
                   "FROM stg a JOIN read_csv(getvariable('s'), all_varchar = true) p ON a.nip = p.NIP_BARU "
                   "GROUP BY ALL").fetchall()
con.close()
wall = time.perf_counter() - start
print("\nRESULT", json.dumps({"wall_s": wall, "units": len(rows), "days": sum(r[1] for r in rows),
                  "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def generate(rows: int) -> Path:
    """An inbox with one TW IV SIMPEDU snapshot and that quarter's attendance (about `rows` rows)."""
    inbox = DATA / f"{rows}"
    folder = inbox / "2024" / "TW4"
    if folder.exists() and any(folder.glob("sikap_absensi_*.csv")):
        return inbox
    employees = max(100, rows // WORKING_DAYS_TW4 - 88)
    subprocess.run(
        [
            sys.executable,
            str(REPO / "demo" / "generate_hr.py"),
            "--out",
            str(inbox),
            "--year",
            "2024",
            "--quarters",
            "4",
            "--employees",
            str(employees),
        ],
        check=True,
        cwd=REPO,
    )
    for extra in folder.glob("*"):
        if not extra.name.startswith(("sikap_absensi", "simpedu_pegawai")):
            extra.unlink()
    return inbox


def run(code: str, *args: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", code, *args], cwd=REPO, capture_output=True, text=True)
    if proc.returncode != 0:
        print(proc.stdout[-3000:], proc.stderr[-3000:])
        raise SystemExit(proc.returncode)
    # a marker, not "the last line": progress bars of libraries may share stdout
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
    if not lines:
        print(proc.stdout[-3000:], proc.stderr[-3000:])
        raise SystemExit("the measured process printed no result")
    return json.loads(lines[-1].removeprefix("RESULT "))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    args = parser.parse_args()
    results = {}
    for size in args.sizes:
        t = time.perf_counter()
        inbox = generate(size)
        generated_s = time.perf_counter() - t
        folder = inbox / "2024" / "TW4"
        attendance = next(folder.glob("sikap_absensi_*.csv"))
        snapshot = next(folder.glob("simpedu_pegawai_*.csv"))
        warehouse = DATA / f"wh_{size}" / "sakip.duckdb"
        for old in warehouse.parent.glob("*"):
            if old.is_file():
                old.unlink()
        warehouse.parent.mkdir(parents=True, exist_ok=True)
        pipeline = run(PIPELINE, str(inbox), str(warehouse))
        baseline = run(BASELINE, str(attendance), str(snapshot))
        persisted = run(
            BASELINE_PERSISTED, str(attendance), str(snapshot), str(warehouse.parent / "baseline.duckdb")
        )
        results[str(size)] = {
            "file_mib": round(attendance.stat().st_size / 2**20, 1),
            "generate_s": round(generated_s, 1),
            "pipeline": {k: round(v, 2) if isinstance(v, float) else v for k, v in pipeline.items()},
            "baseline": {k: round(v, 2) if isinstance(v, float) else v for k, v in baseline.items()},
            "ratio_to_baseline": round(pipeline["wall_s"] / baseline["wall_s"], 2),
            "baseline_persisted": {
                k: round(v, 2) if isinstance(v, float) else v for k, v in persisted.items()
            },
            "ratio_to_baseline_persisted": round(pipeline["wall_s"] / persisted["wall_s"], 2),
        }
        print(json.dumps({size: results[str(size)]}, indent=2), flush=True)
    (ROOT / "results").mkdir(exist_ok=True)
    (ROOT / "results" / "attendance.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
