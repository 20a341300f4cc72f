/* The Mount component (components/mount.py): a box that mounts its children (a chart card's
   graph) only when its tab is open and, for a lazy box, once it is near the viewport.
   A waiting lazy box is filled
   - when it comes within MARGIN of the viewport (an IntersectionObserver: no timers, so a
     reader whose timers are throttled still gets it on scrolling);
   - at once when the page's address names its card (#card-id), which is then scrolled to;
   - before printing (beforeprint), every one of them;
   - when the page is idle and nothing is loading, one after another in page order, so every
     chart is drawn without scrolling too, after those in view. */
(function () {
  "use strict";
  var React = window.React;
  var ReactDOM = window.ReactDOM;
  var MARGIN = "100% 0px";  // a screen ahead: drawn before it is reached
  var waiting = [];  // fill functions of the lazy boxes still empty, in mount order
  var byElement = new WeakMap();
  var observer = "IntersectionObserver" in window ?
    new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        var fill = entry.isIntersecting && byElement.get(entry.target);
        if (fill) { fill(); }
      });
    }, {rootMargin: MARGIN}) : null;
  var idle = window.requestIdleCallback || function (callback) { return window.setTimeout(callback, 100); };
  var idleScheduled = false;

  function fillAll() {
    var fills = waiting.slice();
    var run = function () { fills.forEach(function (fill) { fill(); }); };
    // Synchronously: the page is laid out for print right after this event.
    if (ReactDOM && ReactDOM.flushSync) { ReactDOM.flushSync(run); } else { run(); }
  }
  window.addEventListener("beforeprint", fillAll);

  function fillWhenIdle() {
    if (idleScheduled || !waiting.length) { return; }
    idleScheduled = true;
    idle(function () {
      idleScheduled = false;
      // Cards still rendering come first: their graphs are drawn when their figures arrive.
      if (waiting.length && !document.querySelector('[data-dash-is-loading="true"]')) { waiting[0](); }
      fillWhenIdle();
    });
  }

  function linkedCard(element) {
    var hash = window.location.hash;
    if (!hash || hash.length < 2) { return null; }
    var target = document.getElementById(decodeURIComponent(hash.slice(1)));
    return target && target.contains(element) ? target : null;
  }

  function domId(id) {
    // The HTML id Dash gives a component id (dict ids as JSON with sorted keys).
    if (id === undefined || id === null) { return undefined; }
    var api = window.dash_component_api;
    return api && api.stringifyId ? api.stringifyId(id) : String(id);
  }

  function scrollWhenSettled(card) {
    // The cards above it grow as their renders arrive: scroll to it once Dash has settled
    // (the layout came after the browser's own try, when the card did not exist yet).
    var frames = 0;
    var seenLoading = false;
    var step = function () {
      frames += 1;
      var loading = !!document.querySelector('[data-dash-is-loading="true"]');
      seenLoading = seenLoading || loading;
      // until the cards' renders have come (or, at worst, about ten seconds of frames)
      if (frames < 600 && (loading || (!seenLoading && frames < 60))) {
        window.requestAnimationFrame(step);
      } else {
        card.scrollIntoView({block: "start", behavior: "instant"});  // not through the cards between
      }
    };
    window.requestAnimationFrame(step);
  }

  function Mount(props) {
    var box = React.useRef(null);
    var near = React.useState(!props.lazy);
    var isNear = near[0];
    var setNear = near[1];
    // A box that waits for its size mounts nothing before the card's render has set it (with
    // the figure): a graph mounted sooner draws an empty plot first (~50 ms), then again.
    var sized = !props.wait_for_size || (props.style !== null && props.style !== undefined);
    var show = props.mounted !== false && isNear && sized;

    React.useEffect(function () {
      var element = box.current;
      // A box of a closed tab waits for its tab (then it is in view: the reader clicked it).
      if (isNear || !element || props.mounted === false) { return undefined; }
      var done = false;
      var fill = function () {
        if (done) { return; }
        done = true;
        var index = waiting.indexOf(fill);
        if (index >= 0) { waiting.splice(index, 1); }
        if (observer) { observer.unobserve(element); }
        setNear(true);
      };
      var card = linkedCard(element);
      if (card) {
        fill();
        scrollWhenSettled(card);
        return undefined;
      }
      waiting.push(fill);
      byElement.set(element, fill);
      if (observer) { observer.observe(element); } else { fill(); }
      fillWhenIdle();
      return function () {
        if (!done) {
          done = true;
          waiting.splice(waiting.indexOf(fill), 1);
          if (observer) { observer.unobserve(element); }
        }
      };
    }, [isNear, props.mounted]);

    var waitingText = props.mounted !== false && !show && props.placeholder;
    return React.createElement(
      "div",
      {
        ref: box,
        id: domId(props.id),
        className: ((props.className || "") + (show ? "" : " mount-waiting")).trim(),
        style: props.style || undefined,
        "aria-busy": waitingText ? "true" : undefined
      },
      show ? props.children : (waitingText ? React.createElement("p", {className: "mount-placeholder"}, waitingText) : null)
    );
  }

  function scrollToLinkedSection() {
    // A link to a section (/sources#updates, /country/MDA#revisions): the browser looked for it
    // before Dash had rendered the page. Scroll to it once, when it exists and Dash has settled;
    // a chart card linked to scrolls itself (Mount, above).
    var hash = window.location.hash;
    if (!hash || hash.length < 2) { return; }
    var id = decodeURIComponent(hash.slice(1));
    var frames = 0;
    var step = function () {
      frames += 1;
      var target = document.getElementById(id);
      if (target && !document.querySelector('[data-dash-is-loading="true"]')) {
        if (!target.querySelector(".graph-box")) { target.scrollIntoView({block: "start", behavior: "instant"}); }
      } else if (frames < 600) {
        window.requestAnimationFrame(step);
      }
    };
    window.requestAnimationFrame(step);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", scrollToLinkedSection);
  } else {
    scrollToLinkedSection();
  }

  window.migdash = Object.assign({}, window.migdash, {Mount: Mount});
})();
