/* The map of area responsibility: the province's outline (vn-provinces.geojson, shipped with
   hub389, no tiles) and each commune as a dot, green when someone answers for it, red when
   nobody does. */
(function () {
  "use strict";
  var box = document.getElementById("areas-map");
  if (!box || !window.L) { return; }
  var points = JSON.parse(document.getElementById("area-points").textContent);
  var map = L.map(box, { zoomSnap: 0.25, attributionControl: false });
  fetch(box.dataset.outlines).then(function (r) { return r.json(); }).then(function (geo) {
    var own = box.dataset.province;
    var layer = L.geoJSON(geo, {
      filter: function (f) { return f.properties.code === own; },
      style: function () { return { color: "#4a5568", weight: 1, fillColor: "#eef2f6", fillOpacity: 1 }; }
    }).addTo(map);
    if (layer.getLayers().length) { map.fitBounds(layer.getBounds(), { padding: [10, 10] }); }
    else if (points.length) { map.fitBounds(points.map(function (p) { return [p.lat, p.lng]; })); }
    else { map.setView([16, 106], 5); }
    // The covered communes last and larger, so a few green dots are not lost among the red.
    points.sort(function (a, b) { return a.covered - b.covered; }).forEach(function (p) {
      L.circleMarker([p.lat, p.lng], {
        radius: p.covered ? 6 : 4, weight: 1, fillOpacity: 0.85,
        color: p.covered ? "#276749" : "#9b2c2c", fillColor: p.covered ? "#38a169" : "#e53e3e"
      }).bindTooltip(p.name + ": " + (p.covered ? box.dataset.covered : box.dataset.gap)).addTo(map);
    });
  });
})();
