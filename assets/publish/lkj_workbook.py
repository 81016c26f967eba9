"""The LKj tables workbook, published with the TW IV outputs."""

import dagster as dg

from assets.common import quarter_of
from assets.marts import COMMIT_KEY
from assets.publish.files import atomic_path, quarter_dir
from assets.publish.lkj_sheets import LKJ_SHEETS
from assets.publish.xlsx import Book
from pipelines.partitions import quarterly_partitions
from pipelines.resources import SakipResource

LKJ_KEY = dg.AssetKey(["publish", "lkj_workbook"])


def workbook_name(q) -> str:
    return f"LKj_{q.tahun}_Tabel.xlsx"


def write_lkj_workbook(con, q, path) -> dict[str, int]:
    book = Book(path, f"Tabel LKj {q.tahun}")
    counts = {}
    for sheet in sorted(LKJ_SHEETS, key=lambda s: s.order):
        ws = book.sheet(sheet.name)
        counts[sheet.name] = sheet.write(book, ws, con, q)
    book.close()
    return counts


@dg.asset(
    key=LKJ_KEY,
    deps=[COMMIT_KEY],
    partitions_def=quarterly_partitions,
    group_name="publish",
    kinds={"excel"},
    tags={"domain": "lkj"},
    description=(
        "At TW IV: the tables of the annual performance report (LKj) from the marts - IKU "
        "achievement and trend (Tabel 3.3), budget per program/kegiatan/sub kegiatan (3.6), "
        "kinerja and anggaran (3.7, 3.8), the budget revision (3.9), and the sheets other "
        "domains register. Other quarters publish nothing here."
    ),
)
def lkj_workbook(context: dg.AssetExecutionContext, sakip: SakipResource) -> dg.MaterializeResult:
    q = quarter_of(context)
    if q.triwulan != 4:
        return dg.MaterializeResult(
            metadata={"published": False, "reason": "LKj tables are published at TW IV"}
        )
    target = quarter_dir(sakip.out_path, q) / workbook_name(q)
    with sakip.connect(read_only=True) as con, atomic_path(target) as tmp:
        counts = write_lkj_workbook(con, q, tmp)
    return dg.MaterializeResult(
        metadata={
            "published": True,
            "path": dg.MetadataValue.path(str(target)),
            **{f"rows/{k}": v for k, v in counts.items()},
        }
    )
