/* Client-side callbacks of the chart card (components/chart_card.py): images, permalink,
   embed code. Kept in assets (not inline) so the Content-Security-Policy needs no hash. */
(function () {
  "use strict";

  function triggeredId() {
    var ctx = window.dash_clientside.callback_context;
    if (!ctx || !ctx.triggered || !ctx.triggered.length) { return null; }
    var propId = ctx.triggered[0].prop_id;
    try { return JSON.parse(propId.slice(0, propId.lastIndexOf("."))); } catch (e) { return null; }
  }

  function domId(id) {
    // Dash writes dict ids as JSON with sorted keys.
    var keys = Object.keys(id).sort();
    return "{" + keys.map(function (k) { return JSON.stringify(k) + ":" + JSON.stringify(id[k]); }).join(",") + "}";
  }

  function linkFor(spec, kind, view) {
    // The card's spec has its permalink and embed URL for each tab of its chart.
    var links = spec && spec[kind];
    var link = links && Object.prototype.hasOwnProperty.call(links, view) ? links[view] : null;
    return typeof link === "string" ? link : null;
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    shell: {
      replaceSearch: function (searches) {
        var search = searches && searches.length ? searches[0] : null;
        if (typeof search === "string" && search !== window.location.search) {
          // The full address (same origin by construction), not the pathname: a path such as
          // "//other.host/x" would be read as another site and refused by the browser.
          var here = window.location.href.split(/[?#]/)[0];
          window.history.replaceState(window.history.state, "", here + search + window.location.hash);
        }
        return window.dash_clientside.no_update;
      }
    },

    home: {
      openClickedCountry: function (clickData) {
        // The programme map's points carry their country's page (pages/home.py).
        var point = clickData && clickData.points && clickData.points[0];
        var link = point && point.customdata;
        return typeof link === "string" && link.charAt(0) === "/" && link.charAt(1) !== "/" ?
          link : window.dash_clientside.no_update;
      }
    },

    chartCard: {
      selectView: function (chartClicks, mapClicks, tableClicks) {
        var id = triggeredId();
        var views = ["chart", "map", "table"];
        var active = id ? id.part.replace("tab-", "") : "chart";
        // One flat list, in the order the outputs are declared (Dash flattens them).
        return [].concat(
          views.map(function (v) { return "nav-link" + (v === active ? " active" : ""); }),
          views.map(function (v) { return v === active ? "true" : "false"; }),
          views.map(function (v) { return v === active ? 0 : -1; }),
          views.map(function (v) { return v !== active; }),
          [active]
        );
      },

      downloadImage: function (pngClicks, svgClicks, activeTab, spec) {
        var id = triggeredId();
        if (!id || !spec) { return window.dash_clientside.no_update; }
        var part = activeTab === "map" ? "map" : "graph";
        // The card's graph: the clicked button's id with the graph's part.
        var holder = document.getElementById(domId(Object.assign({}, id, {part: part})));
        var plot = holder && holder.querySelector(".js-plotly-plot");
        if (plot && window.Plotly) {
          window.Plotly.downloadImage(plot, {
            format: id.part === "svg" ? "svg" : "png",
            filename: "migdash-" + spec.chart, width: 1200, height: 700, scale: 1
          });
        }
        return window.dash_clientside.no_update;
      },

      permalink: function (clicks, activeView, spec) {
        var link = linkFor(spec, "permalink", activeView);
        return link ? window.location.origin + link : "";
      },

      embedCode: function (clicks, showControls, activeView, spec) {
        var embed = linkFor(spec, "embed", activeView);
        if (!embed) { return [false, ""]; }
        var id = triggeredId();
        var src = window.location.origin + embed + (embed.indexOf("?") >= 0 ? "&" : "?") +
          "controls=" + (showControls ? "1" : "0") + (spec.lang && spec.lang !== "en" ? "&lang=" + spec.lang : "");
        var code = '<iframe src="' + src + '" width="100%" height="600" style="border:0" loading="lazy" ' +
          'title="migdash chart"></iframe>';
        var open = id && id.part === "embed-open" ? true : window.dash_clientside.no_update;
        return [open, code];
      }
    }
  });
})();

/* Dash 4's dcc.Dropdown puts keyboard focus on a hidden proxy <input aria-hidden="true"
   tabindex="0"> and takes its visible, labelled button (aria-haspopup, aria-expanded) out of
   the tab order: screen readers then land on an element they are told to ignore (axe:
   aria-hidden-focus). Until Dash fixes it, make the labelled button the focus stop and take
   the proxy out of the tab order. Enter or Space on the button opens the list as a click does. */
(function () {
  "use strict";
  /* Dash names the button by what it shows ("8 selected", then the values) and leaves its
     label out: a screen reader never says "Countries", and axe finds the name and the visible
     text in different orders (label-content-name-mismatch). A labelled button is named by its
     <label for> (as any button is) and described by what it shows. */
  function name(button) {
    var label = button.id && document.querySelector('label[for="' + CSS.escape(button.id) + '"]');
    if (!label) { return; }
    var shown = [".dash-dropdown-value", ".dash-dropdown-placeholder", ".dash-dropdown-value-count"]
      .map(function (selector) { var part = button.querySelector(selector); return part && part.id; })
      .filter(Boolean).join(" ");
    if (button.hasAttribute("aria-labelledby")) { button.removeAttribute("aria-labelledby"); }
    if (shown && button.getAttribute("aria-describedby") !== shown) { button.setAttribute("aria-describedby", shown); }
  }

  function repair(root) {
    root.querySelectorAll(".dash-dropdown-wrapper").forEach(function (wrapper) {
      var proxy = wrapper.querySelector(".dash-dropdown-focus-target");
      var button = wrapper.querySelector("button.dash-dropdown");
      if (proxy && proxy.getAttribute("tabindex") !== "-1") { proxy.setAttribute("tabindex", "-1"); }
      if (button && button.getAttribute("tabindex") !== "0") { button.setAttribute("tabindex", "0"); }
      if (button) { name(button); }
    });
  }
  new MutationObserver(function () { repair(document); })
    .observe(document.documentElement, {childList: true, subtree: true});
})();

/* The navbar folds when its menu does not fit on one row, in whatever language and at whatever
   width: it tries, widest first, the full navbar, then without the product's name, then folded
   (the menu behind its button, the languages still shown), then with the languages as codes,
   and keeps the first that fits. Measured, not guessed from a breakpoint, so a longer
   translation never pushes the languages off the screen. */
(function () {
  "use strict";
  var STAGES = [
    [],
    ["nav-short-brand"],
    ["nav-folded"],
    ["nav-folded", "nav-short-brand"],
    ["nav-folded", "nav-short-brand", "nav-short-languages"]
  ];
  var CLASSES = ["nav-folded", "nav-short-brand", "nav-short-languages"];

  function fits(navbar) {
    var row = navbar.querySelector(".container-fluid");
    if (!row || row.scrollWidth > row.clientWidth + 1) { return false; }
    // Folded, the brand, the languages and the menu button must share one row.
    var tops = [".navbar-brand", ".language-switcher", ".navbar-toggler"].map(function (selector) {
      var element = row.querySelector(selector);
      return element && element.offsetParent ? element.getBoundingClientRect().top : null;
    }).filter(function (top) { return top !== null; });
    return tops.every(function (top) { return Math.abs(top - tops[0]) < 8; });
  }

  function fit(navbar) {
    for (var i = 0; i < STAGES.length; i++) {
      var stage = STAGES[i];
      CLASSES.forEach(function (name) { navbar.classList.toggle(name, stage.indexOf(name) >= 0); });
      navbar.classList.toggle("navbar-expand", stage.indexOf("nav-folded") < 0);
      if (fits(navbar)) { return; }
    }
  }

  function fitAll() { document.querySelectorAll(".site-navbar").forEach(fit); }

  var seen = null;
  new MutationObserver(function () {
    var navbar = document.querySelector(".site-navbar");
    if (navbar && navbar !== seen) { seen = navbar; fit(navbar); }
  }).observe(document.documentElement, {childList: true, subtree: true});
  window.addEventListener("resize", fitAll);
  if (document.fonts && document.fonts.ready) { document.fonts.ready.then(fitAll); }
})();

/* The brief's Print button (pages/brief.py): the browser's own print of the page. */
document.addEventListener("click", function (event) {
  "use strict";
  if (event.target.closest && event.target.closest(".brief-print")) { window.print(); }
});

/* The chart card's tabs, as the WAI-ARIA tabs pattern has them: Left and Right move to the
   previous and next tab (wrapping), Home and End to the first and last, and the tab reached
   opens (a click: the card's selectView callback then makes it the one Tab stop). */
document.addEventListener("keydown", function (event) {
  "use strict";
  var tab = event.target.closest && event.target.closest('.chart-tabs [role="tab"]');
  if (!tab || event.altKey || event.ctrlKey || event.metaKey) { return; }
  var tabs = Array.prototype.filter.call(
    tab.parentNode.querySelectorAll('[role="tab"]'), function (t) { return !t.hidden; });
  var here = tabs.indexOf(tab);
  var next = {ArrowRight: here + 1, ArrowLeft: here - 1, Home: 0, End: tabs.length - 1}[event.key];
  if (next === undefined) { return; }
  event.preventDefault();
  var target = tabs[(next + tabs.length) % tabs.length];
  target.focus();
  if (target !== tab) { target.click(); }
});
