// plotly.js is not one of the page's scripts (app.py, MigdashDash): it is our bundle of ES
// modules (tools/plotly-bundle.js), which the page names in its head, and which this script
// loads once, the first time it is wanted. A page without charts never fetches it.
//
// window.Plotly is, until the bundle has run, a promise of it. dcc.Graph takes whatever
// window.Plotly is and waits on it (it loads a script of its own, Dash's full 4.8 MB plotly.js,
// only when window.Plotly is empty, which it never is here); the first look at it starts the
// loading. A page with charts (its meta says data-load="now") loads it at once rather than
// when its first graph is shown: the ~0.2 s plotly.js takes to compile and run then falls
// while the browser waits for the page's layout and cards, not after them.
//
// Once it has run, the "migdash:plotly" event goes to the document (before any graph draws).
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="migdash:plotly-js"]');
  if (!meta || window.Plotly) { return; }
  var url = meta.getAttribute("content");
  var settle = null;
  var loading = null;

  function become(value) {  // window.Plotly is a plain property again
    Object.defineProperty(window, "Plotly", {value: value, writable: true, configurable: true, enumerable: true});
  }

  function load() {
    if (loading) { return loading; }
    loading = new Promise(function (resolve, reject) { settle = {resolve: resolve, reject: reject}; });
    var script = document.createElement("script");
    script.type = "module";
    script.src = url;  // the preloaded response, from the link in the head
    script.onerror = function () {
      // The graphs waiting say so; the next look at window.Plotly tries our bundle again
      // (never Dash's full plotly.js).
      script.remove();
      loading = null;
      settle.reject(new Error("plotly.js did not load from " + url));
    };
    document.head.appendChild(script);
    return loading;
  }

  Object.defineProperty(window, "Plotly", {
    configurable: true,
    enumerable: true,
    get: load,
    // the bundle's `window.Plotly = Plotly` lands here
    set: function (value) {
      become(value);
      document.dispatchEvent(new CustomEvent("migdash:plotly"));
      if (settle) { settle.resolve(value); }
    }
  });
  if (meta.getAttribute("data-load") === "now") { load(); }
})();
