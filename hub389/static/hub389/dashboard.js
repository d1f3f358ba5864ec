/* The leaders' dashboard: charts (Chart.js) and the map of cases (Leaflet): the 34 province
   outlines shipped with hub389 (vn-provinces.geojson, no map tiles needed), coloured by the
   period's cases, with names and a legend. Counts have whole-number axes; colours are neutral
   (more cases found is not bad news). */
(function () {
  "use strict";
  var read = function (id) { return JSON.parse(document.getElementById(id).textContent); };
  var series = read("series"), places = read("places-data"), rates = read("rates"), outline = read("outline");
  var values = read("map-values");
  var palette = ["#0b5394", "#6b8fb3", "#2c7a7b", "#b7791f", "#6b46c1", "#718096", "#4a5568"];
  var fmt = new Intl.NumberFormat("vi-VN");
  var colour = function (list) {
    return list.map(function (d, i) { return Object.assign({ backgroundColor: palette[i % palette.length] }, d); });
  };
  var whole = { beginAtZero: true, ticks: { precision: 0 } };
  if (window.Chart) {
    Chart.defaults.font.family = "'Liberation Sans', 'DejaVu Sans', Arial, sans-serif";
    Chart.defaults.animation = false;
    Chart.defaults.maintainAspectRatio = false;
    Chart.defaults.plugins.legend.position = "bottom";
    Chart.defaults.plugins.legend.labels.boxWidth = 12;
    new Chart(document.getElementById("chart-kinds"), {
      type: "bar",
      data: { labels: series.labels, datasets: colour(series.kinds) },
      options: { responsive: true, scales: { x: { stacked: true }, y: Object.assign({ stacked: true }, whole) } }
    });
    new Chart(document.getElementById("chart-goods"), {
      type: "line",
      data: { labels: series.labels, datasets: colour(series.goods).map(function (d) { return Object.assign({ borderColor: d.backgroundColor }, d); }) },
      options: { responsive: true, scales: { y: whole } }
    });
    new Chart(document.getElementById("chart-channels"), {
      type: "doughnut",
      data: { labels: series.channels.labels, datasets: [{ data: series.channels.data, backgroundColor: palette }] },
      options: { responsive: true }
    });
    new Chart(document.getElementById("chart-rates"), {
      type: "line",
      data: { labels: rates.labels, datasets: [
        { label: rates.names.sent, data: rates.sent, borderColor: palette[0], backgroundColor: palette[0] },
        { label: rates.names.on_time, data: rates.on_time, borderColor: palette[2], backgroundColor: palette[2] }
      ] },
      options: { responsive: true, scales: { y: { min: 0, max: 100, ticks: { precision: 0 } } } }
    });
  }
  var el = document.getElementById("map");
  if (!window.L || !el) { return; }
  var unit = el.getAttribute("data-unit") || "";
  var own = el.getAttribute("data-province");
  var map = L.map(el, { attributionControl: false, zoomSnap: 0.25 });
  var tiles = el.getAttribute("data-tiles");
  if (tiles) { L.tileLayer(tiles, { maxZoom: 18 }).addTo(map); }
  map.setView([16.0, 106.0], 5);
  // Five classes from 1 to the largest count (0: grey), in one neutral hue.
  var shades = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"];
  var max = 0;
  Object.keys(values).forEach(function (k) { max = Math.max(max, values[k]); });
  var steps = [];
  for (var i = 1; i <= shades.length; i++) { steps.push(Math.max(1, Math.round(max * i / shades.length))); }
  var shade = function (n) {
    if (!n) { return "#f4f5f7"; }
    for (var j = 0; j < steps.length; j++) { if (n <= steps[j]) { return shades[j]; } }
    return shades[shades.length - 1];
  };
  var shortName = function (name) { return name.replace(/^(Tỉnh|Thành phố)\s+/, ""); };
  var legend = document.getElementById("map-legend");
  if (legend) {
    // Built node by node: a style attribute in markup would break the page's strict CSP.
    var item = function (colour, text) {
      var swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = colour;
      legend.append(swatch, text + " ");
    };
    legend.textContent = "";
    item("#f4f5f7", "0");
    var from = 1;
    steps.forEach(function (to, j) {
      if (to < from) { return; }
      item(shades[j], to === from ? fmt.format(to) : fmt.format(from) + "–" + fmt.format(to));
      from = to + 1;
    });
    legend.append(unit);
  }
  var labels = [];
  fetch(el.getAttribute("data-outlines")).then(function (r) { return r.json(); }).then(function (geo) {
    var layer = L.geoJSON(geo, {
      style: function (f) {
        var mine = own && f.properties.code === own;
        return { className: "province", color: mine ? "#1d2733" : "#7b8794", weight: mine ? 2.5 : 0.8, fillColor: own && !mine ? "#f4f5f7" : shade(values[f.properties.code] || 0), fillOpacity: 0.9 };
      },
      onEachFeature: function (f, lyr) {
        var n = values[f.properties.code] || 0;
        lyr.bindTooltip(f.properties.name + ": " + fmt.format(n) + " " + unit, { sticky: true });
        if (!own) {
          labels.push([lyr, shortName(f.properties.name), n]);
          lyr.on("mouseover", function () { lyr.setStyle({ weight: 2 }); });
          lyr.on("mouseout", function () { lyr.setStyle({ weight: 0.8 }); });
          lyr.bindPopup(f.properties.name + ": " + fmt.format(n) + " " + unit);
        }
      }
    }).addTo(map);
    // Each province's name (and its count) at the middle of its outline.
    labels.forEach(function (item) {
      var text = item[1] + (item[2] ? " · " + fmt.format(item[2]) : "");
      L.marker(item[0].getBounds().getCenter(), {
        interactive: false,
        keyboard: false,
        icon: L.divIcon({ className: "prov-label", html: "<span>" + text.replace(/</g, "&lt;") + "</span>", iconSize: null })
      }).addTo(map);
    });
    var target = null;
    layer.eachLayer(function (l) { if (own && l.feature.properties.code === own) { target = l; } });
    map.fitBounds((target || layer).getBounds(), { padding: [10, 10] });
    // In a province, its communes with cases as circles on the outline.
    if (own) {
      var top = Math.max.apply(null, places.map(function (p) { return p.n; }).concat([1]));
      places.filter(function (p) { return p.lat !== null && p.lng !== null; }).forEach(function (p) {
        L.circleMarker([p.lat, p.lng], { radius: 5 + 18 * Math.sqrt(p.n / top), color: "#08519c", weight: 1, fillOpacity: 0.55 })
          .bindTooltip(p.name + ": " + fmt.format(p.n) + " " + unit).addTo(map);
      });
      outline.forEach(function (p) {
        L.circleMarker([p[0], p[1]], { radius: 1.5, color: "#9aa9b8", weight: 0, fillOpacity: 0.8, interactive: false }).addTo(map);
      });
    }
  });
})();
