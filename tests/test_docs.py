"""The documented analyst contract matches the tables, column for column."""

from pipelines.core.mart_docs import MART_DOC, mart_markdown


def test_mart_doc_is_up_to_date():
    assert MART_DOC.read_text(encoding="utf-8") == mart_markdown(), (
        "docs/mart.md is stale: run `uv run python -m pipelines.core.mart_docs`"
    )


def test_every_mart_column_is_explained():
    for line in mart_markdown().splitlines():
        if line.startswith("| `"):
            assert not line.rstrip().endswith("|  |"), f"undocumented column: {line}"
