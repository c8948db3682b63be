"""Web inputs for tests and benchmarks: a news article wrapped in a real-looking page (navigation,
cookie banner, caption, related links, "most read", newsletter box, footer), a feed that links to
pages, a WARC file of pages written with warcio, and a test web site (:class:`Site`, served on
127.0.0.1 by the tests' fixture) with the seed page, a feed and every way a server goes wrong."""

from __future__ import annotations

import gzip
import html
import io
import threading
import time
from collections import Counter
from collections.abc import Iterable
from http.server import BaseHTTPRequestHandler
from pathlib import Path

#: phrases of the page around the article: none may appear in any evidence sentence
BOILERPLATE = (
    "Accept all cookies", "We use cookies", "Skip to main content", "Sign in", "Subscribe",
    "Most read", "Related stories", "Newsletter", "All rights reserved", "Privacy policy",
    "Follow us", "Advertisement", "Share this article", "Terms of use",
)

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title} | The Daily Meridian</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{description}">
<meta name="author" content="{author}">
<meta property="og:type" content="article">
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="The Daily Meridian">
<meta property="og:url" content="{url}">
<meta property="article:published_time" content="{published}">
<link rel="canonical" href="{url}">
<link rel="stylesheet" href="/static/site.css">
<script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}}</script>
<style>.cookie-banner {{ position: fixed; bottom: 0; }}</style>
</head>
<body>
<a class="skip" href="#main">Skip to main content</a>
<div class="cookie-banner" id="cookie-consent" role="dialog">
  <p>We use cookies to improve your experience and to show you personalised advertising.
  By continuing to browse you agree to our cookie policy.</p>
  <button>Accept all cookies</button> <button>Manage preferences</button>
</div>
<header class="site-header">
  <a class="logo" href="/">The Daily Meridian</a>
  <nav class="main-nav" aria-label="Sections">
    <ul>
      <li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/politics">Politics</a></li>
      <li><a href="/business">Business</a></li><li><a href="/sport">Sport</a></li><li><a href="/opinion">Opinion</a></li>
    </ul>
  </nav>
  <a href="/account">Sign in</a> <a class="button" href="/subscribe">Subscribe</a>
</header>
<div class="ad-slot">Advertisement</div>
<main id="main">
<article class="article">
  <header>
    <p class="kicker"><a href="/world">World</a></p>
    <h1 class="headline">{title}</h1>
    <p class="byline">By <a rel="author" href="/authors/x">{author}</a>
      <time datetime="{published}">{published_text}</time></p>
    <div class="share">Share this article <a href="#">Facebook</a> <a href="#">X</a> <a href="#">Email</a></div>
  </header>
{figure}
  <div class="article-body">
{paragraphs}
  </div>
  <aside class="related">
    <h2>Related stories</h2>
    <ul>
      <li><a href="/world/markets-rally">Markets rally as oil prices fall for a third day</a></li>
      <li><a href="/world/summit-preview">What to expect from next week's summit in Brussels</a></li>
      <li><a href="/world/weather">Heatwave warning issued for much of southern Europe</a></li>
    </ul>
  </aside>
</article>
</main>
<aside class="most-read">
  <h2>Most read</h2>
  <ol>
    <li><a href="/a">Celebrity chef opens restaurant on the Moon, critics unimpressed</a></li>
    <li><a href="/b">Ten gadgets you did not know you needed this summer</a></li>
    <li><a href="/c">Local team wins cup after dramatic penalty shoot-out</a></li>
  </ol>
</aside>
<section class="newsletter">
  <h2>Newsletter</h2>
  <p>Get the day's top headlines delivered to your inbox every morning.</p>
  <form><input type="email" placeholder="Your email"><button>Subscribe</button></form>
</section>
<footer class="site-footer">
  <ul><li><a href="/about">About us</a></li><li><a href="/privacy">Privacy policy</a></li>
  <li><a href="/terms">Terms of use</a></li><li><a href="/contact">Contact</a></li></ul>
  <p>Follow us on <a href="#">Facebook</a>, <a href="#">Instagram</a> and <a href="#">X</a>.</p>
  <p>&copy; 2025 The Daily Meridian Ltd. All rights reserved.</p>
</footer>
<script src="/static/analytics.js"></script>
</body>
</html>
"""


def news_page(text: str, *, title: str, url: str, published: str, author: str = "Anna Petrova") -> str:
    """``text`` (one paragraph a line) as the article of a real-looking news page.

    A first line that ends in a credit in capitals (``EPA-EFE/...``) is taken as a photo caption
    and put in a ``<figure>``, as a news site would; ``published`` is ISO 8601.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    figure = ""
    if lines and "EPA-EFE" in lines[0]:
        caption = html.escape(lines.pop(0))
        figure = (f'  <figure class="lead-image"><img src="/img/lead.jpg" alt="">'
                  f"<figcaption>{caption}</figcaption></figure>")
    paragraphs = "\n".join(f"    <p>{html.escape(line)}</p>" for line in lines)
    description = html.escape(lines[0][:150]) if lines else ""
    return _PAGE.format(title=html.escape(title), url=html.escape(url), published=published,
                        published_text=published[:10], author=html.escape(author), figure=figure,
                        paragraphs=paragraphs, description=description)


def rss_feed(items: Iterable[dict], *, link: str = "http://127.0.0.1/") -> str:
    """An RSS 2.0 feed: each item a dict with ``title``, ``link``, ``date`` (RFC 822) and, to carry
    the article itself, ``content`` (HTML, as ``content:encoded``)."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">',
           f"<channel><title>The Daily Meridian: World</title><link>{html.escape(link)}</link>"
           "<description>World news</description>"]
    for item in items:
        out.append("<item>")
        out.append(f"<title>{html.escape(item['title'])}</title>")
        if item.get("link"):
            out.append(f"<link>{html.escape(item['link'])}</link><guid>{html.escape(item['link'])}</guid>")
        if item.get("date"):
            out.append(f"<pubDate>{item['date']}</pubDate>")
        out.append(f"<description>{html.escape(item.get('summary', item['title']))}</description>")
        if item.get("content"):
            out.append(f"<content:encoded><![CDATA[{item['content']}]]></content:encoded>")
        out.append("</item>")
    out.append("</channel></rss>")
    return "\n".join(out)


def write_warc(path: Path, pages: Iterable[tuple[str, str]], *, date: str = "2025-06-19T08:00:00Z",
               extra_records: bool = True) -> Path:
    """A gzipped WARC of ``(url, html)`` pages as HTTP response records (each with its request
    record, as a crawler writes them), plus a warcinfo record and one non-HTML response."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=str(path).endswith(".gz"))
        if extra_records:
            writer.write_record(writer.create_warcinfo_record(path.name, {"software": "kg tests"}))
        for url, page in pages:
            body = page.encode("utf-8")
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                               ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
            request = StatusAndHeaders(f"GET {url} HTTP/1.1", [("User-Agent", "kg-tests")], is_http_request=True)
            writer.write_record(writer.create_warc_record(url, "request", http_headers=request,
                                                          warc_headers_dict={"WARC-Date": date}))
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=http, warc_headers_dict={"WARC-Date": date}))
        if extra_records:
            image = b"\x89PNG\r\n\x1a\n" + bytes(64)
            http = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record("http://127.0.0.1/logo.png", "response",
                                                          payload=io.BytesIO(image), http_headers=http,
                                                          warc_headers_dict={"WARC-Date": date}))
    return path


# ---------------------------------------------------------------------------- a test site

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_588d44be3d5bb673.txt"
TITLE = "Trump rejects Putin's offer to mediate Israel-Iran conflict"
PUBLISHED = "2025-06-18T09:30:00+00:00"
FRENCH = ("Le président français a rencontré son homologue allemand à Berlin mardi pour discuter de l'aide "
          "à l'Ukraine et de la politique commerciale de l'Union européenne. Les deux dirigeants ont convenu "
          "de renforcer leur coopération dans le domaine de la défense et de l'énergie, selon un communiqué "
          "publié à l'issue de la rencontre.")


def seed_page(url: str) -> str:
    """The seed article wrapped in a news page published at :data:`PUBLISHED`."""
    return news_page(SEED.read_text(encoding="utf-8"), title=TITLE, url=url, published=PUBLISHED)


class Site:
    """The routes of the test site and what the server saw."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.agents: set[str] = set()
        self.times: list[tuple[str, float]] = []
        self.stop = threading.Event()
        self.base = ""

    def url(self, path: str) -> str:
        return self.base + path

    def routes(self) -> dict:
        page = seed_page(self.url("/world/trump-putin")).encode()
        feed = rss_feed([{"title": TITLE, "link": self.url("/world/trump-putin"),
                          "date": "Wed, 18 Jun 2025 09:30:00 GMT"}]).encode()
        french = news_page(FRENCH, title="Rencontre à Berlin", url=self.url("/fr"), published=PUBLISHED).encode()
        return {
            "/robots.txt": (200, "text/plain", b"User-agent: *\nDisallow: /private/\n"),
            "/world/trump-putin": (200, "text/html; charset=utf-8", page),
            "/private/page": (200, "text/html", page),
            "/feed.xml": (200, "application/rss+xml", feed),
            "/bad-feed.xml": (200, "application/rss+xml", b"<?xml version='1.0'?><rss><channel><item><title>x"),
            "/fr": (200, "text/html; charset=utf-8", french),
            "/report.pdf": (200, "application/pdf", b"%PDF-1.4 " + bytes(100)),
            "/broken": (200, "text/html; charset=utf-8", b"<html><body><p>" + bytes(range(128, 256)) * 40 + b"</p>"),
            "/missing": (404, "text/html", b"<h1>Not found</h1>"),
            "/bomb": (200, "text/html", gzip.compress(bytes(16_000_000), 6), {"Content-Encoding": "gzip"}),
            "/error": (500, "text/html", b"<h1>Server error</h1>"),
        }


class Handler(BaseHTTPRequestHandler):
    site: Site
    routes: dict

    def log_message(self, *args) -> None:  # quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 - the http.server name
        site, path = self.site, self.path
        site.hits[path] += 1
        site.agents.add(self.headers.get("User-Agent", ""))
        site.times.append((path, time.monotonic()))
        if path in self.routes:
            return self._send(*self.routes[path])
        if path in ("/loop", "/loop2"):
            return self._redirect("/loop2" if path == "/loop" else "/loop")
        if path == "/to-file":
            return self._redirect("file:///etc/passwd")
        if path == "/moved":
            return self._redirect("/world/trump-putin")
        if path == "/giant-headers":  # 200 KB of headers: the client must give up, not buffer them
            return self._send(200, "text/html", b"<p>x</p>", {f"X-Junk-{i}": "a" * 1000 for i in range(200)})
        if path == "/slow":
            site.stop.wait(3)  # longer than the client's timeout
            return self._send(200, "text/html", b"<p>too late</p>")
        if path == "/endless":  # no Content-Length: a body that goes on until the client hangs up
            return self._endless()
        return self._send(404, "text/plain", b"no")

    def _send(self, status: int, ctype: str, body: bytes, headers: dict | None = None) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)
        except OSError:  # the client hung up (it gave up waiting, or stopped at its size cap)
            pass

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _endless(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        chunk = b"<p>" + b"news " * 2000 + b"</p>\n"
        try:
            for _ in range(2000):  # at most 20 MB, then stop anyway
                if self.site.stop.is_set():
                    return
                self.wfile.write(chunk)
        except OSError:  # the client hung up: what it should do
            return
