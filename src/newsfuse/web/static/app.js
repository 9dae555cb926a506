// newsfuse: mark the sentence a citation points at (/article/ID#cSTART-END), even when the
// offsets fall inside a sentence rather than on its edges. No other script runs on these pages.
(function () {
  "use strict";
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
  window.addEventListener("hashchange", mark);
  document.addEventListener("DOMContentLoaded", mark);
})();
