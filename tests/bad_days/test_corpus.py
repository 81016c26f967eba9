"""The bad-day corpus (tests/bad_days/corpus.py), one test per case: the exit code, a message
naming the file (and line or cell), the last good state kept, and no personal data anywhere
outside the restricted layer."""

from __future__ import annotations

import collections
import stat

import pytest

from tests.bad_days.corpus import CASES, CATEGORIES, Case, State, timed
from tests.bad_days.world import (
    FINDINGS_TABLES,
    World,
    leaks,
    leftovers,
    mart_state,
    published_facts,
    published_state,
)


def test_the_corpus_covers_every_category():
    counts = collections.Counter(c.category for c in CASES)
    assert len(CASES) >= 40 and len({c.id for c in CASES}) == len(CASES)
    assert set(counts) == set(CATEGORIES) and min(counts.values()) >= 3, counts


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_day(case: Case, world: World, personal):
    state = State(world, mart_state(world), published_state(world))
    facts_before = published_facts(world) if case.keeps == "facts" else None
    token = case.setup(world)
    try:
        result, state.seconds = timed(lambda: world.cli(*case.args(world)))
        output = result.output
        assert result.exit_code == case.exit, output
        messages = output + "\n" + "\n".join(str(f[2]) for f in _findings(world))
        for text in case.says(world):
            assert text in messages, f"{text!r} not said:\n{output}"
        if case.keeps == "all":
            assert state.mart() == state.mart_before
            assert state.published() == state.published_before
        elif case.keeps == "facts":
            after = state.mart()
            assert {t for t in after if after[t] != state.mart_before[t]} <= FINDINGS_TABLES
            assert published_facts(world) == facts_before
        if case.check is not None:
            case.check(world, result, state)
    finally:
        if case.teardown is not None:
            case.teardown(world, token)
    assert leftovers(world) == []
    if world.warehouse.exists():
        assert stat.S_IMODE(world.warehouse.stat().st_mode) & 0o077 == 0  # the working warehouse is private
    found = leaks(world, _with_planted(personal, case))
    assert found == [], found


def _findings(world: World) -> list[tuple]:
    try:
        return world.findings()
    except Exception:
        return []


def _with_planted(personal, case: Case):
    from tests.bad_days.world import Personal

    nips = {p for p in case.planted if p.isdigit()}
    names = {p for p in case.planted if not p.isdigit()}
    return Personal(personal.nips | nips, personal.names | names, personal.dates)


def test_reliability_doc_tabulates_the_corpus():
    from pathlib import Path

    from tests.bad_days.corpus import corpus_markdown

    doc = (Path(__file__).parents[2] / "docs" / "reliability.md").read_text(encoding="utf-8")
    section = doc.split("<!-- corpus:start -->\n", 1)[1].split("<!-- corpus:end -->", 1)[0]
    assert section == corpus_markdown(), (
        "docs/reliability.md: regenerate the corpus table from corpus_markdown()"
    )
