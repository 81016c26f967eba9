"""Budget (anggaran) domain: SIPD realisation exports to mart.budget_realisation."""

from __future__ import annotations

from assets.factories import make_build_asset, make_raw_asset, make_staging_asset, stg_key

raw_anggaran = make_raw_asset("anggaran")
stg_anggaran = make_staging_asset("anggaran", "budget/stg_anggaran.sql", "budget/stg_anggaran.json")
budget_realisation = make_build_asset(
    "budget_realisation",
    ["budget/build_budget_realisation.sql"],
    "budget/budget_realisation.json",
    deps=[stg_key("anggaran")],
    domain="budget",
    systems=["SIPD"],
    description=(
        "Pagu and realisasi per total, program, kegiatan and sub kegiatan. Sub kegiatan carry the "
        "SIPD values; every level above is the sum of its children (printed subtotals are only "
        "reconciled). realisasi_triwulan is the difference from the previous quarter."
    ),
    preview_columns=["level", "kode", "uraian", "pagu", "realisasi_kumulatif", "serapan_persen"],
    order_by="kode",
)

ASSETS = [raw_anggaran, stg_anggaran, budget_realisation]
BUILD_ASSETS = [budget_realisation]
