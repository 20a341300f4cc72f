// plotly.js is not one of the page's scripts (app.py, MigdashDash): a page without charts never
// fetches it. When a graph is first shown, dcc.Graph finds no window.Plotly and loads the script
// at window._dashPlotlyJSURL, which Dash's renderer points at plotly's full 4.8 MB bundle. It
// always reads our bundle's URL instead, the one the page names in its head (and preloads when
// it has charts), so that the browser fetches that one file, once, and takes it from its cache
// on every later page.
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
})();
