"""Every Dagster package comes from one Dagster release. Dagster ships its core packages
(dagster, dagster-webserver, dagster-graphql, dagster-pipes, dagster-shared, dagster-dg-cli, ...)
at one version 1.m.p and the integrations released with them (dagster-rest-resources,
dagster-postgres, ...) at 0.(m+16).p: 1.0.0 came with 0.16.0, 1.13.27 with 0.29.27. A resolver
left free picks mismatched ones (dagster-postgres 0.11.14 next to dagster 1.13.28), so
pyproject.toml pins every one of them, and these tests fail when the installed packages or the
lock file mix releases."""

from __future__ import annotations

import importlib.metadata as metadata
import re
import tomllib

from pipelines.core.settings import REPO_ROOT

INTEGRATION_MINOR_OFFSET = 16  # dagster 1.0.x was released with the integrations 0.16.x


def _name(raw: str) -> str:
    """The normalised distribution name (PEP 503): dagster_dg_cli and Dagster-DG-CLI alike."""
    return re.sub(r"[-_.]+", "-", raw).lower()


def _parts(version: str) -> tuple[int, int, int]:
    match = re.fullmatch(r"(\d+)\.(\d+)\.(\d+)", version)
    assert match, f"not a release version: {version}"
    major, minor, patch = (int(g) for g in match.groups())
    return major, minor, patch


def integration_version(core: str) -> str:
    """The version of the integrations released with the core version ``core``."""
    major, minor, patch = _parts(core)
    assert major == 1, core
    return f"0.{minor + INTEGRATION_MINOR_OFFSET}.{patch}"


def expected_version(version: str, core: str) -> str:
    """The version a Dagster package must have next to dagster ``core``: 0.x is an integration,
    anything else a core package."""
    return integration_version(core) if _parts(version)[0] == 0 else core


def _dagster_pin(requirement: str) -> tuple[str, str] | None:
    """(name, version) of a requirement ``dagster-x==v`` (markers aside), else None."""
    match = re.fullmatch(r"([A-Za-z0-9._-]+)\s*==\s*([0-9.]+)", requirement.split(";")[0].strip())
    if match and _name(match.group(1)).startswith("dagster"):
        return _name(match.group(1)), match.group(2)
    return None


def _installed() -> dict[str, str]:
    found = {_name(d.metadata["Name"]): d.version for d in metadata.distributions()}
    return {name: version for name, version in found.items() if name.startswith("dagster")}


def _locked() -> dict[str, str]:
    lock = tomllib.loads((REPO_ROOT / "uv.lock").read_text(encoding="utf-8"))
    return {_name(p["name"]): p["version"] for p in lock["package"] if _name(p["name"]).startswith("dagster")}


def _pinned() -> dict[str, str]:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return dict(pin for pin in map(_dagster_pin, project["dependencies"]) if pin)


def test_the_integration_version_rule():
    assert integration_version("1.0.0") == "0.16.0"
    assert integration_version("1.13.27") == "0.29.27"
    assert expected_version("0.11.14", "1.13.28") == "0.29.28"  # the mismatch the pins prevent
    assert expected_version("1.13.27", "1.13.27") == "1.13.27"


def test_installed_dagster_packages_are_one_release():
    installed = _installed()
    core = installed["dagster"]
    assert {"dagster", "dagster-webserver", "dagster-graphql", "dagster-dg-cli"} <= set(installed)
    wrong = {
        name: (version, expected_version(version, core))
        for name, version in installed.items()
        if version != expected_version(version, core)
    }
    assert wrong == {}, f"not from the release of dagster {core} (installed, expected): {wrong}"
    # dagster's own packages pin each other by the same rule (dagster-dg-cli 1.13.27 requires
    # dagster-rest-resources==0.29.27)
    for dist in metadata.distributions():
        if not _name(dist.metadata["Name"]).startswith("dagster"):
            continue
        for requirement in dist.requires or []:
            pin = _dagster_pin(requirement)
            if pin:
                assert pin[1] == expected_version(pin[1], core), (dist.metadata["Name"], requirement)


def test_the_lock_holds_one_release_and_pyproject_pins_all_of_it():
    locked = _locked()
    core = locked["dagster"]
    assert {name: expected_version(v, core) for name, v in locked.items()} == locked
    # every Dagster package of the lock is pinned in pyproject, at the locked version
    assert _pinned() == locked
    assert _installed() == locked
