"""Findings in Indonesian, grouped by cause: the demo's 2024 merit column is a copy-paste, and that
one finding explains every bobot and index difference of 2023; keys are stable across runs."""

from pipelines.core.messages import catalog, explanations

TW4 = "2024-TW4"


def test_the_2023_copy_paste_explains_the_2023_differences(demo):
    ((cause, message),) = demo.sql(
        "SELECT finding_key, message FROM mart.findings "
        "WHERE partition_key = ? AND rule = 'copy_paste_pattern'",
        [TW4],
    )
    assert message.startswith("Semua 37 indikator tahun 2023 berisi (nilai akhir, bobot, nilai) yang sama")
    explained = dict(
        demo.sql(
            "SELECT severity || '/' || rule, count(*) FROM mart.findings "
            "WHERE partition_key = ? AND penyebab_key = ? GROUP BY ALL",
            [TW4, cause],
        )
    )
    # 18 indicators whose 2023 bobot stands apart, 17 of 18 bobot changes across years (the
    # 18th also changes in another year), and the 2023 bobot total and index
    assert explained == {
        "warning/bobot_differs_from_instrument": 18,
        "warning/bobot_differs_across_years": 17,
        "error/bobot_total_differs": 1,
        "error/index_differs_from_official": 1,
    }
    # nothing about another year is laid at its door
    other_years = demo.one(
        "SELECT count(*) FROM mart.findings "
        "WHERE partition_key = ? AND penyebab_key = ? AND tahun_data <> 2023",
        [TW4, cause],
    )
    assert other_years == 0


def test_every_rule_has_an_indonesian_title_and_every_message_a_template(demo):
    texts = catalog()
    rules = {r for (r,) in demo.sql("SELECT DISTINCT rule FROM mart.findings")}
    assert rules and all(f"aturan.{r}.judul" in texts for r in rules), rules - {
        k.split(".")[1] for k in texts if k.startswith("aturan.")
    }
    assert all(
        cause in {k.split(".")[1] for k in texts if k.startswith("aturan.")}
        for _, cause, *_ in explanations()
    )


def test_finding_keys_are_stable_and_unique_per_quarter(demo):
    rows = demo.sql(
        "SELECT partition_key, count(*), count(DISTINCT finding_key) FROM mart.findings "
        "GROUP BY ALL ORDER BY 1"
    )
    assert [r[0] for r in rows] == ["2024-TW1", "2024-TW2", "2024-TW3", "2024-TW4"]
    assert all(n == distinct for _, n, distinct in rows)
    # the annual merit file gives the same findings every quarter: the same keys
    keys = [
        {
            k
            for (k,) in demo.sql(
                "SELECT finding_key FROM mart.findings WHERE partition_key = ? AND domain = 'merit'", [q]
            )
        }
        for q in ("2024-TW1", TW4)
    ]
    assert keys[0] == keys[1] and len(keys[0]) > 30
