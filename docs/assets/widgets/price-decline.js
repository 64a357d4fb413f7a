/* Lesson 4: what N years of decline at a steady factor per year do to a price.
 *
 * Mirrors token_economics.prices: decline_factor_over read backwards (a steady factor f for
 * N years compounds to f^N), LogTrend.halving_time_days (ln 2 ÷ ln f × 365.25 days),
 * net_decline_per_year (f ÷ the growth of tokens per task) and spend_under_elasticity (tokens
 * bought × p^−ε, spending × p^(1−ε), with p the new price ÷ the old). Defaults come from the
 * page's JSON (token_economics.site.lesson4.calculator_data).
 */
(function () {
  "use strict";
  var C = window.TECalc;
  var F = C.format;
  var t = C.t;

  function times(x) {
    return F.sig(x) + "×";
  }

  /** "12× cheaper", "2× dearer" or "unchanged" for a factor by which something divides. */
  function cheaper(factor) {
    if (factor === 1) return t("1× (unchanged)");
    return factor > 1 ? t("{factor} cheaper", { factor: times(factor) }) : t("{factor} dearer", { factor: times(1 / factor) });
  }

  C.start("price-decline", function (root, data) {
    var d = data.defaults;
    C.mount(root, {
      id: "price-decline",
      title: t("Years of price decline"),
      resultsTitle: t("After the years of decline"),
      moreLabel: t("Tokens per task and demand (optional)"),
      fields: [
        { name: "usd_per_million", label: t("Price today"), unit: t("USD per million tokens"), value: d.usd_per_million, check: C.checks.positive },
        { name: "decline_per_year", label: t("Times cheaper each year"), unit: t("factor; 1 = flat"), value: d.decline_per_year, check: C.checks.positive, slider: { min: 1, max: 100, step: 0.5 } },
        { name: "years", label: t("Years"), value: d.years, check: C.checks.positive, slider: { min: 0.5, max: 10, step: 0.5 } },
        { name: "tokens_growth_per_year", label: t("Times more tokens per task each year"), unit: t("factor; 1 = same"), value: d.tokens_growth_per_year, check: C.checks.positive, more: true },
        { name: "elasticity", label: t("Price elasticity of demand"), unit: t("ε, 0 or more"), value: d.elasticity, check: C.checks.nonNegative, more: true },
      ],
      outputs: [
        { name: "total_factor", label: t("Total fall") },
        { name: "usd_after", label: t("Price then") },
        { name: "percent_cheaper", label: t("In percent") },
        { name: "halving_days", label: t("Halving time") },
        { name: "task_factor", label: t("Each task, with its growing tokens") },
        { name: "quantity_factor", label: t("Tokens bought") },
        { name: "spend_factor", label: t("Total spending") },
      ],
      compute: function (v) {
        var f = v.decline_per_year;
        var years = v.years;
        var total = C.finite(t("The total factor"), Math.pow(f, years));
        if (total === 0) throw new C.CalcError(t("The total factor is too small to compute with."));
        var after = v.usd_per_million / total;
        var share = 1 - 1 / total;
        // LogTrend.halving_time_days, with a log slope of −ln f per year
        var slope = -Math.log(f);
        var halving = slope < 0 ? (Math.log(2) / -slope) * data.days_per_year : null;
        // net_decline_per_year, compounded over the years
        var net = f / v.tokens_growth_per_year;
        var task = C.finite(t("The factor per task"), Math.pow(net, years));
        // spend_under_elasticity(price_factor = 1 / total, elasticity)
        var priceFactor = 1 / total;
        if (priceFactor <= 0) throw new C.CalcError(t("The new price is too small to compute with."));
        var quantity = C.finite(t("The tokens bought"), Math.pow(priceFactor, -v.elasticity));
        var spend = C.finite(t("The spending"), Math.pow(priceFactor, 1 - v.elasticity));
        return {
          total_factor: { value: total, text: cheaper(total) },
          usd_after: { value: after, text: t("{usd} per million tokens", { usd: F.usd(after) }) },
          percent_cheaper: {
            value: share,
            text: share >= 0 ? t("{pct} cheaper", { pct: F.pct(share) }) : t("{pct} dearer", { pct: F.pct(-share) }),
          },
          halving_days:
            halving === null
              ? { value: null, text: t("none: the price is not falling") }
              : { value: halving, text: t("{n} days", { n: F.sig(halving) }) },
          task_factor: { value: task, text: cheaper(task) },
          quantity_factor: { value: quantity, text: times(quantity) },
          spend_factor: { value: spend, text: times(spend) },
        };
      },
    });
  });
})();
