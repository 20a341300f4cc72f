// plotly.js is not one of the page's scripts (app.py, MigdashDash): a page without charts never
// fetches it. dcc.Graph, when a graph is first shown and it finds no window.Plotly, loads the
// script at window._dashPlotlyJSURL, which Dash's renderer points at plotly's full 4.8 MB
// bundle. It always reads our bundle's URL instead, the one the page names in its head, so
// that the browser fetches that one file, once, and takes it from its cache on every later page.
//
// A page with charts (its meta says data-load="now") runs the bundle at once, not when its
// first graph is shown: the ~0.2 s plotly.js takes to compile and run then falls while the
// browser waits for the page's layout and cards, not after them. Until it has run,
// window.Plotly is a promise of it, which dcc.Graph waits on (it takes whatever window.Plotly
// is, and only loads the script itself when that is empty): the script runs once.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="migdash:plotly-js"]');
  if (!meta) { return; }
  var url = meta.getAttribute("content");
  Object.defineProperty(window, "_dashPlotlyJSURL", {
    configurable: true,
    get: function () { return url; },
    set: function () { /* the renderer's URL: ignored */ }
  });
  if (meta.getAttribute("data-load") !== "now" || window.Plotly) { return; }

  var settle;
  var loading = new Promise(function (resolve, reject) { settle = {resolve: resolve, reject: reject}; });
  function become(value) {  // window.Plotly is a plain property again
    Object.defineProperty(window, "Plotly", {value: value, writable: true, configurable: true, enumerable: true});
  }
  Object.defineProperty(window, "Plotly", {
    configurable: true,
    enumerable: true,
    get: function () { return loading; },
    // the bundle's `var Plotly = ...` (an IIFE with a global name) lands here
    set: function (value) { become(value); settle.resolve(value); }
  });
  var script = document.createElement("script");
  script.src = url;  // the preloaded response, from the link in the head
  script.async = true;
  script.onerror = function () {
    become(undefined);  // a graph shown later tries again, through dcc.Graph's own loader
    settle.reject(new Error("plotly.js did not load from " + url));
  };
  document.head.appendChild(script);
})();
