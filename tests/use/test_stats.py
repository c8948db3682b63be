"""kg stats counts what exports contain: distinct triples; stored quads separately."""

from __future__ import annotations

from support import kg

from kg.use.export import export
from kg.use.stats import stats


def test_triples_are_what_an_export_holds_and_quads_what_the_store_holds(copy_seed_out, tmp_path, capsys):
    # a second document that states triples the first states too (a shared mention, a direct edge)
    article = (copy_seed_out.parent / "again")
    article.mkdir()
    (article / "call.txt").write_text("US President Donald Trump spoke with Vladimir Putin on Tuesday about Iran.\n")
    assert kg("build", article, "-o", copy_seed_out, "--no-png") == 0
    counts = stats(copy_seed_out)
    nt = export(copy_seed_out, "nt", tmp_path / "graph.nt").read_text(encoding="utf-8").splitlines()
    nq = export(copy_seed_out, "nquads", tmp_path / "graph.nq").read_text(encoding="utf-8").splitlines()
    assert counts.triples == len(set(nt)) == len(nt)
    assert counts.quads == len(nq) > counts.triples
    capsys.readouterr()
    assert kg("stats", copy_seed_out) == 0
    out = capsys.readouterr().out
    assert f"triples    {counts.triples}\n" in out and f"quads      {counts.quads}  " in out


def test_dropped_lists_what_the_filter_dropped_and_counts_no_events(tmp_path, capsys):
    (tmp_path / "quake.txt").write_text("The quake struck at 0040 UTC. Iran sent help to Turkey.\n")
    assert kg("build", tmp_path / "quake.txt", "-o", tmp_path / "out", "--no-png") == 0
    capsys.readouterr()
    assert kg("stats", tmp_path / "out", "--dropped") == 0
    assert "time or time zone" in capsys.readouterr().out
    # --mentions counts events, which --dropped does not show: a usage error, not a silent no-op
    assert kg("stats", tmp_path / "out", "--dropped", "--mentions") == 2
    assert "[E214] --dropped and --mentions cannot be used together" in capsys.readouterr().err


def test_events_not_stated_as_a_fact_are_counted_apart_from_real_events(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("Russia attacked Ukraine on Monday. Iran might attack Israel.\n")
    assert kg("build", tmp_path / "a.txt", "-o", tmp_path / "out", "--no-png") == 0
    counts = stats(tmp_path / "out")
    assert counts.events == {"ASSAULT": 1} and counts.unstated == 1  # the hypothetical attack is no real event
    assert sum(stats(tmp_path / "out", count="mentions").events.values()) == 2
    capsys.readouterr()
    assert kg("stats", tmp_path / "out") == 0
    assert "not stated as a fact  1" in capsys.readouterr().out
