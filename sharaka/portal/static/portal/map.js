// The portal's map: the list of localities (rendered by the server) is the data; Leaflet draws it.
// Without tiles (the default) the points still show on a plain background, and nothing is fetched
// from another host; with SHARAKA_MAP_TILES the page carries the tile URL and its credit in data-
// attributes (the CSP allows that origin's images only). Without JS the list and the SVG plot remain.
(function () {
  "use strict";
  function start() {
    var box = document.getElementById("portal-map");
    if (!box || !window.L) { return; }
    var points = Array.prototype.slice.call(document.querySelectorAll(".map-points > li[data-lat]"));
    if (!points.length) { return; }
    document.body.classList.add("has-map");
    var map = L.map(box, { attributionControl: !!box.dataset.tiles, scrollWheelZoom: false });
    if (box.dataset.tiles) {
      // Leaflet writes the attribution as HTML: the configured credit is shown as plain text. Tiles
      // get the site's origin as referrer (tile servers ask for one; the page's policy sends none).
      var credit = document.createElement("span");
      credit.textContent = box.dataset.attribution || "";
      L.tileLayer(box.dataset.tiles, {
        maxZoom: 18, attribution: credit.innerHTML, referrerPolicy: "strict-origin-when-cross-origin"
      }).addTo(map);
    }
    var bounds = [];
    points.forEach(function (li) {
      var ll = [parseFloat(li.dataset.lat), parseFloat(li.dataset.lng)];
      bounds.push(ll);
      var popup = document.createElement("div");
      var title = document.createElement("strong");
      title.textContent = li.dataset.name;
      popup.appendChild(title);
      li.querySelectorAll("a[data-project]").forEach(function (a) {
        var p = document.createElement("div");
        var link = document.createElement("a");
        link.href = a.href;
        link.textContent = a.textContent;
        p.appendChild(link);
        popup.appendChild(p);
      });
      // Opportunities for partners (promotion) in amber, projects in the portal's green.
      var fill = li.dataset.kind === "opportunity" ? "#b45309" : "#0b5d5e";
      L.circleMarker(ll, { radius: 9, color: "#ffffff", weight: 2, fillColor: fill, fillOpacity: 0.9 })
        .bindPopup(popup).bindTooltip(li.dataset.name).addTo(map);
    });
    map.fitBounds(bounds, { padding: [30, 30], maxZoom: 14 });
    box.removeAttribute("aria-hidden");
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
