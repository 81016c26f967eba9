"""Indonesian numbers, dates and times, read by the SQL macros every staging model uses."""

import datetime as dt
from decimal import Decimal

import pytest

from pipelines.core.warehouse import connect


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    with connect(tmp_path_factory.mktemp("num") / "w.duckdb") as c:
        yield c


@pytest.mark.parametrize(
    ("text", "kind", "rule", "value"),
    [
        ("25.523.201.498", "amount", "thousands", Decimal("25523201498")),
        ("25.523.201.498,34", "amount", "thousands_decimal_comma", Decimal("25523201498.34")),
        ("Rp. 1.078.000.000", "amount", "thousands", Decimal("1078000000")),
        ("Rp25.523.201.498,-", "amount", "thousands", Decimal("25523201498")),
        ("94,34%", "ratio", "decimal_comma", Decimal("94.34")),
        ("(1.000)", "amount", "thousands", Decimal("-1000")),
        ("-1.000", "amount", "thousands", Decimal("-1000")),
        ("1078000000", "amount", "plain", Decimal("1078000000")),
        ("0,9434", "ratio", "decimal_comma", Decimal("0.9434")),
        # read by a documented rule, and reported
        ("546.100.400.00", "amount", "dot_decimal_after_thousands", Decimal("546100400.00")),
        ("25.523.201.498.34", "amount", "dot_decimal_after_thousands", Decimal("25523201498.34")),
        ("279.5", "ratio", "dot_decimal", Decimal("279.5")),
        ("1,078,000,000", "amount", "comma_thousands", Decimal("1078000000")),
        # an Indonesian amount "1.078" is one thousand seventy-eight; a ratio cannot know
        ("1.078", "amount", "thousands", Decimal("1078")),
        ("104.553", "ratio", "dot_decimal", Decimal("104.553")),
    ],
)
def test_number_readings(con, text, kind, rule, value):
    got_rule, got_text = con.execute(
        "SELECT id_num_reading(?, ?), id_num_text(?, ?)", [text, kind, text, kind]
    ).fetchone()
    assert got_rule == rule
    assert Decimal(got_text) == value


@pytest.mark.parametrize("text", [None, "", "-", " - ", "–"])
def test_empty_cells_are_empty_not_zero(con, text):
    assert con.execute("SELECT id_num_reading(?, 'amount'), id_money(?)", [text, text]).fetchone() == (
        None,
        None,
    )


@pytest.mark.parametrize("text", ["12 dokumen", "1.99e+17", "sepuluh", "12,5,3"])
def test_text_is_unreadable_not_guessed(con, text):
    assert con.execute("SELECT id_num_reading(?, 'ratio'), id_ratio(?)", [text, text]).fetchone() == (
        "unreadable",
        None,
    )


def test_guessed_rules_are_the_reported_ones(con):
    rows = con.execute(
        "SELECT r, id_num_guessed(r) FROM (VALUES ('plain'), ('thousands'), ('decimal_comma'), "
        "('thousands_decimal_comma'), ('dot_decimal'), ('dot_decimal_after_thousands'), "
        "('comma_thousands')) t(r) ORDER BY r"
    ).fetchall()
    assert {r for r, guessed in rows if guessed} == {
        "dot_decimal",
        "dot_decimal_after_thousands",
        "comma_thousands",
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01/02/2024", dt.date(2024, 2, 1)),  # day first
        ("01-02-2024", dt.date(2024, 2, 1)),
        ("2024-02-01", dt.date(2024, 2, 1)),
        ("2024-02-01 00:00:00", dt.date(2024, 2, 1)),
        ("45323", dt.date(2024, 2, 1)),  # Excel serial: 1899-12-30 + 45323 days
        ("1 Februari 2024", dt.date(2024, 2, 1)),
        ("01-Agu-2024", dt.date(2024, 8, 1)),
        ("31-02-2024", None),  # impossible date
        ("29-02-2023", None),
        ("29-02-2024", dt.date(2024, 2, 29)),
        ("kemarin", None),
    ],
)
def test_dates_day_first(con, text, expected):
    assert con.execute("SELECT id_date(?)", [text]).fetchone()[0] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("07:30", dt.time(7, 30)),
        ("07.30", dt.time(7, 30)),
        ("7:30:15", dt.time(7, 30, 15)),
        ("25:00", None),
        ("-", None),
    ],
)
def test_times(con, text, expected):
    assert con.execute("SELECT id_time(?)", [text]).fetchone()[0] == expected


def test_volume_and_unit(con):
    rows = con.execute(
        "SELECT id_volume_text(v), id_volume_unit(v) FROM (VALUES ('13 dok'), ('24laporan'), "
        "('14 orang/bln'), ('350'), ('15000 dokumen')) t(v)"
    ).fetchall()
    assert rows == [
        ("13", "dok"),
        ("24", "laporan"),
        ("14", "orang/bln"),
        ("350", None),
        ("15000", "dokumen"),
    ]


def test_printed_value_compared_at_its_own_precision(con):
    # LKj prints 104,6 for 298,5 / 285,5 * 100 = 104,553...: equal at one decimal.
    assert con.execute("SELECT printed_agrees(104.6, 1, 298.5 / 285.5 * 100)").fetchone()[0]
    # Tabel 3.8 prints 92,66 for 320 / 350 * 100 = 91,43.
    assert not con.execute("SELECT printed_agrees(92.66, 2, 320 / 350 * 100)").fetchone()[0]
    # Tabel 3.9 prints 3,88 for (25.523.201.498,34 - 24.688.439.711) / 24.688.439.711 = 3,38%.
    computed = (25523201498.34 - 24688439711) / 24688439711 * 100
    assert round(computed, 2) == 3.38
    assert not con.execute("SELECT printed_agrees(3.88, 2, ?)", [computed]).fetchone()[0]


def test_indonesian_formatting_and_half_up(con):
    assert con.execute("SELECT fmt_id(25523201498, 0), fmt_num(279.5), fmt_num(0.34)").fetchone() == (
        "25.523.201.498",
        "279,5",
        "0,34",
    )
    assert con.execute("SELECT round_half_up(104.555, 2), round_half_up(2.675, 2)").fetchone() == (
        Decimal("104.56"),
        Decimal("2.68"),
    )


@pytest.mark.parametrize(
    ("value", "printed"),
    [
        (1.005, 1.01),  # the double is 1.00499999999999989...: rounded from its text, as people read it
        (2.675, 2.68),
        (104.555, 104.56),
        (0.125, 0.13),
        (-1.005, -1.01),  # half away from zero, as Decimal's ROUND_HALF_UP
        (94.33962264150944, 94.34),
        (123456789.125, 123456789.13),  # round_half_up's DECIMAL(38, 10) cast gives .12 here
        (1e-05, 0.0),
        (99.995, 100.0),
    ],
)
def test_half_up_macro_rounds_as_the_workbooks_print(con, value, printed):
    """The queries that feed the workbooks round with half_up(); the cells must hold what
    pipelines/core/publish/formatting.py half_up() gives, so no cell needs a Decimal."""
    from pipelines.core.publish.formatting import half_up

    assert con.execute("SELECT half_up(?::DOUBLE, 2)", [value]).fetchone()[0] == printed
    assert half_up(value) == printed


def test_half_up_macro_passes_nan_and_null(con):
    nan, null = con.execute("SELECT half_up('nan'::DOUBLE, 2), half_up(NULL::DOUBLE, 2)").fetchone()
    assert nan != nan and null is None
