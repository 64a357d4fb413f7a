/* Lesson 2: the energy of one query, in the browser.
 *
 * Mirrors token_economics.energy.query_energy (and query_energy_wh, its .wh): the same checks,
 * the same formula in the same order. Money is kWh × price; carbon is
 * token_economics.energy.carbon_g_per_query (Wh ÷ 1,000 × the grid's gCO2e per kWh).
 * Defaults, GPU peaks and grid intensities come from the page's JSON
 * (token_economics.site.lesson2.calculator_data).
 */
(function () {
  "use strict";
  var C = window.TECalc;
  var F = C.format;
  var t = C.t;

  C.start("query-energy", function (root, data) {
    var d = data.defaults;
    var peaks = {};
    data.gpus.forEach(function (g) {
      peaks[g.key] = g.bf16_flops;
    });
    var grids = {};
    var zoneOptions = data.zones.map(function (z, i) {
      grids[z.code] = z;
      var named = i < data.zones_named;
      return {
        value: z.code,
        label: named ? t(z.name) : z.code, // the data's country names: see strings-zh.js
        group: named ? t("Countries on this page") : t("Every other zone (ISO 3166 code)"),
      };
    });

    C.mount(root, {
      id: "query-energy",
      title: t("Energy of one query"),
      resultsTitle: t("One query"),
      moreLabel: t("Attention term (optional: 0 leaves it out)"),
      fields: [
        { name: "active_params_b", label: t("Active parameters"), unit: t("billions"), value: d.active_params_b, check: C.checks.nonNegative },
        { name: "input_tokens", label: t("Input (prompt) tokens"), value: d.input_tokens, check: C.checks.nonNegative, slider: { min: 0, max: 100000, step: 1000 } },
        { name: "output_tokens", label: t("Output tokens"), value: d.output_tokens, check: C.checks.nonNegative, slider: { min: 0, max: 5000, step: 50 } },
        {
          name: "gpu",
          label: t("GPU (dense BF16 peak)"),
          value: d.gpu,
          options: data.gpus.map(function (g) {
            return { value: g.key, label: t("{name}, {tflops} TFLOP/s", { name: g.name, tflops: F.sig(g.bf16_flops / 1e12, 4) }) };
          }),
        },
        { name: "utilization", label: t("Decode utilization"), unit: t("share of peak, 0 to 1"), value: d.utilization, check: C.checks.fraction, percent: true, slider: { min: 0.01, max: 1, step: 0.01 } },
        { name: "prefill_utilization", label: t("Prefill utilization"), unit: t("share of peak, 0 to 1"), value: d.prefill_utilization, check: C.checks.fraction, percent: true, slider: { min: 0.01, max: 1, step: 0.01 } },
        { name: "watts_per_gpu", label: t("Power per GPU"), unit: "W", value: d.watts_per_gpu, check: C.checks.nonNegative },
        { name: "power_fraction", label: t("Power fraction"), unit: t("average ÷ rated, 0 to 1"), value: d.power_fraction, check: C.checks.fraction, percent: true, slider: { min: 0.05, max: 1, step: 0.05 } },
        { name: "pue", label: "PUE", value: d.pue, check: C.checks.pue, slider: { min: 1, max: 2, step: 0.01 } },
        { name: "usd_per_kwh", label: t("Electricity price"), unit: t("USD per kWh"), value: d.usd_per_kwh, check: C.checks.nonNegative },
        { name: "zone", label: t("Grid (where the electricity is made)"), value: d.zone, options: zoneOptions },
        { name: "n_layers", label: t("Layers"), value: d.n_layers, check: C.checks.nonNegative, more: true },
        { name: "d_attn", label: t("Attention width"), value: d.d_attn, check: C.checks.nonNegative, more: true },
      ],
      outputs: [
        { name: "flops", label: t("Work") },
        { name: "gpu_seconds", label: t("Time") },
        { name: "watts", label: t("Power") },
        { name: "wh", label: t("Energy") },
        { name: "usd", label: t("Electricity cost") },
        { name: "g_co2", label: t("Carbon") },
      ],
      compute: function (v) {
        var n = v.active_params_b * 1e9; // the field is in billions
        var prompt = v.input_tokens;
        var tokens = v.output_tokens;
        var peak = peaks[v.gpu];
        var layers = v.n_layers;
        var width = v.d_attn;
        // query_energy: Kaplan's 2N + 2·layers·t·width per token at context t, summed over the
        // prompt's positions (prefill), then over the answer's (decode).
        var prefillFlops = C.finite(t("The prefill FLOPs"), 2.0 * n * prompt + layers * width * prompt * (prompt - 1.0));
        var decodeAttention = tokens ? layers * width * (2.0 * prompt * tokens + tokens * (tokens - 1.0)) : 0.0;
        var decodeFlops = C.finite(t("The decode FLOPs"), 2.0 * n * tokens + decodeAttention);
        var effective = peak * v.utilization;
        var prefillSeconds = prefillFlops / (peak * v.prefill_utilization);
        var gpuSeconds = decodeFlops / effective + prefillSeconds;
        var watts = v.watts_per_gpu * v.power_fraction * v.pue;
        var wh = C.finite(t("The energy"), (gpuSeconds * watts) / data.joules_per_wh);
        var kwh = wh / data.wh_per_kwh;
        var zone = grids[v.zone];
        var flops = prefillFlops + decodeFlops;
        return {
          flops: { value: flops, text: (flops === 0 ? "0" : F.sci(flops, 3)) + " FLOPs" },
          gpu_seconds: { value: gpuSeconds, text: t("{n} GPU-seconds", { n: F.sig(gpuSeconds) }) },
          watts: { value: watts, text: F.sig(watts, 4) + " W" },
          wh: { value: wh, text: F.sig(wh) + " Wh" },
          usd: { value: kwh * v.usd_per_kwh, text: F.usd(kwh * v.usd_per_kwh) },
          g_co2: {
            value: kwh * zone.g_per_kwh,
            text: t("{n} g CO2e ({grid} g per kWh)", { n: F.sig(kwh * zone.g_per_kwh), grid: F.sig(zone.g_per_kwh) }),
          },
        };
      },
    });
  });
})();
