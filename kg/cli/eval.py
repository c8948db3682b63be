"""``kg eval``: build a graph from articles and score it against reference readings."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from kg.cli._app import app, report_problems
from kg.errors import KGError
from kg.use.evaluate import evaluate, evaluate_suite, format_report
from kg.use.evaluate_entities import evaluate_entities, is_entity_gold


@app.command("eval")
def eval_(
    paths: list[Path] = typer.Argument(None, help="Gold files (.json), then the articles they describe (files or folders; "
                                                   "default: each gold's document, next to it or in seeds/)."),
    suite: Path = typer.Option(None, "--suite", help="A sentence-case suite (JSON list of {id, text, expected}): "
                                                     "one document per case, scored by source and target country "
                                                     "and PLOVER category."),
    graph: Path = typer.Option(None, "--graph", help="Score this graph (kg output folder, store or RDF file) "
                                                     "instead of building one."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    model: str = typer.Option(None, "--model", help="spaCy model to load."),
    lexicon: Path = typer.Option(None, "--lexicon", help="Event lexicon (TOML) to use instead of kg's."),
    workers: int = typer.Option(1, "--workers", min=1, help="Parsing processes."),
) -> None:
    """Score kg's reading against gold files or a sentence suite: precision, recall, F1, misses."""
    paths = list(paths or [])
    golds = [p for p in paths if p.suffix.lower() == ".json"]
    texts = [p for p in paths if p.suffix.lower() != ".json"]
    if suite is None and not golds:
        raise KGError("E604", exit_code=2, detail=": no gold file given" if paths else "")
    if suite is not None and paths:
        raise KGError("E604", exit_code=2, detail=", not both")
    missing = [p for p in texts if not p.exists()]
    if missing:
        raise KGError("E101", path=", ".join(map(str, missing)))
    options = {"model": model, "lexicon": lexicon, "workers": workers}
    problems: list[KGError] = []
    if suite is not None:
        result = evaluate_suite(suite, graph=graph, problems=problems, **options)
    elif len(golds) == 1 and not texts and _entity_gold(golds[0]):
        result = evaluate_entities(golds[0], graph)
    else:
        result = evaluate(golds, texts, graph=graph, problems=problems, **options)
    report_problems(problems)
    if as_json:
        typer.echo(json.dumps(result, indent=1, ensure_ascii=False))
    else:
        typer.echo(format_report(result))


def _entity_gold(path: Path) -> bool:
    """Whether ``path`` holds an entity gold (a sample of a corpus graph) rather than an article gold."""
    try:
        return is_entity_gold(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError, ValueError):
        return False  # the article-gold loader reports what is wrong with it
