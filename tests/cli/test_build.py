"""``kg build`` and ``kg remove`` on the command line."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from kg.cli import app
from kg.cli._app import run_command
from kg.graph.store import KGStore


def kg(*args: str) -> int:
    return run_command(app, [str(a) for a in args])


def _corpus(folder):
    folder.mkdir()
    (folder / "a.txt").write_text("Russia accused Ukraine of shelling the Zaporizhzhia plant on Monday.\n")
    (folder / "b.txt").write_text("French President Emmanuel Macron met Olaf Scholz in Berlin on Friday.\n")
    return folder


def test_build_rerun_and_remove(tmp_path, capsys):
    corpus, out = _corpus(tmp_path / "in"), tmp_path / "out"
    assert kg("build", corpus, "-o", out, "--no-png") == 0
    assert "2 documents" in capsys.readouterr().out
    ttl = out / "graph.ttl"
    assert "a.txt" in ttl.read_text()
    stamp = ttl.stat().st_mtime_ns
    assert kg("build", corpus, "-o", out, "--no-png") == 0
    assert "2 unchanged skipped" in capsys.readouterr().out
    assert ttl.stat().st_mtime_ns == stamp  # nothing changed, nothing rewritten

    assert kg("remove", out, "a.txt", "nosuch.txt") == 1  # all or nothing
    assert "[E207]" in capsys.readouterr().err
    assert kg("remove", out, "a.txt") == 0
    assert "removed 1 document" in capsys.readouterr().out
    assert "a.txt" not in ttl.read_text() and "b.txt" in ttl.read_text()
    with KGStore(out / "store") as store:
        assert list(store.document_ids()) == ["b.txt"]
    assert kg("build", corpus, "-o", out, "--no-png") == 0  # a removed document comes back
    assert "1 document, 1 unchanged skipped" in capsys.readouterr().out


def test_build_refuses_an_output_folder_whose_store_is_not_a_store(tmp_path, capsys):
    corpus, out = _corpus(tmp_path / "in"), tmp_path / "out"
    (out / "store").mkdir(parents=True)
    (out / "store" / "thesis.tex").write_text("precious")
    assert kg("build", corpus, "-o", out) == 1
    assert "[E202]" in capsys.readouterr().err
    assert sorted(p.name for p in out.rglob("*")) == ["store", "thesis.tex"]


def test_build_refuses_a_file_as_output_folder(tmp_path, capsys):
    corpus, out = _corpus(tmp_path / "in"), tmp_path / "out.txt"
    out.write_text("x")
    assert kg("build", corpus, "-o", out) == 1
    assert "[E202]" in capsys.readouterr().err
    assert out.read_text() == "x"


def test_build_with_no_readable_document_fails(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "x.txt").write_bytes(b"\x00\x01binary")
    assert kg("build", tmp_path / "in", "-o", tmp_path / "out", "--no-png") == 1
    out, err = capsys.readouterr()
    assert "[E105]" in err and "nothing written" in out
    assert not (tmp_path / "out").exists()  # no empty store is left where the user asked for a graph


def test_remove_refuses_a_folder_that_is_not_a_store(tmp_path, capsys):
    assert kg("remove", tmp_path, "a.txt") == 1
    assert "[E202]" in capsys.readouterr().err


HOLDER = textwrap.dedent("""
    import sys, time
    from kg.graph.store import KGStore
    s = KGStore(sys.argv[1])
    print("ready", flush=True)
    time.sleep(60)
""")


def test_build_on_a_store_in_use_says_so(tmp_path, capsys):
    corpus, out = _corpus(tmp_path / "in"), tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(out / "store")], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        assert kg("build", corpus, "-o", out, "--no-png") == 1
        err = capsys.readouterr().err
        assert f"store is in use by another process (PID {proc.pid})" in err
        assert err.count("\n") == 1
    finally:
        proc.kill()
        proc.wait()
    assert not (out / "graph.ttl").exists()


def test_workers_option(tmp_path, capsys):
    corpus, out = _corpus(tmp_path / "in"), tmp_path / "out"
    assert kg("build", corpus, "-o", out, "--no-png", "--workers", "2", "--batch-size", "1") == 0
    assert "2 documents" in capsys.readouterr().out
    assert kg("build", corpus, "-o", out, "--workers", "0") == 2
    assert kg("build", corpus, "-o", out, "--max-doc-size", "-5") == 2  # a size below one byte is a usage error


def test_the_picture_is_drawn_by_default_only_while_the_graph_is_small(tmp_path, capsys, monkeypatch):
    import kg.cli.build as build_command

    corpus, out = _corpus(tmp_path / "in"), tmp_path / "out"
    assert kg("build", corpus, "-o", out) == 0
    assert (out / "graph.png").exists()  # two articles: the overview shows the whole graph
    monkeypatch.setattr(build_command, "PICTURE_ENTITIES", 2)
    (corpus / "c.txt").write_text("Joe Biden met Narendra Modi in Washington on Tuesday.\n")
    assert kg("build", corpus, "-o", out) == 0
    err = capsys.readouterr().err
    assert "kg: note: [E405]" in err and "the older graph.png was removed" in err and err.count("\n") == 1
    assert not (out / "graph.png").exists() and (out / "graph.ttl").exists()
    assert kg("build", corpus, "-o", out, "--png") == 0  # asked for: drawn, though nothing changed
    assert (out / "graph.png").exists()
    assert kg("build", corpus, "-o", tmp_path / "bare", "--no-ttl", "--no-png") == 0
    assert sorted(p.name for p in (tmp_path / "bare").iterdir()) == [".store.lock", "store"]


def test_a_build_with_nothing_to_draw_notes_it_and_one_that_read_nothing_writes_no_outputs(tmp_path, capsys):
    (tmp_path / "rain.txt").write_text("It rained in Paris on Monday.\n")
    assert kg("build", tmp_path / "rain.txt", "-o", tmp_path / "out") == 0
    captured = capsys.readouterr()
    assert "1 document, 0 event mentions; the store: " in captured.out
    assert "kg: note: [E401] nothing to draw" in captured.err  # a note: the build itself is fine
    (tmp_path / "empty.txt").write_text("")
    assert kg("build", tmp_path / "empty.txt", "-o", tmp_path / "bad") == 1
    assert "[E103]" in capsys.readouterr().err
    assert not (tmp_path / "bad" / "graph.ttl").exists() and not (tmp_path / "bad" / "graph.png").exists()


def test_usage_errors_are_one_coded_line_and_exit_2(capsys):
    for args, says in [(["stats", "out", "--bogus"], "No such option: --bogus"),
                       (["build", "seeds", "--workers", "0"], "'--workers'"),
                       (["frobnicate"], "No such command 'frobnicate'"),
                       (["draw", "out"], "Missing option '--output'"),
                       (["draw", "out", "-o", "x.png", "--hops", "2"], "--hops needs --focus")]:
        assert kg(*args) == 2, args
        err = capsys.readouterr().err.strip()
        assert err.startswith("kg: [E003] ") and says in err and "\n" not in err, err
    assert kg() == 2  # no command: the help, once
    assert capsys.readouterr().out.count("Usage: kg") == 1


def test_version_prints_the_package_version_and_exits_0(capsys):
    from kg import __version__

    assert kg("--version") == 0
    assert capsys.readouterr().out.strip() == f"kg {__version__}"


def test_a_lexicon_that_cannot_be_read_stops_the_build_before_anything_is_made(tmp_path, capsys):
    corpus, out = _corpus(tmp_path / "in"), tmp_path / "out"
    bad = tmp_path / "mine.toml"
    bad.write_text('[[trigger]]\nlemma = "shell"\ncategory = = "ASSAULT"\n')
    assert kg("build", corpus, "-o", out, "--lexicon", bad, "--no-png") == 1
    assert capsys.readouterr().err.strip() == f"kg: [E106] {bad}: line 3: not a TOML lexicon (Invalid value)"
    assert kg("build", corpus, "-o", out, "--lexicon", tmp_path / "nosuch.toml", "--no-png") == 1
    assert capsys.readouterr().err.strip() == f"kg: [E101] {tmp_path / 'nosuch.toml'}: no such file or folder"
    assert not out.exists()
