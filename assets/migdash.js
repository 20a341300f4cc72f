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

  function withPin(link, spec, choice) {
    // The share dialog's choice: "pinned" writes the shown data version (v=) into the link,
    // "latest" takes it out (components/pins.py).
    if (!link) { return link; }
    var parts = link.split("?");
    var query = new URLSearchParams(parts[1] || "");
    query.delete("v");
    if (choice === "pinned" && spec && spec.version) { query.set("v", spec.version); }
    var search = query.toString();
    return parts[0] + (search ? "?" + search : "");
  }

  function escapeAttribute(text) {
    return String(text).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function announce(status) {
    // A live region is read when its text changes: empty it first, so a second copy is heard too.
    if (!status) { return; }
    status.textContent = "";
    window.clearTimeout(status.migdashClear);
    window.setTimeout(function () { status.textContent = status.getAttribute("data-message") || ""; }, 60);
    status.migdashClear = window.setTimeout(function () { status.textContent = ""; }, 5000);
  }

  function copyText(text, status) {
    // The Clipboard API needs a secure context (HTTPS or localhost); elsewhere the older
    // copy command on a selected, off-screen text area does the same.
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { announce(status); }, function () {
        if (legacyCopy(text)) { announce(status); }
      });
    } else if (legacyCopy(text)) {
      announce(status);
    }
  }

  function legacyCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.left = "-9999px";
    document.body.appendChild(area);
    area.select();
    var done = false;
    try { done = document.execCommand("copy"); } catch (e) { done = false; }
    document.body.removeChild(area);
    return done;
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
      shownFigures: function (figure, mapFigure) {
        // The structure keys of the figures drawn (components/chart_card.py, patched): the
        // server sends a Patch only to a graph that holds a figure of the same key.
        function key(fig) {
          var meta = fig && fig.layout && fig.layout.meta;
          return (meta && meta.migdash_structure) || null;  // {structure, values}
        }
        return {figure: key(figure), map_figure: key(mapFigure)};
      },

      tableSpec: function (activeView, spec) {
        // The table is built on the server only while its tab is shown: a filter change on a
        // card showing its chart or map costs no round trip for it.
        return activeView === "table" ? spec : window.dash_clientside.no_update;
      },

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
          // The graph boxes of chart and map: an opened one mounts its graph and keeps it.
          ["chart", "map"].map(function (v) { return v === active ? true : window.dash_clientside.no_update; }),
          [active]
        );
      },

      downloadImage: function (pngClicks, svgClicks, activeTab, spec) {
        // The card's buttons make slide-sized images (the modebar's camera, the size on screen).
        var id = triggeredId();
        if (!id || !spec) { return window.dash_clientside.no_update; }
        var part = activeTab === "map" ? "map" : "graph";
        // The card's graph: the clicked button's id with the graph's part.
        var holder = document.getElementById(domId(Object.assign({}, id, {part: part})));
        var plot = holder && holder.querySelector(".js-plotly-plot");
        if (plot && window.Plotly) {
          window.migdashExport.download(plot, {format: id.part === "svg" ? "svg" : "png", size: "slide"});
        }
        return window.dash_clientside.no_update;
      },

      copy: function (linkClicks, embedClicks, dialogLinkClicks, activeView, spec, embedCode, dialogLink) {
        // "Copy link" and the share dialog's two "Copy": the text, then the word in the live region.
        var id = triggeredId();
        if (!id) { return window.dash_clientside.no_update; }
        var link = linkFor(spec, "permalink", activeView);
        var text = id.part === "embed-copy" ? embedCode :
          id.part === "link-copy" ? dialogLink : (link ? window.location.origin + link : "");
        var status = document.getElementById(domId(Object.assign({}, id, {part: id.part + "-status"})));
        if (text) { copyText(text, status); }
        return window.dash_clientside.no_update;
      },

      embedCode: function (clicks, showControls, activeView, pinChoice, spec) {
        var embed = withPin(linkFor(spec, "embed", activeView), spec, pinChoice);
        if (!embed) { return [false, "", ""]; }
        var permalink = withPin(linkFor(spec, "permalink", activeView), spec, pinChoice);
        var id = triggeredId();
        // The language is always pinned: an embed reads it from its URL only.
        var src = window.location.origin + embed + (embed.indexOf("?") >= 0 ? "&" : "?") +
          "controls=" + (showControls ? "1" : "0") + "&lang=" + encodeURIComponent(spec.lang || "en");
        var title = document.getElementById(domId(Object.assign({}, id, {part: "title"})));
        var frameTitle = (spec.embed_title || "{title}").replace("{title}", title ? title.textContent : "");
        // The chart in words, as the frame's description for the host page's readers.
        var described = document.getElementById(domId(Object.assign({}, id, {part: "description"})));
        var description = described ? described.textContent : "";
        var code = '<iframe src="' + escapeAttribute(src) + '" title="' + escapeAttribute(frameTitle) +
          (description ? '" aria-description="' + escapeAttribute(description) : "") +
          '" width="100%" height="600" style="border:0" loading="lazy" data-migdash-embed></iframe>\n' +
          '<script async src="' + escapeAttribute(window.location.origin + spec.embed_script) + '"></' + 'script>';
        var open = id && id.part === "embed-open" ? true : window.dash_clientside.no_update;
        return [open, code, permalink ? window.location.origin + permalink : ""];
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

/* A pinned view's "Newer data is available" (components/pins.py): the address bar's view
   without its pin, as it is when clicked (an explorer changes it without reloading). */
document.addEventListener("click", function (event) {
  "use strict";
  var link = event.target.closest && event.target.closest("a.pin-latest");
  if (!link) { return; }
  var query = new URLSearchParams(window.location.search);
  query.delete("v");
  var search = query.toString();
  link.href = window.location.pathname + (search ? "?" + search : "") + window.location.hash;
});

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
/* In an embed (/embed/<chart>, body.embed) framed by another page: tell the parent page the
   content's height on load and whenever it changes, so that assets/host/embed.js, included by
   that page, sizes the frame to it. The height is not a secret: it goes to any parent. */
(function () {
  "use strict";
  if (window.parent === window || !window.ResizeObserver) { return; }
  var posted = 0;
  function post() {
    var main = document.getElementById("main");
    if (!main || !document.body.classList.contains("embed")) { return; }
    var height = Math.ceil(main.getBoundingClientRect().height);
    if (height && height !== posted) {
      posted = height;
      window.parent.postMessage({type: "migdash:embed-height", height: height}, "*");
    }
  }
  // Chrome pauses rendering, and with it ResizeObserver, in cross-origin frames out of view:
  // changes to the content (a MutationObserver still runs) are measured too.
  var pending = null;
  function soon() {
    if (pending === null) { pending = window.setTimeout(function () { pending = null; post(); }, 100); }
  }
  var resized = new ResizeObserver(post);
  var changed = new MutationObserver(soon);
  function watch() {
    var main = document.getElementById("main");
    if (!main) { return false; }
    resized.observe(main);
    changed.observe(main, {childList: true, subtree: true, attributes: true});
    post();
    return true;
  }
  if (!watch()) {
    var waiting = new MutationObserver(function () { if (watch()) { waiting.disconnect(); } });
    waiting.observe(document.documentElement, {childList: true, subtree: true});
  }
})();
