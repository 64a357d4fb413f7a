/* The lesson calculators' shared part: reading and checking inputs, formatting numbers and
 * drawing a labelled form. Plain JavaScript, no build step, no dependency, no request.
 *
 * Each calculator (query-energy.js, agent-bill.js, price-decline.js, production-cost.js) mirrors
 * one function of the course library; tests/test_widgets_calculators.py drives it in a browser
 * and compares what it shows with the library's answer. The numbers a calculator starts from
 * (defaults, prices, grid intensities) are not typed here: they come from the JSON its page
 * carries, written by token_economics.site.lessonN at build time.
 *
 * Every word a calculator shows goes through ``TECalc.t(english, values)``: the lookup of
 * strings-zh.js (window.TE_T), Chinese on the Chinese site (<html lang="zh">), English elsewhere,
 * with {placeholders} filled from ``values``. This file loads strings-zh.js from its own folder
 * and draws no calculator before it has arrived.
 */
(function () {
  "use strict";

  // The calculators' stylesheet sits next to this file; load it once, in <head>.
  var here = document.currentScript && document.currentScript.src;
  if (here && !document.querySelector("link[data-te-calc-css]")) {
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = here.replace(/calc-core\.js(?:[?#].*)?$/, "calculators.css");
    css.setAttribute("data-te-calc-css", "");
    document.head.appendChild(css);
  }

  // The words of the Chinese site and their lookup (strings-zh.js, next to this file): the
  // calculators wait for it. If it cannot load, they draw in English.
  var waiting = [];
  var wordsReady = !!window.TE_T;
  function wordsArrived() {
    if (words) words.setAttribute("data-te-done", "");
    wordsReady = true;
    waiting.splice(0).forEach(function (fn) {
      fn();
    });
  }
  var words = wordsReady ? null : document.querySelector("script[data-te-strings]");
  if (words && words.hasAttribute("data-te-done")) {
    wordsReady = true; // loaded (or failed) for an earlier copy of this file
  } else if (!wordsReady) {
    if (!words && here) {
      words = document.createElement("script");
      words.src = here.replace(/calc-core\.js(?:[?#].*)?$/, "strings-zh.js");
      words.setAttribute("data-te-strings", "");
      document.head.appendChild(words);
    }
    if (words) {
      words.addEventListener("load", wordsArrived);
      words.addEventListener("error", wordsArrived);
    } else {
      wordsReady = true;
    }
  }

  /** The words to show for ``english``, {placeholders} filled from ``values`` (see above). */
  function t(english, values) {
    if (window.TE_T) return window.TE_T(english, values);
    return english.replace(/\{(\w+)\}/g, function (whole, name) {
      return values && name in values ? String(values[name]) : whole; // strings-zh.js is missing
    });
  }

  /** A course date from the page's data ("3 November 2026, 12:00 UTC"), read the page's way. */
  function date(english) {
    return window.TE_T ? window.TE_T.date(english) : english;
  }

  var SUPERSCRIPT = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };
  var NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;
  var GROUPED = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$/;

  /* ---- formatting ---------------------------------------------------------------------- */

  function sci(x, digits) {
    var parts = x.toExponential(digits - 1).split("e");
    var exponent = String(parseInt(parts[1], 10)).replace(/[-0-9]/g, function (c) {
      return SUPERSCRIPT[c];
    });
    return parts[0] + " × 10" + exponent;
  }

  /** ``digits`` significant figures with thousands separators: 0.301, 1,280, 2.41 × 10⁻¹⁰. */
  function sig(x, digits) {
    digits = digits || 3;
    if (x === 0) return "0";
    var a = Math.abs(x);
    if (a >= 1e15 || a < 1e-9) return sci(x, digits);
    return new Intl.NumberFormat("en-US", { maximumSignificantDigits: digits }).format(x);
  }

  function integer(x) {
    if (Math.abs(x) >= 1e15) return sci(x, 3);
    return new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 }).format(x);
  }

  function usd(x, digits) {
    return (x < 0 ? "−" : "") + "$" + sig(Math.abs(x), digits || 3);
  }

  function pct(x, digits) {
    return sig(100 * x, digits || 3) + "%";
  }

  var format = { sci: sci, sig: sig, integer: integer, usd: usd, pct: pct };

  /* ---- reading and checking ------------------------------------------------------------ */

  /** A typed number: {value} or {error}. Accepts 1275, 1,275, 0.1, .5, 1e9 and, where the
   * field allows it, 10% (= 0.1). Never returns NaN or an infinity. */
  function parseNumber(text, percentOk) {
    var s = String(text).trim().replace(/[\s_\u00a0\u202f]/g, "");
    if (s === "") return { error: t("Enter a number.") };
    var scale = 1;
    if (percentOk && s.charAt(s.length - 1) === "%") {
      s = s.slice(0, -1);
      scale = 0.01;
    }
    if (GROUPED.test(s)) {
      s = s.replace(/,/g, "");
    } else if (s.indexOf(",") >= 0) {
      return { error: t("Use a point for decimals (0.5, not 0,5).") };
    }
    if (!NUMBER.test(s)) return { error: t("Not a number: type digits, such as 0.5, 1,275 or 1e9.") };
    var x = Number(s) * scale;
    if (!isFinite(x)) return { error: t("This number is too large to compute with.") };
    return { value: x };
  }

  /* The same checks as token_economics.units, with the same ranges. */
  var checks = {
    nonNegative: function (x) {
      return x < 0 ? t("Must be zero or more.") : null;
    },
    positive: function (x) {
      return x <= 0 ? t("Must be greater than zero.") : null;
    },
    fraction: function (x) {
      return x <= 0 || x > 1 ? t("A fraction above 0 and at most 1 (0.1 means 10%).") : null;
    },
    pue: function (x) {
      return x < 1 ? t("PUE is the whole facility's power ÷ the computers' power: 1 or more.") : null;
    },
    whole: function (x) {
      return x < 0 || Math.floor(x) !== x ? t("A whole number, zero or more.") : null;
    },
  };

  /** An error a calculation raises: shown as a sentence, never as a number. */
  function CalcError(message) {
    this.message = message;
  }

  /** ``value`` if it is a finite number; otherwise a CalcError (token_economics.units.finite_result). */
  function finite(what, value) {
    if (typeof value !== "number" || !isFinite(value)) {
      throw new CalcError(t("{what} would overflow: these inputs are too large to compute with.", { what: what }));
    }
    return value;
  }

  /* ---- the form ------------------------------------------------------------------------ */

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(child);
    });
    return node;
  }

  /** Draw a calculator in ``root``.
   *
   * spec.id: a short name for element ids; spec.fields: [{name, label, unit, value, check,
   * percent, slider: {min, max, step}, options: [{value, label, group}], more: true}];
   * spec.moreLabel: the summary of the <details> that holds the fields marked ``more``;
   * spec.outputs: [{name, label}]; spec.compute(values) → {name: {value, text}} (or throws a
   * CalcError); spec.after(results, values): optional, to draw more (a chart). Every text in
   * ``spec`` is shown as given: the calculator passes it through ``t`` first.
   */
  function mount(root, spec) {
    var prefix = "te-" + spec.id + "-";
    var form = el("form", { class: "te-calc-form", novalidate: "", "aria-label": spec.title });
    var main = el("div", { class: "te-calc-fields" });
    var more = el("div", { class: "te-calc-fields" });
    var controls = {};

    spec.fields.forEach(function (f) {
      var id = prefix + f.name;
      var labelText = f.unit ? t("{label} ({unit})", { label: f.label, unit: f.unit }) : f.label;
      var label = el("label", { for: id, id: id + "-label", text: labelText });
      var msg = el("p", { class: "te-calc-msg", id: id + "-msg" });
      var box = el("div", { class: "te-calc-field" }, [label]);
      var input;
      if (f.options) {
        input = el("select", { id: id, name: f.name });
        var groups = {};
        f.options.forEach(function (o) {
          var option = el("option", { value: o.value, text: o.label });
          if (o.group) {
            if (!groups[o.group]) {
              groups[o.group] = el("optgroup", { label: o.group });
              input.appendChild(groups[o.group]);
            }
            groups[o.group].appendChild(option);
          } else {
            input.appendChild(option);
          }
        });
        input.value = String(f.value);
        box.appendChild(input);
      } else {
        input = el("input", {
          id: id,
          name: f.name,
          type: "text",
          inputmode: "decimal",
          autocomplete: "off",
          spellcheck: "false",
          "aria-describedby": id + "-msg",
        });
        input.value = String(f.value);
        box.appendChild(input);
        if (f.slider) {
          var slider = el("input", {
            id: id + "-slider",
            type: "range",
            class: "te-calc-slider",
            min: String(f.slider.min),
            max: String(f.slider.max),
            step: String(f.slider.step),
            "aria-label": t("{label} (slider)", { label: f.label }),
          });
          slider.value = String(f.value);
          slider.addEventListener("input", function () {
            input.value = slider.value;
            update();
          });
          input.addEventListener("input", function () {
            var p = parseNumber(input.value, f.percent);
            if (p.error === undefined) slider.value = String(p.value);
          });
          box.appendChild(slider);
          controls[f.name + "__slider"] = slider;
        }
      }
      box.appendChild(msg);
      (f.more ? more : main).appendChild(box);
      controls[f.name] = { field: f, input: input, msg: msg };
      input.addEventListener(f.options ? "change" : "input", update);
    });

    form.appendChild(main);
    if (more.childNodes.length) {
      form.appendChild(el("details", { class: "te-calc-more" }, [el("summary", { text: spec.moreLabel }), more]));
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      update();
    });

    var problem = el("p", { class: "te-calc-problem", id: prefix + "problem", "data-te-problem": "" });
    var list = el("dl", { class: "te-calc-out" });
    var cells = {};
    spec.outputs.forEach(function (o) {
      var value = el("span", { id: prefix + "out-" + o.name, "data-te-out": o.name, "data-value": "" });
      cells[o.name] = value;
      list.appendChild(el("div", {}, [el("dt", { text: o.label }), el("dd", {}, [value])]));
    });
    var results = el("div", { class: "te-calc-results", "aria-live": "polite" }, [
      el("h3", { class: "te-calc-results-title", text: spec.resultsTitle || t("Results") }),
      problem,
      list,
    ]);
    var extra = el("div", { class: "te-calc-extra" });
    results.appendChild(extra);

    root.textContent = "";
    root.appendChild(form);
    root.appendChild(results);

    function blank(message) {
      problem.textContent = message;
      Object.keys(cells).forEach(function (name) {
        cells[name].textContent = "—";
        cells[name].setAttribute("data-value", "");
      });
      extra.textContent = "";
      root.setAttribute("data-te-state", "error");
    }

    function update() {
      var values = {};
      var bad = [];
      Object.keys(controls).forEach(function (name) {
        var c = controls[name];
        if (!c.field) return; // a slider: its number field is read instead
        var f = c.field;
        var message = null;
        if (f.options) {
          values[name] = c.input.value;
        } else {
          var p = parseNumber(c.input.value, f.percent);
          message = p.error === undefined ? (f.check ? f.check(p.value) : null) : p.error;
          if (!message) values[name] = p.value;
        }
        c.msg.textContent = message || "";
        if (message) {
          c.input.setAttribute("aria-invalid", "true");
          bad.push(f.label);
        } else {
          c.input.removeAttribute("aria-invalid");
        }
      });
      if (bad.length) {
        var fields = { fields: bad.join(t(", ")) };
        blank(
          bad.length > 1
            ? t("Check {fields}: see the message under each.", fields)
            : t("Check {fields}: see the message under it.", fields)
        );
        return;
      }
      var out;
      try {
        out = spec.compute(values);
        Object.keys(out).forEach(function (name) {
          var v = out[name].value;
          if (typeof v === "number" && !isFinite(v)) {
            throw new CalcError(t("These inputs are too large to compute with."));
          }
        });
      } catch (error) {
        if (error instanceof CalcError) {
          blank(error.message);
          return;
        }
        throw error;
      }
      problem.textContent = "";
      root.setAttribute("data-te-state", "ok");
      Object.keys(cells).forEach(function (name) {
        var o = out[name];
        cells[name].textContent = o ? o.text : "—";
        cells[name].setAttribute("data-value", o && typeof o.value === "number" ? String(o.value) : "");
      });
      extra.textContent = "";
      if (spec.after) spec.after(extra, out, values);
    }

    update();
    return { update: update };
  }

  /** The JSON a page carries for its calculator: <script type="application/json"> in ``root``. */
  function pageData(root) {
    var script = root.querySelector('script[type="application/json"]');
    return JSON.parse(script.textContent);
  }

  /** Start every calculator called ``name`` on the page, once the page is parsed and its words
   * (strings-zh.js) have arrived. */
  function start(name, build) {
    function run() {
      var roots = document.querySelectorAll('[data-te-calc="' + name + '"]');
      Array.prototype.forEach.call(roots, function (root) {
        if (root.getAttribute("data-te-ready")) return;
        build(root, pageData(root));
        root.setAttribute("data-te-ready", "true");
      });
    }
    function whenParsed() {
      if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
      else run();
    }
    if (wordsReady) whenParsed();
    else waiting.push(whenParsed);
  }

  window.TECalc = {
    format: format,
    parseNumber: parseNumber,
    checks: checks,
    finite: finite,
    CalcError: CalcError,
    el: el,
    mount: mount,
    start: start,
    t: t,
    date: date,
  };
})();
