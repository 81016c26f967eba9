"""Merit domain: the SI-PERI self-assessment to merit scores, the index per year (trend and
category) and the points-to-gain plan."""

from assets.factories import build_key, make_build_asset, make_raw_asset, make_staging_asset, stg_key

raw_merit = make_raw_asset("merit")
stg_merit = make_staging_asset("merit", "merit/stg_merit.sql", "merit/stg_merit.json")
merit_score = make_build_asset(
    "merit_score",
    ["merit/build_merit_score.sql"],
    "merit/merit_score.json",
    deps=[stg_key("merit")],
    domain="merit",
    systems=["SI-PERI"],
    description=(
        "Every indicator of every assessed year: bobot x nilai (the verified nilai when there is "
        "one), the instrument's bobot and the points still open."
    ),
    preview_columns=["tahun", "aspek_no", "indikator_no", "bobot", "nilai", "nilai_akhir", "sumber_nilai"],
    order_by="tahun DESC, aspek_no, indikator_no",
)
merit_aspect = make_build_asset(
    "merit_aspect",
    ["merit/build_merit_aspect.sql"],
    "merit/merit_aspect.json",
    deps=[build_key("merit_score")],
    domain="merit",
    systems=["SI-PERI"],
    description="Points and maximum per year and aspect: the trend per aspect.",
    preview_columns=["tahun", "aspek_no", "aspek", "poin", "maksimum"],
    order_by="tahun DESC, aspek_no",
)
merit_index = make_build_asset(
    "merit_index",
    ["merit/build_merit_index.sql"],
    "merit/merit_index.json",
    deps=[build_key("merit_aspect"), stg_key("iku")],
    domain="merit",
    systems=["SI-PERI", "e-SAKIP"],
    description=(
        "Indeks Sistem Merit per year: the sum of the detail, the official figure from the IKU "
        "sheet, their difference, the category (KASN: Buruk, Kurang, Baik, Sangat Baik) and the "
        "points per aspect."
    ),
    preview_columns=["tahun", "indeks", "indeks_dilaporkan", "kategori", "bobot_total"],
    order_by="tahun",
)
merit_gain_plan = make_build_asset(
    "merit_gain_plan",
    ["merit/build_merit_gain_plan.sql"],
    "merit/merit_gain_plan.json",
    deps=[build_key("merit_index")],
    domain="merit",
    systems=["SI-PERI", "e-SAKIP"],
    description=(
        "Where the next points are: the fewest one-step nilai increases that lift the latest "
        "year's index into the next category, largest gain first."
    ),
    preview_columns=[
        "urutan",
        "aspek_no",
        "indikator_no",
        "nilai_sekarang",
        "nilai_usulan",
        "tambahan_poin",
        "indeks_setelah",
    ],
    order_by="urutan",
)

ASSETS = [raw_merit, stg_merit, merit_score, merit_aspect, merit_index, merit_gain_plan]
BUILD_ASSETS = [merit_score, merit_aspect, merit_index, merit_gain_plan]
