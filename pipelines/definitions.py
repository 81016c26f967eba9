"""The Dagster code location: every domain's assets merged, with jobs, schedule and sensor."""

from __future__ import annotations

import dagster as dg

from assets import budget, iku, merit, renja, signoff, workforce
from assets.inbox import inbox_files
from assets.marts import FINDINGS_KEY, make_commit_asset, make_findings_asset
from pipelines.jobs import quarterly_evaluation_job
from pipelines.resources import SakipResource
from pipelines.schedules import quarterly_schedule
from pipelines.sensors import inbox_sensor
from pipelines.settings import Settings

# Adding a domain: a module in assets/ with ASSETS and BUILD_ASSETS, listed here.
DOMAINS = [budget, iku, renja, merit, workforce, signoff]


def _keys(assets_defs) -> list[dg.AssetKey]:
    return [k for a in assets_defs for k in a.keys]


def all_assets() -> list[dg.AssetsDefinition]:
    domain_assets = [a for d in DOMAINS for a in d.ASSETS]
    build_assets = [a for d in DOMAINS for a in d.BUILD_ASSETS]
    staging = [a for a in domain_assets if a.key.path[0] == "stg"]
    findings = make_findings_asset(_keys(build_assets) + _keys(staging))
    commit = make_commit_asset([*_keys(build_assets), FINDINGS_KEY])
    from assets.publish import PUBLISH_ASSETS

    return [inbox_files, *domain_assets, findings, commit, *PUBLISH_ASSETS]


def domain_selection(names: list[str]) -> list[dg.AssetKey]:
    """Asset keys of some domains plus what every run needs (inbox, findings, commit, publish)."""
    from assets.marts import COMMIT_KEY
    from assets.publish import PUBLISH_ASSETS

    chosen = [d for d in DOMAINS if d.__name__.rsplit(".", 1)[-1] in names]
    if len(chosen) != len(set(names)):
        raise ValueError(f"unknown domains in {names}")
    keys = [inbox_files.key, FINDINGS_KEY, COMMIT_KEY, *_keys(PUBLISH_ASSETS)]
    return keys + [k for d in chosen for k in _keys(d.ASSETS)]


def build_definitions(settings: Settings) -> dg.Definitions:
    return dg.Definitions(
        assets=all_assets(),
        jobs=[quarterly_evaluation_job(str(settings.warehouse))],
        schedules=[quarterly_schedule],
        sensors=[inbox_sensor],
        resources={"sakip": SakipResource.from_settings(settings)},
        executor=dg.in_process_executor,
    )


defs = build_definitions(Settings.from_env())
