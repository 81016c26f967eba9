"""The Dagster UI: `sakip ui` starts `dg dev` on the CLI's instance, the webserver loads the code
location and its GraphQL API shows the asset graph, groups, checks and the schedule as pinned;
workspace.yaml names the same code location as dg's project config; and every asset carries the
metadata the UI shows and filters on."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import warnings
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pytest
import yaml
from dagster._utils.tags import is_valid_strict_tag_value, is_valid_tag_key

from pipelines.core.settings import REPO_ROOT
from pipelines.definitions import defs
from tests.builders import budget_xlsx

SNAPSHOTS = Path(__file__).parent / "snapshots"
WORKSPACE = REPO_ROOT / "workspace.yaml"
LOCATION = "sakip"
GROUPS = {"extract", "transform", "mart", "publish"}
# Temuan: the findings workbook the pemeriksa returns with answers
SYSTEMS = {"SIPD", "SIMPEDU", "SIKAP", "e-Kinerja", "SI-PERI", "e-SAKIP", "Temuan"}
READY_TIMEOUT = 90  # seconds for the webserver to answer and load the code location
STOP_TIMEOUT = 15  # seconds from SIGTERM to SIGKILL


def _pinned(name: str) -> list[str]:
    return (SNAPSHOTS / name).read_text(encoding="utf-8").split()


def _key(asset_key: dict) -> str:
    return "/".join(asset_key["path"])


# --------------------------------------------------------------------------- the webserver


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _group_alive(pgid: int) -> bool:
    """Whether a process of the group still runs. A zombie does not count: an orphaned child that
    exited waits for the init process to reap it, and signal 0 would still find it."""
    proc_dir = Path("/proc")
    if not proc_dir.is_dir():  # not Linux
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return False
        return True
    for stat in proc_dir.glob("[0-9]*/stat"):
        try:
            state, _ppid, pgrp = stat.read_text().rpartition(")")[2].split()[:3]
        except (OSError, ValueError):
            continue  # exited meanwhile
        if int(pgrp) == pgid and state not in {"Z", "X"}:
            return True
    return False


def _stop(proc: subprocess.Popen) -> bool:
    """SIGTERM to the whole process group (the webserver and its code-server child), SIGKILL to
    the group if anything of it still runs after STOP_TIMEOUT. Reaps the webserver; returns
    whether SIGTERM was enough."""
    pgid = proc.pid  # start_new_session: the webserver leads its own group
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT
    while (proc.poll() is None or _group_alive(pgid)) and time.monotonic() < deadline:
        time.sleep(0.1)
    clean = proc.poll() is not None and not _group_alive(pgid)
    # SIGKILL is delivered asynchronously, and a process forked meanwhile (Dagster restarts a code
    # server that exits during shutdown) misses one signal: repeat it until the group is gone
    while not clean and _group_alive(pgid) and time.monotonic() < deadline + STOP_TIMEOUT:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGKILL)
        time.sleep(0.1)
    proc.wait(timeout=STOP_TIMEOUT)
    return clean


class Webserver:
    def __init__(self, proc: subprocess.Popen, url: str, log: Path):
        self.proc = proc
        self.url = url
        self.log = log

    def log_tail(self, chars: int = 4000) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-chars:]

    def get(self, path: str, timeout: float = 5) -> bytes:
        with urllib.request.urlopen(self.url + path, timeout=timeout) as response:
            return response.read()

    def graphql(self, query: str, variables: dict | None = None, timeout: float = 30) -> dict:
        request = urllib.request.Request(
            self.url + "/graphql",
            data=json.dumps({"query": query, "variables": variables or {}}).encode(),
            headers={"Content-Type": "application/json", "Accept": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = json.loads(response.read())
        assert not body.get("errors"), body["errors"]
        return body["data"]


LOCATION_STATUS = """
query LocationStatus {
  locationStatusesOrError {
    __typename
    ... on WorkspaceLocationStatusEntries { entries { name loadStatus } }
    ... on PythonError { message }
  }
}
"""


def _wait_until_ready(server: Webserver) -> None:
    """/server_info answers, then the code location is LOADED (loading or failed is not ready)."""
    deadline = time.monotonic() + READY_TIMEOUT
    last_error: object = None
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            pytest.fail(f"dagster-webserver exited with {server.proc.returncode}:\n{server.log_tail()}")
        try:
            json.loads(server.get("/server_info", timeout=2))
            status = server.graphql(LOCATION_STATUS, timeout=5)["locationStatusesOrError"]
            entries = {e["name"]: e["loadStatus"] for e in status.get("entries", [])}
            if entries.get(LOCATION) == "LOADED":
                return
            last_error = status
        except (urllib.error.URLError, ConnectionError, TimeoutError, json.JSONDecodeError) as exc:
            last_error = exc
        time.sleep(0.25)
    pytest.fail(f"webserver not ready after {READY_TIMEOUT}s ({last_error!r}):\n{server.log_tail()}")


@pytest.fixture(scope="module")
def cli_run(tmp_path_factory) -> Path:
    """A warehouse with one quarter evaluated by `sakip run`, as the README's first command does:
    the CLI keeps its Dagster instance in dagster_home/ next to the warehouse."""
    from click.testing import CliRunner

    from pipelines.cli import app

    root = tmp_path_factory.mktemp("ui")
    budget_xlsx(root / "inbox" / "2024" / "TW1" / "lra.xlsx")
    saved = os.environ.pop("DAGSTER_HOME", None)
    try:
        result = CliRunner().invoke(
            app,
            ["run", "--inbox", str(root / "inbox"), "--warehouse", str(root / "warehouse" / "sakip.duckdb"),
             "--out", str(root / "out")],
        )  # fmt: skip
    finally:
        if saved is not None:
            os.environ["DAGSTER_HOME"] = saved
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture(scope="module")
def webserver(cli_run) -> Iterator[Webserver]:
    """The UI as `sakip ui` starts it, on the CLI's instance."""
    root = cli_run
    env = {
        **{k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"},
        "SAKIP_PSEUDONYM_KEY": os.environ.get("SAKIP_PSEUDONYM_KEY", "test-key-not-secret"),
        "DAGSTER_DISABLE_TELEMETRY": "1",
        "PYTHONUNBUFFERED": "1",
    }
    port = _free_port()
    log = root / "webserver.log"
    cmd = [sys.executable, "-m", "pipelines.cli", "ui", "--inbox", str(root / "inbox"),
           "--warehouse", str(root / "warehouse" / "sakip.duckdb"), "--out", str(root / "out"),
           "--host", "127.0.0.1", "--port", str(port)]  # fmt: skip
    with log.open("wb") as out:
        proc = subprocess.Popen(
            cmd,
            cwd=root,  # sakip ui works from anywhere: it points the workspace at the repository
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Webserver(proc, f"http://127.0.0.1:{port}", log)
    try:
        _wait_until_ready(server)
        yield server
    finally:
        clean = _stop(proc)
    assert proc.returncode is not None, "webserver still running"
    assert not _group_alive(proc.pid), f"processes of the webserver's group survived:\n{server.log_tail()}"
    if not clean:
        warnings.warn(f"dagster-webserver ignored SIGTERM for {STOP_TIMEOUT}s and was killed", stacklevel=1)


RUNS_QUERY = """
query Runs {
  runsOrError {
    __typename
    ... on Runs {
      results {
        runId
        jobName
        status
        tags { key value }
        eventConnection(limit: 5000) {
          events {
            __typename
            ... on AssetCheckEvaluationEvent { evaluation { checkName success assetKey { path } } }
            ... on MaterializationEvent { assetKey { path } }
          }
        }
      }
    }
  }
}
"""


def test_a_cli_run_shows_in_the_ui_with_its_checks(webserver):
    """`sakip run` and `sakip ui` share one instance: the UI lists the CLI run, its checks and the
    published files."""
    runs = webserver.graphql(RUNS_QUERY)["runsOrError"]["results"]
    (run,) = runs
    tags = {t["key"]: t["value"] for t in run["tags"]}
    assert run["jobName"] == "quarterly_evaluation" and run["status"] == "SUCCESS"
    assert tags["trigger"] == "cli" and tags["dagster/partition"] == "2024-TW1"
    events = run["eventConnection"]["events"]
    checks = {
        (_key(e["evaluation"]["assetKey"]), e["evaluation"]["checkName"]): e["evaluation"]["success"]
        for e in events
        if e["__typename"] == "AssetCheckEvaluationEvent"
    }
    assert checks[("stg/anggaran", "realisasi_not_negative")] is True
    assert checks[("stg/anggaran", "raw_rows_reconcile")] is True
    assert len(checks) >= 50
    materialized = {_key(e["assetKey"]) for e in events if e["__typename"] == "MaterializationEvent"}
    expected = {"raw/anggaran", "mart/budget_realisation", "publish/renja_workbook", "publish/summary_html"}
    assert expected <= materialized


WORKSPACE_QUERY = """
query Workspace {
  workspaceOrError {
    __typename
    ... on Workspace {
      locationEntries {
        name
        locationOrLoadError {
          __typename
          ... on RepositoryLocation { name repositories { name } }
          ... on PythonError { message stack }
        }
      }
    }
    ... on PythonError { message }
  }
}
"""

ASSETS_QUERY = """
query AssetGraph {
  assetNodes {
    assetKey { path }
    groupName
    dependencyKeys { path }
    description
    kinds
    tags { key value }
    isPartitioned
    hasAssetChecks
    assetChecksOrError {
      __typename
      ... on AssetChecks { checks { name blocking } }
      ... on AssetCheckNeedsMigrationError { message }
      ... on AssetCheckNeedsUserCodeUpgrade { message }
      ... on AssetCheckNeedsAgentUpgradeError { message }
    }
    repository { name location { name } }
  }
  repositoriesOrError {
    __typename
    ... on RepositoryConnection {
      nodes { name location { name } assetGroups { groupName assetKeys { path } } }
    }
    ... on PythonError { message }
  }
}
"""


@pytest.fixture(scope="module")
def ui(webserver) -> dict:
    """What the UI's asset pages read: the asset nodes, groups and checks."""
    return webserver.graphql(ASSETS_QUERY)


@pytest.fixture(scope="module")
def nodes(ui) -> dict[str, dict]:
    return {_key(n["assetKey"]): n for n in ui["assetNodes"]}


def test_webserver_loads_the_code_location(webserver):
    info = json.loads(webserver.get("/server_info"))
    assert info["dagster_version"] == dg.__version__
    entries = webserver.graphql(WORKSPACE_QUERY)["workspaceOrError"]["locationEntries"]
    assert [e["name"] for e in entries] == [LOCATION]
    location = entries[0]["locationOrLoadError"]
    assert location["__typename"] == "RepositoryLocation", location
    assert location["name"] == LOCATION


INSTIGATORS_QUERY = """
query Instigators {
  repositoriesOrError {
    __typename
    ... on RepositoryConnection {
      nodes {
        schedules { name scheduleState { status } }
        sensors { name sensorState { status } }
      }
    }
    ... on PythonError { message }
  }
}
"""


def test_ui_schedule_is_on_and_sensor_off(webserver):
    """The schedule runs as soon as the daemon does (`dg dev` starts one); the sensor waits to be
    switched on."""
    (repository,) = webserver.graphql(INSTIGATORS_QUERY)["repositoriesOrError"]["nodes"]
    schedules = {s["name"]: s["scheduleState"]["status"] for s in repository["schedules"]}
    sensors = {s["name"]: s["sensorState"]["status"] for s in repository["sensors"]}
    assert schedules == {"quarterly_evaluation_schedule": "RUNNING"}
    assert sensors == {"inbox_sensor": "STOPPED"}


def test_workspace_yaml_and_dg_load_the_same_code_location():
    """`dagster dev -w workspace.yaml` and `dg dev` (pyproject [tool.dg], what `sakip ui` runs)
    load one code location, "sakip", from pipelines.definitions in the repository root."""
    from dagster._core.workspace.load import location_origins_from_yaml_paths
    from dagster_dg_cli.cli.utils import create_temp_workspace_file
    from dagster_dg_core.context import DgContext

    (origin,) = location_origins_from_yaml_paths([str(WORKSPACE)])
    target = origin.loadable_target_origin
    from_yaml = (origin.location_name, target.module_name, (REPO_ROOT / target.working_directory).resolve())

    project = DgContext.for_project_environment(REPO_ROOT, {})
    assert project.defs_path == REPO_ROOT / "assets"  # where `dg check defs` finds the defs.yaml files
    with create_temp_workspace_file(project) as path:
        (entry,) = [e["python_module"] for e in yaml.safe_load(Path(path).read_text())["load_from"]]
    from_dg = (entry["location_name"], entry["module_name"], Path(entry["working_directory"]).resolve())
    assert from_yaml == from_dg == (LOCATION, "pipelines.definitions", REPO_ROOT.resolve())


def test_ui_shows_every_pinned_asset(nodes):
    assert sorted(nodes) == _pinned("asset_keys.txt")
    assert {(n["repository"]["location"]["name"]) for n in nodes.values()} == {LOCATION}
    assert all(n["isPartitioned"] for n in nodes.values())


def test_ui_groups_are_the_layers(ui, nodes):
    repositories = ui["repositoriesOrError"]["nodes"]
    assert len(repositories) == 1
    groups = {g["groupName"]: {_key(k) for k in g["assetKeys"]} for g in repositories[0]["assetGroups"]}
    assert set(groups) == GROUPS
    layer_group = {"meta": "extract", "raw": "extract", "stg": "transform", "build": "transform"}
    layer_group |= {"mart": "mart", "publish": "publish"}
    for key, node in nodes.items():
        assert node["groupName"] == layer_group[key.split("/")[0]], key
        assert key in groups[node["groupName"]], key
    assert sum(len(keys) for keys in groups.values()) == len(nodes)


def test_ui_dependency_edges(nodes):
    def deps(key: str) -> set[str]:
        return {_key(k) for k in nodes[key]["dependencyKeys"]}

    assert "raw/anggaran" in deps("stg/anggaran")
    assert "meta/inbox_files" in deps("raw/anggaran")
    assert "stg/anggaran" in deps("build/budget_realisation")
    assert {"stg/iku", "build/budget_realisation"} <= deps("build/iku_achievement")
    assert {"stg/skp", "stg/disiplin"} <= deps("build/skp_distribution")
    assert "stg/pegawai" in deps("stg/absensi")
    assert deps("mart/budget_realisation") == {"build/budget_realisation"}
    assert deps("mart/findings") == {"build/findings"}
    assert {"mart/budget_realisation", "mart/findings", "mart/workforce"} <= deps("publish/analyst_snapshot")
    assert "mart/renja_evaluation" in deps("publish/lkj_workbook")
    assert deps("meta/inbox_files") == set()
    # every edge points at an asset of the graph
    for key in nodes:
        assert deps(key) <= set(nodes), key


def test_ui_checks_match_the_pinned_checks(nodes):
    pinned: dict[str, list[str]] = {}
    for line in _pinned("asset_checks.txt"):
        key, name = line.split(":", 1)
        pinned.setdefault(key, []).append(name)

    shown: dict[str, list[str]] = {}
    for key, node in nodes.items():
        checks = node["assetChecksOrError"]
        assert checks["__typename"] == "AssetChecks", (key, checks)
        assert node["hasAssetChecks"] == bool(checks["checks"]), key
        if checks["checks"]:
            shown[key] = sorted(c["name"] for c in checks["checks"])

    assert sum(len(names) for names in shown.values()) == len(_pinned("asset_checks.txt"))
    for key in ("stg/anggaran", "build/budget_realisation", "build/findings", "build/workforce"):
        assert shown[key] == sorted(pinned[key]), key
    assert shown == {key: sorted(names) for key, names in pinned.items()}
    for key in ("raw/anggaran", "mart/budget_realisation", "publish/lkj_workbook", "meta/inbox_files"):
        assert key not in shown, key


def test_ui_every_asset_is_described_and_typed(nodes):
    for key, node in nodes.items():
        assert node["description"] and len(node["description"]) > 40, key
        assert node["kinds"], key
        tags = {t["key"]: t["value"] for t in node["tags"]}
        assert tags.get("domain"), key
        if key.split("/")[0] in {"raw", "stg"} or (key.startswith("build/") and key != "build/findings"):
            assert tags.get("system") in SYSTEMS, key


# --------------------------------------------------------------------------- metadata, no server


@pytest.fixture(scope="module")
def graph():
    return defs.resolve_asset_graph()


def _specs(graph) -> dict[str, dg.AssetSpec]:
    return {
        key.to_user_string(): assets_def.specs_by_key[key]
        for assets_def in graph.assets_defs
        for key in assets_def.keys
    }


def _labels(tags: dict[str, str]) -> set[str]:
    return {k.removeprefix("source/") for k, v in tags.items() if k.startswith("source/") and v == ""}


def test_every_asset_has_ui_metadata(graph):
    for key, spec in _specs(graph).items():
        assert spec.description and spec.description.strip(), key
        assert spec.group_name in GROUPS, key
        assert spec.tags.get("domain"), key
        assert spec.kinds, key
        for tag_key, value in spec.tags.items():
            assert is_valid_tag_key(tag_key) and is_valid_strict_tag_value(value), (key, tag_key, value)


def test_source_systems_are_the_configured_ones():
    from pipelines.core.ingest.specs import load_source_specs

    assert {spec.system for spec in load_source_specs().values()} == SYSTEMS


def test_raw_staging_and_build_assets_name_their_source_systems(graph):
    """``system``: the main source system; ``source/<system>`` labels: every system whose raw export
    is upstream (build/findings reads every domain and is not one system's table)."""
    specs = _specs(graph)
    tagged = [k for k in specs if k.split("/")[0] in {"raw", "stg", "build"} and k != "build/findings"]
    assert {k.split("/")[0] for k in tagged} == {"raw", "stg", "build"}
    for key in tagged:
        tags = specs[key].tags
        assert tags.get("system") in SYSTEMS, key
        if key.endswith("_sebelumnya"):
            # earlier quarters' rows, read from their own files rather than through raw: the
            # labels of the same table for the quarter being run (build/<t>, or stg/<t>)
            name = key.split("/")[1].removesuffix("_sebelumnya")
            twin = f"build/{name}" if f"build/{name}" in specs else f"stg/{name}"
            expected = _labels(specs[twin].tags)
        else:
            ancestors = graph.get_ancestor_asset_keys(dg.AssetKey.from_user_string(key))
            upstream_raw = {specs[a.to_user_string()].tags["system"] for a in ancestors if a.path[0] == "raw"}
            expected = {tags["system"]} if key.startswith("raw/") else upstream_raw
        assert _labels(tags) == expected, key
        assert tags["system"] in expected, key


def test_build_asset_systems(graph):
    specs = _specs(graph)

    def systems(key: str) -> tuple[str, set[str]]:
        return specs[key].tags["system"], _labels(specs[key].tags)

    assert systems("build/budget_realisation") == ("SIPD", {"SIPD"})
    assert systems("build/iku_achievement") == ("e-SAKIP", {"e-SAKIP", "SIPD"})
    assert systems("build/merit_index") == ("SI-PERI", {"SI-PERI", "e-SAKIP"})
    assert systems("build/workforce") == ("SIMPEDU", {"SIMPEDU"})
    assert systems("build/attendance_quarterly") == ("SIKAP", {"SIKAP", "SIMPEDU"})
    assert systems("build/skp_distribution") == ("e-Kinerja", {"e-Kinerja", "SIKAP", "SIMPEDU"})
    assert systems("stg/absensi") == ("SIKAP", {"SIKAP", "SIMPEDU"})
    assert systems("raw/absensi") == ("SIKAP", {"SIKAP"})
