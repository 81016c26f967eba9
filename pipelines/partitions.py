"""The quarterly partitions: one per triwulan, keyed ``YYYY-TWn``, from 2000 to the end of next
year, computed from the clock when the definitions load (pipelines/core/quarters.py)."""

from __future__ import annotations

import dagster as dg

from pipelines.core.quarters import Quarter, all_quarter_keys

quarterly_partitions = dg.StaticPartitionsDefinition(all_quarter_keys())


def quarter_of(context: dg.AssetExecutionContext) -> Quarter:
    return Quarter.parse(context.partition_key)
