"""The sign-off loop: a planner answers the findings in the published Temuan workbook (with
openpyxl, as in a spreadsheet program), puts it back in the quarter's inbox folder, and the next
run reads the answers. DRAFT until every Kesalahan finding has an answer signed by an authorised
pemeriksa, FINAL after; in the summary, in every workbook's page header and in the file metadata."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from pipelines.cli import app
from tests.conftest import copy_demo

EPOCH = "1735689600"
Q = "2024-TW4"
WORKBOOKS = ("Evaluasi_Renja_2024_TW4.xlsx", "LKj_2024_Tabel.xlsx", "Temuan_2024_TW4.xlsx")
SIGNER = "Rendi Reswandi, S.STP., M.Si."  # an authorised pemeriksa (pipelines/config/pemeriksa.yaml)


class Quarter:
    def __init__(self, root: Path):
        self.root = root
        self.inbox = root / "inbox"
        self.warehouse = root / "wh" / "sakip.duckdb"
        self.out = root / "out" / Q

    def run(self) -> str:
        args = ["run", "--inbox", str(self.inbox), "--warehouse", str(self.warehouse),
                "--out", str(self.root / "out"), "--quarter", Q, "--no-catch-up"]  # fmt: skip
        result = CliRunner().invoke(app, args, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    def sql(self, query: str) -> list[tuple]:
        import duckdb

        con = duckdb.connect(str(self.warehouse), read_only=True)
        try:
            return con.execute(query).fetchall()
        finally:
            con.close()

    def summary(self) -> str:
        return (self.out / "ringkasan_2024_TW4.html").read_text(encoding="utf-8")

    def headers(self) -> dict[str, str]:
        """Each published workbook's page headers and its status property, as one text."""
        found = {}
        for name in WORKBOOKS:
            with zipfile.ZipFile(self.out / name) as z:
                sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
                found[name] = " ".join(z.read(n).decode() for n in [*sheets, "docProps/core.xml"])
        return found


@pytest.fixture(scope="module")
def quarter(tmp_path_factory) -> Quarter:
    root = tmp_path_factory.mktemp("signoff")
    copy_demo(root / "inbox")
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
    mp.setenv("DAGSTER_HOME", str(root / "dagster_home"))
    q = Quarter(root)
    q.run()
    yield q
    mp.undo()


def answer(source: Path, target: Path, signer: str = SIGNER, skip: int | None = None) -> int:
    """Fill the Temuan sheet as a planner does: every Kesalahan row gets a tanggapan, a status
    from the drop-down, the pemeriksa and a date (row ``skip`` of them left empty); and the first
    note of the Catatan evaluasi sheet. Returns the number of Kesalahan rows."""
    book = openpyxl.load_workbook(source)
    ws = book["Temuan"]
    header = next(r for r in range(1, 12) if ws.cell(r, 1).value == "No")
    col = {ws.cell(header, c).value: c for c in range(1, ws.max_column + 1)}
    rows = range(header + 1, ws.max_row + 1)
    errors = [r for r in rows if ws.cell(r, col["Tingkat"]).value == "Kesalahan"]
    for n, r in enumerate(errors):
        if n == skip:
            for label in ("Tanggapan", "Status tindak lanjut", "Pemeriksa", "Tanggal"):
                ws.cell(r, col[label]).value = None
            continue
        ws.cell(r, col["Tanggapan"]).value = f"Sudah dibahas dalam rapat evaluasi ({n + 1})."
        ws.cell(r, col["Status tindak lanjut"]).value = "Dijelaskan"
        ws.cell(r, col["Pemeriksa"]).value = signer
        ws.cell(r, col["Tanggal"]).value = "15-01-2025"
    notes = book["Catatan evaluasi"]
    notes.cell(5, 3).value = "Komitmen pimpinan dan koordinasi antarbidang."
    target.parent.mkdir(parents=True, exist_ok=True)
    book.save(target)
    return len(errors)


def returned(q: Quarter) -> Path:
    return q.inbox / "2024" / "TW4" / "Temuan_2024_TW4_dijawab.xlsx"


def test_draft_before_any_answer(quarter):
    errors = quarter.sql(
        f"SELECT count(*) FROM mart.findings WHERE partition_key = '{Q}' AND severity = 'error'"
    )
    assert errors[0][0] > 0
    assert "DRAFT" in quarter.summary() and "FINAL" not in quarter.summary().split("</header>")[0]
    for name, text in quarter.headers().items():
        assert "DRAFT" in text and "FINAL:" not in text, name


def test_answers_make_the_quarter_final_and_are_kept(quarter):
    n = answer(quarter.out / "Temuan_2024_TW4.xlsx", returned(quarter))
    quarter.run()
    rows = quarter.sql(
        f"SELECT count(*), count(*) FILTER (WHERE dihitung), min(pemeriksa), min(tanggal) FROM stg.tanggapan "
        f"WHERE partition_key = '{Q}' AND status_tindak_lanjut IS NOT NULL"
    )
    assert rows == [(n, n, SIGNER, date(2025, 1, 15))]
    history = quarter.sql(
        "SELECT count(DISTINCT finding_key) FROM meta.tanggapan_riwayat "
        "WHERE status_tindak_lanjut IS NOT NULL"
    )
    assert history == [(n,)]
    open_errors = quarter.sql(
        f"SELECT count(*) FROM mart.findings WHERE partition_key = '{Q}' AND severity = 'error' "
        "AND NOT tanggapan_dihitung"
    )
    assert open_errors == [(0,)]
    head = quarter.summary().split("</header>")[0]
    assert "FINAL" in head and "15-01-2025" in head and SIGNER in head
    for name, text in quarter.headers().items():
        assert "FINAL: semua temuan kesalahan ditanggapi" in text, name
    # the notes reach the Evaluasi Renja form's footer, the answers the republished workbook
    assert quarter.sql(f"SELECT teks FROM mart.catatan_evaluasi WHERE partition_key = '{Q}'") == [
        ("Komitmen pimpinan dan koordinasi antarbidang.",)
    ]
    renja = openpyxl.load_workbook(quarter.out / "Evaluasi_Renja_2024_TW4.xlsx", read_only=True)
    texts = {str(v) for row in renja.worksheets[0].iter_rows(values_only=True) for v in row if v}
    assert "Komitmen pimpinan dan koordinasi antarbidang." in texts
    temuan = openpyxl.load_workbook(quarter.out / "Temuan_2024_TW4.xlsx", read_only=True)["Temuan"]
    values = [v for row in temuan.iter_rows(values_only=True) for v in row]
    assert values.count(SIGNER) == n and values.count("Dijelaskan") == n


def test_clearing_one_answer_brings_draft_back(quarter):
    answer(quarter.out / "Temuan_2024_TW4.xlsx", returned(quarter), skip=0)
    quarter.run()
    assert "DRAFT" in quarter.summary().split("</header>")[0]
    for name, text in quarter.headers().items():
        assert "DRAFT" in text, name
    (status,) = quarter.sql(
        f"SELECT count(*) FROM stg.tanggapan WHERE partition_key = '{Q}' AND NOT dihitung"
    )
    assert status[0] >= 1


def test_an_unauthorised_pemeriksa_does_not_make_it_final(quarter):
    n = answer(quarter.out / "Temuan_2024_TW4.xlsx", returned(quarter), signer="Budi Santoso")
    quarter.run()
    counted = quarter.sql(
        "SELECT count(*) FILTER (WHERE dihitung), count(*) FILTER (WHERE pemeriksa = 'Budi Santoso') "
        f"FROM stg.tanggapan WHERE partition_key = '{Q}'"
    )
    assert counted == [(0, n)]  # kept and shown, not counted
    assert "DRAFT" in quarter.summary().split("</header>")[0]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_a_workbook_resaved_by_libreoffice_is_read_too(quarter, tmp_path):
    filled = tmp_path / "Temuan_2024_TW4_dijawab.xlsx"
    answer(quarter.out / "Temuan_2024_TW4.xlsx", filled)
    outdir = tmp_path / "lo"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
         "--convert-to", "xlsx", "--outdir", str(outdir), str(filled)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    returned(quarter).unlink(missing_ok=True)
    shutil.copy(outdir / filled.name, returned(quarter))
    quarter.run()
    head = quarter.summary().split("</header>")[0]
    assert "FINAL" in head and SIGNER in head
    for name, text in quarter.headers().items():
        assert "FINAL: semua temuan kesalahan ditanggapi" in text, name
