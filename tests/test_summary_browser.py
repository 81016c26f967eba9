"""The demo's 2024-TW4 summary in a real browser: headless Chromium (Debian's `chromium`
package, which .ci/run installs when it is missing) driven over the Chrome DevTools Protocol,
with the network disabled. The page must load without a console error and without any request
beyond its own file; every chart is visible with a non-zero size; the key figures are there as
text; the document status stamp is on the first screen; no table or chart is wider than the page
and the findings take about one A4 page. The first A4-sized screen of the page is kept as
docs/ringkasan_2024_TW4_page1.png; run with SAKIP_UPDATE_SCREENSHOT=1 to refresh it.

The test skips only when no Chromium is installed; a Chromium that is there and fails is a
failure."""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import shutil
import signal
import struct
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from websockets.sync.client import ClientConnection, connect

Q = "2024-TW4"
PAGE = "ringkasan_2024_TW4.html"
KEY_FIGURES = ("94,34%", "104,55%", "298,5", "Baik")
# summary_html._charts: the demo's TW4 has data for all four
CHARTS = {"grafik-anggaran", "grafik-merit", "grafik-pensiun", "grafik-absensi"}
SCREENSHOT = Path(__file__).resolve().parent.parent / "docs" / "ringkasan_2024_TW4_page1.png"
UPDATE_SCREENSHOT = os.environ.get("SAKIP_UPDATE_SCREENSHOT") == "1"
# A4 at 96 CSS px per inch (210 x 297 mm) rendered at 150 dpi: a 1241 x 1755 px image
A4_CSS = (794, 1123)
SCALE = 150 / 96
A4_TEXT_HEIGHT = (297 - 15 - 16) / 25.4 * 96  # CSS px between the @page margins

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# a mark, not a skip in a fixture: the session's demo run is not waited for only to skip
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium is not installed (no `chromium` or `chromium-browser` on PATH): .ci/run installs "
    "Debian's `chromium` package with apt-get when it runs as root or with passwordless sudo; "
    "`apt-get install chromium` to run this test",
)

START_TIMEOUT = 30.0  # Chromium up and listening
COMMAND_TIMEOUT = 20.0  # any one DevTools command
LOAD_TIMEOUT = 30.0  # the page loaded

# Nothing leaves the machine: no DNS answer, a proxy that is not there (discard port) and,
# below, the page's network emulated offline.
OFFLINE_FLAGS = [
    "--proxy-server=127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
    "--host-resolver-rules=MAP * ~NOTFOUND",
]
QUIET_FLAGS = [
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-extensions",
    "--disable-sync",
    "--disable-client-side-phishing-detection",
    "--metrics-recording-only",
    "--no-pings",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--force-color-profile=srgb",
    "--mute-audio",
]

CHARTS_JS = """
(() => {
  const charts = [];
  for (const svg of document.querySelectorAll('svg')) {
    if (svg.parentElement && svg.parentElement.closest('svg')) continue;
    svg.scrollIntoView({block: 'center', inline: 'center'});
    const r = svg.getBoundingClientRect();
    const style = getComputedStyle(svg);
    const content = svg.getBBox();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    charts.push({
      id: svg.id,
      cls: svg.getAttribute('class'),
      figure: svg.closest('figure') !== null,
      width: r.width,
      height: r.height,
      content_width: content.width,
      content_height: content.height,
      shapes: svg.querySelectorAll('path, rect, line, polyline, polygon, circle, ellipse, use').length,
      visible: svg.checkVisibility({opacityProperty: true, visibilityProperty: true}),
      display: style.display,
      visibility: style.visibility,
      opacity: style.opacity,
      on_top: hit !== null && (hit === svg || svg.contains(hit)),
    });
  }
  window.scrollTo(0, 0);
  return charts;
})()
"""


LAYOUT_JS = """
(() => {
  const wide = [];
  for (const el of document.querySelectorAll('table, figure, svg.chart, section')) {
    const r = el.getBoundingClientRect();
    const p = el.parentElement.getBoundingClientRect();
    if (r.right > p.right + 0.5 || r.left < p.left - 0.5 || el.scrollWidth > el.clientWidth + 1) {
      const caption = el.querySelector('caption');
      wide.push((el.id || el.tagName) + ': ' + (caption ? caption.textContent : '') + ' ' +
                Math.round(r.width) + ' px in ' + Math.round(p.width) + ' px');
    }
  }
  const stamp = document.querySelector('header .stempel');
  const s = stamp && stamp.getBoundingClientRect();
  const findings = document.getElementById('temuan');
  return {
    wide: wide,
    document_width: document.documentElement.scrollWidth,
    view_width: window.innerWidth,
    stamp: stamp && {
      text: stamp.innerText, top: s.top + window.scrollY, bottom: s.bottom + window.scrollY,
      width: s.width, visible: stamp.checkVisibility({opacityProperty: true, visibilityProperty: true}),
    },
    findings_height: findings ? findings.getBoundingClientRect().height : null,
  };
})()
"""


class DevToolsError(RuntimeError):
    pass


@dataclass
class DevTools:
    """A minimal Chrome DevTools Protocol client over one browser websocket, with sessions
    attached in flat mode. Every wait has a deadline."""

    ws: ClientConnection
    events: list[dict[str, Any]] = field(default_factory=list)
    _next_id: int = 0

    def _receive(self, deadline: float, waiting_for: str) -> dict[str, Any]:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError(f"no answer from Chromium within the time limit: {waiting_for}")
        try:
            message = json.loads(self.ws.recv(timeout=remaining))
        except TimeoutError:
            raise TimeoutError(f"no answer from Chromium within the time limit: {waiting_for}") from None
        if "method" in message:
            self.events.append(message)
        return message

    def send(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        session: str | None = None,
        timeout: float = COMMAND_TIMEOUT,
    ) -> dict[str, Any]:
        self._next_id += 1
        command: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session is not None:
            command["sessionId"] = session
        self.ws.send(json.dumps(command))
        deadline = time.monotonic() + timeout
        while True:
            message = self._receive(deadline, method)
            if message.get("id") == self._next_id:
                if "error" in message:
                    raise DevToolsError(f"{method}: {message['error']}")
                return message.get("result", {})

    def wait_for(
        self, predicate: Callable[[dict[str, Any]], bool], start: int, timeout: float, what: str
    ) -> int:
        """The index of the first event from events[start:] that matches, waiting for it."""
        deadline = time.monotonic() + timeout
        i = start
        while True:
            while i < len(self.events):
                if predicate(self.events[i]):
                    return i
                i += 1
            self._receive(deadline, what)

    def evaluate(self, session: str, expression: str, timeout: float = COMMAND_TIMEOUT) -> Any:
        result = self.send(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
            session,
            timeout,
        )
        if "exceptionDetails" in result:
            raise DevToolsError(f"{expression[:60]!r}: {result['exceptionDetails']}")
        return result["result"].get("value")


def _stop(proc: subprocess.Popen) -> None:
    """End Chromium and its helper processes: its own process group, started for it."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=5)
    # whatever is left of the group: helpers, or a browser that ignored SIGTERM
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=5)


@pytest.fixture(scope="module")
def browser(tmp_path_factory) -> Iterator[DevTools]:
    assert CHROMIUM is not None
    root = tmp_path_factory.mktemp("chromium")
    profile = root / "profile"
    profile.mkdir()
    log_path = root / "chromium.log"
    args = [
        CHROMIUM,
        "--headless",
        "--remote-debugging-port=0",
        "--remote-debugging-address=127.0.0.1",
        f"--user-data-dir={profile}",
        *OFFLINE_FLAGS,
        *QUIET_FLAGS,
    ]
    if os.geteuid() == 0:
        args.append("--no-sandbox")
    args.append("about:blank")
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            args, stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True
        )
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + START_TIMEOUT
        while not (port_file.is_file() and len(port_file.read_text().splitlines()) >= 2):
            if proc.poll() is not None or time.monotonic() > deadline:
                state = f"exited with {proc.returncode}" if proc.poll() is not None else "did not start"
                log_text = log_path.read_text(errors="replace")[-3000:]
                pytest.fail(f"Chromium {state} within {START_TIMEOUT:.0f} s:\n{' '.join(args)}\n{log_text}")
            time.sleep(0.05)
        port, path = port_file.read_text().splitlines()[:2]
        with connect(
            f"ws://127.0.0.1:{port}{path}",
            proxy=None,
            open_timeout=COMMAND_TIMEOUT,
            close_timeout=2,
            ping_interval=None,
            max_size=None,
            compression=None,
        ) as ws:
            yield DevTools(ws)
    finally:
        _stop(proc)


@dataclass
class Loaded:
    url: str
    events: list[dict[str, Any]]
    charts: list[dict[str, Any]]
    text: str
    key_text: str
    title: str
    layout: dict[str, Any]
    screenshot: bytes


def _outside(url: str, page_url: str) -> bool:
    return not (url.split("#")[0] == page_url or url.startswith(("data:", "about:", "blob:")))


@pytest.fixture(scope="module")
def loaded(demo, browser: DevTools, tmp_path_factory) -> Loaded:
    page = demo.out_dir(Q) / PAGE
    assert page.is_file(), f"the demo run wrote no {page}"
    url = page.resolve().as_uri()

    target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    for domain in ("Page", "Runtime", "Log", "Network"):
        browser.send(f"{domain}.enable", session=session)
    browser.send(
        "Network.emulateNetworkConditions",
        {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
        session,
    )
    browser.send("Network.setCacheDisabled", {"cacheDisabled": True}, session)
    width, height = A4_CSS
    browser.send(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": SCALE, "mobile": False},
        session,
    )

    start = len(browser.events)
    navigation = browser.send("Page.navigate", {"url": url}, session, LOAD_TIMEOUT)
    assert not navigation.get("errorText"), f"navigation to {url} failed: {navigation['errorText']}"
    frame = navigation["frameId"]
    navigated = browser.wait_for(
        lambda e: (
            e.get("sessionId") == session
            and e["method"] == "Page.frameNavigated"
            and e["params"]["frame"]["id"] == frame
            and e["params"]["frame"]["url"] == url
        ),
        start,
        LOAD_TIMEOUT,
        f"Page.frameNavigated to {url}",
    )
    browser.wait_for(
        lambda e: e.get("sessionId") == session and e["method"] == "Page.loadEventFired",
        navigated,
        LOAD_TIMEOUT,
        "Page.loadEventFired",
    )
    assert browser.evaluate(session, "document.fonts.ready.then(() => document.fonts.status)") == "loaded"

    charts = browser.evaluate(session, CHARTS_JS)
    text = browser.evaluate(session, "document.body.innerText")
    key_text = browser.evaluate(
        session, "(document.getElementById('angka-utama') || document.createElement('p')).innerText"
    )
    title = browser.evaluate(session, "document.title")
    layout = browser.evaluate(session, LAYOUT_JS)
    shot = browser.send("Page.captureScreenshot", {"format": "png", "fromSurface": True}, session)
    screenshot = base64.b64decode(shot["data"])
    (tmp_path_factory.mktemp("screenshot") / SCREENSHOT.name).write_bytes(screenshot)
    # a last round trip, so that anything the page still logs or requests is in the events
    browser.evaluate(session, "new Promise(r => requestAnimationFrame(() => setTimeout(r, 100)))")
    events = [e for e in browser.events[start:] if e.get("sessionId") == session]
    browser.send("Target.closeTarget", {"targetId": target})
    return Loaded(url, events, charts, text, key_text, title, layout, screenshot)


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", "not a PNG file"
    return struct.unpack(">II", data[16:24])


def test_no_console_errors(loaded: Loaded):
    errors = []
    for e in loaded.events:
        method, p = e["method"], e["params"]
        if method == "Runtime.consoleAPICalled" and p["type"] in ("error", "assert"):
            errors.append(f"console.{p['type']}: {[a.get('value', a.get('description')) for a in p['args']]}")
        elif method == "Runtime.exceptionThrown":
            details = p["exceptionDetails"]
            errors.append(f"exception: {details.get('exception', {}).get('description') or details['text']}")
        elif method == "Log.entryAdded" and p["entry"]["level"] == "error":
            entry = p["entry"]
            errors.append(f"log ({entry['source']}): {entry['text']} {entry.get('url', '')}".strip())
    assert loaded.title.startswith("Ringkasan "), f"not the summary page: {loaded.title!r}"
    assert errors == []


def test_no_outside_requests(loaded: Loaded):
    requests = [
        e["params"]["request"]["url"] for e in loaded.events if e["method"] == "Network.requestWillBeSent"
    ]
    assert loaded.url in [r.split("#")[0] for r in requests], "the page's own request was not seen"
    assert [r for r in requests if _outside(r, loaded.url)] == []


def test_every_chart_is_visible(loaded: Loaded):
    ids = {c["id"] for c in loaded.charts}
    assert ids >= CHARTS, f"charts missing from the page: {sorted(CHARTS - ids)}"
    assert len(loaded.charts) >= len(CHARTS)
    for chart in loaded.charts:
        assert chart["cls"] == "chart" and chart["figure"], chart
        assert chart["width"] > 0 and chart["height"] > 0, chart
        assert chart["content_width"] > 0 and chart["content_height"] > 0 and chart["shapes"] > 0, chart
        assert chart["visible"] and chart["display"] != "none" and chart["visibility"] == "visible", chart
        assert float(chart["opacity"]) > 0, chart
        assert chart["on_top"], f"{chart['id']} is covered by another element"


@pytest.mark.parametrize("figure", KEY_FIGURES)
def test_key_figure_is_text(loaded: Loaded, figure: str):
    as_word = re.compile(rf"(?<!\w){re.escape(figure)}(?!\w)")
    assert as_word.search(loaded.text), f"{figure} is not in the page's text"
    assert as_word.search(loaded.key_text), f"{figure} is not in the key figures (#angka-utama)"


def test_reference_screenshot(loaded: Loaded):
    size = _png_size(loaded.screenshot)
    assert size == (round(A4_CSS[0] * SCALE), round(A4_CSS[1] * SCALE))
    if UPDATE_SCREENSHOT:
        SCREENSHOT.write_bytes(loaded.screenshot)
    assert SCREENSHOT.is_file(), (
        f"{SCREENSHOT} is missing: run SAKIP_UPDATE_SCREENSHOT=1 uv run pytest tests/test_summary_browser.py"
    )
    assert _png_size(SCREENSHOT.read_bytes()) == size


def test_document_status_is_stamped_on_the_first_screen(loaded: Loaded):
    stamp = loaded.layout["stamp"]
    assert stamp is not None, "no status stamp in the title block"
    assert stamp["visible"] and stamp["width"] > 0, stamp
    assert stamp["bottom"] <= A4_CSS[1], f"the stamp is below the first screen: {stamp}"
    word, label = stamp["text"].strip().split("\n", 1)
    assert word in ("DRAFT", "FINAL") and label.strip().startswith(word), stamp
    assert label.strip() in loaded.title, loaded.title


def test_nothing_is_wider_than_the_page(loaded: Loaded):
    layout = loaded.layout
    assert layout["wide"] == [], layout["wide"]
    assert layout["document_width"] <= layout["view_width"], layout


def test_findings_take_about_one_page(loaded: Loaded):
    height = loaded.layout["findings_height"]
    assert height is not None and 0 < height <= 1.1 * A4_TEXT_HEIGHT, height
