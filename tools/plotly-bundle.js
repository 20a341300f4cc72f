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

// Room for the axes' labels, measured before the first draw. An axis with `automargin` makes
// plotly.js draw the whole figure, find that its tick labels do not fit the margin, and draw it
// all again with a wider one: about half of a cartesian chart's drawing time. Where the labels
// are known before drawing (value axes' `ticktext`, which components/figures.py always writes,
// and the category labels of horizontal bars), their room is measured here with the figure's
// font and given to plotly.js as the margin, so its first draw is its last; so is the room of a
// one-row legend above the plot. What plotly.js adds around the labels (tick padding, the axis
// title and its standoff) and a legend's height were measured on our charts at 13 px (ROOM, in
// font sizes). A label measured short, a legend on two rows or a tick label past the plot's
// right end only cost the second draw, as before.
var ROOM = {valueTitle: 2.07, valueBare: 0.95, category: 0.95, ticks: 2.0, ticksTitle: 3.39, legendAbove: 3.08};
var measure = null;

function textWidth(text, font) {
    measure = measure || document.createElement('canvas').getContext('2d');
    measure.font = font.size + 'px ' + font.family;
    return String(text).replace(/<br\s*\/?>/gi, '\n').replace(/<[^>]*>/g, '').split('\n')
        .reduce(function (widest, line) { return Math.max(widest, measure.measureText(line).width); }, 0);
}

function axisLabels(axis, data, letter) {
    if (Array.isArray(axis.ticktext)) { return axis.ticktext; }
    if (Array.isArray(axis.categoryarray)) { return axis.categoryarray; }
    var horizontal = letter === 'y' ? 'h' : 'v';  // the category axis of bars drawn that way
    var bars = data.filter(function (trace) { return trace && trace.type === 'bar' && (trace.orientation || 'v') === horizontal; });
    return bars.length ? [].concat.apply([], bars.map(function (trace) { return trace[letter] || []; })) : null;
}

function reserveMargins(data, layout) {
    if (!layout || !layout.font || !Array.isArray(data) || data.some(function (trace) { return trace && trace.type && trace.type !== 'scatter' && trace.type !== 'bar'; })) {
        return layout;
    }
    var font = layout.font;
    var size = font.size || 12;
    var margin = Object.assign({l: 80, r: 80, t: 100, b: 80}, layout.margin);
    var y = layout.yaxis || {};
    var x = layout.xaxis || {};
    var yLabels = y.automargin && axisLabels(y, data, 'y');
    if (yLabels && yLabels.length) {
        var titled = y.title && y.title.text;
        var room = Array.isArray(y.ticktext) ? (titled ? ROOM.valueTitle : ROOM.valueBare) : ROOM.category;
        var widest = Math.max.apply(null, yLabels.map(function (label) { return textWidth(label, Object.assign({}, font, y.tickfont)); }));
        margin.l = Math.max(margin.l, Math.ceil(widest + room * size) + 1);
    }
    if (x.automargin && x.type !== 'date') {  // one row of tick labels (dates may take two)
        margin.b = Math.max(margin.b, Math.ceil((x.title && x.title.text ? ROOM.ticksTitle : ROOM.ticks) * size) + 1);
    }
    var legend = layout.legend || {};
    var legendAbove = layout.showlegend !== false && legend.orientation === 'h' && legend.yanchor === 'bottom' && (legend.y === undefined || legend.y >= 1);
    if (legendAbove && data.some(function (trace) { return trace && trace.showlegend !== false; })) {  // one row of items
        margin.t = Math.max(margin.t, Math.ceil(ROOM.legendAbove * size) + 1);
    }
    return Object.assign({}, layout, {margin: margin});
}

// Plotly.react(gd, figure) or (gd, data, layout[, config]): the figure's trace chunks first,
// and the margins its labels need.
function beforeDrawing(draw) {
    return function (gd, dataOrFigure) {
        var self = this;
        var args = Array.prototype.slice.call(arguments);
        var figure = dataOrFigure && !Array.isArray(dataOrFigure);
        var data = figure ? dataOrFigure.data : dataOrFigure;
        if (figure) {
            args[1] = Object.assign({}, dataOrFigure, {layout: reserveMargins(data, dataOrFigure.layout)});
        } else {
            args[2] = reserveMargins(data, args[2]);
        }
        var missing = traceTypes(data).filter(function (type) { return TRACE_CHUNKS[type]; });
        if (!missing.length) { return draw.apply(self, args); }
        return Promise.all(missing.map(registerTraceType)).then(function () { return draw.apply(self, args); });
    };
}

Plotly.react = beforeDrawing(Plotly.react);
Plotly.newPlot = beforeDrawing(Plotly.newPlot);

window.Plotly = Plotly;  // assets/plotly-loader.js waits for this
