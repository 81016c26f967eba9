"""One direction, one place per thing: every module outside the library (pipelines.core) and the
CLI (pipelines.cli) defines Dagster objects, and every module that defines none is in the library.
`lint-imports` (pyproject [tool.importlinter], run by .ci/run) checks that the library never
imports the definitions; this test checks that the line between them is drawn where it should be."""

import ast
import importlib
import inspect
import pkgutil
import typing

import dagster as dg
import pytest
from dagster._core.definitions.unresolved_asset_job_definition import UnresolvedAssetJobDefinition

import assets
import pipelines

LIBRARY = ("pipelines.core",)
ENTRY_POINTS = ("pipelines.cli",)
DAGSTER_OBJECTS = (
    dg.AssetsDefinition,
    dg.AssetSpec,
    dg.AssetKey,
    dg.JobDefinition,
    UnresolvedAssetJobDefinition,  # what define_asset_job returns
    dg.ScheduleDefinition,
    dg.SensorDefinition,
    dg.PartitionsDefinition,
    dg.Definitions,
    dg.ExecutorDefinition,
)
DAGSTER_CLASSES = (dg.Component, dg.ConfigurableResource)


def _modules() -> list[str]:
    names = []
    for package in (pipelines, assets):
        names.append(package.__name__)
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if not info.name.endswith(".__main__"):
                names.append(info.name)
    return sorted(names)


def _is_package_marker(module) -> bool:
    """An __init__ with nothing but a docstring."""
    own = [n for n, v in vars(module).items() if not n.startswith("__") and not inspect.ismodule(v)]
    return hasattr(module, "__path__") and not own


def _own_names(module) -> set[str]:
    """Names the module binds itself (assignments, functions, classes), not the ones it imports."""
    tree = ast.parse(inspect.getsource(module))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def _defines_dagster_objects(module) -> bool:
    for name in _own_names(module):
        value = getattr(module, name)
        if isinstance(value, DAGSTER_OBJECTS):
            return True
        if inspect.isclass(value) and issubclass(value, DAGSTER_CLASSES):
            return True
        if inspect.isfunction(value):
            returned = typing.get_type_hints(value).get("return")
            if inspect.isclass(returned) and issubclass(returned, DAGSTER_OBJECTS):
                return True  # a factory of Dagster objects
    return False


@pytest.mark.parametrize("name", _modules())
def test_module_is_on_its_side_of_the_line(name):
    module = importlib.import_module(name)
    if name.startswith(ENTRY_POINTS) or _is_package_marker(module):
        return
    in_library = name.startswith(LIBRARY)
    defines = _defines_dagster_objects(module)
    if in_library:
        assert not defines, f"{name} is in the library but defines Dagster objects: move it to assets/"
    else:
        assert defines, f"{name} defines no Dagster object: it belongs to the library, pipelines/core/"
