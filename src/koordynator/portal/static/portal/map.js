/* The public maps: the map of entities (portal/map.html, data from portal/mapping.py) and the
   one-place map of a profile (portal/_point_map.html). Needs Leaflet; markercluster for the
   map of entities. */
(function () {
  "use strict";

  var POLAND = [[49.0, 14.1], [54.85, 24.15]];
  var FIT_MAX_ZOOM = 12;
  var POINTS_ZOOM = 14; // keep in step with mapping.POINTS_ZOOM
  var reducedMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function readJSON(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : {};
  }

  function format(message, count) {
    var number = new Intl.NumberFormat(document.documentElement.lang || undefined).format(count);
    return message.replace("%(count)s", number);
  }

  function baseMap(container, options) {
    var map = L.map(container, Object.assign({
      zoomControl: false,
      zoomAnimation: !reducedMotion,
      fadeAnimation: !reducedMotion,
      markerZoomAnimation: !reducedMotion,
    }, options || {}));
    var messages = options && options.messages;
    L.control.zoom({
      zoomInTitle: messages ? messages.zoomIn : "+",
      zoomOutTitle: messages ? messages.zoomOut : "−",
    }).addTo(map);
    addTiles(map, container);
    // Leaflet closes a popup on Escape only while the map itself has the focus; a marker or
    // the popup's link may have it too.
    container.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { map.closePopup(); }
    });
    return map;
  }

  /* The background map comes from the configured tile server; without one, or when its
     tiles fail (an intranet without internet access), the markers stay on a plain
     background and a note says so. */
  function addTiles(map, container) {
    var note = document.getElementById(container.dataset.note);
    var showNote = function () { if (note) { note.hidden = false; } };
    var url = container.dataset.tileUrl;
    if (!url) {
      showNote();
      return;
    }
    var loaded = 0;
    var layer = L.tileLayer(url, {
      attribution: container.dataset.tileAttribution || "",
      maxZoom: 19,
    });
    layer.on("tileload", function () {
      loaded += 1;
      if (note) { note.hidden = true; }
    });
    layer.on("tileerror", function () {
      if (!loaded) { showNote(); }
    });
    layer.addTo(map);
  }

  function clusterIcon(count, message) {
    var size = count < 100 ? "small" : count < 1000 ? "medium" : "large";
    var pixels = {small: 36, medium: 42, large: 50}[size];
    var html = document.createElement("span");
    var digits = document.createElement("span");
    digits.setAttribute("aria-hidden", "true");
    digits.textContent = new Intl.NumberFormat(document.documentElement.lang || undefined, {
      notation: count >= 10000 ? "compact" : "standard",
    }).format(count);
    var label = document.createElement("span");
    label.className = "visually-hidden";
    label.textContent = format(message, count);
    html.appendChild(digits);
    html.appendChild(label);
    return L.divIcon({
      html: html.innerHTML,
      className: "map-cluster map-cluster-" + size,
      iconSize: L.point(pixels, pixels),
    });
  }

  function entitiesMap(container) {
    var messages = readJSON("map-messages");
    var kindLabels = readJSON("map-kind-labels");
    var form = document.getElementById("map-form");
    var status = document.getElementById("map-status");
    var listLink = document.getElementById("map-list-link");
    var map = baseMap(container, {messages: messages, minZoom: 5, maxZoom: 19});
    map.fitBounds(POLAND);

    var points = L.markerClusterGroup({
      showCoverageOnHover: false,
      maxClusterRadius: 50,
      animate: !reducedMotion,
      iconCreateFunction: function (cluster) {
        return clusterIcon(cluster.getChildCount(), messages.cluster);
      },
    }).addTo(map);
    var clusters = L.layerGroup().addTo(map);
    var markers = new Map(); // entity id -> marker, kept across reloads so open popups stay
    var request = null;
    var refocus = false;

    // aria-busy tells assistive technology (and the browser tests) that the markers are
    // about to change: from a move until its data has been drawn.
    function busy(on) { container.setAttribute("aria-busy", on ? "true" : "false"); }
    var lastSummary = "";

    function entityUrl(id) {
      return container.dataset.entityUrl.replace("123456789", String(id));
    }

    function popupContent(point) {
      var box = document.createElement("div");
      var link = document.createElement("a");
      link.className = "map-popup-name";
      link.href = entityUrl(point[0]);
      link.textContent = point[4];
      var kind = document.createElement("span");
      kind.className = "map-popup-kind";
      kind.textContent = kindLabels[point[3]] || "";
      box.appendChild(link);
      box.appendChild(kind);
      return box;
    }

    function showPoints(rows) {
      var wanted = new Set();
      var added = [];
      rows.forEach(function (point) {
        wanted.add(point[0]);
        if (markers.has(point[0])) { return; }
        var marker = L.marker([point[1], point[2]], {title: point[4], alt: point[4], keyboard: true});
        marker.bindPopup(function () { return popupContent(point); });
        marker.on("popupclose", function (event) {
          // Give the focus back to the marker when it was in the closed popup.
          var popup = event.popup.getElement();
          var focused = document.activeElement;
          var icon = marker.getElement();
          if (icon && (!focused || focused === document.body || (popup && popup.contains(focused)))) {
            icon.focus({preventScroll: true});
          }
        });
        markers.set(point[0], marker);
        added.push(marker);
      });
      var gone = [];
      markers.forEach(function (marker, id) {
        if (!wanted.has(id)) {
          gone.push(marker);
          markers.delete(id);
        }
      });
      if (gone.length) { points.removeLayers(gone); }
      if (added.length) { points.addLayers(added); }
    }

    function zoomInto(row) {
      // Into the group's extent, and always at least one step closer: a group whose
      // entities already fit the view would otherwise open nothing.
      var bounds = L.latLngBounds([row[3], row[4]], [row[5], row[6]]);
      var zoom = bounds.getNorthEast().equals(bounds.getSouthWest())
        ? Math.max(map.getZoom() + 2, POINTS_ZOOM) // all in one place: list them one by one
        : Math.max(map.getBoundsZoom(bounds, false, L.point(48, 48)), map.getZoom() + 1);
      map.setView(bounds.getCenter(), Math.min(zoom, map.getMaxZoom()));
    }

    function showClusters(rows) {
      clusters.clearLayers();
      rows.forEach(function (row) {
        var marker = L.marker([row[0], row[1]], {
          icon: clusterIcon(row[2], messages.cluster),
          title: format(messages.cluster, row[2]),
          keyboard: true,
        });
        marker.on("click", function () { zoomInto(row); });
        marker.on("keypress", function (event) {
          if (event.originalEvent.keyCode === 13) {
            refocus = true;
            zoomInto(row);
          }
        });
        clusters.addLayer(marker);
      });
    }

    function filterQuery() {
      var params = new URLSearchParams(new FormData(form));
      Array.from(params.keys()).forEach(function (key) {
        if (!params.get(key)) { params.delete(key); }
      });
      return params;
    }

    function setStatus(text) {
      if (text !== status.textContent) { status.textContent = text; }
    }

    function load(fit) {
      var params = filterQuery();
      var query = params.toString();
      listLink.href = listLink.dataset.baseUrl + (query ? "?" + query : "");
      params.set("zoom", String(map.getZoom()));
      params.set("bbox", map.getBounds().toBBoxString());
      if (request) { request.abort(); }
      request = new AbortController();
      busy(true);
      if (!lastSummary) { setStatus(messages.loading); }
      fetch(container.dataset.dataUrl + "?" + params.toString(), {
        signal: request.signal,
        headers: {Accept: "application/json"},
      }).then(function (response) {
        if (!response.ok) { throw new Error("map data: HTTP " + response.status); }
        return response.json();
      }).then(function (data) {
        request = null;
        showClusters(data.clusters);
        showPoints(data.points);
        var text = data.summary;
        if (data.total && data.in_view !== data.total - data.unlocated) {
          text += " " + format(messages.inView, data.in_view);
        }
        if (data.truncated) {
          text += " " + format(messages.truncated, data.points.length);
        }
        lastSummary = data.summary;
        setStatus(text);
        busy(false);
        if (refocus) {
          refocus = false;
          container.focus({preventScroll: true});
        }
        if (fit && data.extent) {
          var extent = L.latLngBounds([data.extent[0], data.extent[1]], [data.extent[2], data.extent[3]]);
          map.fitBounds(extent.pad(0.05), {maxZoom: FIT_MAX_ZOOM});
        }
      }).catch(function (error) {
        if (error.name === "AbortError") { return; }
        request = null;
        setStatus(messages.failed);
        busy(false);
      });
    }

    var moveTimer = null;
    map.on("moveend", function () {
      window.clearTimeout(moveTimer);
      busy(true);
      moveTimer = window.setTimeout(function () { load(false); }, 150);
    });

    // Keyboard: the popup's link gets the focus; closing the popup gives it back.
    map.on("popupopen", function (event) {
      var element = event.popup.getElement();
      var close = element.querySelector(".leaflet-popup-close-button");
      if (close) {
        close.setAttribute("aria-label", messages.close);
        close.setAttribute("title", messages.close);
      }
      var link = element.querySelector("a.map-popup-name");
      if (link) { link.focus({preventScroll: true}); }
    });
    points.on("clusterkeypress", function (event) {
      if (event.originalEvent && event.originalEvent.keyCode === 13) { refocus = true; }
    });
    map.on("zoomend", function () {
      if (refocus && !request) {
        refocus = false;
        container.focus({preventScroll: true});
      }
    });

    var typingTimer = null;
    function filtersChanged() {
      var query = filterQuery().toString();
      window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
      lastSummary = "";
      load(true);
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      filtersChanged();
    });
    form.addEventListener("change", function (event) {
      if (event.target.type !== "search") { filtersChanged(); }
    });
    form.addEventListener("input", function (event) {
      if (event.target.type !== "search") { return; }
      window.clearTimeout(typingTimer);
      typingTimer = window.setTimeout(filtersChanged, 400);
    });

    load(true);
  }

  function pointMap(container) {
    var latitude = parseFloat(container.dataset.latitude);
    var longitude = parseFloat(container.dataset.longitude);
    if (!isFinite(latitude) || !isFinite(longitude)) { return; }
    var map = baseMap(container, {scrollWheelZoom: false, maxZoom: 19});
    map.setView([latitude, longitude], 13);
    var label = container.dataset.label || "";
    L.marker([latitude, longitude], {title: label, alt: label, keyboard: true})
      .addTo(map)
      .bindPopup(function () {
        var text = document.createElement("span");
        text.textContent = label;
        return text;
      });
  }

  function start() {
    if (typeof L === "undefined") { return; }
    // Started once each, even when a page includes this script twice.
    document.querySelectorAll("[data-map]:not([data-map-started])").forEach(function (container) {
      container.setAttribute("data-map-started", "");
      if (container.dataset.map === "entities" && L.markerClusterGroup) {
        entitiesMap(container);
      } else if (container.dataset.map === "point") {
        pointMap(container);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
