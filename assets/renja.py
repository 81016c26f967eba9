"""Evaluasi Renja (Permendagri 86/2017): the budget and IKU marts laid out as the form."""

from __future__ import annotations

from assets.factories import build_key, make_build_asset

renja_evaluation = make_build_asset(
    "renja_evaluation",
    ["renja/build_renja_evaluation.sql"],
    "renja/renja_evaluation.json",
    deps=[build_key("budget_realisation"), build_key("iku_achievement")],
    domain="renja",
    systems=["SIPD", "e-SAKIP"],
    description=(
        "The Evaluasi Renja form: per IKU, program, kegiatan and sub kegiatan the Renja target "
        "(K and Rp), the realisation of each quarter, the year's realisation and the level of "
        "achievement; Renstra columns stay empty until a Renstra source exists. The footer "
        "(mean achievement and predikat) is mart.renja_summary."
    ),
    preview_columns=[
        "urutan",
        "jenis_baris",
        "kode",
        "uraian",
        "target_renja_rp",
        "realisasi_tahun_rp",
        "capaian_rp_persen",
        "keterangan",
    ],
    order_by="urutan",
)
renja_summary = make_build_asset(
    "renja_summary",
    ["renja/build_renja_summary.sql"],
    "renja/renja_summary.json",
    deps=[build_key("renja_evaluation")],
    domain="renja",
    systems=["SIPD", "e-SAKIP"],
    description="Footer of the Evaluasi Renja form: mean achievement and predikat.",
)

ASSETS = [renja_evaluation, renja_summary]
BUILD_ASSETS = [renja_evaluation, renja_summary]
