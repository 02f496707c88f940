"""https feeds: the certificate is checked against the system's trusted certificates.

tui.fetch imports aiohttp without the TLS contexts aiohttp builds at import and makes
its own on the first https request; these tests hold that it is made, and verifies.
"""

from __future__ import annotations

import os
import ssl
import subprocess
import sys

import pytest
import trustme

from tests.feedserver import FeedServer
from tests.support import ROOT, fixture_bytes, write_config
from tui.cli import main


@pytest.fixture
def tls_server(tmp_path):
    """A feed server on https://127.0.0.1 with a certificate from a throwaway CA
    (trustme); yields the CA's certificate file (ca.pem)."""
    ca = trustme.CA()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    cert = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(cert))
    server = FeedServer()
    server.httpd.socket = context.wrap_socket(server.httpd.socket, server_side=True)
    server.add("/feed.xml", fixture_bytes("arabic_rss.xml"))
    server.start()
    yield server, cert
    server.stop()


def test_https_feed_signed_by_a_trusted_certificate_is_read(tls_server, tmp_path):
    server, cert = tls_server
    url = f"https://127.0.0.1:{server.port}/feed.xml"
    config = write_config(tmp_path / "feeds.toml", [{"url": url}])
    # OpenSSL's default trust store is SSL_CERT_FILE when set: the throwaway CA
    # becomes the one the system trusts, for a fresh process.
    env = {**os.environ, "SSL_CERT_FILE": str(cert), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "tui", "--headlines", "--config", str(config)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "" and len(done.stdout.splitlines()) == 3


def test_https_feed_with_an_untrusted_certificate_is_refused(tls_server, tmp_path, capsys):
    server, _ = tls_server
    url = f"https://127.0.0.1:{server.port}/feed.xml"
    config = write_config(tmp_path / "feeds.toml", [{"url": url}])
    assert main(["--headlines", "--config", str(config)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "TLS certificate is not valid" in captured.err
