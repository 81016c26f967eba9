"""Re-running a quarter replaces exactly that quarter: identical rows and files, other
quarters untouched."""

import hashlib

import pytest

from tests.conftest import Env, copy_demo

TABLES = [
    "budget_realisation",
    "iku_achievement",
    "iku_trend",
    "findings",
    "renja_evaluation",
    "renja_summary",
]


def mart_rows(env: Env, key: str) -> dict[str, list]:
    return {t: env.sql(f"SELECT * FROM mart.{t} WHERE partition_key = ? ORDER BY ALL", [key]) for t in TABLES}


def files(env: Env, key: str) -> dict[str, tuple[str, int]]:
    folder = env.out_dir(key)
    return {
        p.relative_to(folder).as_posix(): (
            hashlib.sha256(p.read_bytes()).hexdigest(),
            p.stat().st_mtime_ns,
        )
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def three_quarters(tmp_path_factory):
    root = tmp_path_factory.mktemp("idem")
    copy_demo(root / "inbox")
    env = Env(root, root / "inbox")
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", "1735689600")
    for key in ("2024-TW1", "2024-TW2", "2024-TW3"):
        assert env.run(key).success
    yield env
    mp.undo()


def test_running_a_quarter_twice_gives_identical_rows_and_files(three_quarters, monkeypatch):
    env = three_quarters
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")
    rows_before, files_before = mart_rows(env, "2024-TW3"), files(env, "2024-TW3")
    assert env.run("2024-TW3").success
    assert mart_rows(env, "2024-TW3") == rows_before
    after = files(env, "2024-TW3")
    assert {k: v[0] for k, v in after.items()} == {k: v[0] for k, v in files_before.items()}
    assert len(after) >= 3


def test_rerunning_tw2_leaves_tw1_and_tw3_untouched(three_quarters, monkeypatch):
    env = three_quarters
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")
    before = {k: (mart_rows(env, k), files(env, k)) for k in ("2024-TW1", "2024-TW3")}
    tw2_files = files(env, "2024-TW2")
    assert env.run("2024-TW2").success
    for key, (rows, outputs) in before.items():
        assert mart_rows(env, key) == rows
        assert files(env, key) == outputs  # same bytes, same modification times
    # TW2's own files were rewritten (new mtimes), with the same content
    rewritten = files(env, "2024-TW2")
    assert {k: v[0] for k, v in rewritten.items()} == {k: v[0] for k, v in tw2_files.items()}
    # a Data Docs page is named by a digest of what it shows: an unchanged one is copied as it was
    reused = {k for k in tw2_files if k.startswith("data_docs/validations/")}
    assert reused
    assert all(rewritten[k][1] > tw2_files[k][1] for k in tw2_files if k not in reused)
    assert all(rewritten[k][1] == tw2_files[k][1] for k in reused)
