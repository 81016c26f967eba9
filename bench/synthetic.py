"""Synthetic inputs for bench/floor.py: a SIPD budget export of any size, and an HR inbox
(SIMPEDU snapshot + SIKAP attendance) of any number of rows. Generated once into bench/data/."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import xlsxwriter

ROOT = Path(__file__).resolve().parent
REPO = ROOT.parent
DATA = ROOT / "data"
WORKING_DAYS_TW4 = 61  # 2024-TW4 working days in demo/generate_hr.py's calendar (approximately)


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
