/* The leaders' dashboard: charts (Chart.js) and the map of cases (Leaflet, no tiles needed). */
(function () {
  "use strict";
  var read = function (id) { return JSON.parse(document.getElementById(id).textContent); };
  var series = read("series"), places = read("places-data"), rates = read("rates"), outline = read("outline");
  var palette = ["#9b1c1c", "#0b5394", "#1f7a3f", "#b7791f", "#6b46c1", "#2c7a7b", "#718096"];
  var fmt = new Intl.NumberFormat("vi-VN");
  var colour = function (list) {
    return list.map(function (d, i) { return Object.assign({ backgroundColor: palette[i % palette.length] }, d); });
  };
  if (window.Chart) {
    Chart.defaults.font.family = "'Liberation Sans', 'DejaVu Sans', Arial, sans-serif";
    Chart.defaults.animation = false;
    Chart.defaults.maintainAspectRatio = false;
    Chart.defaults.plugins.legend.position = "bottom";
    Chart.defaults.plugins.legend.labels.boxWidth = 12;
    new Chart(document.getElementById("chart-kinds"), {
      type: "bar",
      data: { labels: series.labels, datasets: colour(series.kinds) },
      options: { responsive: true, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } }
    });
    new Chart(document.getElementById("chart-goods"), {
      type: "line",
      data: { labels: series.labels, datasets: colour(series.goods).map(function (d) { return Object.assign({ borderColor: d.backgroundColor }, d); }) },
      options: { responsive: true, scales: { y: { beginAtZero: true } } }
    });
    new Chart(document.getElementById("chart-channels"), {
      type: "doughnut",
      data: { labels: series.channels.labels, datasets: [{ data: series.channels.data, backgroundColor: palette }] },
      options: { responsive: true }
    });
    new Chart(document.getElementById("chart-rates"), {
      type: "line",
      data: { labels: rates.labels, datasets: [
        { label: "Đã gửi (%)", data: rates.sent, borderColor: palette[1], backgroundColor: palette[1] },
        { label: "Đúng hạn (%)", data: rates.on_time, borderColor: palette[2], backgroundColor: palette[2] }
      ] },
      options: { responsive: true, scales: { y: { min: 0, max: 100 } } }
    });
  }
  var el = document.getElementById("map");
  if (!window.L || !el) { return; }
  var points = places.filter(function (p) { return p.lat !== null && p.lng !== null; });
  var map = L.map(el, { attributionControl: false, zoomSnap: 0.25 });
  var tiles = el.getAttribute("data-tiles");
  if (tiles) { L.tileLayer(tiles, { maxZoom: 18 }).addTo(map); }
  // Every unit as a faint dot, so the country (or the province) shows without map tiles.
  outline.forEach(function (p) {
    L.circleMarker([p[0], p[1]], { radius: 2, color: "#9aa9b8", weight: 0, fillOpacity: 0.8, interactive: false }).addTo(map);
  });
  var max = Math.max.apply(null, points.map(function (p) { return p.n; }).concat([1]));
  var bounds = [];
  points.forEach(function (p) {
    var radius = 6 + 24 * Math.sqrt(p.n / max);
    L.circleMarker([p.lat, p.lng], { radius: radius, color: "#9b1c1c", weight: 1, fillOpacity: 0.55 })
      .bindTooltip(p.name + ": " + fmt.format(p.n) + " vụ").addTo(map);
    bounds.push([p.lat, p.lng]);
  });
  var frame = outline.length ? outline : bounds;
  if (frame.length) { map.fitBounds(frame, { padding: [20, 20], maxZoom: 11 }); } else { map.setView([16.0, 106.0], 5); }
})();
