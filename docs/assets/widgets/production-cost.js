/* Lesson 5: what a million tokens cost to make.
 *
 * Mirrors token_economics.costs.gpu_cost_per_million_tokens and
 * electricity_cost_per_million_tokens (the same checks, the same formula in the same order) and
 * token_economics.currency.electricity_share. Defaults come from the page's JSON
 * (token_economics.site.lesson5.calculator_data).
 */
(function () {
  "use strict";
  var C = window.TECalc;
  var F = C.format;
  var t = C.t;

  C.start("production-cost", function (root, data) {
    var d = data.defaults;
    C.mount(root, {
      id: "production-cost",
      title: t("Production cost of a million tokens"),
      resultsTitle: t("A million tokens"),
      moreLabel: "",
      fields: [
        { name: "gpu_hour_usd", label: t("GPU price per hour"), unit: t("USD"), value: d.gpu_hour_usd, check: C.checks.nonNegative, slider: { min: 0, max: 10, step: 0.05 } },
        { name: "n_gpus", label: t("GPUs serving together"), value: d.n_gpus, check: C.checks.positive },
        { name: "tokens_per_second", label: t("Throughput of the group while busy"), unit: t("tokens per second"), value: d.tokens_per_second, check: C.checks.positive },
        { name: "utilization", label: t("Utilization"), unit: t("busy share of paid hours, 0 to 1"), value: d.utilization, check: C.checks.fraction, percent: true, slider: { min: 0.05, max: 1, step: 0.05 } },
        { name: "joules_per_token", label: t("Energy per token at the chips"), unit: "J", value: d.joules_per_token, check: C.checks.nonNegative },
        { name: "usd_per_kwh", label: t("Electricity price"), unit: t("USD per kWh"), value: d.usd_per_kwh, check: C.checks.nonNegative },
        { name: "pue", label: "PUE", value: d.pue, check: C.checks.pue, slider: { min: 1, max: 2, step: 0.01 } },
      ],
      outputs: [
        { name: "gpu_usd", label: t("GPU time") },
        { name: "electricity_usd", label: t("Electricity") },
        { name: "total_usd", label: t("GPU time + electricity") },
        { name: "electricity_share", label: t("Electricity's share") },
      ],
      compute: function (v) {
        // gpu_cost_per_million_tokens
        var gpu = C.finite(
          t("The GPU cost per million tokens"),
          ((v.gpu_hour_usd * v.n_gpus) / (v.tokens_per_second * v.utilization * data.seconds_per_hour)) * data.tokens_per_million
        );
        // electricity_cost_per_million_tokens
        var power = C.finite(
          t("The electricity cost per million tokens"),
          ((v.joules_per_token * data.tokens_per_million * v.pue) / data.joules_per_kwh) * v.usd_per_kwh
        );
        var total = gpu + power;
        return {
          gpu_usd: { value: gpu, text: F.usd(gpu) },
          electricity_usd: { value: power, text: F.usd(power) },
          total_usd: { value: total, text: F.usd(total) },
          electricity_share:
            total === 0
              ? { value: null, text: t("— (both parts are zero)") }
              : { value: power / total, text: F.pct(power / total) },
        };
      },
    });
  });
})();
