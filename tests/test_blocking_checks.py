"""A failing blocking check keeps the last good mart, publishes nothing, and the CLI says so."""

import hashlib

from tests.builders import BUDGET_ROWS, budget_xlsx
from tests.conftest import Env

Q = "2024-TW1"


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_failed_blocking_check_keeps_last_good_mart_and_publishes_nothing(env: Env, inbox):
    folder = inbox / "2024" / "TW1"
    budget_xlsx(folder / "lra.xlsx")
    assert env.run(Q, domains=["budget"]).success
    good_rows = env.sql("SELECT * FROM mart.budget_realisation WHERE partition_key = ? ORDER BY kode", [Q])
    outputs = {p: (digest(p), p.stat().st_mtime_ns) for p in env.out_dir(Q).rglob("*") if p.is_file()}
    snapshot = env.settings.warehouse.with_name("sakip.snapshot.duckdb")
    snapshot_state = (digest(snapshot), snapshot.stat().st_mtime_ns)
    assert good_rows and outputs

    rows = [list(r) for r in BUDGET_ROWS]
    rows[2][2] = -100000  # a negative pagu: blocking check pagu_not_negative fails
    budget_xlsx(folder / "lra.xlsx", rows=rows)
    result = env.run(Q, domains=["budget"])

    assert not result.success
    assert ("stg/anggaran", "pagu_not_negative", True) in result.failed_checks
    # staging was written (a failed check does not undo it) ...
    assert (
        env.one(
            "SELECT pagu FROM stg.anggaran WHERE partition_key = ? AND kode = '5.03.02.1.02.0001'",
            [Q],
        )
        == -100000
    )
    # ... but the mart is exactly the last good one, and nothing was published
    assert (
        env.sql("SELECT * FROM mart.budget_realisation WHERE partition_key = ? ORDER BY kode", [Q])
        == good_rows
    )
    assert {p: (digest(p), p.stat().st_mtime_ns) for p in env.out_dir(Q).rglob("*") if p.is_file()} == outputs
    assert (digest(snapshot), snapshot.stat().st_mtime_ns) == snapshot_state
    assert result.outputs == []
