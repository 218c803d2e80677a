"""analyzer.urls.is_loopback: the one answer to "is this host the machine itself?", for KL502
and for the plain-http hosts `fetch` accepts."""
import pytest

from analyzer.live import normalize_host
from analyzer.live.errors import FetchError
from analyzer.urls import is_loopback

LOOPBACK = ["localhost", "LOCALHOST", "localhost.", "api.localhost", "127.0.0.1", "127.8.9.10", "::1",
            "[::1]", "0:0:0:0:0:0:0:1"]
ELSEWHERE = [None, "", "example.com", "localhost.example.com", "mylocalhost", "10.0.0.7", "0.0.0.0",
             "128.0.0.1", "::2", "127.0.0.1.example.com"]


@pytest.mark.parametrize("host", LOOPBACK)
def test_loopback_hosts(host):
    assert is_loopback(host)


@pytest.mark.parametrize("host", ELSEWHERE)
def test_other_hosts(host):
    assert not is_loopback(host)


@pytest.mark.parametrize("host", ["http://localhost:8080", "http://127.0.0.1", "http://[::1]:9",
                                  "http://127.8.9.10", "HTTP://LOCALHOST/kore"])
def test_fetch_takes_plain_http_to_a_loopback_host(host):
    assert normalize_host(host).startswith("http://")


@pytest.mark.parametrize("host", ["http://example.com", "http://10.0.0.7:8080", "http://localhost.example.com",
                                  "http://api.localhost"])  # a resolver may send it elsewhere
def test_fetch_refuses_plain_http_elsewhere(host):
    with pytest.raises(FetchError, match="must be https://"):
        normalize_host(host)
