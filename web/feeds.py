"""/updates.atom: the data updates as an Atom feed (RFC 4287), so staff can subscribe.

    GET /updates.atom                   one entry per recent data version: what changed
    GET /updates.atom?country=MDA       the same versions, with that country's rows only
    ?lang=fr|es                         the feed's language (English otherwise)

The language comes from `lang=` alone, not from cookies or Accept-Language: a feed reader asks
for one URL, and the public cache shared by every subscriber must hold one answer for it.
Entry ids are `urn:uuid:` names made from the data version (with the country and language
they describe), so they stay the same whatever address the feed is read at; links are absolute
only from MIGDASH_PUBLIC_URL, never from the request's Host (relative otherwise, which RFC
4287 allows). The entries come from the change reports (data.changes), at most
queries.RECENT_REPORTS, so a request costs the same whatever it asks for. A malformed country
answers 400, an unknown one 404, each saying why.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from html import escape
from xml.etree import ElementTree as ET

from flask import Blueprint, Response, current_app, request

import i18n
from components import urls
from components.changes import Summary, summary
from data import queries
from data.countries import name_forms
from data.profile import known_country
from settings import code_version
from web.api import _not_modified
from web.errors import error_page

ATOM = "http://www.w3.org/2005/Atom"
MEDIA_TYPE = "application/atom+xml; charset=utf-8"
MAX_AGE = 300
NAMESPACE = uuid.UUID("5d0c6a0e-8f0e-5b9a-9b7e-6d6967646173")  # migdash's: names are uuid5 in it
ISO3 = re.compile(r"^[A-Za-z]{3}$")
PARAMS = {"country", "lang"}
ET.register_namespace("", ATOM)


def _urn(*parts: str) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, ':'.join(parts))}"


def _absolute(path: str) -> str:
    return urls.absolute(path, current_app.config["MIGDASH_SETTINGS"].public_url)


def _content(words: Summary) -> str:
    """An entry's content, as HTML (escaped into the feed by ElementTree)."""
    html = "".join(f"<p>{escape(line)}</p>" for line in words.lines)
    if words.parts:
        items = []
        for part in words.parts:
            revisions = "".join(f"<li>{escape(text)}</li>" for text in part.revisions)
            items.append(
                f"<li><strong>{escape(part.title)}</strong>{escape(words.colon)}{escape(part.counts)}"
                + (f"<ul>{revisions}</ul>" if revisions else "")
                + "</li>"
            )
        html += f"<ul>{''.join(items)}</ul>"
    return html


def _summary_text(words: Summary) -> str:
    return " ".join([*words.lines, *(f"{part.title}{words.colon}{part.counts}." for part in words.parts)])


@queries.cached
def feed(lang: str, iso3: str | None, _base: str) -> bytes:
    """The feed document (see the module docstring), cached under the versions like a query
    (`_base`, the app's URL prefix, is in its links); `iso3` is a known code."""
    _ = i18n.translator(lang)
    reports = queries.change_reports()
    scope = iso3 or "all"
    if iso3:
        title = _("Data updates for {country}").format(**name_forms(iso3, lang))
        page = urls.country(iso3, lang)
    else:
        title = _("Data updates of the Migration & Development Dashboard")
        page = urls.sources(lang, "updates")
    root = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": lang})
    ET.SubElement(root, f"{{{ATOM}}}id").text = _urn("migdash", "updates", scope, lang)
    ET.SubElement(root, f"{{{ATOM}}}title").text = title
    updated = reports[0]["to"]["built_at"] if reports else queries.manifest()["built_at"]
    ET.SubElement(root, f"{{{ATOM}}}updated").text = updated
    author = ET.SubElement(root, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "migdash"
    self_link = _absolute(urls.updates_feed(iso3, lang))
    ET.SubElement(root, f"{{{ATOM}}}link", {"rel": "self", "href": self_link, "type": "application/atom+xml"})
    ET.SubElement(root, f"{{{ATOM}}}link", {"rel": "alternate", "href": _absolute(page), "type": "text/html"})
    ET.SubElement(root, f"{{{ATOM}}}generator").text = "migdash"
    for report in reports:
        words = summary(report, lang, iso3)
        entry = ET.SubElement(root, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = _urn("migdash", "data-version", words.version, scope, lang)
        ET.SubElement(entry, f"{{{ATOM}}}title").text = words.title
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = words.built_at
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "href": _absolute(page), "type": "text/html"})
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = _summary_text(words) or words.title
        ET.SubElement(entry, f"{{{ATOM}}}content", {"type": "html"}).text = _content(words)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def create_blueprint() -> Blueprint:
    feeds = Blueprint("feeds", __name__)

    @feeds.get("/updates.atom")
    def updates():
        lang = i18n.valid_language(request.args.get("lang")) or i18n.DEFAULT_LANGUAGE
        _ = i18n.translator(lang)
        html = {"Content-Type": "text/html; charset=utf-8"}
        unknown = sorted(set(request.args) - PARAMS)
        given = request.args.getlist("country")
        if unknown or len(given) > 1 or (given and not ISO3.match(given[0])):
            message = _(
                "This feed takes country= with one ISO 3166-1 alpha-3 code, such as MDA, and lang= (en, fr or es)."
            )
            return error_page(400, _("Bad request"), message), 400, html
        iso3 = given[0].upper() if given else None
        if iso3 and not known_country(iso3):
            message = _("There is no country with the code {code}.").format(code=iso3)
            return error_page(404, _("Page not found"), message), 404, html
        versions = f"{code_version()}:{queries.data_version()}:{iso3}:{lang}:{urls.base()}"
        etag = hashlib.sha256(versions.encode()).hexdigest()[:32]
        response = (
            Response(status=304)
            if _not_modified(etag)
            else Response(feed(lang, iso3, urls.base()), content_type=MEDIA_TYPE)
        )
        response.set_etag(etag)
        response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
        return response

    return feeds
