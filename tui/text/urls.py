"""Which links akhbar follows, opens or keeps: http and https ones, nothing else."""

from __future__ import annotations

from urllib.parse import urlsplit


def is_http_url(url: str | None) -> bool:
    """True for an absolute http(s) URL with a host; a malformed URL is not one."""
    if not url:
        return False
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unbalanced "[" in the host
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)
