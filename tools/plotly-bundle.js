// Entry point of assets/vendor/plotly-custom.min.js (`make assets` bundles it with esbuild).
//
// dcc.Graph loads the full plotly.js (4.8 MB, ~1.4 MB compressed) unless `window.Plotly` is
// already defined; app.py includes this bundle before Dash's own scripts, so Dash never
// fetches its copy. It holds plotly.js's core (scatter, cartesian axes, shapes, annotations,
// legend, hover, modebar, toImage/downloadImage) and only the other trace types our figures
// use (components/figures.py). A figure with another trace type draws nothing, silently
// (plotly.js turns an unregistered type into an invisible scatter): when a chart needs a new
// trace type, add it here (plotly.js/lib/<type>.js) and run `make assets`.
//
// plotly.js's French and Spanish locales are registered too: `config.locale` (components/graph.py)
// then translates the modebar's tooltips and plotly's other own strings.
//
// Keep plotly.js in package.json at the version dash ships (plotly/package_data/plotly.min.js).
'use strict';

var Plotly = require('plotly.js/lib/core');

Plotly.register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/choropleth'),
    require('plotly.js/lib/sankey'),
    require('plotly.js/lib/locales/fr'),
    require('plotly.js/lib/locales/es')
]);

module.exports = Plotly;
