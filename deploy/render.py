"""Fill deploy/nginx.conf's double-braced placeholders: `python -m deploy.render KEY=VALUE ...`.

Not string.Template: nginx's own variables start with `$`. A placeholder left unfilled, or a
value given for none, is an error, so a rendered file never carries a `{{ ... }}`.
The upstream list comes from `upstreams=host:port,host:port`, and the Host sent to the app
(`public_host`) from `public_origin`, the site's own origin, so a client never chooses it.
The sign-on is `sign_on=basic` (with `htpasswd_file=` and `groups_file=`: the hosts run
MIGDASH_AUTH=header) or `sign_on=none` (neither file: MIGDASH_AUTH=local, the app's own form).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

TEMPLATE = Path(__file__).resolve().parent / "nginx.conf"
PLACEHOLDER = re.compile(r"\{\{ (\w+) \}\}")

# What `sign_on=` writes at the template's {{ sign_on_groups }} (in the groups map) and {{ sign_on }}
# (in each staff location); their own placeholders are then filled like the template's.
SIGN_ONS = {
    # HTTP basic auth, standing in for the organisation's single sign-on: MIGDASH_AUTH=header.
    "basic": {
        "sign_on_groups": "        include {{ groups_file }};",
        "sign_on": """            auth_basic "migdash staff";
            auth_basic_user_file {{ htpasswd_file }};
            set $migdash_user $remote_user;  # rewrite phase; the password is checked after it, before proxying""",
    },
    # None: the app's own sign-in form and session, MIGDASH_AUTH=local; no user, no groups.
    "none": {
        "sign_on_groups": "",
        "sign_on": "            # No sign-on here: the app's own sign-in (MIGDASH_AUTH=local).",
    },
}


def public_host(origin: str) -> str:
    """The host[:port] of `origin` (`https://name[:port]`, MIGDASH_PUBLIC_URL's origin)."""
    origin = str(origin)
    parts = urlsplit(origin)
    bare = origin == f"{parts.scheme}://{parts.netloc}"  # no path, query or fragment
    if parts.scheme not in ("http", "https") or not parts.hostname or "@" in parts.netloc or not bare:
        raise ValueError(f"public_origin={origin!r} is not an origin such as https://migdash.example.org")
    return parts.netloc


def render(values: dict[str, str], template: Path = TEMPLATE) -> str:
    """The configuration with every placeholder filled; `upstreams` becomes server lines,
    `public_origin` also gives `public_host`, and `sign_on` (a key of SIGN_ONS) its lines."""
    values = dict(values)
    text = template.read_text()
    if "sign_on" in values:
        kind = values.pop("sign_on")
        if kind not in SIGN_ONS:
            raise ValueError(f"sign_on={kind!r}: use one of {', '.join(SIGN_ONS)}")
        text = PLACEHOLDER.sub(lambda match: SIGN_ONS[kind].get(match.group(1), match.group(0)), text)
    if "public_origin" in values:
        values["public_host"] = public_host(values["public_origin"])
    if "upstreams" in values:
        hosts = [host for host in values.pop("upstreams").split(",") if host]
        values["upstream_servers"] = "\n".join(f"        server {host} max_fails=1 fail_timeout=10s;" for host in hosts)
    wanted = set(PLACEHOLDER.findall(text))
    missing, unknown = wanted - values.keys(), values.keys() - wanted
    if missing or unknown:  # named as they are given: the derived ones by what they come from
        given = {"upstream_servers": "upstreams", "public_host": "public_origin", "sign_on_groups": "sign_on"}
        missing = {given.get(name, name) for name in missing}
        raise ValueError(f"placeholders missing: {sorted(missing)}; unknown: {sorted(unknown)}")
    return PLACEHOLDER.sub(lambda match: str(values[match.group(1)]), text)


def main(argv: list[str]) -> int:
    """Write the configuration to stdout; a wrong argument is one line on stderr and exit 2,
    never a traceback or half a file."""
    malformed = [arg for arg in argv if "=" not in arg]
    if malformed:
        sys.stderr.write(f"deploy.render: give KEY=VALUE arguments, not {malformed[0]!r} (see deploy/README.md)\n")
        return 2
    try:
        text = render(dict(arg.split("=", 1) for arg in argv))
    except ValueError as error:
        sys.stderr.write(f"deploy.render: {error}\n")
        return 2
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
