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
