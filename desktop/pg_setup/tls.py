"""Transport security: whether a URL reaches a server on another computer without requiring TLS."""

from __future__ import annotations

import ipaddress
import os

SECURE_SSLMODES = ("require", "verify-ca", "verify-full")


def _first(value) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else (value[0] if value else None)


def _loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def remote_without_tls(url: str | None) -> bool:
    """Whether ``url`` reaches a PostgreSQL server on another computer without requiring TLS (sslmode
    require, verify-ca or verify-full, in the URL or PGSSLMODE): passwords and personal data would then
    cross the network readable by anyone on it. Sockets and loopback addresses never leave the computer."""
    if not url:
        return False
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return False
    if not parsed.drivername.startswith("postgresql"):
        return False
    hosts = parsed.host or _first(parsed.query.get("host")) or os.environ.get("PGHOST") or ""
    remote = [h for h in hosts.split(",") if h and not h.startswith("/") and not h.startswith("@")
              and not _loopback(h)]
    if not remote:
        return False
    sslmode = _first(parsed.query.get("sslmode")) or os.environ.get("PGSSLMODE") or "prefer"
    return sslmode not in SECURE_SSLMODES
