/* A table too wide for the screen scrolls sideways inside mkdocs-material's wrapper, which the
   keyboard cannot reach (WCAG 2.1.1). As the theme does for its code blocks, a wrapper that
   scrolls takes the focus (tabindex="0") and is a region named after its table; one that fits
   does not, so it adds no stop to the tab order. Checked by tests/test_accessibility.py. The
   notebook pages' code cells get the same at build time (docs/hooks/course.py). */
(function () {
  "use strict";

  function tableName(wrap) {
    var caption = wrap.querySelector("caption");
    if (caption && caption.textContent.trim()) return caption.textContent.trim();
    for (var el = wrap.previousElementSibling; el; el = el.previousElementSibling) {
      if (/^H[1-6]$/.test(el.tagName)) {
        var copy = el.cloneNode(true);
        copy.querySelectorAll(".headerlink").forEach(function (a) { a.remove(); });
        return "Table: " + copy.textContent.trim();
      }
    }
    return "Table";
  }

  function update(wrap) {
    if (wrap.scrollWidth > wrap.clientWidth + 1) {
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      if (!wrap.hasAttribute("aria-label")) wrap.setAttribute("aria-label", tableName(wrap));
    } else {
      wrap.removeAttribute("tabindex");
      wrap.removeAttribute("role");
      wrap.removeAttribute("aria-label");
    }
  }

  var observer = new ResizeObserver(function (entries) {
    entries.forEach(function (entry) { update(entry.target); });
  });

  function watch() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      observer.observe(wrap);
    });
  }

  if (window.document$) window.document$.subscribe(watch);  // mkdocs-material, after it wraps tables
  else document.addEventListener("DOMContentLoaded", watch);
})();
