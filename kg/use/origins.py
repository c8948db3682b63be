"""Who may ask kg serve: the ``Host`` header that must name it (no DNS rebinding) and the page
origins a user lets in (``kg serve --allow-origin``), checked before any request is forwarded.
"""

from __future__ import annotations

import ipaddress
import socket
import urllib.parse

__all__ = ["host_allowed", "normal_origin"]


def _split_host(value: str) -> tuple[str, str]:
    """``Host`` as (name, port): ``[::1]:80`` -> (``[::1]``, ``80``)."""
    value = value.strip().lower()
    if value.startswith("["):
        name, _, rest = value.partition("]")
        return name + "]", rest[1:] if rest.startswith(":") else ""
    name, _, port = value.partition(":")
    return name, port


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return False
    return True


def host_allowed(value: str | None, bound: str, port: int) -> bool:
    """Does a ``Host`` header name this server, listening on ``bound``:``port``?

    Loopback names always do; the bound address does; when the server listens on every
    address (``0.0.0.0``, ``::``) so does any IP address and this machine's name. A DNS name
    that merely points here does not: that is DNS rebinding.

    Examples
    --------
    >>> host_allowed("127.0.0.1:7878", "127.0.0.1", 7878), host_allowed("localhost:7878", "127.0.0.1", 7878)
    (True, True)
    >>> host_allowed("evil.example:7878", "127.0.0.1", 7878), host_allowed("127.0.0.1:9", "127.0.0.1", 7878)
    (False, False)
    >>> host_allowed("192.0.2.7:7878", "0.0.0.0", 7878), host_allowed("192.0.2.7:7878", "127.0.0.1", 7878)
    (True, False)
    """
    if not value:
        return False
    name, given = _split_host(value)
    if given != str(port) and not (given == "" and port == 80):
        return False
    if name in ("127.0.0.1", "localhost", "[::1]"):
        return True
    if bound in ("0.0.0.0", "::", ""):
        return _is_ip(name) or name == socket.gethostname().lower()
    return name == (f"[{bound.lower()}]" if ":" in bound else bound.lower())



def normal_origin(origin: str) -> str:
    """An allowed page origin as browsers send it (``scheme://host[:port]``), lower case and
    without a trailing slash; ValueError for anything else: "*" (which would let every page in),
    a path, a user name, another scheme.

    Examples
    --------
    >>> normal_origin("https://App.example/")
    'https://app.example'
    >>> normal_origin("*")
    Traceback (most recent call last):
    ...
    ValueError: '*' is no page origin: give scheme://host[:port], e.g. https://app.example
    """
    text = origin.strip().rstrip("/")
    parts = urllib.parse.urlsplit(text)
    try:
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        port_ok = False
    if parts.scheme not in ("http", "https") or not parts.hostname or "*" in text or parts.path or parts.query \
            or parts.fragment or parts.username or parts.password or not port_ok:
        raise ValueError(f"{origin!r} is no page origin: give scheme://host[:port], e.g. https://app.example")
    return text.lower()
