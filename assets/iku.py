"""IKU domain: key performance indicator sheets to mart.iku_achievement and mart.iku_trend."""

from __future__ import annotations

from assets.factories import (
    build_key,
    make_build_asset,
    make_raw_asset,
    make_staging_asset,
    stg_key,
)

raw_iku = make_raw_asset("iku")
stg_iku = make_staging_asset("iku", "iku/stg_iku.sql", "iku/stg_iku.json")
iku_achievement = make_build_asset(
    "iku_achievement",
    ["iku/build_iku_achievement.sql"],
    "iku/iku_achievement.json",
    deps=[stg_key("iku"), build_key("budget_realisation")],
    domain="iku",
    systems=["e-SAKIP", "SIPD"],
    description=(
        "Capaian of every IKU of the year as of the quarter's end: realisasi/target*100, or "
        "(2T-R)/T*100 when lower is better; category from the LKj scale."
    ),
    preview_columns=["indikator", "target", "realisasi", "capaian_persen", "kategori"],
    order_by="indikator",
)
iku_trend = make_build_asset(
    "iku_trend",
    ["iku/build_iku_trend.sql"],
    "iku/iku_trend.json",
    deps=[stg_key("iku")],
    domain="iku",
    systems=["e-SAKIP"],
    description="Year-end target, realisasi and capaian of every IKU for every year in the IKU sheet.",
    preview_columns=["tahun", "indikator", "target", "realisasi", "capaian_persen", "kategori"],
    order_by="indikator, tahun",
)

ASSETS = [raw_iku, stg_iku, iku_achievement, iku_trend]
BUILD_ASSETS = [iku_achievement, iku_trend]
