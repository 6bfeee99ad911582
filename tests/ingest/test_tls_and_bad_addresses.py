"""A secure connection that fails, and an address httpx cannot read, say so in one line.

Found in tmux: `newsread add https://127.0.0.1:8765/` (a plain-http server) said "cannot
reach 127.0.0.1: operation not permitted": TLS errors carry OpenSSL's code 1 as their
errno, read as EPERM. A feed whose certificate expired or is self-signed said the same
in `newsread feeds`. `newsread add 'http://[::1'` said "unexpected error: InvalidURL"
(httpx.InvalidURL is not an httpx.HTTPError).
"""

from __future__ import annotations

import shutil
import ssl
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.ingest.conftest import Server
from tui_reader.feeds.fetching import FetchLimits
from tui_reader.feeds.refresh import FeedStatus, refresh_feeds
from tui_reader.feeds.subscriptions import Subscription, subscribe
from tui_reader.ingest import IngestError
from tui_reader.ingest.url import load_url
from tui_reader.store import Library

QUICK = FetchLimits(deadline=3.0, read_timeout=2.0, max_retry_wait=1.0)


class _Hello(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"<rss version='2.0'><channel><title>t</title></channel></rss>"
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def self_signed(tmp_path: Path) -> Iterator[str]:
    """An https server on 127.0.0.1 whose certificate nobody signed: its base URL."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a certificate")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"),
            *("-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Hello)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def refused(url: str) -> str:
    with pytest.raises(IngestError) as caught:
        load_url(url)
    return str(caught.value)


def test_https_to_a_plain_http_server_names_the_secure_connection(server: Server) -> None:
    url = server.page("/page", "<html><body><p>hi</p></body></html>").replace("http:", "https:")
    message = refused(url)
    assert "operation not permitted" not in message
    assert message.startswith("secure connection (TLS) to 127.0.0.1 failed: ")
    assert "wrong version number" in message


def test_a_self_signed_certificate_is_named(self_signed: str) -> None:
    message = refused(self_signed + "/feed.xml")
    assert message.startswith("secure connection (TLS) to 127.0.0.1 failed: ")
    assert "self-signed certificate" in message, message


def test_a_feed_with_a_self_signed_certificate_shows_why_it_failed(
    library: Library, self_signed: str
) -> None:
    subscribe(library, Subscription(self_signed + "/feed.xml"))
    report = refresh_feeds(library, limits=QUICK)
    assert report.feeds[0].status is FeedStatus.FAILED
    error = report.feeds[0].error
    assert error.startswith("secure connection (TLS) to 127.0.0.1 failed: "), error
    assert "self-signed certificate" in error


@pytest.mark.parametrize("url", ["http://[::1", "http://127.0.0.1:99999/x"])
def test_an_address_httpx_cannot_read_is_named(url: str) -> None:
    assert refused(url) == f"not a valid web address: {url}"


def test_a_feed_address_httpx_cannot_read_is_named(library: Library) -> None:
    subscribe(library, Subscription("http://127.0.0.1:99999/feed.xml"))
    report = refresh_feeds(library, limits=QUICK)
    assert report.feeds[0].error == "not a valid web address: http://127.0.0.1:99999/feed.xml"
