/* Chart images that carry their attribution: PNG and SVG of a card's chart with its title,
   subtitle, source line (edition, licence), data date, link and, for demo data, the stamp;
   and the chart's description in words as the image's text alternative (the SVG's <title>
   and <desc>, the PNG's "Title" and "Description" text chunks).

   One mechanism for every card: what an image carries comes with the figure
   (layout.meta.migdash_export, written by components/chart_card.py: _export). The card's PNG
   and SVG buttons call migdashExport.download at slide size (16:9, 1600 x 900); the modebar's
   camera goes through plotly's registered "downloadImage" method, replaced here, at the
   chart's size on screen. A figure without that meta downloads as plotly makes it. */
(function () {
  "use strict";

  var SLIDE = {width: 1600, height: 900, scale: 1.5};  // text and plot 1.5 x larger on slides
  var FONT = "'Helvetica Neue', Helvetica, Arial, sans-serif";
  var INK = "#212529";
  var MUTED = "#495057";
  var measure = document.createElement("canvas").getContext("2d");

  function exportMeta(gd) {
    var meta = gd && gd.layout && gd.layout.meta;
    return meta && typeof meta === "object" && meta.migdash_export ? meta.migdash_export : null;
  }

  function escapeText(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function fontOf(size, weight) { return weight + " " + size + "px " + FONT; }

  function wrap(text, size, weight, width) {
    // Words onto lines no wider than `width` (a word longer than a line, such as a link, is cut).
    measure.font = fontOf(size, weight);
    var lines = [];
    var line = "";
    String(text).split(/\s+/).filter(Boolean).forEach(function (word) {
      var candidate = line ? line + " " + word : word;
      if (measure.measureText(candidate).width <= width || !line) {
        line = candidate;
      } else {
        lines.push(line);
        line = word;
      }
      while (measure.measureText(line).width > width && line.length > 1) {
        var cut = line.length - 1;
        while (cut > 1 && measure.measureText(line.slice(0, cut)).width > width) { cut -= 1; }
        lines.push(line.slice(0, cut));
        line = line.slice(cut);
      }
    });
    if (line) { lines.push(line); }
    return lines;
  }

  function textBlock(parts, x, width) {
    // parts: [{text, size, weight, color, gap}]: wrapped <text> lines and the height they take.
    var y = 0;
    var svg = "";
    parts.forEach(function (part) {
      if (!part.text) { return; }
      y += part.gap || 0;
      wrap(part.text, part.size, part.weight, width).forEach(function (line) {
        y += Math.round(part.size * 1.3);
        svg += '<text x="' + x + '" y="' + (y - Math.round(part.size * 0.3)) + '" font-family="' + FONT +
          '" font-size="' + part.size + '" font-weight="' + part.weight + '" fill="' + part.color + '">' +
          escapeText(line) + "</text>";
      });
    });
    return {svg: svg, height: y};
  }

  function shortLink(url) {
    // The view's address without its scheme: what a reader types.
    try { return new URL(url, window.location.href).href.replace(/^https?:\/\//, ""); } catch (e) { return url; }
  }

  function render(gd, options) {
    // A promise of {svg, width, height} (size "slide" or "screen") or, for format "png", of
    // {url, width, height} with the PNG as a data: URL.
    var info = exportMeta(gd);
    var slide = options.size === "slide";
    var k = slide ? SLIDE.scale : 1;
    var full = gd._fullLayout || {};
    var width = slide ? SLIDE.width : Math.round(full.width || gd.clientWidth || 800);
    var pad = Math.round(16 * k);
    var textWidth = width - 2 * pad;
    var header = textBlock([
      {text: info.demo, size: Math.round(13 * k), weight: "bold", color: "#7a4f01"},
      {text: info.title, size: Math.round(18 * k), weight: "bold", color: INK, gap: info.demo ? 4 : 0},
      {text: info.subtitle, size: Math.round(13 * k), weight: "normal", color: MUTED, gap: 2}
    ], pad, textWidth);
    var footer = textBlock([
      {text: info.source, size: Math.round(11 * k), weight: "normal", color: INK},
      {text: [info.date, info.credit + " · " + shortLink(info.url)].filter(Boolean).join(" · "),
        size: Math.round(11 * k), weight: "normal", color: MUTED, gap: 2}
    ], pad, textWidth);
    var top = pad + header.height + Math.round(6 * k);
    var plotHeight = slide ? SLIDE.height - top - footer.height - 2 * pad
      : Math.round(full.height || gd.clientHeight || 450);
    var height = slide ? SLIDE.height : top + plotHeight + footer.height + 2 * pad;
    return window.Plotly.toImage(gd, {
      format: "svg", width: Math.round(width / k), height: Math.max(50, Math.round(plotHeight / k)),
      imageDataOnly: true
    }).then(function (plot) {
      var svg = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="' +
        width + '" height="' + height + '" viewBox="0 0 ' + width + " " + height + '" role="img" ' +
        'aria-labelledby="migdash-title' + (info.description ? ' migdash-desc"' : '"') + ">" +
        '<title id="migdash-title">' + escapeText(info.title) + "</title>" +
        (info.description ? '<desc id="migdash-desc">' + escapeText(info.description) + "</desc>" : "") +
        '<rect width="100%" height="100%" fill="#ffffff"/>' +
        '<g transform="translate(0,' + pad + ')">' + header.svg + "</g>" +
        '<g transform="translate(0,' + top + ") scale(" + k + ')">' + plot.replace(/^<\?xml[^>]*>/, "") + "</g>" +
        '<g transform="translate(0,' + (top + plotHeight + pad) + ')">' + footer.svg + "</g></svg>";
      if (options.format !== "png") { return {svg: svg, width: width, height: height}; }
      return toPng(svg, width, height).then(function (png) {
        png.url = withText(png.url, {Title: info.title, Description: info.description});
        return png;
      });
    });
  }

  function toPng(svg, width, height) {
    return new Promise(function (resolve, reject) {
      var image = new Image();
      image.onload = function () {
        var canvas = document.createElement("canvas");
        canvas.width = width;
        canvas.height = height;
        canvas.getContext("2d").drawImage(image, 0, 0, width, height);
        resolve({url: canvas.toDataURL("image/png"), width: width, height: height});
      };
      image.onerror = function () { reject(new Error("the chart image could not be drawn")); };
      image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svg);
    });
  }

  var crcTable = null;
  function crc32(bytes) {
    if (!crcTable) {
      crcTable = [];
      for (var n = 0; n < 256; n += 1) {
        var c = n;
        for (var k = 0; k < 8; k += 1) { c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; }
        crcTable.push(c >>> 0);
      }
    }
    var crc = -1;
    for (var i = 0; i < bytes.length; i += 1) { crc = crcTable[(crc ^ bytes[i]) & 255] ^ (crc >>> 8); }
    return (crc ^ -1) >>> 0;
  }

  function textChunk(keyword, text) {
    // A PNG iTXt chunk (UTF-8 text, uncompressed, in the page's language).
    var utf8 = new TextEncoder();
    var parts = [utf8.encode("iTXt" + keyword), [0, 0, 0], utf8.encode(document.documentElement.lang || ""),
      [0, 0], utf8.encode(text)];
    var body = new Uint8Array(parts.reduce(function (size, part) { return size + part.length; }, 0));
    var at = 0;
    parts.forEach(function (part) { body.set(part, at); at += part.length; });
    var chunk = new Uint8Array(body.length + 8);
    var view = new DataView(chunk.buffer);
    view.setUint32(0, body.length - 4);
    chunk.set(body, 4);
    view.setUint32(body.length + 4, crc32(body));
    return chunk;
  }

  function withText(dataUrl, texts) {
    // The PNG data: URL with a text chunk per non-empty entry of `texts`, after its header
    // chunk (IHDR: 8 bytes of signature, 25 of chunk), where readers of the image's text look.
    var binary = atob(dataUrl.split(",")[1]);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i += 1) { bytes[i] = binary.charCodeAt(i); }
    var chunks = Object.keys(texts).filter(function (key) { return texts[key]; })
      .map(function (key) { return textChunk(key, texts[key]); });
    var size = chunks.reduce(function (total, chunk) { return total + chunk.length; }, bytes.length);
    var out = new Uint8Array(size);
    out.set(bytes.subarray(0, 33), 0);
    var at = 33;
    chunks.forEach(function (chunk) { out.set(chunk, at); at += chunk.length; });
    out.set(bytes.subarray(33), at);
    var text = "";
    for (var j = 0; j < out.length; j += 0x8000) {
      text += String.fromCharCode.apply(null, out.subarray(j, j + 0x8000));
    }
    return "data:image/png;base64," + btoa(text);
  }

  function save(href, filename) {
    var link = document.createElement("a");
    link.href = href;
    link.download = filename;
    link.style.display = "none";
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
  }

  function download(gd, options) {
    var info = exportMeta(gd);
    var filename = info.filename + "." + (options.format === "svg" ? "svg" : "png");
    return render(gd, options).then(function (image) {
      if (image.svg) {
        var url = URL.createObjectURL(new Blob([image.svg], {type: "image/svg+xml"}));
        save(url, filename);
        window.setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
      } else {
        save(image.url, filename);
      }
      return filename;
    });
  }

  window.migdashExport = {render: render, download: download, meta: exportMeta};

  var modebarRegistered = false;
  function registerModebarDownload() {
    if (modebarRegistered) { return; }
    modebarRegistered = true;
    var plotlyDownload = window.Plotly.downloadImage;
    window.Plotly.register({
      moduleType: "apiMethod",
      name: "downloadImage",
      fn: function (gd, options) {
        var format = options && options.format === "svg" ? "svg" : "png";
        return exportMeta(gd) ? download(gd, {format: format, size: "screen"}) : plotlyDownload(gd, options);
      }
    });
  }

  // plotly.js comes later (assets/plotly-loader.js, which says so before any graph draws);
  // reading window.Plotly sooner would fetch it on pages without charts.
  document.addEventListener("migdash:plotly", registerModebarDownload);
})();
