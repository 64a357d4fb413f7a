/* Lesson 3: an agent's bill as its steps grow, with and without prompt caching.
 *
 * Mirrors token_economics.agents.simulate for a run of identical steps (uniform_steps) with no
 * context management, caching off and on, priced call by call by token_economics.agents.run_cost
 * (token_economics.market.request_cost_usd: long-context tiers, cache prices, reasoning billed
 * as output). Prices, context windows and minimum cacheable lengths come from the page's JSON
 * (token_economics.site.lesson3.calculator_data).
 */
(function () {
  "use strict";
  var C = window.TECalc;
  var F = C.format;
  var t = C.t;
  var SVG = "http://www.w3.org/2000/svg";

  /** The prices that apply to a prompt of ``inputTokens`` tokens (ModelPrice.rates_for_prompt). */
  function rates(model, inputTokens) {
    var chosen = {
      above_input_tokens: 0,
      usd_in: model.usd_in,
      usd_out: model.usd_out,
      usd_cache_write: model.usd_cache_write,
      usd_cache_read: model.usd_cache_read,
    };
    model.tiers.forEach(function (tier) {
      if (inputTokens > tier.above_input_tokens) chosen = tier;
    });
    return chosen;
  }

  /** One run, call by call: totals by kind of token and of dollar, and the running bill. */
  function run(model, v, caching, perMillion) {
    var c0 = v.base_context_tokens;
    var out = v.output_tokens;
    var reasoning = v.reasoning_tokens;
    var delta = out + v.tool_result_tokens;
    var minimum = model.min_cacheable_tokens;
    var window = model.context_window_tokens;
    var sum = { input: 0, cache_read: 0, cache_write: 0, input_usd: 0, write_usd: 0, read_usd: 0, output_usd: 0, reasoning_usd: 0 };
    var running = [];
    var previousCached = null; // the prompt size of the last call written to the cache
    for (var i = 0; i < v.steps; i++) {
      var total = c0 + i * delta;
      if (window !== null && total + out + reasoning > window) {
        throw new C.CalcError(
          t(
            "Call {call} needs {input} input + {output} output tokens, more than {model}'s {window}-token context window: the run stops there (shorten it, or see “Keeping the context short”).",
            { call: i + 1, input: F.integer(total), output: F.integer(out + reasoning), model: model.name, window: F.integer(window) }
          )
        );
      }
      var uncached = total;
      var write = 0;
      var read = 0;
      if (caching && total >= minimum) {
        // the previous cached prompt is a prefix of this one: read it, write the rest
        var common = previousCached === null ? 0 : previousCached;
        read = common >= minimum ? common : 0;
        uncached = 0;
        write = total - read;
        previousCached = total;
      }
      var r = rates(model, uncached + write + read);
      var reasoningRate = model.usd_reasoning;
      if (reasoningRate === null || r.above_input_tokens) reasoningRate = r.usd_out;
      sum.input_usd += (uncached * r.usd_in) / perMillion;
      sum.write_usd += (write * (r.usd_cache_write === null ? r.usd_in : r.usd_cache_write)) / perMillion;
      sum.read_usd += (read * (r.usd_cache_read === null ? r.usd_in : r.usd_cache_read)) / perMillion;
      sum.output_usd += (out * r.usd_out) / perMillion;
      sum.reasoning_usd += (reasoning * reasoningRate) / perMillion;
      sum.input += total;
      sum.cache_read += read;
      sum.cache_write += write;
      running.push(sum.input_usd + sum.write_usd + sum.read_usd + sum.output_usd + sum.reasoning_usd);
    }
    sum.total_usd = sum.input_usd + sum.write_usd + sum.read_usd + sum.output_usd + sum.reasoning_usd;
    sum.running = running;
    return sum;
  }

  function svg(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (key) {
      node.setAttribute(key, attrs[key]);
    });
    return node;
  }

  /** Running bill per call, caching off (solid) and on (dashed). */
  function chart(box, plain, cached, steps) {
    var w = 320;
    var h = 150;
    var pad = { left: 8, right: 8, top: 10, bottom: 10 };
    var top = Math.max(plain.total_usd, cached.total_usd) || 1;
    var every = Math.max(1, Math.ceil(steps / 200));
    function line(series, dashed) {
      var points = ["" + pad.left + "," + (h - pad.bottom)];
      for (var i = 0; i < series.length; i += 1) {
        if (i % every && i !== series.length - 1) continue;
        var x = pad.left + ((i + 1) / steps) * (w - pad.left - pad.right);
        var y = h - pad.bottom - (series[i] / top) * (h - pad.top - pad.bottom);
        points.push(x.toFixed(1) + "," + y.toFixed(1));
      }
      var attrs = { points: points.join(" "), fill: "none", stroke: "currentColor", "stroke-width": "2" };
      if (dashed) attrs["stroke-dasharray"] = "6 4";
      return svg("polyline", attrs);
    }
    var description = t(
      "Line chart of the running bill over {steps} calls: it curves up to {plain} without caching (solid line) and to {cached} with caching (dashed line).",
      { steps: steps, plain: F.usd(plain.total_usd), cached: F.usd(cached.total_usd) }
    );
    var figure = svg("svg", { viewBox: "0 0 " + w + " " + h, role: "img", "aria-label": description, class: "te-calc-chart" });
    figure.appendChild(svg("line", { x1: pad.left, y1: h - pad.bottom, x2: w - pad.right, y2: h - pad.bottom, stroke: "currentColor", "stroke-width": "1" }));
    figure.appendChild(line(plain.running, false));
    figure.appendChild(line(cached.running, true));
    box.appendChild(figure);
    box.appendChild(
      C.el("p", {
        class: "te-calc-legend",
        text: t("Running bill, call 1 to {steps}: solid line without caching, dashed line with caching.", { steps: F.integer(steps) }),
      })
    );
  }

  C.start("agent-bill", function (root, data) {
    var d = data.defaults;
    var models = {};
    data.models.forEach(function (m) {
      models[m.key] = m;
    });
    var latest = null;

    C.mount(root, {
      id: "agent-bill",
      title: t("An agent's bill"),
      resultsTitle: t("The run's bill"),
      moreLabel: t("Reasoning tokens (optional)"),
      fields: [
        {
          name: "model",
          label: t("Model (list prices as of {date})", { date: C.date(data.prices_as_of) }),
          value: d.model,
          options: data.models.map(function (m) {
            return { value: m.key, label: m.name };
          }),
        },
        { name: "steps", label: t("Steps (model calls)"), value: d.steps, check: C.checks.whole, slider: { min: 1, max: 300, step: 1 } },
        { name: "base_context_tokens", label: t("Fixed prompt: system, tools, task"), unit: t("tokens"), value: d.base_context_tokens, check: C.checks.whole },
        { name: "output_tokens", label: t("Output per step"), unit: t("tokens"), value: d.output_tokens, check: C.checks.whole },
        { name: "tool_result_tokens", label: t("Tool result per step"), unit: t("tokens"), value: d.tool_result_tokens, check: C.checks.whole, slider: { min: 0, max: 5000, step: 10 } },
        { name: "reasoning_tokens", label: t("Reasoning per step, not re-sent"), unit: t("tokens"), value: d.reasoning_tokens, check: C.checks.whole, more: true },
      ],
      outputs: [
        { name: "input_tokens", label: t("Input tokens billed") },
        { name: "conversation_tokens", label: t("Tokens the conversation holds at the end") },
        { name: "usd_no_cache", label: t("Cost without caching") },
        { name: "usd_cache", label: t("Cost with caching") },
        { name: "hit_rate", label: t("Cache hit rate") },
        { name: "saving", label: t("Caching saves") },
      ],
      compute: function (v) {
        if (v.steps > data.max_steps) {
          throw new C.CalcError(t("The simulator runs at most {n} steps.", { n: F.integer(data.max_steps) }));
        }
        var model = models[v.model];
        var plain = run(model, v, false, data.tokens_per_million);
        var cached = run(model, v, true, data.tokens_per_million);
        latest = { plain: plain, cached: cached, steps: v.steps };
        var conversation = v.base_context_tokens + v.steps * (v.output_tokens + v.tool_result_tokens);
        var hit = cached.input ? cached.cache_read / cached.input : null;
        var saving = plain.total_usd ? 1 - cached.total_usd / plain.total_usd : null;
        return {
          input_tokens: { value: plain.input, text: F.integer(plain.input) },
          conversation_tokens: { value: conversation, text: F.integer(conversation) },
          usd_no_cache: { value: plain.total_usd, text: F.usd(plain.total_usd) },
          usd_cache: { value: cached.total_usd, text: F.usd(cached.total_usd) },
          hit_rate: hit === null ? { value: null, text: t("— (no input tokens)") } : { value: hit, text: F.pct(hit) },
          saving:
            saving === null
              ? { value: null, text: t("— (the run costs nothing)") }
              : { value: saving, text: saving >= 0 ? F.pct(saving) : t("{pct} more (cache writes cost extra)", { pct: F.pct(-saving) }) },
        };
      },
      after: function (box) {
        if (latest && latest.steps > 0) chart(box, latest.plain, latest.cached, latest.steps);
      },
    });
  });
})();
