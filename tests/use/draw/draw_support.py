"""Helpers of the kg.draw tests: the mini store of the seed's story, a synthetic large store, and
ways to look at a figure as a reader would (its labels, rows, legends).

``docs/make_images.py --baseline`` draws the baselines from :func:`mini_store` too.
"""

from __future__ import annotations

import datetime
import random
import struct
from pathlib import Path

from kg.graph.store import KGStore
from kg.records import (
    DateValue,
    Document,
    Entity,
    Event,
    EventMention,
    ResolvedDocument,
)
from kg.use.draw import QUAD_CATEGORY

BASELINE = Path(__file__).parent / "baseline"
PLOVER = Path(__file__).resolve().parents[4] / "shared" / "eval" / "plover" / "plover.json"
SMALL = dict(size=(6, 4.5), dpi=60)


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def texts(fig, gid: str) -> list:
    return [t for t in fig.findobj(lambda a: hasattr(a, "get_text") and a.get_gid() == gid) if t.get_visible()]


def labels(fig, gid: str = "node-label") -> set[str]:
    return {t.get_text() for t in texts(fig, gid)}


def rows(fig) -> set[str]:
    return {t.get_text() for ax in fig.axes for t in ax.get_yticklabels()} - {""}


def legend_entries(fig, gid: str = "legend-types") -> list[str]:
    (leg,) = [leg for leg in fig.legends if leg.get_gid() == gid]
    return [t.get_text() for t in leg.get_texts()]


def assert_no_overlap(fig) -> None:
    renderer = fig.canvas.get_renderer()
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for g in ("node-label", "edge-label", "event-label")
             for t in texts(fig, g)]
    for i, (a, ba) in enumerate(boxes):
        for b, bb in boxes[i + 1:]:
            assert not ba.overlaps(bb), f"labels overlap: {a!r} and {b!r}"


def mini_store() -> KGStore:
    """The seed's story written as records (independent of the NLP), for exact checks and baselines."""
    people = {"trump": ("Person", "Donald Trump", {"Trump"}), "putin": ("Person", "Vladimir Putin", {"Putin", "Vladimir"}),
              "netanyahu": ("Person", "Benjamin Netanyahu", set()), "pezeshkian": ("Person", "Masoud Pezeshkian", {"Pezeshkian"}),
              "russia": ("Country", "Russia", set()), "israel": ("Country", "Israel", set()), "iran": ("Country", "Iran", set()),
              "ukraine": ("Country", "Ukraine", set())}
    ents = {k: Entity(key=f"{t.lower()}/{label.replace(' ', '_')}", type=t, label=label, alt_labels=alt)
            for k, (t, label, alt) in people.items()}
    story = [("REJECT", "trump", "putin", "2025-06-18", "reported"), ("CONSULT", "trump", "putin", "2025-06-17", "reported"),
             ("AGREE", "putin", "trump", None, "reported"), ("CONSULT", "trump", "putin", "2025-06-14", "asserted"),
             ("CONSULT", "trump", "putin", "2025-06-14", "asserted"), ("ACCUSE", "russia", "israel", None, "asserted"),
             ("ASSAULT", "israel", "iran", None, "asserted"), ("CONSULT", "putin", "netanyahu", None, "asserted"),
             ("CONSULT", "putin", "pezeshkian", None, "asserted"), ("ASSAULT", "israel", "iran", "2025-06-13", "asserted"),
             ("ASSAULT", "russia", "ukraine", "2022", "asserted"), ("SUPPORT", "putin", "pezeshkian", "2025-01", "asserted"),
             ("AID", "iran", "russia", "2022", "asserted"), ("ASSAULT", "russia", "ukraine", "2022", "asserted"),
             ("ASSAULT", "israel", "iran", "2025-06-18", "asserted")]
    doc = Document(id="ab" * 32, name="seed.txt", text="")
    events = []
    for k, (cat, a, t, when, modality) in enumerate(story):
        day = DateValue(when, {4: "year", 7: "month"}.get(len(when), "day")) if when else None
        m = EventMention(cat, "x", 0, 1, (0,), (1,), date=day, modality=modality)
        events.append(Event(f"{doc.id}-{k}", m, (ents[a].key,), (ents[t].key,)))
    store = KGStore(None)
    store.write([ResolvedDocument(doc, None, {e.key: e for e in ents.values()}, events)], list(ents.values()))
    return store


def event_entity_labels(store) -> set[str]:
    q = """PREFIX kg: <https://w3id.org/kg-news/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    SELECT DISTINCT ?l WHERE { ?e kg:eventType ?c . { ?e kg:agent ?x } UNION { ?e kg:target ?x }
    UNION { ?e kg:participant ?x } ?x rdfs:label ?l }"""
    return {r["l"].value for r in store.ox.query(q, use_default_graph_as_union=True)}


def synthetic_store(n_entities: int, n_events: int, seed: int = 0) -> KGStore:
    """An in-memory store of entities with a few hubs, written through KGStore.write."""
    rng = random.Random(seed)
    types = ["Person", "Country", "Organization", "Group"]
    ents = [Entity(key=f"{t.lower()}/E{i:04d}", type=t, label=f"{t[:3]} {i:04d}")
            for i, t in ((i, types[i % 4]) for i in range(n_entities))]
    weights = [1 / (i + 1) ** 0.8 for i in range(n_entities)]
    docs = []
    for d in range(n_events // 50 + 1):
        doc = Document(id=f"{d:016x}" * 4, name=f"doc{d}.txt", text="")
        events = []
        for k in range(min(50, n_events - d * 50)):
            i = d * 50 + k  # the first n_entities events give every entity one event, the rest favour a few hubs
            a, t = (ents[i], rng.choices(ents, weights)[0]) if i < n_entities else tuple(rng.choices(ents, weights, k=2))
            if a is t:
                t = ents[(ents.index(a) + 1) % n_entities]
            cat = rng.choice(list(QUAD_CATEGORY))
            day = DateValue(f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", "day")
            m = EventMention(cat, "did", 0, 3, (0,), (1,), date=day)
            events.append(Event(f"{doc.id}-{k}", m, (a.key,), (t.key,)))
        used = {k for ev in events for k in ev.agents + ev.targets}
        docs.append(ResolvedDocument(doc, None, {e.key: e for e in ents if e.key in used}, events))
    store = KGStore(None)
    store.write(docs, ents)
    return store


#: the entities of :func:`news_store`: key -> (type, label, country key, ISO code)
NEWS_ENTITIES = {
    "country/United_States": ("Country", "United States", None, "USA"),
    "country/Iran": ("Country", "Iran", None, "IRN"),
    "country/Russia": ("Country", "Russia", None, "RUS"),
    "country/Israel": ("Country", "Israel", None, "ISR"),
    "person/Donald_Trump": ("Person", "Donald Trump", "country/United_States", None),
    "person/Vladimir_Putin": ("Person", "Vladimir Putin", "country/Russia", None),
    "person/Hassan_Rouhani": ("Person", "Hassan Rouhani", "country/Iran", None),
    "organization/Kaafi": ("Organization", "काफ़ी", None, None),  # a name DejaVu Sans cannot draw
    "organization/Evil": ("Organization", '<img src="http://127.0.0.1:9/x" onerror="pwned=1">', None, None),
}


def news_store(days: int = 30) -> KGStore:
    """A small corpus as the pipeline writes it: dated articles (so every event has a report date), events the text
    dates (some long before, "in 1905"), some not stated as fact, countries, a name in Devanagari and one that is HTML."""
    ents = {k: Entity(key=k, type=t, label=label, alt_labels={"Trump"} if k.endswith("Trump") else set(),
                      country=country, country_code=code) for k, (t, label, country, code) in NEWS_ENTITIES.items()}
    story = [  # (day, category, agent, target, text date, modality)
        (0, "ASSAULT", "country/United_States", "country/Iran", None, "asserted"),
        (0, "ACCUSE", "person/Hassan_Rouhani", "person/Donald_Trump", None, "reported"),
        (2, "CONSULT", "person/Donald_Trump", "person/Vladimir_Putin", "2019-01-01", "asserted"),
        (3, "SUPPORT", "country/Iran", "country/Israel", None, "negated"),
        (3, "THREATEN", "country/Israel", "country/Iran", None, "hypothetical"),
        (5, "AGREE", "country/Russia", "country/Iran", "1905", "asserted"),
        (5, "ASSAULT", "country/Russia", "country/Iran", "1978", "asserted"),
        (8, "COOPERATE", "organization/Kaafi", "organization/Evil", None, "asserted"),
        (9, "REJECT", "person/Vladimir_Putin", "country/United_States", "2019-01", "asserted"),
    ] + [(d, "CONSULT", "person/Donald_Trump", "person/Vladimir_Putin", None, "asserted") for d in range(10, days)]
    docs = []
    for d in sorted({s[0] for s in story}):
        day = datetime.date(2019, 1, 4) + datetime.timedelta(days=d)
        sentence = f"On day {d}, something happened between them, said the report."
        doc = Document(id=f"{d + 1:016x}" * 4, name=f"article-{d:02d}.txt", text=sentence, date=day, title=f"Article {d}",
                       url=f"https://news.example/{d}")
        events = []
        for k, (_, cat, a, t, when, modality) in enumerate(s for s in story if s[0] == d):
            dv = DateValue(when, {4: "year", 7: "month"}.get(len(when), "day")) if when else None
            m = EventMention(cat, "did", 0, 3, (0,), (1,), sentence=sentence, sent_end=len(sentence), date=dv,
                             modality=modality)
            events.append(Event(f"{doc.id}-{k}", m, (a,), (t,)))
        used = {k for ev in events for k in ev.agents + ev.targets}
        used |= {ents[k].country for k in used if ents[k].country}
        docs.append(ResolvedDocument(doc, DateValue(day.isoformat(), "day"), {k: ents[k] for k in sorted(used)}, events))
    store = KGStore(None)
    store.write(docs, list(ents.values()))
    return store


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]

#: JavaScript: a drawn edge whose middle no dot covers, and where that is on the page (after fitting the graph)
CLEAR_EDGE = """() => {
  const cy = window.kgView.cy;
  document.getElementById("panel").hidden = true;
  const box = cy.container().getBoundingClientRect();
  const spot = (e) => {
    const m = e.renderedMidpoint();
    const clear = cy.nodes(':visible').every(n => { const p = n.renderedPosition();
      return Math.hypot(p.x - m.x, p.y - m.y) > n.renderedWidth() / 2 + 8; });
    const alone = cy.edges(':visible').every(o => o === e || Math.hypot(o.renderedMidpoint().x - m.x,
      o.renderedMidpoint().y - m.y) > 12);
    const inside = m.x > 10 && m.y > 10 && m.x < box.width - 10 && m.y < box.height - 10;
    return clear && alone && inside ? {id: e.id(), x: box.left + m.x, y: box.top + m.y} : null;
  };
  cy.fit(undefined, 30);  // the whole graph first, then one edge after another, close up
  for (const e of cy.edges(':visible')) { const s = spot(e); if (s) return s; }
  for (const e of cy.edges(':visible')) { cy.fit(e.connectedNodes(), 150); const s = spot(e); if (s) return s; }
  return null;
}"""


class Browsing:
    """A page of the interactive view open in headless Chromium, with every request and console error it made."""

    def __init__(self, browser, path: Path):
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.url = path.resolve().as_uri()
        self.page.goto(self.url)
        self.page.wait_for_function("window.kgReady === true", timeout=60000)

    def search(self, text: str) -> list[str]:
        """Type ``text`` in the search box; the names found, best first."""
        self.page.fill("#search", text)
        self.page.wait_for_selector("#results li", timeout=10000)
        return self.page.locator("#results li .name").all_inner_texts()

    def click_an_edge(self) -> str:
        """Click the middle of an edge (as a reader would, with the mouse); the panel's text after it."""
        self.page.wait_for_timeout(50)
        self.page.wait_for_function("() => !window.kgView.cy.animated()", timeout=10000)
        spot = self.page.evaluate(CLEAR_EDGE)
        self.page.wait_for_timeout(50)
        assert spot is not None, "no edge to click"
        self.page.mouse.click(spot["x"], spot["y"])
        self.page.wait_for_selector("#panel:not([hidden]) .sentence", timeout=10000)
        return self.page.inner_text("#panel")

    def outside(self) -> list[str]:
        """The requests for anything but the page's own file."""
        return [u for u in self.requests if u != self.url]
