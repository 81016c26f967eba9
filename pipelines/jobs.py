"""Jobs: the quarterly evaluation materialises the whole graph for one quarter."""

from __future__ import annotations

import dagster as dg
from dagster._core.definitions.unresolved_asset_job_definition import UnresolvedAssetJobDefinition

from pipelines.core.instance import WAREHOUSE_TAG
from pipelines.partitions import quarterly_partitions

JOB_NAME = "quarterly_evaluation"


def quarterly_evaluation_job(warehouse: str) -> UnresolvedAssetJobDefinition:
    return dg.define_asset_job(
        name=JOB_NAME,
        selection=dg.AssetSelection.all(),
        partitions_def=quarterly_partitions,
        tags={WAREHOUSE_TAG: warehouse},
        description=(
            "Reads the quarter's inbox, stages and validates every source, builds the marts, swaps "
            "them in when every blocking check passed, and publishes the quarter's outputs."
        ),
    )
