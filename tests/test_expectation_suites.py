"""The suites under expectations/ are plain Great Expectations suite JSON: each file loads into
gx.ExpectationSuite with every expectation kept (GE drops an invalid one silently) and unchanged,
survives GE's own JSON round trip, and says in ``meta`` only what GE has no field for."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import pytest

from pipelines.core.checks import load_suite
from pipelines.core.settings import EXPECTATIONS_DIR, SQL_DIR

SUITES = sorted(EXPECTATIONS_DIR.rglob("*.json"))
# What the project adds in meta, where GE has no field of its own: the table a suite validates,
# the SQL files of its batches and the columns that identify a failing row (suite); the
# expectation's check name in Dagster and its batch (expectation); its description is GE's own field.
SUITE_META = {"table", "batches", "id_columns"}
EXPECTATION_META = {"check", "batch"}


@pytest.fixture(scope="module")
def gx():
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    import great_expectations

    return great_expectations


def _doc(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_every_domain_has_its_suites():
    """expectations/<domain>/ for every domain of sql/ whose SQL builds or stages a table."""
    domains = {p.parent.name for p in SQL_DIR.glob("*/*.sql") if p.name.startswith(("build_", "stg_"))}
    assert domains and domains <= {p.parent.name for p in SUITES}


@pytest.mark.parametrize("path", SUITES, ids=lambda p: p.relative_to(EXPECTATIONS_DIR).as_posix())
def test_suite_is_great_expectations_json(gx, path):
    doc = _doc(path)
    assert set(doc) <= {"name", "expectations", "meta"}
    suite = gx.ExpectationSuite(**copy.deepcopy(doc))  # GE writes its version into the meta it gets
    assert suite.name == doc["name"] == path.stem
    assert len(suite.expectations) == len(doc["expectations"]) > 0
    for written, loaded in zip(doc["expectations"], suite.expectations, strict=True):
        assert set(written) <= {"type", "kwargs", "description", "meta", "severity"}
        assert loaded.description == written["description"]  # GE's own field, not meta
        config = loaded.configuration
        assert config.type == written["type"]
        assert config.kwargs == written["kwargs"]
        assert loaded.meta == written["meta"]
        assert loaded.severity.value == written.get("severity", "critical")
        assert set(written["meta"]) <= EXPECTATION_META
        batch = written["meta"].get("batch", "rows")
        assert batch in doc["meta"]["batches"], (written["meta"]["check"], batch)
    assert set(doc["meta"]) <= SUITE_META
    for sql_file in doc["meta"]["batches"].values():
        assert (SQL_DIR / sql_file).is_file(), sql_file
    # GE's own JSON of the suite loads back into the same suite
    as_json = json.loads(json.dumps(suite.to_json_dict()))
    again = gx.ExpectationSuite(**as_json)
    assert again.to_json_dict() == suite.to_json_dict()
    assert [e.configuration.to_json_dict() for e in again.expectations] == [
        e.configuration.to_json_dict() for e in suite.expectations
    ]


@pytest.mark.parametrize("path", SUITES, ids=lambda p: p.relative_to(EXPECTATIONS_DIR).as_posix())
def test_the_checks_are_the_suite_as_ge_reads_it(gx, path):
    """pipelines/core/checks.py makes one Dagster check per expectation, blocking when GE's
    severity is critical."""
    suite = gx.ExpectationSuite(**_doc(path))
    ours = load_suite(path.relative_to(EXPECTATIONS_DIR).as_posix())
    assert ours.name == suite.name
    assert [e.check for e in ours.expectations] == [x.meta["check"] for x in suite.expectations]
    assert [e.config["type"] for e in ours.expectations] == [x.expectation_type for x in suite.expectations]
    assert [e.blocking for e in ours.expectations] == [
        x.severity.value == "critical" for x in suite.expectations
    ]
