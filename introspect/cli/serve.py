"""`schemadoc serve`: serve the built site on 127.0.0.1 for browsing."""

from __future__ import annotations

import argparse
import functools
import http.server
from pathlib import Path

from introspect.console import Console
from introspect.errors import EXIT_OK, SchemadocError

HELP = "Serve the built site on 127.0.0.1 for browsing"
DESCRIPTION = """\
Serve SITE_DIR (built by `schemadoc build`) over HTTP on 127.0.0.1 only, until interrupted.
--port 0 picks a free port; the URL is printed on stdout."""
LOOPBACK = "127.0.0.1"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `schemadoc serve`."""
    parser.add_argument("--site-dir", type=Path, default=Path("site"), help="the built site (default: site)")
    parser.add_argument("--port", type=int, default=8000, help="TCP port on 127.0.0.1 (default 8000; 0: any free)")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without logging every request to stderr."""

    def log_message(self, format: str, *args: object) -> None:
        pass


def make_server(site_dir: Path, port: int) -> http.server.ThreadingHTTPServer:
    """An HTTP server for ``site_dir`` bound to the loopback address only."""
    if not (site_dir / "index.html").is_file():
        raise SchemadocError(f"{site_dir}: no built site (index.html missing): run `schemadoc build` first")
    handler = functools.partial(QuietHandler, directory=str(site_dir.resolve()))
    try:
        return http.server.ThreadingHTTPServer((LOOPBACK, port), handler)
    except OSError as exc:
        raise SchemadocError(f"cannot listen on {LOOPBACK}:{port}: {exc.strerror}") from exc


def run(args: argparse.Namespace, console: Console) -> int:
    """Serve until Ctrl-C."""
    server = make_server(args.site_dir, args.port)
    host, port = server.server_address[:2]
    console.print(f"http://{host!s}:{port}/")
    console.out.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        console.progress("stopped")
    finally:
        server.server_close()
    return EXIT_OK
