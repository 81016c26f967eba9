"""Jobs: the quarterly evaluation materialises the whole graph for one quarter."""

from __future__ import annotations

import dagster as dg

from pipelines.partitions import quarterly_partitions

quarterly_evaluation = dg.define_asset_job(
    name="quarterly_evaluation",
    selection=dg.AssetSelection.all(),
    partitions_def=quarterly_partitions,
    description=(
        "Reads the quarter's inbox, stages and validates every source, builds the marts, swaps "
        "them in when every blocking check passed, and publishes the quarter's outputs."
    ),
)
