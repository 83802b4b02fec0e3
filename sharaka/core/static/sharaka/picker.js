/* Searchable pickers: a filter box over a plain <select data-picker> (sharaka/core/people.py).
   A single choice keeps its select, whose options are narrowed to what matches the filter; a multiple
   choice becomes a list of check boxes (no Ctrl+click), the hidden select still carrying the values.
   Without this script the page works with the plain selects. Arabic is matched the way people type it
   (no diacritics, any alef, ta marbuta or ha, alef maqsura or ya), Latin without accents or case. */
(function () {
  "use strict";

  function normalise(text) {
    return (text || "")
      .normalize("NFKD")
      .replace(/[\u0300-\u036f\u064b-\u0652\u0670\u0640]/g, "")
      .replace(/[\u0623\u0625\u0622\u0671]/g, "\u0627")
      .replace(/\u0629/g, "\u0647")
      .replace(/\u0649/g, "\u064a")
      .replace(/\u0624/g, "\u0648")
      .replace(/\u0626/g, "\u064a")
      .toLowerCase();
  }

  function matches(words, text) {
    var haystack = normalise(text);
    return words.every(function (word) { return haystack.indexOf(word) !== -1; });
  }

  function wordsOf(value) {
    return normalise(value).split(/\s+/).filter(Boolean);
  }

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (all, key) { return String(values[key]); });
  }

  var counter = 0;

  function filterBox(select) {
    var input = document.createElement("input");
    input.type = "search";
    input.className = "picker-filter";
    input.id = (select.id || "picker-" + (++counter)) + "-filter";
    input.setAttribute("autocomplete", "off");
    input.setAttribute("placeholder", select.dataset.pickerFilter || "");
    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    if (label) {
      // The field's own label names the filter box; the select keeps its name through aria-labelledby.
      if (!label.id) { label.id = select.id + "-label"; }
      select.setAttribute("aria-labelledby", label.id);
      label.htmlFor = input.id;
    }
    input.setAttribute("aria-describedby", input.id + "-count");
    return input;
  }

  function status(id) {
    var p = document.createElement("p");
    p.className = "picker-count meta";
    p.id = id;
    p.setAttribute("aria-live", "polite");
    return p;
  }

  function enhanceSingle(select) {
    var input = filterBox(select);
    var count = status(input.id + "-count");
    var all = Array.prototype.slice.call(select.options);
    var real = all.filter(function (o) { return o.value !== ""; });
    select.parentNode.insertBefore(input, select);
    select.parentNode.insertBefore(count, select.nextSibling);

    function apply() {
      var words = wordsOf(input.value);
      var shown = 0;
      var keep = all.filter(function (option) {
        var ok = option.value === "" || option.selected || matches(words, option.text);
        if (ok && option.value !== "") { shown += 1; }
        return ok;
      });
      while (select.options.length) { select.remove(0); }
      keep.forEach(function (option) { select.add(option); });
      // What is typed picks: a choice the words do not match gives way to the first one they match.
      var chosen = select.options[select.selectedIndex];
      var first = keep.find(function (o) { return o.value !== "" && matches(words, o.text); });
      if (words.length && first && (!chosen || chosen.value === "" || !matches(words, chosen.text))) {
        first.selected = true;
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
      count.textContent = words.length ? fill(select.dataset.pickerCount || "", { shown: shown, total: real.length }) : "";
    }

    input.addEventListener("input", apply);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === "ArrowDown") {
        event.preventDefault(); // Enter picks the first match instead of sending the form
        var first = Array.prototype.find.call(select.options, function (o) {
          return o.value !== "" && matches(wordsOf(input.value), o.text);
        });
        if (first && event.key === "Enter") { first.selected = true; select.dispatchEvent(new Event("change", { bubbles: true })); }
        select.focus();
      }
    });
  }

  function enhanceMultiple(select) {
    var input = filterBox(select);
    var count = status(input.id + "-count");
    var list = document.createElement("ul");
    list.className = "picker-list";
    list.id = input.id + "-list";
    if (select.getAttribute("aria-labelledby")) { list.setAttribute("aria-labelledby", select.getAttribute("aria-labelledby")); }
    input.setAttribute("aria-controls", list.id);
    var items = Array.prototype.map.call(select.options, function (option, index) {
      var li = document.createElement("li");
      var label = document.createElement("label");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.value = option.value;
      box.id = list.id + "-" + index;
      box.checked = option.selected;
      if (select.disabled) { box.disabled = true; }
      box.addEventListener("change", function () {
        option.selected = box.checked;
        update();
      });
      var text = document.createElement("span");
      text.textContent = option.text;
      text.setAttribute("dir", "auto");
      label.appendChild(box);
      label.appendChild(text);
      li.appendChild(label);
      list.appendChild(li);
      return { li: li, box: box, option: option };
    });
    var describedBy = select.getAttribute("aria-describedby");
    if (describedBy) { list.setAttribute("aria-describedby", describedBy); }
    select.hidden = true;
    select.setAttribute("aria-hidden", "true");
    select.tabIndex = -1;
    select.parentNode.insertBefore(input, select);
    select.parentNode.insertBefore(count, select);
    select.parentNode.insertBefore(list, select);

    function update() {
      var words = wordsOf(input.value);
      var shown = 0;
      var chosen = 0;
      items.forEach(function (item) {
        // What is chosen stays in view, whatever the filter.
        var visible = item.box.checked || matches(words, item.option.text);
        item.li.hidden = !visible;
        if (visible) { shown += 1; }
        if (item.box.checked) { chosen += 1; }
      });
      var text = fill(select.dataset.pickerChosen || "", { chosen: chosen });
      if (words.length) { text = fill(select.dataset.pickerCount || "", { shown: shown, total: items.length }) + " · " + text; }
      count.textContent = text;
    }

    input.addEventListener("input", update);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === "ArrowDown") {
        event.preventDefault();
        var first = items.find(function (item) { return !item.li.hidden; });
        if (first) { first.box.focus(); }
      }
    });
    update();
  }

  function enhance(root) {
    var scope = root && root.querySelectorAll ? root : document;
    Array.prototype.forEach.call(scope.querySelectorAll("select[data-picker]:not([data-picker-ready])"), function (select) {
      select.setAttribute("data-picker-ready", "");
      if (select.multiple) { enhanceMultiple(select); } else { enhanceSingle(select); }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  } else {
    enhance(document);
  }
  document.addEventListener("htmx:load", function (event) { enhance(event.target); });
})();
