"""Great Expectations itself, for the tests only: the validation the checks ran before they were
compiled into SQL (pipelines/core/expectation_sql.py), a suite's expectations on a pandas batch
through an ephemeral GX context, with the result format the checks used (COMPLETE, the batch's id
columns as unexpected_index_column_names). A run never imports this module."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any


@cache
def _batch_definition():
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    source = context.data_sources.add_pandas("sakip")
    return source.add_dataframe_asset("batch").add_batch_definition_whole_dataframe("all")


def ge_suite(name: str, configs: Sequence[Mapping[str, Any]]):
    """The configurations as GE's ExpectationSuite; GE would drop an invalid one silently, so
    that raises here."""
    from great_expectations.core.expectation_suite import ExpectationSuite

    suite = ExpectationSuite(name=name, expectations=[dict(c) for c in configs])
    if len(suite.expectations) != len(configs):
        raise ValueError(f"GE refused some of the expectations of {name}")
    return suite


def ge_validate(df, configs: Sequence[Mapping[str, Any]], id_columns: Sequence[str] = (), suite_name="batch"):
    """GE's validation result (as its JSON dict) of the configurations on the DataFrame."""
    batch_definition = _batch_definition()
    suite = ge_suite(suite_name, configs)
    result_format: dict[str, Any] = {"result_format": "COMPLETE"}
    usable_ids = [c for c in id_columns if c in df.columns]
    if usable_ids:
        result_format["unexpected_index_column_names"] = usable_ids
    batch = batch_definition.get_batch(batch_parameters={"dataframe": df})
    return batch.validate(suite, result_format=result_format).to_json_dict()
