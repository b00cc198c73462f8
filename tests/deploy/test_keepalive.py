"""nginx keeps idle connections to the portal open; gunicorn must keep them longer, or nginx can send
a request down a connection gunicorn is just closing, and a POST on it is a 502 (nginx never retries
one). The two files are read as deployed, so neither can drift alone."""
import re
from pathlib import Path

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def _seconds(value: str) -> int:
    return int(value.rstrip("s"))


def test_gunicorn_keeps_connections_longer_than_nginx():
    upstream = re.search(r"upstream bismit_portal \{(.*?)\}", (DEPLOY / "nginx" / "bismit.conf").read_text(), re.S).group(1)
    nginx_idle = re.search(r"keepalive_timeout (\d+s?);", upstream)
    assert nginx_idle, "the upstream block sets no keepalive_timeout (nginx's default, 60 s, outlives gunicorn's)"
    unit = (DEPLOY / "systemd" / "bismit-portal.service").read_text()
    gunicorn_idle = re.search(r"--keep-alive (\d+)", unit)
    assert gunicorn_idle, "the unit sets no --keep-alive (gunicorn's default is 2 s)"
    assert _seconds(nginx_idle.group(1)) < int(gunicorn_idle.group(1))

