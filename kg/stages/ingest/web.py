"""A polite HTTP fetcher for the pages and feeds a user names (httpx).

kg fetches only what the user gave: URLs on the command line or in a ``--urls`` file, and the
links of the feeds they gave; a feed's link to a loopback, private or link-local address is
followed only within the feed's own site (``E130``, :func:`check_public`). Every fetch is safe
by default:

- only ``http://`` and ``https://`` (``E113``; ``file://`` and the rest are refused, also as
  a redirect's target);
- a User-Agent that names kg; robots.txt honoured for that name (RFC 9309: a robots.txt
  that is missing or 4xx allows everything, one that answers 5xx or cannot be reached
  forbids everything), its ``Crawl-delay`` too;
- at most one request per ``delay`` seconds to a host (the larger of ``delay`` and the
  host's Crawl-delay, at most a minute);
- timeouts on connecting and on every read, and a deadline for the whole response, so a
  server that drips a byte a second cannot hold kg;
- at most :data:`MAX_REDIRECTS` redirects, within the site asked for (the same host, with or
  without ``www.``, or a subdomain: a page that redirects elsewhere, say to a private or a
  cloud metadata address, is refused, ``E116``), loops named as such (``E116``);
- an address that is not one (``http://[::1``, a port over 65535) is refused before any
  connection (``E129``), not wrapped around by the HTTP library;
- a size cap (``max_size``, kg's ``--max-doc-size``) enforced while streaming: a
  ``Content-Length`` over it is refused before the body is read, and the body (decompressed
  by kg itself, bounded, so a gzip bomb stops at the cap) is cut at the cap (``E118``);
- the media type checked before the body is read: HTML or a feed (``E117``);
- retries with exponential backoff for timeouts, dropped connections and HTTP 429/5xx
  (``Retry-After`` honoured up to a minute), then one error naming the URL (``E114``, ``E115``).

Responses are cached under ``cache`` (``OUT/cache/web/`` for ``kg build``): a rerun reads them
from there and fetches nothing. A cached response keeps the time it was fetched, so a page
read again gives the same triples. Requests are made one at a time, in input order, from the
calling thread: no thread or process is left behind, and :meth:`Fetcher.close` closes the
connections.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import re
import time
import zlib
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

from kg.errors import KGError

__all__ = ["Fetcher", "Response", "UrlList", "is_url", "check_url", "check_public", "same_site", "read_url_list", "media_type", "USER_AGENT",
           "MAX_REDIRECTS", "PAGE_TYPES", "FEED_TYPES"]

USER_AGENT = "kg/0.1 (news knowledge-graph builder; +https://w3id.org/kg-news)"
ROBOTS_AGENT = "kg"  # the name robots.txt rules address
MAX_REDIRECTS = 5
MAX_ROBOTS_SIZE = 512 * 1024  # RFC 9309: at least 500 KiB are read
MAX_WAIT = 60.0  # longest Crawl-delay or Retry-After kg waits
PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml"})
FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml",
                        "text/xml", "application/x-rss+xml"})
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
_REDIRECT_STATUS = frozenset({301, 302, 303, 307, 308})
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]{0,30}://|^(data|javascript|mailto|about|blob|view-source):", re.I)


def is_url(text: str) -> bool:
    """Is this input meant as a URL (``scheme://...``, ``data:``, ``javascript:`` ...) rather than a path?

    Examples
    --------
    >>> [is_url(s) for s in ("https://example.org/a", "file:///etc/passwd", "javascript:alert(1)", "news/a.txt",
    ...                      "C:\\\\news", "report:final.txt")]
    [True, True, True, False, False, False]
    """
    return bool(_SCHEME.match(text))


def check_url(url: str) -> str:
    """The URL without its fragment, refused (``E113``) unless it is http(s) with a host.

    Examples
    --------
    >>> check_url("https://example.org/news#top")
    'https://example.org/news'
    >>> check_url("file:///etc/passwd")
    Traceback (most recent call last):
    kg.errors.InputError: [E113] file:///etc/passwd: not an http:// or https:// address (kg fetches nothing else)
    >>> check_url("http://[::1")
    Traceback (most recent call last):
    kg.errors.InputError: [E129] http://[::1: not a valid web address (Invalid IPv6 URL)
    >>> check_url("http://127.0.0.1:99999/")
    Traceback (most recent call last):
    kg.errors.InputError: [E129] http://127.0.0.1:99999/: not a valid web address (Port out of range 0-65535)
    """
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - a port out of range raises here, not where httpx would wrap it around
    except ValueError as exc:
        raise KGError("E129", url=url[:500], detail=str(exc)[:200]) from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise KGError("E113", url=url)
    return urlunsplit(parts._replace(fragment=""))


def check_public(url: str, *, where: str) -> None:
    """Refuse (``E130``) a link found in content (a feed's entry) that leads to a loopback,
    private, link-local or otherwise non-public address: a feed must not make kg reach the
    machine it runs on, its network or a cloud metadata service. The host's addresses are
    looked up as the fetch would; a name that does not resolve is left for the fetch to report.

    Examples
    --------
    >>> check_public("http://169.254.169.254/latest/meta-data/", where="feed.xml")
    Traceback (most recent call last):
    kg.errors.InputError: [E130] http://169.254.169.254/latest/meta-data/: a link in feed.xml to a private, \
loopback or link-local address (169.254.169.254); kg follows such links only within the site of the feed \
they are in (name the URL itself to fetch it)
    """
    import ipaddress
    import socket

    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        raise KGError("E130", url=url[:500], where=where, address=host)
    try:
        found = {info[4][0] for info in socket.getaddrinfo(host.strip("[]"), None, proto=socket.IPPROTO_TCP)}
    except (OSError, UnicodeError):
        return
    for address in sorted(found):
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if not ip.is_global or ip.is_multicast:
            raise KGError("E130", url=url[:500], where=where, address=address)


def same_site(url: str, target: str) -> bool:
    """May a redirect from ``url`` go to ``target`` without the user asking? Within one site
    only: the same host, with or without ``www.``, or one host a subdomain of the other
    ("example.org" → "www.example.org" → "news.example.org"); any scheme and port.

    Examples
    --------
    >>> same_site("http://example.org/a", "https://www.example.org/b")
    True
    >>> same_site("http://127.0.0.1:8765/a", "http://169.254.169.254/latest/meta-data/")
    False
    >>> same_site("https://bbc.co.uk/a", "https://evil.co.uk/a")
    False
    >>> same_site("http://10.1.2.3/a", "http://1.2.3/b")  # an address is its own site only
    False
    """
    def host(u: str) -> str:
        name = (urlsplit(u).hostname or "").rstrip(".").lower()
        return name[4:] if name.startswith("www.") else name

    a, b = host(url), host(target)
    if _is_address(a) or _is_address(b):
        return bool(a) and a == b
    return bool(a) and (a == b or a.endswith("." + b) and "." in b or b.endswith("." + a) and "." in a)


def _is_address(host: str) -> bool:
    """Is ``host`` an IP address rather than a name ("1.2.3" is one to the resolver too)?"""
    import ipaddress

    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return bool(host) and all(part.isdigit() for part in host.split("."))
    return True


@dataclass(frozen=True)
class UrlList:
    """A file of URLs, one a line (``kg build --urls FILE``); blank lines and ``#`` comments are skipped."""

    path: Path

    def __str__(self) -> str:
        return str(self.path)


def read_url_list(path: Path) -> list[tuple[int, str]]:
    """(line number, URL) of each URL line of a ``--urls`` file."""
    out = []
    with open(path, encoding="utf-8-sig", errors="replace") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.strip()
            if line and not line.startswith("#"):
                out.append((lineno, line[:8000]))
    return out


@dataclass(frozen=True)
class Response:
    """A fetched page or feed."""

    url: str  # as asked
    final_url: str  # after redirects
    content_type: str  # media type, lower case, no parameters ("" when the server sent none)
    charset: str | None
    body: bytes
    fetched: datetime.datetime  # UTC, to the second
    cached: bool = False

    @property
    def is_feed(self) -> bool:
        """An RSS or Atom feed, by its first element, else by its media type."""
        head = re.sub(rb"^(\xef\xbb\xbf)?\s*(<\?xml[^>]{0,200}\?>\s*)?(<!--.{0,2000}?-->\s*)*", b"", self.body[:4096],
                      flags=re.S)
        if re.match(rb"<(rss|feed|rdf:RDF)[\s>]", head):
            return True
        return self.content_type in FEED_TYPES and not re.match(rb"(?i)<(!doctype\s+html|html)", head)


class _Inflater:
    """Content-Encoding undone by kg, bounded: never more than ``limit`` bytes out."""

    def __init__(self, encoding: str, url: str) -> None:
        encoding = encoding.strip().lower()
        if encoding in ("", "identity"):
            self._z = None
        elif encoding in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._z = zlib.decompressobj()
        else:
            raise KGError("E115", url=url, detail=f"unsupported Content-Encoding {encoding!r}")
        self.url = url

    def feed(self, chunk: bytes, room: int) -> bytes:
        if self._z is None:
            return chunk[: room + 1]
        try:
            return self._z.decompress(chunk, room + 1)
        except zlib.error as exc:
            raise KGError("E115", url=self.url, detail=f"broken compressed body ({exc})") from None


class Fetcher:
    """Fetches pages and feeds politely; see the module notes. Use it as a context manager.

    Parameters
    ----------
    cache : Path, optional
        Folder for raw responses; a URL found there is not fetched again.
    delay : float
        Seconds between two requests to the same host.
    timeout : float
        Seconds to connect, and to wait for each read; a whole response gets four times this.
    retries : int
        Further tries after a timeout, a dropped connection or HTTP 429/5xx.
    backoff : float
        Seconds before the first retry; doubled for each next one.
    max_size : int
        Largest body, in bytes (decompressed).
    progress : callable, optional
        Called as ``progress(responses, fetched_bytes)`` after each response (cached ones too).
    transport : httpx.BaseTransport, optional
        For tests.
    """

    def __init__(self, *, cache: Path | None = None, delay: float = 1.0, timeout: float = 20.0, retries: int = 2,
                 backoff: float = 1.0, max_size: int = 20_000_000, progress: Callable[[int, int], None] | None = None,
                 transport=None, private_links: bool = False) -> None:
        self.cache = Path(cache) if cache else None
        #: follow a feed's links to loopback, private and link-local addresses on other sites too
        #: (an intranet's feeds; tests that serve "the web" on 127.0.0.1)
        self.private_links = private_links
        self.delay, self.timeout, self.retries, self.backoff = delay, timeout, retries, backoff
        self.max_size = max_size
        self.progress = progress
        self.responses = self.bytes = self.requests = 0
        self._transport = transport
        self._client = None
        self._robots: dict[str, object] = {}  # origin -> RobotFileParser, or the KGError to raise
        self._last: dict[str, float] = {}  # host -> monotonic time of its last request
        self._delays: dict[str, float] = {}  # host -> Crawl-delay

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connections (the fetcher can still be used: it opens new ones)."""
        if self._client is not None:
            self._client.close()
            self._client = None

    # ------------------------------------------------------------------ public

    def fetch(self, url: str) -> Response:
        """The page or feed at ``url``, from the cache or the network; a :class:`KGError` naming
        the URL when it cannot be had."""
        url = check_url(url)
        response = self._cached(url)
        if response is None:
            response = self._follow(url)
            self._store(response)
        self.responses += 1
        self.bytes += 0 if response.cached else len(response.body)
        if self.progress:
            self.progress(self.responses, self.bytes)
        return response

    # ------------------------------------------------------------------ redirects, robots

    def _follow(self, url: str) -> Response:
        hop, seen = url, [url]
        for _ in range(MAX_REDIRECTS + 1):
            self._allowed(url, hop)
            status, headers, body = self._get(url, hop, self.max_size, check_type=True)
            if status in _REDIRECT_STATUS and headers.get("location"):
                target = urljoin(hop, headers["location"].strip())
                if urlsplit(target).scheme.lower() not in ("http", "https"):
                    raise KGError("E116", url=url, detail=f"{hop} redirects to {target[:200]}, not an http(s) address")
                target = check_url(target)
                if not same_site(url, target):
                    raise KGError("E116", url=url, detail=f"{hop} redirects to {target[:200]}, another site; kg follows "
                                                          "redirects within a site only (give that address to read it)")
                if target in seen:
                    raise KGError("E116", url=url, detail="a redirect loop: " + " → ".join([*seen, target])[:500])
                seen.append(target)
                hop = target
                continue
            if status != 200:
                raise KGError("E114", url=url, status=status, reason=_reason(status))
            ctype, charset = media_type(headers.get("content-type", ""))
            return Response(url=url, final_url=hop, content_type=ctype, charset=charset, body=body,
                            fetched=datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0))
        raise KGError("E116", url=url, detail=f"more than {MAX_REDIRECTS} redirects: " + " → ".join(seen)[:500])

    def _allowed(self, url: str, hop: str) -> None:
        """Refuse ``hop`` (asked as ``url``) when its host's robots.txt does not allow kg."""
        from urllib.robotparser import RobotFileParser

        parts = urlsplit(hop)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        if origin not in self._robots:
            rules = RobotFileParser()
            try:
                status, _, body = self._get(origin + "/robots.txt", origin + "/robots.txt", MAX_ROBOTS_SIZE,
                                            check_type=False, follow=MAX_REDIRECTS)
            except KGError as exc:
                self._robots[origin] = exc
            else:
                if status >= 500:
                    self._robots[origin] = f"robots.txt answered HTTP {status}, which means 'fetch nothing'"
                elif status >= 400:
                    rules.allow_all = True
                    self._robots[origin] = rules
                else:
                    rules.parse(body.decode("utf-8", "replace").splitlines())
                    self._robots[origin] = rules
                    crawl = rules.crawl_delay(ROBOTS_AGENT)
                    if crawl:
                        self._delays[parts.netloc.lower()] = min(float(crawl), MAX_WAIT)
        rules = self._robots[origin]
        if isinstance(rules, KGError):
            raise KGError("E115", url=url, detail=f"robots.txt of {parts.netloc}: {rules}")
        if isinstance(rules, str):
            raise KGError("E115", url=url, detail=f"{parts.netloc}'s {rules}")
        if not rules.can_fetch(ROBOTS_AGENT, hop):
            raise KGError("E119", url=url, host=parts.netloc)

    # ------------------------------------------------------------------ one request

    def _http(self):
        if self._client is None:
            import httpx

            self._client = httpx.Client(
                timeout=httpx.Timeout(self.timeout), follow_redirects=False, transport=self._transport,
                headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate",
                         "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
                                   "application/xml;q=0.9,*/*;q=0.1"},
                limits=httpx.Limits(max_connections=4, max_keepalive_connections=2))
        return self._client

    def _wait_turn(self, host: str) -> None:
        gap = max(self.delay, self._delays.get(host, 0.0))
        last = self._last.get(host)
        if last is not None and (wait := last + gap - time.monotonic()) > 0:
            time.sleep(wait)
        self._last[host] = time.monotonic()

    def _get(self, url: str, hop: str, limit: int, *, check_type: bool, follow: int = 0
             ) -> tuple[int, dict[str, str], bytes]:
        """GET ``hop`` with retries: (status, headers, body), following up to ``follow`` redirects
        itself (for robots.txt; pages go through :meth:`_follow`)."""
        import httpx

        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            try:
                status, headers, body = self._get_once(url, hop, limit, check_type=check_type)
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                if last:
                    raise KGError("E115", url=url, detail=_network_detail(exc, hop, url, self.retries)) from None
                time.sleep(self.backoff * 2**attempt)
                continue
            if status in _RETRY_STATUS and not last:
                time.sleep(min(_retry_after(headers.get("retry-after")) or self.backoff * 2**attempt, MAX_WAIT))
                continue
            if follow and status in _REDIRECT_STATUS and headers.get("location"):
                target = urljoin(hop, headers["location"].strip())
                if urlsplit(target).scheme.lower() in ("http", "https") and same_site(hop, target):
                    return self._get(url, target, limit, check_type=check_type, follow=follow - 1)
            return status, headers, body
        raise AssertionError("unreachable")  # pragma: no cover

    def _get_once(self, url: str, hop: str, limit: int, *, check_type: bool) -> tuple[int, dict[str, str], bytes]:
        host = (urlsplit(hop).netloc or "").lower()
        self._wait_turn(host)
        self.requests += 1
        deadline = time.monotonic() + 4 * self.timeout
        with self._http().stream("GET", hop) as r:
            headers = {k.lower(): v for k, v in r.headers.items()}
            if r.status_code != 200:
                return r.status_code, headers, b""
            if check_type:
                ctype = media_type(headers.get("content-type", ""))[0]
                if ctype and ctype not in PAGE_TYPES | FEED_TYPES:
                    raise KGError("E117", url=url, ctype=ctype[:100])
            length = headers.get("content-length", "")
            if length.isdigit() and int(length) > limit:
                raise KGError("E118", url=url, limit=limit, size=0)
            inflate = _Inflater(headers.get("content-encoding", ""), url)
            body = bytearray()
            for chunk in r.iter_raw():  # as the bytes come: a server that drips them meets the deadline
                body += inflate.feed(chunk, limit - len(body))
                if len(body) > limit:
                    raise KGError("E118", url=url, limit=limit, size=len(body))
                if time.monotonic() > deadline:
                    raise KGError("E115", url=url, detail=f"the response took over {4 * self.timeout:g} s")
            return 200, headers, bytes(body)

    # ------------------------------------------------------------------ cache

    def _paths(self, url: str) -> tuple[Path, Path]:
        key = hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()
        folder = self.cache / key[:2]
        return folder / f"{key}.json", folder / f"{key}.body"

    def _cached(self, url: str) -> Response | None:
        if self.cache is None:
            return None
        meta_path, body_path = self._paths(url)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            body = body_path.read_bytes()
            if meta.get("url") != url or meta.get("size") != len(body):
                return None
            fetched = datetime.datetime.fromisoformat(meta["fetched"])
            return Response(url=url, final_url=meta["final_url"], content_type=meta["content_type"],
                            charset=meta.get("charset"), body=body, fetched=fetched, cached=True)
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def _store(self, response: Response) -> None:
        if self.cache is None:
            return
        meta_path, body_path = self._paths(response.url)
        meta = {k: v for k, v in asdict(response).items() if k not in ("body", "cached")}
        meta.update(fetched=response.fetched.isoformat(), size=len(response.body))
        meta_path.parent.mkdir(parents=True, exist_ok=True)
        for path, data in ((body_path, response.body), (meta_path, json.dumps(meta).encode())):  # meta last: the mark
            tmp = path.with_suffix(path.suffix + f".{os.getpid()}.tmp")
            tmp.write_bytes(data)
            os.replace(tmp, path)


def media_type(value: str) -> tuple[str, str | None]:
    """(media type, charset) of a Content-Type header.

    Examples
    --------
    >>> media_type('Text/HTML; Charset="ISO-8859-1"')
    ('text/html', 'ISO-8859-1')
    """
    parts = [p.strip() for p in value.split(";")]
    charset = None
    for param in parts[1:]:
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip("\"'")[:40] or None
    return parts[0].lower()[:100], charset


def _retry_after(value: str | None) -> float | None:
    if value and value.strip().isdigit():
        return float(value.strip())
    return None


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _network_detail(exc: Exception, hop: str, url: str, retries: int) -> str:
    import httpx

    what = "timed out" if isinstance(exc, httpx.TimeoutException) else (str(exc) or type(exc).__name__)
    where = f" at {hop}" if hop != url else ""
    tries = f" ({retries + 1} tries)" if retries else ""
    return f"{what[:200]}{where}{tries}"
