"""deploy/render.py fills deploy/nginx.conf: every placeholder or an error, a wrong command line
one line on stderr (exit 2), never a traceback or a half-written configuration."""

from __future__ import annotations

import pytest

from deploy import render

VALUES = {
    "run_dir": "/run/migdash-nginx",
    "log_dir": "/var/log/nginx",
    "listen_host": "0.0.0.0",
    "http_port": "80",
    "https_port": "443",
    "public_origin": "https://migdash.example.org",
    "cert_file": "/etc/ssl/migdash.pem",
    "key_file": "/etc/ssl/migdash.key",
    "upstreams": "10.0.0.1:8050,10.0.0.2:8050",
    "checkout": "/srv/migdash",
    "body_max_mb": "11",
    "proxy_secret": "s" * 32,
    "read_timeout": "45",
    "sign_on": "none",
}


def test_a_full_set_of_values_fills_every_placeholder():
    text = render.render(VALUES)
    assert "{{" not in text and "}}" not in text
    assert "server 10.0.0.1:8050" in text and "server 10.0.0.2:8050" in text
    assert "proxy_set_header Host migdash.example.org;" in text and "auth_basic " not in text


@pytest.mark.parametrize(
    "change, message",
    [
        ({"checkout": None}, "missing: ['checkout']"),
        ({"upstreams": None}, "missing: ['upstreams']"),  # named as given, not upstream_servers
        ({"colour": "blue"}, "unknown: ['colour']"),
        ({"sign_on": "kerberos"}, "sign_on='kerberos'"),
        ({"public_origin": "https://migdash.example.org/path"}, "is not an origin"),
        ({"htpasswd_file": "/etc/htpasswd"}, "unknown: ['htpasswd_file']"),  # only with sign_on=basic
    ],
)
def test_a_wrong_value_is_refused_with_its_name(change, message, capsys):
    values = {key: value for key, value in (VALUES | change).items() if value is not None}
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        render.render(values)
    assert render.main([f"{key}={value}" for key, value in values.items()]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("deploy.render: ") and "Traceback" not in err


def test_an_argument_without_equals_is_refused(capsys):
    assert render.main(["checkout"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "KEY=VALUE" in err
