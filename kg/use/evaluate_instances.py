"""Scoring how a graph groups event mentions into instances (one real event, many reports).

A gold event may carry ``"instance": "<id>"``: gold events of any gold file that share an id are
one real-world event (the golds of a story's articles, built into one graph). The graph says which
mentions it takes for one event by an instance node pointing to them with ``denotedBy`` (GAF; kg's
``sem:Event`` nodes), or a mention pointing to its instance with ``instance``, ``instanceOf`` or
``mentionOf``; a mention with none is an instance of its own. Over the mentions matched to gold
events (:func:`kg.use.evaluate.score_events`), :func:`instance_pairs` gives pairwise precision,
recall and F1 (a pair is gold-coreferent when its gold events share an instance id, and
system-coreferent when the graph puts both mentions in one instance) and how many instances the
graph makes of one real event (1.0 is right).

A port of the instance scoring of the project's reference scorer, ``../shared/eval/score_graph.py``,
with the same numbers (``tests/use/test_evaluate.py`` compares them when it is present).
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["INSTANCE_FIELDS", "instance_map", "instance_pairs"]

#: the fields a report gains when a gold has instance ids, in the order they are printed
INSTANCE_FIELDS = ("instance_pair_precision", "instance_pair_recall", "instance_pair_f1", "instance_gold_pairs",
                   "instances_per_real_event")


def instance_map(view) -> dict:
    """Mention node -> the instance node the graph puts it in (mentions without one are left out).

    ``view`` is a :class:`kg.use.evaluate.View`; predicates are read by local name.
    """
    out: dict = {}
    for pred in ("instance", "instanceof", "mentionof"):  # a mention's own pointer, unless an instance names it
        for m, preds in sorted(view.out.items(), key=lambda kv: str(kv[0])):
            for inst in preds.get(pred, ()):
                out.setdefault(m, inst)
    for inst, preds in sorted(view.out.items(), key=lambda kv: str(kv[0])):
        for m in preds.get("denotedby", ()):
            out[m] = inst
    return out


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def instance_pairs(sys_events: Sequence[dict], golds: Sequence[dict], owner: dict[int, int]) -> dict:
    """Pairwise scores of the graph's instances over the mentions matched to gold events.

    ``sys_events[i]["instance"]`` is mention i's instance; ``owner`` maps each matched mention to
    its gold event (its one-to-one pair, else its best match).

    Examples
    --------
    >>> sys_events = [{"instance": "I1"}, {"instance": "I1"}, {"instance": "I2"}]
    >>> golds = [{"id": "a:E1", "instance": "s:strike"}, {"id": "b:E4", "instance": "s:strike"}]
    >>> instance_pairs(sys_events, golds, {0: 0, 1: 1, 2: 1})
    {'instance_pair_precision': 1.0, 'instance_pair_recall': 0.333, 'instance_pair_f1': 0.5, 'instance_gold_pairs': 3, 'instances_per_real_event': 2.0}
    """
    ms = sorted(owner)
    gold_same = sys_same = both = 0

    def real(i: int) -> str:
        g = golds[owner[i]]
        return g.get("instance", g["id"])

    for a in range(len(ms)):
        for b in range(a + 1, len(ms)):
            i, k = ms[a], ms[b]
            g = real(i) == real(k)
            s = sys_events[i]["instance"] == sys_events[k]["instance"]
            gold_same += g
            sys_same += s
            both += g and s
    p = both / sys_same if sys_same else None
    r = both / gold_same if gold_same else None
    insts_sys = len({sys_events[i]["instance"] for i in ms})
    insts_gold = len({real(i) for i in ms})
    return {
        "instance_pair_precision": round(p, 3) if p is not None else None,
        "instance_pair_recall": round(r, 3) if r is not None else None,
        "instance_pair_f1": round(_f1(p, r), 3) if p is not None and r is not None else None,
        "instance_gold_pairs": gold_same,
        "instances_per_real_event": round(insts_sys / insts_gold, 3) if insts_gold else None,
    }
