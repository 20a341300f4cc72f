/* For pages that embed migdash charts: each embedded chart's frame takes the height of its
   content. Include it once, anywhere on the page (the embed snippet carries this line):

     <script async src="https://<migdash address>/assets/host/embed.js"></script>

   An embed (/embed/<chart>) posts {type: "migdash:embed-height", height} to its parent page
   when it loads and whenever its content changes size. This listener sets the height of the
   frame that sent it, and of no other element: the message must come from a frame of this
   page (its window) and from that frame's own origin. Without this script the frame keeps its
   fixed height attribute. Works in pages opened from disk (file://) too. */
(function () {
  "use strict";
  if (window.migdashEmbedHost) { return; }
  window.migdashEmbedHost = true;
  var MAX_HEIGHT = 10000;

  function frameOf(source) {
    var frames = document.getElementsByTagName("iframe");
    for (var i = 0; i < frames.length; i += 1) {
      if (frames[i].contentWindow === source) { return frames[i]; }
    }
    return null;
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || data.type !== "migdash:embed-height") { return; }
    var height = Number(data.height);
    var frame = frameOf(event.source);
    if (!frame || !isFinite(height) || height <= 0) { return; }
    var origin;
    try { origin = new URL(frame.src, window.location.href).origin; } catch (e) { return; }
    if (origin !== event.origin) { return; }
    frame.style.height = Math.min(Math.ceil(height), MAX_HEIGHT) + "px";
  });
})();
