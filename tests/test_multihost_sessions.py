"""Local accounts (MIGDASH_AUTH=local) on two app hosts behind nginx (tests/topology.py with
auth="local": nginx has no sign-on of its own, both hosts read one accounts file). The app's
sign-in form starts a session whose cookie both hosts accept (one MIGDASH_SECRET_KEY) and whose
row is in the shared PostgreSQL's staff_sessions (web/sessions.py), so it works whichever host
answers, and signing out through one host ends it on both. One module-scoped topology.
"""

from __future__ import annotations

import re

import pytest
import requests

from tests.topology import USERS, demo_topology

pytestmark = [pytest.mark.multihost, pytest.mark.slow]

NAME = "alice"
PASSWORD = USERS[NAME][0]
SIGNED_IN = "alice (admin)"  # base.html's navigation bar: who is signed in, and their role
STAFF_PAGES = ("/programme/upload", "/programme/history")
NO_MATCH = "That user name and password do not match a staff account."  # the form's error


@pytest.fixture(scope="module")
def topology(built_data_dir, postgres_server, tmp_path_factory):
    folder = tmp_path_factory.mktemp("multihost-local")
    with demo_topology(built_data_dir, postgres_server, folder, auth="local") as topology:
        yield topology


def _csrf_token(page: requests.Response) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert match, (page.status_code, page.text[:300])
    return match.group(1)


def _signin_form(topology, browser: requests.Session) -> dict:
    """GET /signin as a browser does: the form's fields to send back (its CSRF token belongs
    to the session cookie the browser got with it)."""
    page = browser.get(topology.url + "/signin")
    assert page.status_code == 200, page.status_code
    return {"csrf_token": _csrf_token(page), "next": STAFF_PAGES[0], "username": NAME}


def _with_cookie(client: requests.Session, url: str, cookie: dict, method: str = "GET", **kwargs):
    """`url` with exactly the Cookie header `cookie`, not the client's own cookies."""
    response = client.request(method, url, headers=cookie, allow_redirects=False, timeout=30, **kwargs)
    assert response.request.headers["Cookie"] == cookie["Cookie"]
    return response


def _refused(response: requests.Response) -> bool:
    """Sent to sign in, as an anonymous visitor of a staff page is (web.staff.require)."""
    return response.status_code == 303 and "/signin" in response.headers["Location"] and SIGNED_IN not in response.text


def test_a_session_works_on_both_hosts_until_signed_out_through_either(topology):
    browser = topology.browser()
    signed_in = browser.post(
        topology.url + "/signin",
        data={**_signin_form(topology, browser), "password": PASSWORD},
        allow_redirects=False,
    )
    assert signed_in.status_code == 303 and signed_in.headers["Location"].endswith(STAFF_PAGES[0])
    cookie = {"Cookie": f"session={browser.cookies['session']}"}  # a copy, as it was at sign-in

    replay = topology.browser()
    answers = [_with_cookie(replay, topology.url + path, cookie) for path in STAFF_PAGES * 4]
    for response in answers:
        assert response.status_code == 200, (response.url, response.headers.get("X-Served-By"), response.status_code)
        assert SIGNED_IN in response.text, response.url
    assert {response.headers["X-Served-By"] for response in answers} == set(topology.hosts)
    for name, base in topology.hosts.items():  # straight to each host's port, past nginx
        direct = _with_cookie(requests, base + STAFF_PAGES[0], cookie)
        assert direct.status_code == 200 and SIGNED_IN in direct.text, (name, direct.status_code)

    signed_out = _with_cookie(
        replay, topology.url + "/signout", cookie, "POST", data={"csrf_token": _csrf_token(answers[-1])}
    )
    assert signed_out.status_code == 303, signed_out.status_code
    signed_out_by = signed_out.headers["X-Served-By"]
    assert signed_out_by in topology.hosts

    after = topology.on_each_host(lambda: _with_cookie(replay, topology.url + STAFF_PAGES[1], cookie))
    for name, response in after.items():
        assert _refused(response), (name, f"signed out through {signed_out_by}", response.status_code)
    for name, base in topology.hosts.items():
        direct = _with_cookie(requests, base + STAFF_PAGES[0], cookie)
        assert _refused(direct), (name, f"signed out through {signed_out_by}", direct.status_code)


def test_a_wrong_password_gets_the_forms_error_on_either_host(topology):
    browser = topology.browser()
    wrong = {**_signin_form(topology, browser), "password": "not-" + PASSWORD}
    answers = topology.on_each_host(lambda: browser.post(topology.url + "/signin", data=wrong, allow_redirects=False))
    for name, response in answers.items():
        assert response.status_code == 401, (name, response.status_code)
        assert NO_MATCH in response.text and 'id="signin-error"' in response.text, name
    assert _refused(browser.get(topology.url + STAFF_PAGES[0], allow_redirects=False))
