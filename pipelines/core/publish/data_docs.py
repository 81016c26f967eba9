"""Great Expectations Data Docs of the quarter's last validations (<out>/<YYYY>-TW<n>/data_docs/).

The checks store every validation in meta.validations (pipelines/core/checks.py); this publisher
reads the quarter's rows and has GE's own site builder render them: an ephemeral data context
whose one Data Docs site is a local filesystem store in a temporary folder, the validation
results added to its validation results store, each suite (the expectations that ran) to its
suite store. The new site then replaces the old one: old folder renamed away, new one renamed
in, old one removed, so a half-written site never replaces a good one.

GE's pages are changed only through GE's own hooks (a renderer and two views in this module,
templates looked up before GE's): the logo comes from the site's static folder instead of GE's
S3 bucket with the build time and the context id in its URL, the newsletter footer is left out,
element ids carry no random UUID, the index lists its links in a fixed order with times in WIB
(not the host's zone), and unused static files (GE's walkthrough GIFs) are removed: the same
rows give the same files. GE's index draws its tables with JavaScript from CDNs, so the index
also lists the validations as a plain HTML table; the pages themselves are static HTML, styled
by Bootstrap from a CDN when online and plain but complete offline.

Great Expectations is imported on first use only (the import takes seconds).
"""

import json
import os
from datetime import UTC, datetime, timedelta, timezone
from functools import cache
from pathlib import Path
from typing import Any

import duckdb

from pipelines.core.quarters import Quarter

SITE_DIR = "data_docs"  # in the quarter's folder; the summary links SITE_DIR/index.html
WIB = timezone(timedelta(hours=7), "WIB")  # times on the index (GE would use the host's zone)

VALIDATIONS_SQL = """
SELECT suite, batch, asset_key, validated_at, success, expectations, failed, result_json
FROM meta.validations
WHERE partition_key = ?
ORDER BY suite, batch
"""

# GE templates replaced (same names, looked up before GE's own). The navbar is GE's, with the
# logo of the site's static folder; GE's points to its S3 bucket with the build time and the
# context id appended. The favicon path of validation pages is one level short in GE.
_NAVBAR = """{% set dots = expectation_suite_name.count(".") if expectation_suite_name else 0 -%}
{% if "ValidationResults" in renderer_type or "ProfilingResults" in renderer_type -%}
  {% set root = (dots + 4) * "../" -%}{% set home_url = root + "index.html" -%}
{% elif "ExpectationSuite" in renderer_type -%}
  {% set root = (dots + 1) * "../" -%}{% set home_url = root + "index.html" -%}
{% else -%}
  {% set root = "" -%}{% set home_url = "#" -%}
{% endif -%}
<nav class="navbar navbar-expand-md sticky-top border-bottom" style="height: 70px">
  <div class="mr-auto">
    <nav class="d-flex align-items-center">
      <div class="float-left navbar-brand m-0 h-100">
        <a href="{{ home_url }}">
          <img src="{{ root }}static/images/logo-long.png" alt="Great Expectations"
               style="width: auto; height: 50px"/>
        </a>
      </div>
      {% if page_title %}
        <ol class="ge-breadcrumbs breadcrumb d-md-inline-flex bg-light ml-2 mr-0 mt-0 mb-0 pt-0 pb-0 d-none">
            <li class="ge-breadcrumbs-item breadcrumb-item"><a href="{{ home_url }}">Home</a></li>
            <li class="ge-breadcrumbs-item breadcrumb-item active" aria-current="page">{{page_title}}</li>
        </ol>
      {% endif %}
    </nav>
  </div>
</nav>
"""
_FAVICON = """{% set dots = expectation_suite_name.count(".") if expectation_suite_name else 0 -%}
{% if "ValidationResults" in renderer_type or "ProfilingResults" in renderer_type -%}
  {% set root = (dots + 4) * "../" -%}
{% elif "ExpectationSuite" in renderer_type -%}
  {% set root = (dots + 1) * "../" -%}
{% else -%}
  {% set root = "" -%}
{% endif -%}
<link rel="shortcut icon" href="{{ root }}static/images/favicon.ico" type="image/x-icon"/>
"""
# GE's stylesheet draws the logo from S3 in dark mode; its hook for custom styles keeps it local.
_STYLES = """@media (prefers-color-scheme: dark) {
  .navbar-brand a { background: none; }
  .navbar-brand a img { visibility: visible; }
}
"""
TEMPLATE_OVERRIDES = {
    "top_navbar.j2": _NAVBAR,
    "favicon.j2": _FAVICON,
    "cloud-footer.j2": "",
    "data_docs_custom_styles.css": _STYLES,
}
# Views and renderer GE instantiates by module and class name (created on first use, see
# __getattr__, so that importing this module does not import GE).
_GE_CLASSES = ("SakipPageView", "SakipIndexPageView", "SakipSiteIndexRenderer")


def __getattr__(name: str) -> Any:
    if name in _GE_CLASSES:
        return _ge_classes()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@cache
def _ge_classes() -> dict[str, type]:
    from great_expectations.render import (
        RenderedSectionContent,
        RenderedStringTemplateContent,
        RenderedTableContent,
    )
    from great_expectations.render.renderer import SiteIndexPageRenderer
    from great_expectations.render.view import DefaultJinjaIndexPageView, DefaultJinjaPageView
    from jinja2 import ChoiceLoader, DictLoader

    class _Deterministic:
        def __init__(self, custom_styles_directory=None, custom_views_directory=None) -> None:
            super().__init__(custom_styles_directory, custom_views_directory)
            self.env.loader = ChoiceLoader([DictLoader(TEMPLATE_OVERRIDES), self.env.loader])

        def generate_html_element_uuid(self, prefix=None):
            # GE appends a random UUID to ids that are already unique in the page
            return f"{prefix or ''}sakip"

    class SakipPageView(_Deterministic, DefaultJinjaPageView):
        pass

    class SakipIndexPageView(_Deterministic, DefaultJinjaIndexPageView):
        pass

    def text(template: str, **params: Any) -> RenderedStringTemplateContent:
        return RenderedStringTemplateContent(
            content_block_type="string_template",
            string_template={"template": template, "params": params},
        )

    def link(label: str, href: str) -> RenderedStringTemplateContent:
        return RenderedStringTemplateContent(
            content_block_type="string_template",
            string_template={
                "template": "$label",
                "params": {"label": label},
                "tag": "a",
                "styling": {"attributes": {"href": href}},
            },
        )

    class SakipSiteIndexRenderer(SiteIndexPageRenderer):
        """GE's index, its links in a fixed order, and a plain table of the validations."""

        @classmethod
        def _get_formatted_datetime(cls, _datetime):
            if isinstance(_datetime, datetime):
                return _datetime.astimezone(WIB).strftime("%Y-%m-%d %H:%M:%S WIB")
            return super()._get_formatted_datetime(_datetime)

        @classmethod
        def render(cls, index_links_dict):
            suites = sorted(
                index_links_dict.get("expectations_links", []), key=lambda x: x["expectation_suite_name"]
            )
            validations = sorted(
                index_links_dict.get("validations_links", []),
                key=lambda x: (x["expectation_suite_name"], x["batch_identifier"]),
            )
            index_links_dict["expectations_links"] = suites
            index_links_dict["validations_links"] = validations
            document = super().render(index_links_dict)
            if validations:
                rows = [
                    [
                        "berhasil" if v["validation_success"] else "GAGAL",
                        link(v["expectation_suite_name"], v["filepath"]),
                        v["batch_identifier"],
                        v["asset_name"] or "",
                        cls._get_formatted_datetime(v["run_time"]) or "",
                        link("expectation suite", v["expectation_suite_filepath"]),
                    ]
                    for v in validations
                ]
                table = RenderedTableContent(
                    content_block_type="table",
                    header=text("Semua validasi triwulan ini (daftar yang terbaca juga tanpa internet)"),
                    header_row=["Status", "Validasi", "Batch", "Aset Dagster", "Waktu validasi", "Aturan"],
                    table=rows,
                    styling={"classes": ["col-12", "mt-4"], "body": {"classes": ["table", "table-sm"]}},
                )
                document.sections.append(
                    RenderedSectionContent(section_name="daftar-validasi", content_blocks=[table])
                )
            return document

    return {
        "SakipPageView": SakipPageView,
        "SakipIndexPageView": SakipIndexPageView,
        "SakipSiteIndexRenderer": SakipSiteIndexRenderer,
    }


def _context(site_name: str, base_directory: Path):
    """An ephemeral GE context whose only Data Docs site is base_directory."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
    )

    page_view = {"module_name": __name__, "class_name": "SakipPageView"}
    site = {
        "class_name": "SiteBuilder",
        "show_how_to_buttons": False,
        "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(base_directory)},
        "site_index_builder": {
            "class_name": "DefaultSiteIndexBuilder",
            "renderer": {"module_name": __name__, "class_name": "SakipSiteIndexRenderer"},
            "view": {"module_name": __name__, "class_name": "SakipIndexPageView"},
        },
        "site_section_builders": {
            "expectations": {"view": page_view},
            "validations": {"view": page_view},
            "profiling": "None",
        },
    }
    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        data_docs_sites={site_name: site},
        analytics_enabled=False,
    )
    return gx.get_context(mode="ephemeral", project_config=config)


def _prune_static(site: Path) -> None:
    """Remove GE's static files no page refers to (walkthrough GIFs: 3.4 of its 4 MB)."""
    texts = "\n".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    for path in sorted((site / "static").rglob("*")):
        if path.is_file() and path.name not in texts:
            path.unlink()
    for path in sorted((site / "static").rglob("*"), reverse=True):
        if path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def build_site(rows: list[dict[str, Any]], site: Path, site_name: str) -> dict[str, Any]:
    """Render the validation results of ``rows`` (meta.validations) as a Data Docs site in the
    empty or missing folder ``site``; returns what it holds."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    from great_expectations.core.expectation_suite import ExpectationSuite
    from great_expectations.core.expectation_validation_result import (
        ExpectationSuiteValidationResultSchema,
    )
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

    context = _context(site_name, site)
    schema = ExpectationSuiteValidationResultSchema()
    suites: dict[str, list[dict]] = {}
    for row in rows:
        doc = json.loads(row["result_json"])
        run_time = row["validated_at"].replace(tzinfo=UTC)
        doc["suite_name"] = row["suite"]
        # the validation page shows the run as the quarter and the time of the validation
        doc.setdefault("meta", {})["run_id"] = {
            "run_name": row["partition_key"],
            "run_time": run_time.isoformat(),
        }
        result = schema.load(doc)
        key = ValidationResultIdentifier(
            ExpectationSuiteIdentifier(name=row["suite"]),
            RunIdentifier(run_name=row["partition_key"], run_time=run_time),
            row["batch"],
        )
        context.validation_results_store.set(key, result)
        # the suite's page shows the expectations that ran, batch after batch
        for r in doc["results"]:
            config = dict(r["expectation_config"])
            config["kwargs"] = {k: v for k, v in config["kwargs"].items() if k != "batch_id"}
            suites.setdefault(row["suite"], []).append(config)
    for name, expectations in sorted(suites.items()):
        context.suites.add(ExpectationSuite(name=name, expectations=expectations))
    context.build_data_docs(site_names=[site_name])
    # GE logs a page it fails to render and goes on (an index it fails to render is left empty)
    index = site / "index.html"
    pages = len(list(site.glob("validations/**/*.html")))
    if not index.is_file() or not index.stat().st_size or pages != len(rows):
        raise RuntimeError(
            f"Great Expectations rendered {pages} of {len(rows)} validation pages in {site} "
            f"(index {'present' if index.is_file() else 'missing'}); see the log for its error"
        )
    _prune_static(site)
    return {
        "suites": len(suites),
        "validations": len(rows),
        "expectations": sum(int(r["expectations"]) for r in rows),
        "failed_expectations": sum(int(r["failed"]) for r in rows),
        "failed_validations": sorted(f"{r['suite']}/{r['batch']}" for r in rows if not r["success"]),
    }


def read_validations(con: duckdb.DuckDBPyConnection, q: Quarter) -> list[dict[str, Any]]:
    cursor = con.execute(VALIDATIONS_SQL, [q.key])
    names = [d[0] for d in cursor.description]
    return [{"partition_key": q.key, **dict(zip(names, row, strict=True))} for row in cursor.fetchall()]
