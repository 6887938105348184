// Choropleth maps of NUTS regions with Leaflet (vendored; no tiles from the internet: the map
// is drawn on a plain background, the app being self-hosted under a same-origin CSP).
//
// Markup: <div class="region-map" data-map-config="ID"></div> and, anywhere on the page,
// <div hidden id="ID">{{config_json}}</div> (written with the escaping {{ }}), or the JSON in the
// div's own data-map attribute. The JSON holds:
//   shapes_url   GeoJSON FeatureCollection URL (GET /w/:ws/regions/shapes?codes=...), or
//   features     the FeatureCollection inline
//   values       {code: {label: "87.5", bin: 0, href: "/w/x/..."}}: the text of the tooltip, the
//                legend bin that colours the region (index into legend) and where a click goes
//   legend       [{label: "Leader (> 125%)", color: "#1a9850"}, ...]
//   attribution  shown in the corner (the boundaries' copyright)
//   title        accessible name of the map
// A feature's properties: code, name and, for a member of a user-defined region, member and
// member_name. Regions without a value are drawn grey. The page keeps the same numbers in a
// table, so it works without JavaScript.
(function () {
  'use strict';
  if (typeof window.L === 'undefined') return;
  var NO_DATA = '#d9d9d9';

  function esc(s) {
    return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function draw(el, cfg, collection) {
    var values = cfg.values || {};
    var legend = cfg.legend || [];
    var map = window.L.map(el, { attributionControl: true, zoomSnap: 0.25, scrollWheelZoom: false });
    map.attributionControl.setPrefix('Leaflet');
    if (cfg.attribution) map.attributionControl.addAttribution(esc(cfg.attribution));
    var layer = window.L.geoJSON(collection, {
      style: function (f) {
        var v = values[f.properties.code];
        var color = v && legend[v.bin] ? legend[v.bin].color : NO_DATA;
        return { color: '#555', weight: 0.8, fillColor: color, fillOpacity: 0.85 };
      },
      onEachFeature: function (f, lyr) {
        var p = f.properties;
        var v = values[p.code];
        var html = '<strong>' + esc(p.name) + '</strong> (' + esc(p.code) + ')';
        if (p.member) html += '<br>' + esc(p.member_name) + ' (' + esc(p.member) + ')';
        html += '<br>' + (v ? esc(v.label) : 'no value');
        lyr.bindTooltip(html, { sticky: true });
        if (v && v.href) {
          lyr.on('click', function () { window.location.href = v.href; });
          lyr.on('keypress', function () { window.location.href = v.href; });
        }
        lyr.on('mouseover', function () { lyr.setStyle({ weight: 2.5 }); });
        lyr.on('mouseout', function () { lyr.setStyle({ weight: 0.8 }); });
      }
    }).addTo(map);
    // Overseas regions (Guyane, La Réunion, ...) would shrink Europe to a dot: frame the regions
    // in and around Europe when there are some; the others stay drawn, a zoom-out away.
    var bounds = layer.getBounds();
    var core = null;
    layer.eachLayer(function (l) {
      var b = l.getBounds ? l.getBounds() : null;
      if (!b || !b.isValid()) return;
      var c = b.getCenter();
      if (c.lat < 27 || c.lat > 72 || c.lng < -32 || c.lng > 46) return;
      if (core) core.extend(b);
      else core = window.L.latLngBounds(b.getSouthWest(), b.getNorthEast());
    });
    if (core && core.isValid()) bounds = core;
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [8, 8] });
    else map.setView([50, 10], 3);
    if (legend.length) {
      var box = window.L.control({ position: 'bottomleft' });
      box.onAdd = function () {
        // Built with the DOM (not markup with style attributes, which the CSP refuses).
        var div = window.L.DomUtil.create('div', 'region-map-legend');
        legend.concat([{ label: 'no value', color: NO_DATA }]).forEach(function (b) {
          var row = document.createElement('div');
          var swatch = document.createElement('span');
          swatch.className = 'swatch';
          swatch.style.background = b.color;
          row.appendChild(swatch);
          row.appendChild(document.createTextNode(b.label));
          div.appendChild(row);
        });
        return div;
      };
      box.addTo(map);
    }
    el.setAttribute('data-features', String(layer.getLayers().length));
    el.classList.add('region-map-ready');
  }

  // The JSON sits in a hidden element written with the escaping {{ }}: the parser decodes the
  // entities, so textContent gives the JSON back as it was (a <script type="application/json">
  // block would not be decoded, and {{ }} turns its quotes into &quot;).
  function readConfig(el) {
    var inline = el.getAttribute('data-map');
    if (inline) return JSON.parse(inline);
    var node = document.getElementById(el.getAttribute('data-map-config'));
    return node ? JSON.parse(node.textContent) : null;
  }

  Array.prototype.forEach.call(document.querySelectorAll('.region-map[data-map-config], .region-map[data-map]'), function (el) {
    var cfg;
    try {
      cfg = readConfig(el);
    } catch (e) {
      el.textContent = 'The map settings could not be read; the table lists the same values.';
      return;
    }
    if (!cfg) return;
    if (cfg.title) el.setAttribute('aria-label', cfg.title);
    el.setAttribute('role', 'img');
    if (cfg.features) {
      draw(el, cfg, cfg.features);
      return;
    }
    if (!cfg.shapes_url) return;
    fetch(cfg.shapes_url, { credentials: 'same-origin' })
      .then(function (r) {
        if (!r.ok) throw new Error('HTTP ' + r.status);
        return r.json();
      })
      .then(function (collection) { draw(el, cfg, collection); })
      .catch(function (err) {
        el.textContent = 'The map could not be loaded (' + err.message + '); the table lists the same values.';
        el.classList.add('region-map-failed');
      });
  });
})();
