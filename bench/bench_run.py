"""End-to-end benchmark of `sakip run`: the demo inbox, and a synthetic SIPD export of 20,000
budget lines. Reports wall time and peak memory (max RSS of the process).

    uv run python bench/bench_run.py [--lines 20000]

Not a test: numbers go to stdout and bench/results/run.json.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import xlsxwriter

ROOT = Path(__file__).resolve().parent
REPO = ROOT.parent
DATA = ROOT / "data"


def synthetic_budget(path: Path, lines: int, seed: int = 7) -> None:
    """A SIPD-like export: title rows, a two-row header, program and kegiatan subtotal rows,
    ~`lines` sub kegiatan lines, a total row and a signature block."""
    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("LRA")
    ws.write_row(0, 0, ["LAPORAN REALISASI ANGGARAN PER SUB KEGIATAN"])
    ws.write_row(1, 0, ["PEMERINTAH PROVINSI LAMPUNG - TRIWULAN IV 2024"])
    ws.write_row(
        3,
        0,
        [
            "Kode",
            "Program / Kegiatan / Sub Kegiatan",
            "Pagu (Rp)",
            "Realisasi s.d. TW IV",
            None,
            "Kinerja",
            None,
            None,
        ],
    )
    ws.write_row(4, 0, [None, None, None, "Rp", "%", "Target", "Realisasi", "%"])
    row = 5
    subs_per_keg, kegs_per_prog = 20, 10
    programs = max(1, lines // (subs_per_keg * kegs_per_prog))
    total_p = total_r = 0
    for p in range(1, programs + 1):
        prog_rows = []
        block = []
        pp = pr = 0
        for k in range(1, kegs_per_prog + 1):
            kp = kr = 0
            subs = []
            for s in range(1, subs_per_keg + 1):
                pagu = rng.randrange(10_000_000, 2_000_000_000, 1000)
                real = int(pagu * rng.uniform(0.5, 1.0))
                target = rng.randrange(1, 500)
                subs.append(
                    [
                        f"5.{p // 100:02d}.{p % 100:02d}.1.{k:02d}.{s:04d}",
                        f"Sub kegiatan {p}.{k}.{s}",
                        pagu,
                        real,
                        round(real / pagu * 100, 2),
                        f"{target} dokumen",
                        f"{int(target * 0.9)} dokumen",
                        None,
                    ]
                )
                kp += pagu
                kr += real
            block.append(
                [
                    f"5.{p // 100:02d}.{p % 100:02d}.1.{k:02d}",
                    f"Kegiatan {p}.{k}",
                    kp,
                    kr,
                    round(kr / kp * 100, 2),
                    None,
                    None,
                    None,
                ]
            )
            block.extend(subs)
            pp += kp
            pr += kr
        prog_rows.append(
            [
                f"5.{p // 100:02d}.{p % 100:02d}",
                f"Program {p}",
                pp,
                pr,
                round(pr / pp * 100, 2),
                None,
                None,
                None,
            ]
        )
        for values in prog_rows + block:
            ws.write_row(row, 0, values)
            row += 1
        total_p += pp
        total_r += pr
    ws.write_row(row, 0, [None, "JUMLAH", total_p, total_r, round(total_r / total_p * 100, 2)])
    ws.write_row(row + 2, 4, ["Bandar Lampung, 15 Januari 2025"])
    ws.write_row(row + 3, 4, ["KEPALA BADAN"])
    wb.close()


MEASURE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(json.dumps({"wall_s": time.perf_counter() - start, "code": proc.returncode,
                  "peak_rss_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
                  "tail": proc.stdout[-2000:] + proc.stderr[-2000:]}))
"""


def measured(cmd: list[str]) -> dict:
    """Wall time and peak RSS of one command, measured in a fresh process."""
    proc = subprocess.run([sys.executable, "-c", MEASURE, *cmd], cwd=REPO, capture_output=True, text=True)
    result = json.loads(proc.stdout)
    if result["code"] not in (0, 1):
        print(result["tail"])
        raise SystemExit(result["code"])
    return {
        "wall_s": round(result["wall_s"], 2),
        "peak_rss_mib": round(result["peak_rss_mib"], 1),
        "exit_code": result["code"],
    }


def run_cli(args: list[str]) -> dict:
    return measured([sys.executable, "-m", "pipelines.cli", *args])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=20_000)
    args = parser.parse_args()
    shutil.rmtree(DATA / "run", ignore_errors=True)
    results = {}
    results["demo_2024_tw1_to_tw4"] = run_cli(
        [
            "run",
            "--warehouse",
            str(DATA / "run" / "demo" / "w.duckdb"),
            "--out",
            str(DATA / "run" / "demo" / "out"),
        ]
    )
    inbox = DATA / "run" / "inbox20k"
    t = time.perf_counter()
    synthetic_budget(inbox / "2024" / "TW4" / "LRA_provinsi_TW4.xlsx", args.lines)
    results["generate_s"] = round(time.perf_counter() - t, 2)
    results[f"budget_{args.lines}_lines_tw4"] = run_cli(
        [
            "run",
            "--inbox",
            str(inbox),
            "--quarter",
            "2024-TW4",
            "--warehouse",
            str(DATA / "run" / "b20k" / "w.duckdb"),
            "--out",
            str(DATA / "run" / "b20k" / "out"),
        ]
    )
    (ROOT / "results").mkdir(exist_ok=True)
    (ROOT / "results" / "run.json").write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
