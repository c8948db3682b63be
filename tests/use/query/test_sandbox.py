"""Hostile queries to ``kg query`` (issue 20): the engine cannot reach the network, a query that
crashes Oxigraph does not crash kg, and the query child dies with kg.

A local TCP listener (the ``listener`` fixture) stands in for "the network".
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from support import ESCAPED_SERVICE_QUERIES, kg

from kg.errors import KGError
from kg.use.query import query, sandbox
from kg.use.query.limits import MAX_DEPTH, nesting

needs_sandbox = pytest.mark.skipif(not sandbox.works(), reason="needs seccomp (Linux on x86-64 or AArch64)")

DEEP = "SELECT * WHERE " + "{ " * 3000 + "?s ?p ?o" + " }" * 3000  # 12 KB, 3,000 nested groups
# as deep, but each level holds a `)` in an IRI, which the bracket count takes for a closing one
DISGUISED = "SELECT * WHERE " + "{ ?s <urn:)> ?o . " * 3000 + "}" * 3000


@needs_sandbox
@pytest.mark.parametrize("template, timeout", [(t, 20) for t in ESCAPED_SERVICE_QUERIES]
                         + [(ESCAPED_SERVICE_QUERIES[0], None)])  # (None: what used to run inside kg)
def test_escape_tricks_do_not_reach_the_network(seed_out, listener, template, timeout):
    text = template.format(url=listener.url)
    try:
        query(seed_out, text, timeout=timeout)  # (Oxigraph may skip a SERVICE it need not evaluate)
    except KGError as err:
        assert err.code in ("E311", "E312") and "--allow-network" in str(err), err
    assert listener.settle() == []


@needs_sandbox
def test_the_sandbox_is_what_refuses(seed_out, listener):
    """The check on rdflib's parse sees nothing here; the engine's own connect() is refused (E312)."""
    with pytest.raises(KGError) as err:
        query(seed_out, ESCAPED_SERVICE_QUERIES[0].format(url=listener.url))
    assert err.value.code == "E312" and "Permission denied" in str(err.value)
    assert listener.settle() == []


def test_the_filter_refuses_sockets_in_a_confined_process():
    code = textwrap.dedent(f"""
        import socket, sys
        sys.path.insert(0, {os.path.dirname(sandbox.__file__)!r})
        import sandbox
        assert sandbox.confine("none")
        for family, kind in ((socket.AF_INET, socket.SOCK_STREAM), (socket.AF_INET6, socket.SOCK_DGRAM),
                             (socket.AF_UNIX, socket.SOCK_STREAM)):
            try:
                socket.socket(family, kind)
            except PermissionError:
                continue
            sys.exit("a socket was opened")
        print("refused")
    """)
    if not sandbox.works():
        pytest.skip("needs seccomp")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "refused", done.stderr


@pytest.mark.parametrize("timeout", ["30", "0"])
def test_a_deep_query_is_refused_with_a_message(seed_out, capsys, timeout):
    assert nesting(DEEP) == 3000 > MAX_DEPTH
    assert kg("query", seed_out, DEEP, "--timeout", timeout) == 2
    err = capsys.readouterr().err
    assert "[E313]" in err and "3000 brackets deep" in err and err.count("\n") == 1


@pytest.mark.parametrize("timeout", [30, None])
def test_a_query_that_crashes_oxigraph_does_not_crash_kg(seed_out, timeout):
    """Finding 3: ``--timeout 0`` ran the query in kg's own process, which died of SIGSEGV."""
    assert nesting(DISGUISED) < MAX_DEPTH  # the bracket count is fooled: the engine gets it
    with pytest.raises(KGError) as err:
        query(seed_out, DISGUISED, timeout=timeout)
    assert err.value.code == "E314" and "SIGSEGV" in str(err.value)
    assert query(seed_out, "ASK { ?s ?p ?o }", timeout=timeout).boolean is True  # and kg goes on


def test_the_query_child_dies_with_kg(seed_out, tmp_path):
    """``kill -9`` of a process running a long query takes the query child with it."""
    script = textwrap.dedent(f"""
        from kg.use.query import query
        query({str(seed_out)!r}, "SELECT (COUNT(*) AS ?n) WHERE {{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }}",
              timeout=None)
    """)
    parent = subprocess.Popen([sys.executable, "-c", script], cwd=os.getcwd())
    try:
        child = None
        for _ in range(200):
            child = _child_of(parent.pid)
            if child:
                break
            time.sleep(0.05)
        assert child, "no query child started"
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        for _ in range(100):
            if not _alive(child):
                break
            time.sleep(0.05)
        assert not _alive(child)
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()


def _child_of(pid: int) -> int | None:
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = open(f"/proc/{entry}/stat").read()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                return int(entry)
    return None


def _alive(pid: int) -> bool:
    try:
        state = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")  # a zombie has stopped running
