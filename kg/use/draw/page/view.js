/* kg's interactive view: reads the graph from the page's JSON, draws it with Cytoscape.js, and lets a reader
   search, filter and click through to the sentences. Text from the graph is only ever set as textContent. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var FACT = { asserted: true, reported: true };
  var nodes = data.nodes, events = data.events;
  var $ = function (id) { return document.getElementById(id); };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function quadOf(c) { return data.categories[c] || "verbal cooperation"; }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function lastDay(y, m) { return new Date(Date.UTC(y, m, 0)).getUTCDate(); }

  // the days an event stands for: its date in the text (a day, month or year), else its report date
  function period(ev) {
    if (ev.d) {
      var y = +ev.d.slice(0, 4);
      if (ev.d.length === 4) return [ev.d + "-01-01", ev.d + "-12-31"];
      if (ev.d.length === 7) { var m = +ev.d.slice(5, 7); return [ev.d + "-01", y + "-" + pad(m) + "-" + pad(lastDay(y, m))]; }
      return [ev.d, ev.d];
    }
    return ev.rd ? [ev.rd, ev.rd] : null;
  }

  // ------------------------------------------------------------------ state and filters
  var presentCats = {}, presentMods = {};
  events.forEach(function (ev) { presentCats[ev.c] = (presentCats[ev.c] || 0) + 1; presentMods[ev.m] = (presentMods[ev.m] || 0) + 1; });
  var state = { quads: {}, cats: {}, mods: {}, types: {}, from: "", to: "", lonely: true };
  Object.keys(data.quads).forEach(function (q) { state.quads[q] = true; });
  Object.keys(data.categories).forEach(function (c) { state.cats[c] = true; });
  data.modalities.forEach(function (m) { state.mods[m] = !!FACT[m]; });
  Object.keys(data.types).forEach(function (t) { state.types[t] = true; });

  function passes(ev) {
    if (!state.cats[ev.c] || !state.quads[quadOf(ev.c)] || !state.mods[ev.m]) return false;
    if (state.from || state.to) {
      var p = period(ev);
      if (!p) return false;
      if (state.from && p[1] < state.from) return false;
      if (state.to && p[0] > state.to) return false;
    }
    return true;
  }

  // ------------------------------------------------------------------ edges: one per agent, target, category
  var edgeEvents = {}, edgeOrder = [], nodeEvents = nodes.map(function () { return []; });
  events.forEach(function (ev, k) {
    var seen = {};
    ev.a.concat(ev.t, ev.p).forEach(function (i) { if (!seen[i]) { seen[i] = 1; nodeEvents[i].push(k); } });
    ev.a.forEach(function (a) {
      ev.t.forEach(function (t) {
        if (a === t) return;
        var id = "e" + a + "_" + t + "_" + ev.c;
        if (!edgeEvents[id]) { edgeEvents[id] = { a: a, t: t, c: ev.c, list: [] }; edgeOrder.push(id); }
        edgeEvents[id].list.push(k);
      });
    });
  });
  var maxEvents = 1;
  nodes.forEach(function (n) { if (n.events > maxEvents) maxEvents = n.events; });

  var elements = [];
  nodes.forEach(function (n, i) {
    elements.push({ group: "nodes", data: { id: "n" + i, label: n.label, colour: data.types[n.type] || "#BBBBBB",
      size: n.size, font: n.events ? 11 + 6 * Math.sqrt(n.events / maxEvents) : 6 },
      position: { x: n.x, y: n.y }, classes: n.events ? "" : "lonely" });
  });
  edgeOrder.forEach(function (id) {
    var e = edgeEvents[id];
    elements.push({ group: "edges", data: { id: id, source: "n" + e.a, target: "n" + e.t, colour: data.quads[quadOf(e.c)],
      width: 1.5, label: e.c } });
  });

  var big = elements.length > 2000;
  var cy = cytoscape({
    container: $("cy"), elements: elements, layout: { name: "preset", fit: true, padding: 30 },
    minZoom: 0.02, maxZoom: 12, textureOnViewport: big, hideEdgesOnViewport: big, motionBlur: false,
    boxSelectionEnabled: false,
    style: [
      { selector: "node", style: { "width": "data(size)", "height": "data(size)", "background-color": "data(colour)",
        "label": "data(label)", "font-size": "data(font)", "min-zoomed-font-size": 8, "text-valign": "bottom",
        "text-margin-y": 2, "color": "#222", "text-background-color": "#fff", "text-background-opacity": 0.75,
        "text-background-padding": 1, "border-width": 1, "border-color": "#fff" } },
      { selector: "node.lonely", style: { "opacity": 0.35, "border-width": 0 } },
      { selector: "edge", style: { "curve-style": "bezier", "target-arrow-shape": "triangle", "arrow-scale": 0.9,
        "line-color": "data(colour)", "target-arrow-color": "data(colour)", "width": "data(width)", "opacity": 0.85,
        "label": "data(label)", "font-size": 8, "min-zoomed-font-size": 9, "color": "data(colour)",
        "text-rotation": "autorotate", "text-background-color": "#fff", "text-background-opacity": 0.8 } },
      { selector: "edge.notfact", style: { "line-style": "dashed", "line-color": "#999", "target-arrow-color": "#999",
        "color": "#777" } },
      { selector: ".hidden", style: { "display": "none" } },
      { selector: ".dim", style: { "opacity": 0.1 } },
      { selector: "node:selected", style: { "border-width": 3, "border-color": "#222" } },
      { selector: "edge:selected", style: { "width": 5, "opacity": 1 } }
    ]
  });

  // ------------------------------------------------------------------ applying the filters
  function visibleEvents(list) { return list.filter(function (k) { return passes(events[k]); }); }

  function apply() {
    var shownEvents = 0, shownNodes = 0, counted = {};
    cy.batch(function () {
      edgeOrder.forEach(function (id) {
        var e = edgeEvents[id], vis = visibleEvents(e.list), edge = cy.getElementById(id);
        if (!vis.length) { edge.addClass("hidden"); return; }
        edge.removeClass("hidden");
        var fact = vis.some(function (k) { return FACT[events[k].m]; });
        edge.toggleClass("notfact", !fact);
        edge.data({ width: 1.2 + 2.2 * Math.sqrt(vis.length - 1), label: e.c + (vis.length > 1 ? " ×" + vis.length : "") });
      });
      nodes.forEach(function (n, i) {
        var vis = visibleEvents(nodeEvents[i]);
        vis.forEach(function (k) { counted[k] = 1; });
        var show = state.types[n.type] && (vis.length > 0 || (n.events === 0 && state.lonely));
        cy.getElementById("n" + i).toggleClass("hidden", !show);
        if (show) shownNodes++;
      });
    });
    shownEvents = Object.keys(counted).length;
    $("counts").textContent = shownNodes.toLocaleString("en") + " of " + nodes.length.toLocaleString("en") +
      " entities, " + shownEvents.toLocaleString("en") + " of " + events.length.toLocaleString("en") + " events shown";
  }

  // ------------------------------------------------------------------ the side bar
  function checkbox(parent, label, checked, onChange, colour, round) {
    var l = el("label", "check"), box = el("input");
    box.type = "checkbox"; box.checked = checked;
    box.addEventListener("change", function () { onChange(box.checked); apply(); });
    l.appendChild(box);
    if (colour) { var s = el("span", "swatch" + (round ? " dot" : "")); s.style.background = colour; l.appendChild(s); }
    l.appendChild(document.createTextNode(label));
    parent.appendChild(l);
    return box;
  }

  function sideBar() {
    $("title").textContent = data.title;
    $("source").textContent = data.source + (data.filters.length ? " · " + data.filters.join(" · ") : "") + " · " +
      data.documents.length.toLocaleString("en") + " documents";
    Object.keys(data.quads).forEach(function (q) {
      checkbox($("quads"), q, true, function (v) { state.quads[q] = v; }, data.quads[q]);
    });
    data.modalities.forEach(function (m) {
      var n = presentMods[m] || 0;
      checkbox($("modalities"), m + " (" + n + ")" + (FACT[m] ? "" : ": not stated as fact"), state.mods[m],
        function (v) { state.mods[m] = v; });
    });
    Object.keys(data.quads).forEach(function (q) {
      $("categories").appendChild(el("div", "group", q));
      Object.keys(data.categories).sort().forEach(function (c) {
        if (data.categories[c] !== q) return;
        checkbox($("categories"), c + " (" + (presentCats[c] || 0) + ")", true, function (v) { state.cats[c] = v; },
          data.quads[q]);
      });
    });
    Object.keys(data.types).forEach(function (t) {
      var n = nodes.filter(function (x) { return x.type === t; }).length;
      checkbox($("types"), t + " (" + n.toLocaleString("en") + ")", true, function (v) { state.types[t] = v; }, data.types[t], true);
    });
    var days = [];
    events.forEach(function (ev) { var p = period(ev); if (p) days.push(p[0], p[1]); });
    days.sort();
    ["from", "to"].forEach(function (k) {
      var input = $(k);
      if (days.length) { input.min = days[0]; input.max = days[days.length - 1]; }
      input.addEventListener("change", function () { state[k] = input.value; apply(); });
    });
    $("lonely").addEventListener("change", function () { state.lonely = $("lonely").checked; apply(); });
    $("reset").addEventListener("click", function () {
      document.querySelectorAll("#side input[type=checkbox]").forEach(function (b) { b.checked = true; });
      document.querySelectorAll("#modalities input").forEach(function (b, k) { b.checked = !!FACT[data.modalities[k]]; });
      Object.keys(state.quads).forEach(function (q) { state.quads[q] = true; });
      Object.keys(state.cats).forEach(function (c) { state.cats[c] = true; });
      Object.keys(state.types).forEach(function (t) { state.types[t] = true; });
      data.modalities.forEach(function (m) { state.mods[m] = !!FACT[m]; });
      state.from = state.to = ""; $("from").value = $("to").value = ""; state.lonely = true;
      cy.elements().removeClass("dim"); apply(); cy.fit(undefined, 30);
    });
  }

  // ------------------------------------------------------------------ search
  function fold(s) { return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  var names = nodes.map(function (n) { return [fold(n.label)].concat(n.alt.map(fold)); });

  function search(text) {
    var q = fold(text.trim());
    if (!q) return [];
    var hits = [];
    names.forEach(function (list, i) {
      var best = 9;
      list.forEach(function (name) {
        var rank = name === q ? 0 : name.indexOf(q) === 0 ? 1 : (" " + name).indexOf(" " + q) >= 0 ? 2 : name.indexOf(q) >= 0 ? 3 : 9;
        if (rank < 9) best = Math.min(best, rank);  // a label and an alias count alike
      });
      if (best < 9) hits.push([best, -nodes[i].events, nodes[i].label, i]);
    });
    hits.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0); });
    return hits.slice(0, 12).map(function (h) { return h[3]; });
  }

  function showResults() {
    var list = $("results");
    list.textContent = "";
    search($("search").value).forEach(function (i, k) {
      var n = nodes[i], li = el("li", k === 0 ? "active" : "");
      li.appendChild(el("span", "name", n.label));
      li.dataset.node = i;
      li.appendChild(el("span", "alias", " " + n.type + (n.events ? " · " + n.events + " events" : "")));
      li.addEventListener("click", function () { selectNode(i); });
      list.appendChild(li);
    });
  }

  // ------------------------------------------------------------------ details
  function docLine(k) {
    if (k === null || k === undefined) return el("div", "doc", "");
    var d = data.documents[k], line = el("div", "doc");
    line.appendChild(document.createTextNode((d[1] || d[0]) + (d[2] ? " · " + d[2] : "") + " "));
    if (d[3]) {
      var a = el("a", "link", "source"); a.href = d[3]; a.target = "_blank"; a.rel = "noopener noreferrer";
      line.appendChild(a);
    }
    return line;
  }

  function names_(list) { return list.map(function (i) { return nodes[i].label; }).join(" & "); }

  function eventBlock(k) {
    var ev = events[k], box = el("div", "event");
    var what = el("div", "what", ev.c + ": " + names_(ev.a.length ? ev.a : ev.p) + (ev.t.length ? " → " + names_(ev.t) : ""));
    what.style.color = data.quads[quadOf(ev.c)];
    if (!FACT[ev.m]) what.appendChild(el("span", "tag notfact", ev.m + ": not stated as fact"));
    else if (ev.m !== "asserted") what.appendChild(el("span", "tag", ev.m));
    box.appendChild(what);
    box.appendChild(el("div", "when", ev.d ? ev.d + " (the text's date)" : ev.rd ? ev.rd + " (reported then; the text gives no date)" : "no date"));
    if (ev.s) box.appendChild(el("blockquote", "sentence", ev.s));
    box.appendChild(docLine(ev.doc));
    return box;
  }

  function openPanel(build) {
    var detail = $("detail");
    detail.textContent = "";
    build(detail);
    $("panel").hidden = false;
    $("panel").scrollTop = 0;
  }

  function showNode(i) {
    var n = nodes[i];
    openPanel(function (d) {
      d.appendChild(el("h2", "", n.label));
      d.appendChild(el("div", "muted", n.type + " · " + n.events + " events · mentioned in " + n.docs + " documents"));
      if (n.country !== null && n.country !== undefined) {
        var c = el("div", "", "Country: "), a = el("a", "link", nodes[n.country].label);
        a.addEventListener("click", function () { selectNode(n.country); });
        c.appendChild(a); d.appendChild(c);
      }
      if (n.alt.length) { d.appendChild(el("h3", "", "Also called")); d.appendChild(el("div", "", n.alt.join(" · "))); }
      var list = nodeEvents[i].slice().sort(function (a, b) {
        var pa = period(events[a]), pb = period(events[b]);
        return (pa ? pa[0] : "9") < (pb ? pb[0] : "9") ? -1 : 1;
      });
      if (list.length) d.appendChild(el("h3", "", "Events"));
      list.forEach(function (k) { d.appendChild(eventBlock(k)); });
    });
  }

  function showEdge(id) {
    var e = edgeEvents[id], vis = visibleEvents(e.list);
    openPanel(function (d) {
      d.appendChild(el("h2", "", nodes[e.a].label + " → " + nodes[e.t].label));
      var sub = el("div", "", e.c + " · " + vis.length + (vis.length === 1 ? " event" : " events"));
      sub.style.color = data.quads[quadOf(e.c)];
      d.appendChild(sub);
      if (vis.length < e.list.length) d.appendChild(el("div", "muted", (e.list.length - vis.length) + " more hidden by the filters"));
      vis.forEach(function (k) { d.appendChild(eventBlock(k)); });
    });
  }

  function focusOn(node) {
    cy.elements().removeClass("dim");
    var near = node.closedNeighborhood();
    cy.elements().not(near).addClass("dim");
  }

  function selectNode(i) {
    var node = cy.getElementById("n" + i);
    node.removeClass("hidden");
    cy.elements().unselect();
    node.select();
    focusOn(node);
    showNode(i);
    var zoom = Math.max(cy.zoom(), 1.5), p = node.position(), panel = $("panel");
    var free = cy.width() - (panel.hidden ? 0 : panel.offsetWidth + 20);  // centred in what the panel leaves
    cy.animate({ zoom: zoom, pan: { x: free / 2 - p.x * zoom, y: cy.height() / 2 - p.y * zoom } }, { duration: 250 });
  }

  cy.on("tap", "node", function (evt) { var i = +evt.target.id().slice(1); focusOn(evt.target); showNode(i); });
  cy.on("tap", "edge", function (evt) { showEdge(evt.target.id()); });
  cy.on("tap", function (evt) { if (evt.target === cy) { cy.elements().removeClass("dim"); $("panel").hidden = true; } });
  $("close").addEventListener("click", function () { $("panel").hidden = true; });
  $("search").addEventListener("input", showResults);
  $("search").addEventListener("keydown", function (evt) {
    if (evt.key === "Enter") { var first = $("results").querySelector("li"); if (first) selectNode(+first.dataset.node); }
    if (evt.key === "Escape") { $("search").value = ""; showResults(); }
  });
  document.addEventListener("keydown", function (evt) { if (evt.key === "Escape") $("panel").hidden = true; });

  sideBar();
  apply();
  if (data.focus !== null && data.focus !== undefined) selectNode(data.focus);
  window.kgView = { cy: cy, data: data, search: search, selectNode: selectNode, apply: apply, state: state };
  cy.ready(function () { window.kgReady = true; document.body.dataset.ready = "1"; });
})();
