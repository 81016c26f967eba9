"""The five example questions of the README, run as an analyst runs them (``sakip query`` on the
snapshot), against the demo: they must work and give the report's figures."""

import json
import re
from decimal import Decimal
from pathlib import Path

import duckdb
from click.testing import CliRunner

from pipelines.cli import app

README = Path(__file__).resolve().parents[1] / "README.md"


def readme_queries() -> list[str]:
    text = README.read_text(encoding="utf-8")
    block = re.search(r"```sql\n(-- 1\..*?)```", text, re.S)
    assert block, "README has no block of numbered example queries"
    return [s.query for s in duckdb.extract_statements(block.group(1))]


def ask(demo, sql: str) -> list[dict]:
    # "--" ends the options: a query that starts with an SQL comment is not an option
    args = ["query", "--warehouse", str(demo.settings.warehouse), "-f", "json", "--", sql]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def num(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def test_readme_has_five_questions():
    assert len(readme_queries()) == 5


def test_serapan_per_program_at_tw4(demo):
    rows = ask(demo, readme_queries()[0])
    tw4 = {r["program"]: num(r["serapan"]) for r in rows}
    # LKj 2024 Tabel 3.8: 17.845.562.213 / 18.707.112.238 and 7.300.870.511 / 7.934.489.260
    assert tw4 == {
        "Program Penunjang Urusan Pemerintahan Daerah": Decimal("95.39"),
        "Program Kepegawaian Daerah": Decimal("92.01"),
    }
    # the quarter's own spending: the cumulative realisation of TW IV minus that of TW III
    cumulative = dict(
        demo.sql(
            "SELECT partition_key || '|' || uraian, realisasi_kumulatif FROM mart.budget_realisation "
            "WHERE level = 'program' AND partition_key IN ('2024-TW3', '2024-TW4')"
        )
    )
    for r in rows:
        expected = cumulative[f"2024-TW4|{r['program']}"] - cumulative[f"2024-TW3|{r['program']}"]
        assert num(r["realisasi_triwulan"]) == expected > 0


def test_iku_trend(demo):
    rows = ask(demo, readme_queries()[1])
    merit = [r for r in rows if r["indikator"] == "Indeks Sistem Merit" and r["tahun"] == 2024]
    assert len(merit) == 1
    m = merit[0]
    assert (num(m["target"]), num(m["realisasi"]), m["kategori"]) == (
        Decimal("285.5"),
        Decimal("298.5"),
        "Sangat Memuaskan",
    )
    assert num(m["capaian"]) == round(Decimal("298.5") / Decimal("285.5") * 100, 2)  # 104,55


def test_merit_points_to_gain(demo):
    rows = ask(demo, readme_queries()[2])
    assert [r["urutan"] for r in rows] == [1, 2, 3, 4, 5, 6]
    # each step adds bobot x 1 point to the 298,5 of 2024; the plan ends in Sangat Baik
    assert sum(num(r["tambahan_poin"]) for r in rows) == Decimal("27.5")
    assert num(rows[-1]["indeks_setelah"]) == Decimal("326.0")
    assert {r["kategori_sasaran"] for r in rows} == {"Sangat Baik"}


def test_retirements_per_unit(demo):
    rows = ask(demo, readme_queries()[3])
    total = ask(
        demo,
        "SELECT sum(jumlah) AS n FROM mart.retirement_projection WHERE partition_key = '2024-TW4'",
    )[0]["n"]
    assert sum(r["jumlah_5_tahun"] for r in rows) == total > 0
    for r in rows:
        assert sum(r[f"tahun_{i}"] or 0 for i in range(1, 6)) == r["jumlah_5_tahun"]
    bkd = next(r for r in rows if r["unit_kerja"] == "Badan Kepegawaian Daerah")
    assert bkd["jumlah_5_tahun"] > 0


def test_units_with_lowest_attendance(demo):
    rows = ask(demo, readme_queries()[4])
    assert len(rows) == 10
    rates = [num(r["kehadiran"]) for r in rows]
    assert rates == sorted(rates)
    lowest = ask(
        demo,
        "SELECT unit_kerja, hadir + terlambat + pulang_cepat + dinas_luar AS masuk, hari_kerja "
        "FROM mart.attendance_quarterly WHERE partition_key = '2024-TW4' "
        "ORDER BY (hadir + terlambat + pulang_cepat + dinas_luar) / hari_kerja, unit_kerja LIMIT 1",
    )[0]
    assert rows[0]["unit_kerja"] == lowest["unit_kerja"]
    assert rates[0] == round(Decimal(lowest["masuk"]) / Decimal(lowest["hari_kerja"]) * 100, 2)
