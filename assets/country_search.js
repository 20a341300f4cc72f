/* The /country picker's search (pages/countries.py): filters the list as you type, in the
   browser. Accents and case are ignored; every word typed must begin a word of an item's
   data-search (its names and code); Enter opens the first item still shown. Delegated from
   the document, so it works on every render of the page. */
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function words(text) {
    return fold(text).split(/[\s\-'’(),.]+/).filter(Boolean);
  }

  function matches(item, typed) {
    if (!item._searchWords) { item._searchWords = words(item.getAttribute("data-search") || ""); }
    return typed.every(function (part) {
      return item._searchWords.some(function (word) { return word.indexOf(part) === 0; });
    });
  }

  function settings(box) {
    // The search box's wrapper names the list it filters and its status line.
    return box.closest && box.type === "search" ? box.closest("[data-filters]") : null;
  }

  function filter(box, wrapper) {
    var list = document.getElementById(wrapper.getAttribute("data-filters"));
    if (!list) { return; }
    var typed = words(box.value);
    var shown = 0;
    Array.prototype.forEach.call(list.children, function (item) {
      var visible = matches(item, typed);
      item.hidden = !visible;
      if (visible) { shown += 1; }
    });
    var status = document.getElementById(wrapper.getAttribute("data-status"));
    if (status) {
      var form = new Intl.PluralRules(status.getAttribute("data-lang") || "en").select(shown);
      var template = shown === 0 ? status.getAttribute("data-none")
        : status.getAttribute(form === "one" ? "data-one" : "data-other");
      status.textContent = template.replace("{count}", shown.toLocaleString(status.getAttribute("data-lang") || "en"));
    }
  }

  document.addEventListener("input", function (event) {
    var wrapper = settings(event.target);
    if (wrapper) { filter(event.target, wrapper); }
  });

  document.addEventListener("keydown", function (event) {
    var wrapper = event.key === "Enter" ? settings(event.target) : null;
    if (!wrapper) { return; }
    var list = document.getElementById(wrapper.getAttribute("data-filters"));
    var first = list && list.querySelector("li:not([hidden]) a");
    if (first) {
      event.preventDefault();
      first.click();
    }
  });
})();
