"""Serve a generated site on 127.0.0.1: nginx with a private config, or a multi-process Python fallback.

Both servers rewrite the copy markers of `benchmarks.sitegen` so that ``/<section>/<y>/<m>/<d>/c<k>/<slug>``
serves article ``<slug>`` as a distinct article (its own canonical URL and body fingerprint), and both can
serve with or without ``charset=utf-8`` in ``Content-Type`` and with or without gzip.
"""

from __future__ import annotations

import contextlib
import gzip
import logging
import multiprocessing
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

from benchmarks.sitegen import COPY_PATH_MARKER, COPY_TEXT_MARKER

logger = logging.getLogger(__name__)

NGINX = "/usr/sbin/nginx"
_COPY_URL = re.compile(r"^(/[a-z-]+/\d{4}/\d\d/\d\d/)c(\d+)/([^/]+)$")
_CONTENT_TYPES = {".xml": "application/xml", ".txt": "text/plain"}


@dataclass(frozen=True)
class ServeOptions:
    """How pages are served: charset in ``Content-Type``, gzip, which server."""

    charset: bool = True
    gzip: bool = False
    server: str = "auto"  # "nginx", "python" or "auto" (nginx when installed)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_listening(port: int, timeout: float = 10.0) -> None:
    """Block until something accepts connections on `port` (or raise after `timeout` seconds)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.05)
    raise RuntimeError(f"no server came up on 127.0.0.1:{port}")


def nginx_config(root: Path, port: int, workdir: Path, options: ServeOptions) -> str:
    """A self-contained nginx config serving `root` on 127.0.0.1:`port` in the foreground."""
    charset = "charset utf-8; charset_types text/html application/xml text/plain;" if options.charset else ""
    gzip_conf = (
        "gzip on; gzip_comp_level 1; gzip_min_length 256; gzip_types application/xml text/plain;"
        if options.gzip
        else "gzip off;"
    )
    temp = " ".join(
        f"{k}_temp_path {workdir / k};" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # Running as root, nginx workers would drop to "nobody" and could not read a private temp dir.
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};" if os.geteuid() == 0 else ""
    return f"""
daemon off;
{user}
worker_processes 1;
pid {workdir / "nginx.pid"};
error_log {workdir / "error.log"} warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    {temp}
    types {{ text/html html; application/xml xml; text/plain txt; }}
    default_type text/html;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    {charset}
    {gzip_conf}
    sub_filter_once off;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        index index.html;
        location ~ "^(?<dir>/[a-z-]+/\\d{{4}}/\\d\\d/\\d\\d/)c(?<copy>\\d+)/(?<slug>[^/]+)$" {{
            sub_filter '{COPY_PATH_MARKER}' 'c$copy/';
            sub_filter '{COPY_TEXT_MARKER}' '{COPY_TEXT_MARKER}-c$copy';
            try_files $dir$slug =404;
        }}
        location / {{
            sub_filter '{COPY_PATH_MARKER}' '';
            try_files $uri $uri/ =404;
        }}
    }}
}}
"""


@contextlib.contextmanager
def run_nginx(root: Path, port: int, options: ServeOptions) -> Iterator[subprocess.Popen[bytes]]:
    """Run nginx (foreground, private prefix in a temp dir) for the duration of the block."""
    workdir = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
    conf = workdir / "nginx.conf"
    conf.write_text(nginx_config(root.resolve(), port, workdir, options), encoding="utf-8")
    cmd = [NGINX, "-p", str(workdir), "-c", str(conf), "-e", str(workdir / "error.log")]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_until_listening(port)
        yield proc
    finally:
        proc.send_signal(signal.SIGQUIT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(workdir, ignore_errors=True)


def resolve_page(root: Path, path: str) -> tuple[Path, int | None]:
    """The stored file for a URL path and the copy number it asks for (None: not a copy URL)."""
    copy = None
    match = _COPY_URL.match(path)
    if match:
        path, copy = match[1] + match[3], int(match[2])
    target = (root / path.lstrip("/")).resolve()
    if target.is_dir():
        target = target / "index.html"
    return target, copy


def rewrite_copy_markers(body: bytes, copy: int | None) -> bytes:
    """The page as served for `copy` (None or 0: the stored article itself)."""
    if not copy:
        return body.replace(COPY_PATH_MARKER.encode(), b"")
    body = body.replace(COPY_PATH_MARKER.encode(), f"c{copy}/".encode())
    return body.replace(COPY_TEXT_MARKER.encode(), f"{COPY_TEXT_MARKER}-c{copy}".encode())


class _Handler(BaseHTTPRequestHandler):
    """Static files with the same copy rewriting, charset and gzip behaviour as the nginx config."""

    protocol_version = "HTTP/1.1"
    root: Path
    options: ServeOptions

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        target, copy = resolve_page(self.root, path)
        if not target.is_file() or self.root not in target.parents:
            self.send_error(404)
            return
        body = rewrite_copy_markers(target.read_bytes(), copy)
        ctype = _CONTENT_TYPES.get(target.suffix, "text/html")
        if self.options.charset:
            ctype += "; charset=utf-8"
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        if self.options.gzip and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, compresslevel=1)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def _serve_forever(server: HTTPServer) -> None:
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    server.serve_forever(poll_interval=0.5)


@contextlib.contextmanager
def run_python_server(root: Path, port: int, options: ServeOptions, workers: int = 2) -> Iterator[None]:
    """A pre-forked pool of `workers` Python HTTP servers sharing one listening socket."""
    handler = type("Handler", (_Handler,), {"root": root.resolve(), "options": options})
    server = HTTPServer(("127.0.0.1", port), handler)
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_serve_forever, args=(server,), daemon=True) for _ in range(workers)]
    for proc in procs:
        proc.start()
    try:
        wait_until_listening(port)
        yield
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.join(timeout=5)
        server.server_close()


@contextlib.contextmanager
def serve(root: Path, port: int, options: ServeOptions) -> Iterator[str]:
    """Serve `root` on 127.0.0.1:`port` for the block; yields the name of the server used."""
    use_nginx = options.server == "nginx" or (options.server == "auto" and Path(NGINX).exists())
    if use_nginx:
        with run_nginx(root, port, options):
            yield "nginx"
    else:
        with run_python_server(root, port, options):
            yield "python"
