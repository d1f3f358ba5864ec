/* The network of a subject (cytoscape.js with the fCoSE layout, vendored): subjects and cases
   as nodes, shared cases, phones, addresses, representatives and possible matches as edges.
   A node expands from the server (/subjects/<id>/graph.json, the same scope as the page);
   kinds and dates filter in place; PNG is drawn here, GraphML and followthemoney come from
   the server with the expanded nodes. A large graph (≥ 800 nodes) draws without labels while
   panning and with the draft layout, so it stays responsive. */
(function () {
  "use strict";
  var begun = performance.now();
  var box = document.getElementById("graph");
  if (!box || !window.cytoscape) { return; }
  var read = function (id) { return JSON.parse(document.getElementById(id).textContent); };
  var data = read("graph-data"), t = read("graph-strings");
  if (window.cytoscapeFcose) { cytoscape.use(window.cytoscapeFcose); }
  var COLOURS = { person: "#0b5394", organisation: "#2c7a7b", household: "#6b46c1", vehicle: "#b7791f", online: "#c05621", case: "#4a5568" };
  var SHAPES = { person: "ellipse", organisation: "round-rectangle", household: "round-rectangle", vehicle: "diamond", online: "hexagon", case: "rectangle" };
  var EDGES = { case: "#a0aec0", phone: "#c05621", address: "#2f855a", representative: "#0b5394", possible: "#9b1c1c" };
  var expanded = {};
  var big = function () { return cy.nodes().length >= 800; };

  var cy = cytoscape({
    container: box,
    elements: { nodes: data.nodes, edges: data.edges },
    minZoom: 0.05, maxZoom: 4,
    textureOnViewport: data.nodes.length >= 800, hideEdgesOnViewport: data.nodes.length >= 800,
    pixelRatio: data.nodes.length >= 800 ? 1 : "auto",
    style: [
      { selector: "node", style: {
        "background-color": "#718096", shape: "ellipse", label: "data(label)", "font-size": 11, "text-valign": "bottom", "text-margin-y": 3,
        "text-wrap": "ellipsis", "text-max-width": 140, "min-zoomed-font-size": 7,
        width: 22, height: 22, color: "#1d2733", "text-outline-color": "#fff", "text-outline-width": 2 } },
      { selector: "node[type = 'case']", style: { width: 14, height: 14 } },
      // bezier draws two links between the same nodes apart; haystack is faster for a big graph
      { selector: "edge", style: { width: 1.5, "line-color": "#a0aec0", "curve-style": data.nodes.length >= 800 ? "haystack" : "bezier" } },
      { selector: "edge:selected", style: { width: 4, label: "data(label)", "font-size": 10, "text-background-color": "#fff", "text-background-opacity": 1 } }
    ].concat(Object.keys(COLOURS).map(function (kind) {  // selectors, not style functions: faster
      return { selector: "node[kind = '" + kind + "']", style: { "background-color": COLOURS[kind], shape: SHAPES[kind] } };
    }), Object.keys(EDGES).map(function (kind) {
      return { selector: "edge[kind = '" + kind + "']", style: { "line-color": EDGES[kind] } };
    }), [
      { selector: "node[?seed]", style: { width: 34, height: 34, "border-width": 4, "border-color": "#9b1c1c" } },
      { selector: "node[?hiddenCount]", style: { "border-width": 3, "border-style": "dashed", "border-color": "#8a5a00" } },
      { selector: "node:selected", style: { "overlay-color": "#9b1c1c", "overlay-opacity": 0.25 } },
      { selector: "edge[kind = 'possible']", style: { "line-style": "dashed", width: 2, "curve-style": "bezier" } },
      { selector: "edge[kind = 'phone'], edge[kind = 'address'], edge[kind = 'representative']", style: { width: 2.5 } },
      { selector: ".off", style: { display: "none" } }
    ])
  });
  cy.nodes().forEach(function (n) { n.data("hiddenCount", (n.data("hidden") || []).length); });
  var stats = document.getElementById("graph-stats");
  var layout = function (done) {
    var started = performance.now();
    var run = cy.layout({ name: window.cytoscapeFcose ? "fcose" : "cose", quality: big() ? "draft" : "default",
      animate: false, randomize: true, nodeDimensionsIncludeLabels: !big(), packComponents: true, idealEdgeLength: 70 });
    run.one("layoutstop", function () {
      var ms = Math.round(performance.now() - started);
      stats.textContent = t.stats.replace("%(nodes)s", cy.nodes().length).replace("%(edges)s", cy.edges().length).replace("%(ms)s", ms);
      box.dataset.ready = "1";
      box.dataset.layoutMs = String(ms);
      box.dataset.drawnMs = String(Math.round(performance.now() - begun));
      if (done) { done(); }
    });
    run.run();
  };

  // -- the panel for the chosen node
  var panel = document.getElementById("graph-panel");
  var el = function (tag, text, cls) { var x = document.createElement(tag); if (text) { x.textContent = text; } if (cls) { x.className = cls; } return x; };
  var current = null;
  var day = function (iso) { return iso ? iso.slice(8, 10) + "/" + iso.slice(5, 7) + "/" + iso.slice(0, 4) : ""; };
  var showEdge = function (e) {
    current = e;
    panel.replaceChildren();
    panel.appendChild(el("h2", t.edge_kinds[e.data("kind")] || e.data("kind")));
    if (e.data("label")) { panel.appendChild(el("p", e.data("label"))); }
    panel.appendChild(el("p", e.source().data("label") + " — " + e.target().data("label"), "muted"));
    if (e.data("date")) { panel.appendChild(el("p", t.recorded_on + " " + day(e.data("date")), "small")); }
  };
  var clear = function () {
    current = null;
    panel.replaceChildren(el("p", t.choose, "muted"));
  };
  var show = function (n) {
    current = n;
    panel.replaceChildren();
    panel.appendChild(el("h2", n.data("label")));
    panel.appendChild(el("p", n.data("detail"), "muted"));
    if (n.data("type") === "case") {
      panel.appendChild(el("p", (n.data("day") || "") + " · " + (n.data("agency") || "")));
    } else {
      var facts = [];
      if (n.data("merged") > 1) { facts.push(t.merged.replace("%(n)s", n.data("merged"))); }
      if (n.data("agencies")) { facts.push(t.agencies.replace("%(n)s", n.data("agencies"))); }
      if (facts.length) { panel.appendChild(el("p", facts.join(" · "))); }
    }
    (n.data("hidden") || []).forEach(function (h) { panel.appendChild(el("p", h, "notice hidden-records")); });
    var links = el("p");
    var open = el("a", n.data("type") === "case" ? t.open_case : t.open_profile);
    open.href = n.data("url");
    links.appendChild(open);
    panel.appendChild(links);
    if (n.data("type") === "subject") {
      var more = el("button", expanded[n.data("pk")] || n.data("expanded") ? t.expanded : t.expand);
      more.type = "button"; more.id = "graph-expand";
      more.disabled = !!(expanded[n.data("pk")] || n.data("expanded"));
      more.addEventListener("click", function () { expand(n, more); });
      panel.appendChild(more);
    }
  };
  cy.on("tap", "node", function (e) { show(e.target); });
  cy.on("tap", "edge", function (e) { showEdge(e.target); });

  // -- expand from a node: its neighbourhood from the server, merged in place
  var exportLinks = function () {
    var ids = Object.keys(expanded).join(",");
    document.getElementById("graph-graphml").href = box.dataset.graphml + (ids ? "?expand=" + ids : "");
    document.getElementById("graph-ftm").href = box.dataset.ftm + (ids ? "?expand=" + ids : "");
  };
  var expand = function (n, button) {
    button.disabled = true; button.textContent = t.loading;
    fetch(box.dataset.url.replace("/0/", "/" + n.data("pk") + "/"), { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (more) {
        var fresh = [];
        more.nodes.forEach(function (x) {
          var old = cy.getElementById(x.data.id);
          if (old.length) { old.data("expanded", old.data("expanded") || x.data.expanded); return; }
          x.data.seed = false; x.data.hiddenCount = (x.data.hidden || []).length;
          fresh.push(x);
        });
        var edges = more.edges.filter(function (x) { return !cy.getElementById(x.data.id).length; });
        var added = cy.add(fresh.concat(edges)).nodes();
        expanded[n.data("pk")] = true;
        exportLinks();
        // the new nodes on a ring around the expanded one; the rest stays where the reader left it
        if (added.length) {
          var r = Math.min(60 + added.length * 6, 400), p = n.position();
          added.layout({ name: "circle", animate: false, fit: false, boundingBox: { x1: p.x - r, y1: p.y - r, w: 2 * r, h: 2 * r } }).run();
        }
        applyFilters();
        box.dataset.ready = "1";
        show(n);
      })
      .catch(function () { button.disabled = false; button.textContent = t.failed; });
  };

  // -- filters: kinds of nodes and edges, and dates (dd/mm/yyyy as officers type them)
  var parse = function (text) {
    text = (text || "").trim();
    if (!text) { return ""; }
    var m = /^(\d{1,2})[\/.\-](\d{1,2})[\/.\-](\d{4})$/.exec(text);
    if (!m) { return null; }
    var d = new Date(Number(m[3]), Number(m[2]) - 1, Number(m[1]));
    if (d.getMonth() !== Number(m[2]) - 1) { return null; }
    return m[3] + "-" + ("0" + m[2]).slice(-2) + "-" + ("0" + m[1]).slice(-2);
  };
  var tools = document.getElementById("graph-tools");
  var applyFilters = function () {
    var nodeKinds = {}, edgeKinds = {};
    tools.querySelectorAll("input[name=node]").forEach(function (i) { nodeKinds[i.value] = i.checked; });
    tools.querySelectorAll("input[name=edge]").forEach(function (i) { edgeKinds[i.value] = i.checked; });
    var fromBox = document.getElementById("graph-from"), toBox = document.getElementById("graph-to");
    var from = parse(fromBox.value), to = parse(toBox.value);
    var error = document.getElementById("graph-date-error");
    var wrong = [];
    if (from === null) { wrong.push(t.from_field + " “" + fromBox.value.trim() + "”"); }
    if (to === null) { wrong.push(t.to_field + " “" + toBox.value.trim() + "”"); }
    fromBox.setAttribute("aria-invalid", from === null ? "true" : "false");
    toBox.setAttribute("aria-invalid", to === null ? "true" : "false");
    error.textContent = wrong.length ? wrong.join(", ") + ": " + t.bad_date : (from && to && from > to ? t.reversed : "");
    if (from === null) { from = ""; }
    if (to === null) { to = ""; }
    var inTime = function (x) { var d = x.data("date"); return !d || ((!from || d >= from) && (!to || d <= to)); };
    cy.batch(function () {
      cy.nodes().forEach(function (n) { n.toggleClass("off", !nodeKinds[n.data("kind")] || (n.data("type") === "case" && !inTime(n))); });
      cy.edges().forEach(function (e) { e.toggleClass("off", !edgeKinds[e.data("kind")] || !inTime(e) || e.source().hasClass("off") || e.target().hasClass("off")); });
      // a subject left with no link shown goes too (the subjects searched from stay)
      cy.nodes("[type = 'subject']").forEach(function (n) {
        if (!n.data("seed") && !n.hasClass("off") && n.connectedEdges().not(".off").length === 0) { n.addClass("off"); }
      });
    });
    if (current && current.hasClass("off")) { current.unselect(); clear(); }  // the panel follows the filter
    var shown = cy.nodes().not(".off").length;
    stats.textContent = t.shown.replace("%(shown)s", shown).replace("%(nodes)s", cy.nodes().length);
  };
  tools.addEventListener("change", applyFilters);
  tools.addEventListener("input", function (e) { if (e.target.name === "from" || e.target.name === "to") { applyFilters(); } });
  document.getElementById("graph-fit").addEventListener("click", function () { cy.fit(cy.elements().not(".off"), 30); });
  document.getElementById("graph-png").addEventListener("click", function () {
    // the graph as drawn (without the selection), under a title, the date and the legend
    var chosen = cy.$(":selected");
    chosen.unselect();
    var picture = new Image();
    picture.onload = function () {
      var head = 90, canvas = document.createElement("canvas");
      canvas.width = Math.max(picture.width, 900); canvas.height = picture.height + head;
      var g = canvas.getContext("2d");
      g.fillStyle = "#fff"; g.fillRect(0, 0, canvas.width, canvas.height);
      g.fillStyle = "#1d2733"; g.font = "bold 26px sans-serif";
      g.fillText(box.dataset.title, 20, 34);
      g.font = "18px sans-serif"; g.fillStyle = "#4a5568";
      var now = new Date();
      g.fillText("hub389 · " + ("0" + now.getDate()).slice(-2) + "/" + ("0" + (now.getMonth() + 1)).slice(-2) + "/" + now.getFullYear() + " · " + stats.textContent, 20, 60);
      var x = 20;
      Object.keys(COLOURS).forEach(function (kind) {
        g.fillStyle = COLOURS[kind]; g.fillRect(x, 70, 14, 14);
        g.fillStyle = "#1d2733"; g.fillText(t.node_kinds[kind] || kind, x + 20, 83);
        x += 40 + g.measureText(t.node_kinds[kind] || kind).width;
      });
      Object.keys(EDGES).forEach(function (kind) {
        g.fillStyle = EDGES[kind]; g.fillRect(x, 75, 22, 4);
        g.fillStyle = "#1d2733"; g.fillText(t.edge_kinds[kind] || kind, x + 28, 83);
        x += 48 + g.measureText(t.edge_kinds[kind] || kind).width;
      });
      g.drawImage(picture, 0, head);
      canvas.toBlob(function (blob) {
        var a = document.createElement("a");
        a.href = URL.createObjectURL(blob);
        a.download = "mang-luoi-" + box.dataset.seed + ".png";
        document.body.appendChild(a); a.click(); a.remove();
      });
      chosen.select();
    };
    picture.src = cy.png({ full: true, scale: 2, bg: "#ffffff", maxWidth: 8000, maxHeight: 8000 });
  });
  tools.hidden = false;
  layout(function () {
    var seed = cy.nodes("[?seed]");
    if (seed.length) { seed.select(); show(seed[0]); }
  });
  window.hub389Graph = cy;  // for the browser tests and the benchmark
})();
