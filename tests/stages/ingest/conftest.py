"""A web site on 127.0.0.1 for the ingest tests: the seed article as a real-looking page, a feed
that links to it, and every way a server can go wrong (404, 500, slow, redirect loop, a PDF,
an endless body, a gzip bomb, robots.txt forbidding a folder, a redirect to file://)."""

from __future__ import annotations

import threading
from http.server import ThreadingHTTPServer

import pytest
from web_support import Handler, Site


@pytest.fixture(scope="session")
def site():
    """The test site, serving on 127.0.0.1 in a thread of its own for the whole session."""
    state = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    Handler.site, Handler.routes = state, state.routes()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield state
    state.stop.set()
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture()
def fetcher(tmp_path):
    """A fetcher for the test site: no delay, short timeouts, one quick retry, a 1 MB cap; the site
    is on 127.0.0.1, so a feed file's links to it are followed (``private_links``)."""
    from kg.stages.ingest import Fetcher

    with Fetcher(cache=tmp_path / "cache", delay=0.0, timeout=0.4, retries=1, backoff=0.01, max_size=1_000_000,
                 private_links=True) as f:
        yield f
