"""A real gunicorn, started by the test as production starts it (gunicorn.conf.py): its
fresh workers answer concurrent first requests without a 500, and over-long URLs and
headers are refused by the app (with its security headers), not by gunicorn's bare page,
up to gunicorn's own hard limit."""

from __future__ import annotations

import socket
import threading

import pytest
import requests

from tests.app_host import gunicorn_host
from web.request_limits import GUNICORN_LIMITS, MAX_HEADER_FIELD_BYTES, MAX_HEADER_FIELDS, MAX_URL_BYTES


@pytest.fixture
def fresh_gunicorn(built_data_dir, tmp_path):
    with gunicorn_host(built_data_dir, tmp_path) as served:
        yield served


@pytest.fixture(scope="module")
def gunicorn(built_data_dir, tmp_path_factory):
    with gunicorn_host(built_data_dir, tmp_path_factory.mktemp("gunicorn")) as served:
        yield served


def _script_paths(html: str) -> list[str]:
    import re

    return re.findall(r'src="(/_dash-component-suites/[^"]+)"', html)


def test_create_app_does_dashs_first_request_set_up(app):
    """Done before gunicorn forks: no request has to build the callback map or script list."""
    assert app._got_first_request == {"pages": True, "setup_server": True}
    assert ".._pages_content.children..._pages_store.data.." in app.callback_map
    assert "dash" in app.registered_paths


def test_a_fresh_gunicorn_answers_concurrent_first_requests(fresh_gunicorn, client):
    """Dash's first-request set-up used to race: 'dash is not a registered library' (500) on
    a script, or a dict changing size during iteration."""
    url, log = fresh_gunicorn
    scripts = _script_paths(client.get("/").get_data(as_text=True))  # from an app of our own
    assert len(scripts) >= 6
    router = {
        "output": ".._pages_content.children..._pages_store.data..",
        "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": "/stocks"},
            {"id": "_pages_location", "property": "search", "value": ""},
        ],
        "state": [{"id": "shell-lang", "property": "data", "value": "en"}],
        "changedPropIds": ["_pages_location.pathname"],
    }
    targets = [
        ("get", path, None)
        for path in ["/", "/stocks", "/_dash-layout", "/_dash-dependencies", "/country/MDA", *scripts]
    ]
    targets.append(("post", "/_dash-update-component", router))
    count = 48
    start = threading.Barrier(count)
    statuses: list = []

    def hit(index: int):
        method, path, body = targets[index % len(targets)]
        start.wait()
        try:
            statuses.append((requests.request(method, url + path, json=body, timeout=60).status_code, path))
        except requests.RequestException as error:
            statuses.append((repr(error), path))

    threads = [threading.Thread(target=hit, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(statuses) == count
    assert [s for s in statuses if s[0] != 200] == []
    assert "Traceback" not in log.read_text()


def _raw(url: str, request_line: str, headers: list[str] = ()) -> tuple[int, str]:
    """Send a request as bytes (requests would refuse some of these), return status and head."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall("\r\n".join([request_line, f"Host: {host}", *headers, "Connection: close", "", ""]).encode())
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    head = data.split(b"\r\n\r\n")[0].decode("latin-1")
    return int(head.split()[1]), head


def _has_security_headers(head: str) -> bool:
    lowered = head.lower()
    return all(
        name in lowered for name in ("content-security-policy:", "x-content-type-options: nosniff", "x-frame-options:")
    )


def test_long_urls_and_headers_are_refused_by_the_app_with_its_headers(gunicorn):
    url, _log = gunicorn
    assert GUNICORN_LIMITS["limit_request_line"] > MAX_URL_BYTES + 100
    assert GUNICORN_LIMITS["limit_request_fields"] > MAX_HEADER_FIELDS
    assert GUNICORN_LIMITS["limit_request_field_size"] > MAX_HEADER_FIELD_BYTES
    ok, head = _raw(url, "GET /stocks?country=MDA HTTP/1.1")
    assert ok == 200 and _has_security_headers(head)
    for length in (MAX_URL_BYTES + 1, GUNICORN_LIMITS["limit_request_line"] - 100):
        status, head = _raw(url, f"GET /stocks?a={'x' * (length - len('/stocks?a='))} HTTP/1.1")
        assert status == 414 and _has_security_headers(head), (length, head)
    long_field = f"X-Long: {'x' * MAX_HEADER_FIELD_BYTES}"
    many_fields = [f"X-Field-{index}: 1" for index in range(MAX_HEADER_FIELDS + 10)]
    for headers in ([long_field], many_fields):
        status, head = _raw(url, "GET /stocks HTTP/1.1", headers)
        assert status == 431 and _has_security_headers(head), head
    page = requests.get(
        url + "/stocks", headers={"Accept-Language": "fr"}, params={"a": "x" * MAX_URL_BYTES}, timeout=30
    )
    assert page.status_code == 414 and "Adresse trop longue" in page.text


def test_beyond_gunicorns_hard_limit_gunicorn_answers_itself(gunicorn):
    """The residual case (README): a request line over 8190 bytes, gunicorn's maximum."""
    url, _log = gunicorn
    status, head = _raw(url, f"GET /stocks?a={'x' * 9000} HTTP/1.1")
    assert status == 414 and not _has_security_headers(head)


def test_unknown_component_suite_files_are_404(client):
    for path in (
        "/_dash-component-suites/nope/x.js",
        "/_dash-component-suites/dash/nope.js",
        "/_dash-component-suites/dash/../../settings.py",
        "/_dash-component-suites/dash_table/%00.js",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
    known = _script_paths(client.get("/").get_data(as_text=True))[0]
    assert client.get(known).status_code == 200


def test_the_reload_hash_answers_only_when_migdash_debug_asks_for_it(client, settings):
    from app import create_app

    assert client.get("/_reload-hash").status_code == 404
    debugging = create_app(settings.replace(debug=True)).server.test_client()
    assert debugging.get("/_reload-hash").status_code == 200
