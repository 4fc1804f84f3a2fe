"""The built site in headless Chromium: pages load, diagrams are visible, nothing leaves 127.0.0.1.

A probe page served beside the site loads each page in a same-origin iframe, waits for its
images, and writes what it measured into its own DOM, which ``chromium --dump-dom`` prints.
Chromium resolves every host but 127.0.0.1 to nothing, and its net log is scanned afterwards.
"""

from __future__ import annotations

import json
import re
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

import pytest
from test_site_build import build_site

from introspect.catalog.load import load_catalog
from introspect.cli.serve import QuietHandler, make_server
from introspect.render import links

CHROMIUM = Path("/usr/bin/chromium")
REPO_DIR = Path(__file__).resolve().parents[1]
PROBE = "/__probe__.html"
LEAK = "/__leak__.html"  # a page that loads an image from another host: the detector must see it
LEAK_PAGE = (
    '<!doctype html><html><body><article><h1>leak</h1><img src="http://example.invalid/x.png"></article></body></html>'
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} missing (the Makefile installs Debian's chromium)"),
]

PROBE_PAGE = """<!doctype html><html><body><pre id="result">pending</pre>
<iframe id="frame" src="%s" width="1400" height="2000"></iframe>
<script>
const frame = document.getElementById("frame");
frame.addEventListener("load", async () => {
  const doc = frame.contentDocument;
  const images = [...doc.querySelectorAll("article img")];
  await Promise.all(images.map((img) => img.complete ? null :
    new Promise((done) => { img.addEventListener("load", done); img.addEventListener("error", done); })));
  const found = images.map((img) => ({
    src: img.getAttribute("src"), width: img.naturalWidth, height: img.naturalHeight,
    shown: Math.round(img.getBoundingClientRect().width),
  }));
  const title = doc.querySelector("article h1") ? doc.querySelector("article h1").textContent : "";
  // tables whose columns do not all fit: the table, or the box around it, scrolls sideways
  const clipped = [...doc.querySelectorAll("article table")].filter((table) =>
    [table, table.parentElement, table.parentElement.parentElement].some((box) => box.scrollWidth > box.clientWidth + 1)
  ).map((table) => [...table.querySelectorAll("th")].map((th) => th.textContent.trim()).join("|"));
  const sortable = doc.querySelectorAll("article table th[aria-sort], article table th[role=columnheader]").length;
  const filters = doc.querySelectorAll("article input.schemadoc-filter").length;
  const markers = [...doc.querySelectorAll("article td")].map((td) => td.textContent.trim())
    .filter((text) => /^[\u2713\u2717?\u2013] /.test(text)).length;
  // the longest table: sort it by its first column twice, then filter it
  const tables = [...doc.querySelectorAll("article table")].sort((a, b) => b.rows.length - a.rows.length);
  const played = {};
  if (tables.length && tables[0].tHead) {
    const table = tables[0], header = table.tHead.rows[0].cells[0];
    const first = () => table.tBodies[0].rows[0].cells[0].textContent.trim();
    header.click();
    played.ascending = [first(), header.getAttribute("aria-sort")];
    header.click();
    played.descending = [first(), header.getAttribute("aria-sort")];
    const filter = doc.querySelector("article input.schemadoc-filter");
    if (filter) {
      filter.value = "orders";
      filter.dispatchEvent(new Event("input"));
      played.rows = table.tBodies[0].rows.length;
      played.shown = [...table.tBodies[0].rows].filter((row) => !row.hidden).length;
      played.shownMatch = [...table.tBodies[0].rows].filter((row) => !row.hidden)
        .every((row) => row.textContent.toLowerCase().includes("orders"));
    }
  }
  // the first diagram: a click opens the viewer at full size, the wheel zooms, Escape closes it
  const viewer = {};
  const diagram = doc.querySelector('article a[href$=".svg"]');
  if (diagram) {
    const win = frame.contentWindow;
    diagram.dispatchEvent(new win.MouseEvent("click", {bubbles: true, cancelable: true, button: 0}));
    const shown = doc.querySelector(".schemadoc-viewer img");
    viewer.opened = Boolean(shown);
    if (shown) {
      await (shown.complete ? null : new Promise((done) => shown.addEventListener("load", done)));
      viewer.width = shown.naturalWidth;
      viewer.inline = Math.round(diagram.querySelector("img").getBoundingClientRect().width);
      shown.parentElement.dispatchEvent(new win.WheelEvent("wheel", {deltaY: -100, bubbles: true, cancelable: true}));
      viewer.zoomed = shown.style.transform;
      doc.dispatchEvent(new win.KeyboardEvent("keydown", {key: "Escape", bubbles: true}));
      viewer.closed = !doc.querySelector(".schemadoc-viewer");
    }
  }
  document.getElementById("result").textContent = "RESULT " + JSON.stringify(
    {title: title.trim(), images: found, clipped: clipped, sortable: sortable, filters: filters, markers: markers,
     played: played, viewer: viewer});
});
</script></body></html>"""


class RecordingHandler(QuietHandler):
    """Serves the site, plus the probe page, and remembers every path requested."""

    requested: ClassVar[list[str]] = []
    target = "/"

    def do_GET(self) -> None:
        type(self).requested.append(self.path)
        if self.path.startswith((PROBE, LEAK)):
            page = PROBE_PAGE % type(self).target if self.path.startswith(PROBE) else LEAK_PAGE
            body = page.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()


@pytest.fixture(scope="module")
def served_site(sample_dsn: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    catalog = load_catalog(sample_dsn, exact_row_counts=True)
    _docs, site = build_site(catalog, REPO_DIR / "docs_src", tmp_path_factory.mktemp("browser"))
    server = make_server(site, 0)
    server.RequestHandlerClass = lambda *a, **kw: RecordingHandler(*a, directory=str(site), **kw)  # type: ignore[assignment]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", site
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def probe(base: str, page: str, work: Path) -> tuple[dict[str, Any], list[str]]:
    """Open ``page`` through the probe in headless Chromium; returns (measurements, net-log URLs)."""
    RecordingHandler.target = "/" + page
    net_log = work / "net-log.json"
    command = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        # Chromium's own background traffic (sign-in, autofill, network time, Google's new-tab
        # fetches) has nothing to do with the site; keep it off so the net log shows only the pages'.
        "--bwsi",
        "--disable-default-apps",
        "--disable-domain-reliability",
        "--disable-client-side-phishing-detection",
        "--no-pings",
        "--disable-features=AutofillServerCommunication,NetworkTimeServiceQuerying,OptimizationHints,"
        "MediaRouter,Translate,AccountConsistency",
        f"--user-data-dir={work / 'profile'}",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        f"--log-net-log={net_log}",
        "--virtual-time-budget=15000",
        "--window-size=1400,2200",
        "--dump-dom",
        f"{base}{PROBE}",
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    match = re.search(r"RESULT (\{.*?\})</pre>", done.stdout, re.S)
    assert match, f"probe did not finish for {page}: rc={done.returncode} stderr={done.stderr[-2000:]}"
    result: dict[str, Any] = json.loads(match.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    return result, outside_traffic(json.loads(net_log.read_text(encoding="utf-8")))


def _is_loopback(address: str) -> bool:
    host = address.rsplit(":", 1)[0].strip("[]")
    return host in ("127.0.0.1", "::1")


def outside_traffic(net_log: dict[str, Any]) -> list[str]:
    """What in a Chromium net log went, or was asked by a page to go, beyond the loopback address:
    TCP connections to another address, and requests for another host initiated by a page.

    Chromium's own background requests (initiator "not an origin": sign-in, new-tab fetches) are
    not the site's; the resolver rules send them nowhere, and the TCP check proves none connected.
    """
    names = {number: name for name, number in net_log["constants"]["logEventTypes"].items()}
    found = []
    for event in net_log["events"]:
        name, params = names.get(event["type"], ""), event.get("params") or {}
        if name == "TCP_CONNECT":
            addresses = [*params.get("address_list", []), params.get("remote_address", "127.0.0.1:0")]
            found += [f"TCP connection to {a}" for a in addresses if not _is_loopback(a)]
        elif name == "URL_REQUEST_START_JOB":
            url, initiator = params.get("url", ""), params.get("initiator", "")
            if urlsplit(url).hostname not in ("127.0.0.1", None) and initiator != "not an origin":
                found.append(f"{initiator} requested {url}")
    return sorted(set(found))


@pytest.mark.parametrize(
    ("page", "min_images"),
    [
        ("index.html", 0),
        ("reference/" + links.table_page("public.orders").replace(".md", ".html"), 1),
        ("reference/erd/index.html", 6),
    ],
)
def test_page_shows_its_diagrams_without_leaving_loopback(
    served_site: tuple[str, Path], page: str, min_images: int, tmp_path: Path
) -> None:
    base, site = served_site
    path = page
    assert (site / path).is_file(), path
    RecordingHandler.requested.clear()
    result, outside = probe(base, path, tmp_path)
    assert result["title"], f"{path}: no heading rendered"
    images = result["images"]
    assert len(images) >= min_images, images
    for image in images:
        assert image["width"] > 0 and image["height"] > 0, f"{path}: image {image['src']} did not load"
        assert image["shown"] > 0, f"{path}: image {image['src']} is not displayed"
    assert outside == [], f"{path}: traffic beyond 127.0.0.1: {outside}"
    assert any(p.startswith("/" + path) for p in RecordingHandler.requested)
    assert "/search/search_index.json" in RecordingHandler.requested  # search runs from the site itself


def test_built_site_references_no_other_host(served_site: tuple[str, Path]) -> None:
    _base, site = served_site
    fetched = re.compile(r"""<(?:script|link|img|iframe|source)\b[^>]*?\b(?:src|href)=["']((?:https?:)?//[^"']+)""")
    css_fetch = re.compile(r"""(?:url\(\s*["']?|@import\s+["'])((?:https?:)?//[^"')]+)""")
    problems = []
    for path in site.rglob("*"):
        if path.suffix == ".html":
            for url in fetched.findall(path.read_text(encoding="utf-8")):
                problems.append(f"{path.relative_to(site)}: {url}")
        elif path.suffix == ".css":
            for url in css_fetch.findall(path.read_text(encoding="utf-8")):
                problems.append(f"{path.relative_to(site)}: {url}")
    assert problems == []


def test_probe_detects_a_request_to_another_host(served_site: tuple[str, Path], tmp_path: Path) -> None:
    base, _site = served_site
    result, outside = probe(base, LEAK.lstrip("/"), tmp_path)
    assert result["images"] and result["images"][0]["width"] == 0  # blocked, so never loaded
    assert any("example.invalid" in line for line in outside), outside


WIDE_PAGES = [
    "reference/dictionary/index.html",
    "reference/" + links.table_page("public.orders").replace(".md", ".html"),
    "reference/indexes.html",
    "reference/partitions.html",
    "reference/views.html",
    "reference/functions.html",
    "reference/statistics.html",
]


@pytest.mark.parametrize("page", WIDE_PAGES)
def test_every_column_fits_a_1400_pixel_window(served_site: tuple[str, Path], page: str, tmp_path: Path) -> None:
    base, site = served_site
    assert (site / page).is_file(), page
    result, _outside = probe(base, page, tmp_path)
    assert result["clipped"] == [], f"{page}: tables wider than the page: {result['clipped']}"


def test_inventory_tables_sort_and_filter_in_the_page(served_site: tuple[str, Path], tmp_path: Path) -> None:
    base, _site = served_site
    result, outside = probe(base, "reference/indexes.html", tmp_path)
    assert result["sortable"] > 10 and result["filters"] >= 1
    played = result["played"]
    (up, up_state), (down, down_state) = played["ascending"], played["descending"]
    assert (up_state, down_state) == ("ascending", "descending") and up < down
    assert 0 < played["shown"] < played["rows"] and played["shownMatch"]
    assert outside == []


def test_a_diagram_opens_at_full_size_and_zooms(served_site: tuple[str, Path], tmp_path: Path) -> None:
    base, _site = served_site
    result, outside = probe(base, "reference/erd/index.html", tmp_path)
    viewer = result["viewer"]
    assert viewer["opened"] and viewer["width"] > 0
    assert "scale(1.15)" in viewer["zoomed"]
    assert viewer["closed"]
    assert outside == []
