"""An embed's language is its URL's only, it may be framed by any page (a page opened from
disk too), the host page's resizing script is served at its stable URL, and the snippet's
parts (iframe title, script) are in the card's spec."""

from __future__ import annotations

import re

import pytest

import i18n
from components import chart_card


def _html_lang(response) -> str:
    return re.search(r'<html lang="([a-z]+)"', response.get_data(as_text=True)).group(1)


def test_an_embed_keeps_its_urls_language_whatever_the_cookie_or_the_host_page_says(client):
    client.set_cookie(i18n.COOKIE_NAME, "es")
    assert _html_lang(client.get("/stocks")) == "es"  # the site follows the reader's choice
    assert _html_lang(client.get("/embed/stocks-trend")) == "en"  # an embed does not
    assert _html_lang(client.get("/embed/stocks-trend?lang=fr")) == "fr"
    hosted = client.get("/embed/stocks-trend", headers={"Referer": "https://news.example/story?lang=es"})
    assert _html_lang(hosted) == "en"


def test_dash_requests_from_an_embed_follow_the_embeds_url(app):
    with app.server.test_request_context(
        "/_dash-update-component",
        headers={"Referer": "http://localhost/embed/stocks-trend", "Cookie": "migdash_lang=es"},
    ):
        assert i18n.request_language() == "en"
    with app.server.test_request_context(
        "/_dash-update-component", headers={"Referer": "http://localhost/embed/stocks-trend?lang=fr"}
    ):
        assert i18n.request_language() == "fr"
    with app.server.test_request_context("/_dash-update-component", headers={"Cookie": "migdash_lang=es"}):
        assert i18n.request_language() == "es"  # elsewhere the cookie still counts


@pytest.mark.parametrize("host", ["localhost", "evil.example", "localhost:8443"])
def test_the_request_host_plays_no_part_in_an_embeds_language(app, host):
    """Only the Referer's path says a request comes from an embed: whatever Host the request
    claims, the embed's answer is the same (its URL's language, never the cookie)."""
    with app.server.test_request_context(
        "/_dash-update-component",
        headers={"Host": host, "Referer": "http://localhost/embed/stocks-trend", "Cookie": "migdash_lang=es"},
    ):
        assert i18n.request_language() == "en"


def test_an_embeds_language_is_not_remembered_as_the_readers(client):
    response = client.get("/embed/stocks-trend?lang=fr")
    assert i18n.COOKIE_NAME not in response.headers.get("Set-Cookie", "")
    assert i18n.COOKIE_NAME in client.get("/stocks?lang=fr").headers.get("Set-Cookie", "")


def test_embeds_may_be_framed_by_any_page_other_pages_only_by_ours(client):
    embed = client.get("/embed/stocks-trend")
    assert "frame-ancestors" not in embed.headers["Content-Security-Policy"]  # "*" refuses file:// pages
    assert "X-Frame-Options" not in embed.headers
    page = client.get("/stocks")
    assert "frame-ancestors 'self'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Frame-Options"] == "SAMEORIGIN"


def test_the_host_script_is_served_at_its_stable_url_and_not_loaded_by_our_pages(client):
    script = client.get("/assets/" + chart_card.EMBED_HOST_SCRIPT)
    assert script.status_code == 200 and b"migdash:embed-height" in script.data
    assert chart_card.EMBED_HOST_SCRIPT.encode() not in client.get("/embed/stocks-trend").data


def test_the_snippets_iframe_title_is_in_the_readers_language(app):
    chart = chart_card.CHARTS["stocks-trend"]
    state = {param.name: param.default for param in chart.params}
    with app.server.test_request_context("/"):
        titles = {lang: chart_card.spec(chart, state, lang)["embed_title"] for lang in ("en", "fr", "es")}
    assert "{title}" in titles["en"] and "chart" in titles["en"]
    assert "graphique" in titles["fr"] and "gráfico" in titles["es"]
