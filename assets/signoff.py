"""The sign-off domain: the planners' answers to the findings and their evaluation notes, read
from the Temuan workbook they return to the quarter's inbox folder."""

from assets.factories import build_key, make_build_asset, make_raw_asset, make_staging_asset, stg_key

raw_tanggapan = make_raw_asset("tanggapan")
raw_catatan_evaluasi = make_raw_asset("catatan_evaluasi")
stg_tanggapan = make_staging_asset("tanggapan", "signoff/stg_tanggapan.sql", "signoff/stg_tanggapan.json")
stg_catatan_evaluasi = make_staging_asset(
    "catatan_evaluasi", "signoff/stg_catatan_evaluasi.sql", "signoff/stg_catatan_evaluasi.json"
)
catatan_evaluasi = make_build_asset(
    "catatan_evaluasi",
    ["signoff/build_catatan_evaluasi.sql"],
    "signoff/catatan_evaluasi.json",
    deps=[stg_key("catatan_evaluasi")],
    domain="signoff",
    systems=["Temuan"],
    description=(
        "The evaluation notes (faktor pendorong, faktor penghambat, tindak lanjut) written on the "
        "Catatan evaluasi sheet of the returned Temuan workbook, printed below the Evaluasi Renja form."
    ),
    preview_columns=["butir", "teks"],
    order_by="butir",
)

ASSETS = [raw_tanggapan, raw_catatan_evaluasi, stg_tanggapan, stg_catatan_evaluasi, catatan_evaluasi]
BUILD_ASSETS = [catatan_evaluasi]
ANSWERS = [stg_key("tanggapan"), build_key("catatan_evaluasi")]
