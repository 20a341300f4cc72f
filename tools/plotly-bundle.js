// Entry point of assets/vendor/plotly/ (`make assets` bundles it with esbuild, as ES modules
// split in chunks).
//
// dcc.Graph would load the full plotly.js (4.8 MB, ~1.4 MB compressed); assets/plotly-loader.js
// gives it this one instead. It holds plotly.js's core (scatter, cartesian axes, shapes,
// annotations, legend, hover, modebar, toImage/downloadImage), bar, and plotly.js's French and
// Spanish locales (`config.locale`, components/graph.py, then translates the modebar's tooltips
// and plotly's other own strings). The trace types only some charts draw are chunks of their
// own, fetched the first time a figure has one (TRACE_CHUNKS): a page without a map or a Sankey
// diagram never fetches their code (a third of the bundle).
//
// A figure with a trace type neither here nor in TRACE_CHUNKS draws nothing, silently (plotly.js
// turns an unregistered type into an invisible scatter): when a chart needs a new trace type
// (components/figures.py), add it (plotly.js/lib/<type>.js) and run `make assets`.
//
// Keep plotly.js in package.json at the version dash ships (plotly/package_data/plotly.min.js).
'use strict';

var Plotly = require('plotly.js/lib/core');

Plotly.register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/locales/fr'),
    require('plotly.js/lib/locales/es')
]);

var TRACE_CHUNKS = {
    choropleth: function () { return import('plotly.js/lib/choropleth'); },
    sankey: function () { return import('plotly.js/lib/sankey'); }
};
var chunksRegistered = {};  // trace type -> the promise of its chunk, fetched and registered

function traceTypes(data) {
    return (Array.isArray(data) ? data : []).map(function (trace) { return trace && trace.type; });
}

function registerTraceType(type) {
    if (!chunksRegistered[type]) {
        chunksRegistered[type] = TRACE_CHUNKS[type]().then(function (chunk) { Plotly.register(chunk.default || chunk); });
    }
    return chunksRegistered[type];
}

// Plotly.react(gd, figure) or (gd, data, layout): the figure's trace chunks first.
function withTraceChunks(draw) {
    return function (gd, dataOrFigure) {
        var self = this;
        var args = arguments;
        var data = dataOrFigure && !Array.isArray(dataOrFigure) ? dataOrFigure.data : dataOrFigure;
        var missing = traceTypes(data).filter(function (type) { return TRACE_CHUNKS[type]; });
        if (!missing.length) { return draw.apply(self, args); }
        return Promise.all(missing.map(registerTraceType)).then(function () { return draw.apply(self, args); });
    };
}

Plotly.react = withTraceChunks(Plotly.react);
Plotly.newPlot = withTraceChunks(Plotly.newPlot);

window.Plotly = Plotly;  // assets/plotly-loader.js waits for this
