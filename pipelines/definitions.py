"""The Dagster code location: the domains' components (assets/<domain>/defs.yaml), the inbox and
publish assets (assets/*.py), then the findings (which read every domain's staging tables and
some build tables) and the commit (which waits for every build table), with the job, the
schedule and the sensor."""

from __future__ import annotations

from functools import cache

import dagster as dg

import assets
from assets.marts import FINDINGS_KEY, make_commit_asset, make_findings_asset
from pipelines.core.settings import Settings
from pipelines.jobs import quarterly_evaluation_job
from pipelines.resources import SakipResource
from pipelines.schedules import quarterly_schedule
from pipelines.sensors import inbox_sensor


@cache
def _loaded() -> dg.Definitions:
    return dg.load_defs(defs_root=assets)


def all_assets() -> list[dg.AssetsDefinition]:
    loaded = list(_loaded().assets or [])
    keys = [k for a in loaded for k in a.keys]
    build = [k for k in keys if k.path[0] == "build"]
    staging = [k for k in keys if k.path[0] == "stg"]
    findings = make_findings_asset(staging)
    commit = make_commit_asset([*build, FINDINGS_KEY])
    return [*loaded, findings, commit]


def domains() -> dict[str, list[dg.AssetKey]]:
    """The asset keys of each domain folder's component."""
    out: dict[str, list[dg.AssetKey]] = {}
    for a in _loaded().assets or []:
        for key in a.keys:
            domain = a.specs_by_key[key].tags.get("domain")
            if key.path[0] in ("raw", "stg", "build") and domain:
                out.setdefault(domain, []).append(key)
    return out


def domain_selection(names: list[str]) -> list[dg.AssetKey]:
    """Asset keys of some domains plus what every run needs (inbox, findings, commit, publish)."""
    known = domains()
    unknown = sorted(set(names) - set(known))
    if unknown:
        raise ValueError(f"unknown domains {unknown}; known: {sorted(known)}")
    chosen = [k for n in names for k in known[n]]
    common = [
        k
        for a in all_assets()
        for k in a.keys
        if k.path[0] not in ("raw", "stg", "build") or k == FINDINGS_KEY
    ]
    return common + chosen


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
