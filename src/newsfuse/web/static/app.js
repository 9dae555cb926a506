// newsfuse: the theme toggle (light / dark, remembered in this browser) and the mark on the
// sentence a citation points at (/article/ID#cSTART-END), even when the offsets fall inside a
// sentence rather than on its edges, and the thread field's suggestions (looked up on this server
// as one types: an archive has too many threads to list). No other script runs on these pages.
(function () {
  "use strict";
  var root = document.documentElement;
  var saved = null;
  try { saved = window.localStorage.getItem("newsfuse-theme"); } catch (e) { saved = null; }
  if (saved === "dark" || saved === "light") { root.dataset.theme = saved; }  // before the page paints

  function dark() {
    if (root.dataset.theme) { return root.dataset.theme === "dark"; }
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  }
  function showToggle(button) {
    button.setAttribute("aria-pressed", dark() ? "true" : "false");
  }
  function mark() {
    document.querySelectorAll(".sent.target").forEach(function (el) { el.classList.remove("target"); });
    var m = /^#c(\d+)-(\d+)$/.exec(window.location.hash);
    if (!m) { return; }
    var el = document.getElementById(m[0].slice(1));
    if (!el) {
      var start = parseInt(m[1], 10);
      document.querySelectorAll(".sent").forEach(function (s) {
        if (!el && +s.dataset.start <= start && start < +s.dataset.end) { el = s; }
      });
    }
    if (el) {
      el.classList.add("target");
      el.scrollIntoView({ block: "center" });
    }
  }
  function suggest(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var timer = null;
    if (!list || !window.fetch) { return; }
    input.addEventListener("input", function () {
      var text = input.value.trim();
      window.clearTimeout(timer);
      if (text.length < 2) { return; }
      timer = window.setTimeout(function () {
        window.fetch(input.dataset.lookup + "?limit=50&q=" + encodeURIComponent(text))
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (found) {
            while (list.firstChild) { list.removeChild(list.firstChild); }
            found.forEach(function (t) {
              var option = document.createElement("option");
              option.value = t.id;
              option.textContent = t.title;  // text, never markup
              list.appendChild(option);
            });
          })
          .catch(function () { /* no suggestions: the field still takes an id */ });
      }, 200);
    });
  }
  window.addEventListener("hashchange", mark);
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("theme-toggle");
    if (button) {
      showToggle(button);
      button.addEventListener("click", function () {
        root.dataset.theme = dark() ? "light" : "dark";
        try { window.localStorage.setItem("newsfuse-theme", root.dataset.theme); } catch (e) { /* private mode */ }
        showToggle(button);
      });
    }
    document.querySelectorAll("input[data-lookup]").forEach(suggest);
    mark();
  });
})();
