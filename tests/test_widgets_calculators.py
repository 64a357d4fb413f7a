"""The calculators of lessons 2–5 in a real browser, checked against the library.

Each lesson page carries one calculator (``docs/assets/widgets/``) that redoes a library function
in JavaScript. These tests serve the built site on 127.0.0.1, drive each calculator in headless
Chromium with the network off (fill its fields, move its sliders with the keyboard) and compare
what it shows with the Python library's answer for the same inputs, over a few dozen inputs
each, edge values included: the exact value (``data-value``) to 1e-9, the text a reader sees
within its rounding. Input the library refuses must give a clear message on the page, never
NaN or Infinity. The calculators also have to be keyboard-usable with labelled inputs, fit a
390 px wide screen, make no request outside the site and log no console error.

Needs the Python package ``playwright`` and a system Chromium, as tests/test_browser.py; skipped
without them unless TE_REQUIRE_BROWSER=1. ``TE_CALC_SITE=/path/to/built/site`` tests an existing
build instead of building the site (for quick work on the widgets; CI never sets it).
"""

from __future__ import annotations

import functools
import json
import math
import os
import random
import re
from datetime import date
from pathlib import Path

import pytest

from browser_support import BrowserThread, Recorder, StaticServer, require_chromium
from token_economics import agents as ag
from token_economics import costs
from token_economics import currency as cur
from token_economics import energy as E
from token_economics import prices as P
from token_economics.market import current_price
from token_economics.site import lesson2, lesson3, lesson4, lesson5
from token_economics.units import kwh_from_wh, non_negative, positive

pytestmark = pytest.mark.slow

PAGE_TIMEOUT_MS = 15_000
PHONE_WIDTH = 390
PAGES = {
    "query-energy": "/lessons/02-why-tokens-use-electricity/",
    "agent-bill": "/lessons/03-why-agents-burn-tokens/",
    "price-decline": "/lessons/04-why-tokens-get-cheaper/",
    "production-cost": "/lessons/05-token-as-currency/",
}
#: A shown number rounded to three significant figures is within half a unit of its last digit.
SHOWN_REL = 5.1e-3


@pytest.fixture(scope="module")
def browser_thread():
    thread = BrowserThread(require_chromium("the calculator tests"))
    try:
        yield thread
    finally:
        thread.close()


@pytest.fixture(scope="module")
def site(browser_thread, request):
    given = os.environ.get("TE_CALC_SITE")
    folder = Path(given) if given else request.getfixturevalue("built_site")
    with StaticServer(folder) as server:
        yield server


class _Opener:
    """``open_calc(name, width)`` opens a calculator's page, waits for it, then cuts the network;
    returns (page, recorder, calculator). Call it only inside a test marked ``@in_browser``."""

    def __init__(self, thread: BrowserThread, origin: str):
        self.thread, self.origin, self.contexts = thread, origin, []

    def __call__(self, name: str, width: int = 1280):
        recorder = Recorder(self.origin)
        context = self.thread.browser.new_context(viewport={"width": width, "height": 900})
        context.set_default_timeout(PAGE_TIMEOUT_MS)
        recorder.attach(context)
        self.contexts.append(context)
        page = context.new_page()
        recorder.watch(page)
        page.goto(self.origin + PAGES[name], wait_until="load")
        calc = page.locator(f'[data-te-calc="{name}"]')
        calc.and_(page.locator("[data-te-ready]")).wait_for()
        try:  # late requests (the favicon, the search index) finish before the network goes
            page.wait_for_load_state("networkidle", timeout=5_000)
        except Exception:  # noqa: BLE001 - judged by what it requested
            pass
        context.set_offline(True)  # everything after this runs with the network off
        return page, recorder, calc

    def close(self) -> None:
        for context in self.contexts:
            try:
                context.close()
            except Exception:  # noqa: BLE001 - already closed
                pass


@pytest.fixture
def open_calc(browser_thread, site):
    opener = _Opener(browser_thread, site.origin)
    yield opener
    browser_thread.run(lambda _browser: opener.close())


def in_browser(test):
    """Run a test's body in the browser's thread (it takes the ``open_calc`` fixture)."""

    @functools.wraps(test)
    def run(*args, **kwargs):
        return kwargs["open_calc"].thread.run(lambda _browser: test(*args, **kwargs))

    return run


# --- reading and driving a calculator ------------------------------------------------------

_SUPERSCRIPT = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")
_SHOWN = re.compile(r"(\d[\d,]*(?:\.\d+)?)(?: × 10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+))?")


def _shown_number(text: str) -> float:
    """The first number a reader sees in ``text``: "1,070 W" → 1070, "2.41 × 10⁻⁵" → 2.41e-5."""
    match = _SHOWN.search(text)
    assert match, f"no number in {text!r}"
    value = float(match.group(1).replace(",", ""))
    if match.group(2):
        value *= 10.0 ** int(match.group(2).translate(_SUPERSCRIPT))
    return value


def _state(calc) -> dict:
    return calc.evaluate(
        """root => ({
            state: root.getAttribute('data-te-state'),
            problem: root.querySelector('[data-te-problem]').textContent,
            text: root.innerText,
            outputs: Object.fromEntries([...root.querySelectorAll('[data-te-out]')].map(
                e => [e.dataset.teOut, [e.dataset.value, e.textContent]])),
            messages: Object.fromEntries([...root.querySelectorAll('input[type=text]')].map(
                e => [e.name, [e.getAttribute('aria-invalid'), document.getElementById(e.id + '-msg').textContent]])),
        })"""
    )


def _fill(page, name: str, inputs: dict) -> None:
    for field, value in inputs.items():
        selector = f"#te-{name}-{field}"
        if page.locator(selector).evaluate("e => e.tagName") == "SELECT":
            page.select_option(selector, str(value))
        else:
            page.fill(selector, value if isinstance(value, str) else repr(value))


def _check(state: dict, expected: dict | None, label: str) -> None:
    """The page agrees with the library: the same values, or an error where it raises."""
    assert "NaN" not in state["text"] and "Infinity" not in state["text"], (label, state["text"])
    if expected is None:
        assert state["state"] == "error", f"{label}: the library refuses these inputs, the page shows {state}"
        assert state["problem"].strip(), f"{label}: no message says what is wrong"
        assert all(text == "—" for _, text in state["outputs"].values()), (label, state["outputs"])
        return
    assert state["state"] == "ok", f"{label}: the library answers, the page says {state['problem']!r}"
    for name, want in expected.items():
        raw, text = state["outputs"][name]
        if want is None:
            assert raw == "", (label, name, raw, text)
            continue
        got = float(raw)
        assert got == pytest.approx(want, rel=1e-9, abs=1e-300), (label, name, got, want)
        if "dearer" in text:  # the text shows the inverse factor
            continue
        scale = 100.0 if "%" in text else 1.0
        assert _shown_number(text) == pytest.approx(abs(want) * scale, rel=SHOWN_REL, abs=1e-300), (label, name, text)


def _library(function, *args, **kwargs):
    """``function``'s answer, or None where the library refuses the inputs (a ValueError)."""
    try:
        return function(*args, **kwargs)
    except (ValueError, OverflowError, ZeroDivisionError):
        return None


# --- the library's answers -----------------------------------------------------------------


def _energy_expected(v: dict) -> dict | None:
    def compute():
        args = (v["active_params_b"] * 1e9, v["output_tokens"])
        kwargs = dict(
            gpu=v["gpu"],
            utilization=v["utilization"],
            watts_per_gpu=v["watts_per_gpu"],
            power_fraction=v["power_fraction"],
            pue=v["pue"],
            input_tokens=v["input_tokens"],
            prefill_utilization=v["prefill_utilization"],
            n_layers=v["n_layers"],
            d_attn=v["d_attn"],
        )
        steps = E.query_energy(*args, **kwargs)
        wh = E.query_energy_wh(*args, **kwargs)
        usd = kwh_from_wh(wh) * non_negative("usd_per_kwh", v["usd_per_kwh"])
        return {
            "flops": steps.flops,
            "gpu_seconds": steps.gpu_seconds,
            "watts": steps.watts,
            "wh": wh,
            "usd": usd,
            "g_co2": E.carbon_g_per_query(wh, v["zone"]),
        }

    return _library(compute)


def _agent_expected(v: dict) -> dict | None:
    provider, model = v["model"].split(":")

    def compute():
        price = current_price(model, provider)
        minimum = ag.minimum_cacheable_tokens(model, provider)
        window = price.context_window_tokens
        spec = ag.AgentSpec(system_prompt_tokens=v["base_context_tokens"], context_window_tokens=window)
        steps = ag.uniform_steps(v["steps"], v["output_tokens"], v["tool_result_tokens"], v["reasoning_tokens"])
        plain = ag.simulate(spec, steps, caching=False, min_cacheable_tokens=minimum)
        cached = ag.simulate(spec, steps, caching=True, min_cacheable_tokens=minimum)
        plain_usd = ag.run_cost(plain, price).total_usd
        cached_usd = ag.run_cost(cached, price).total_usd
        total = ag.totals(plain)
        assert ag.totals(cached)["input"] == total["input"]
        return {
            "input_tokens": total["input"],
            "conversation_tokens": v["base_context_tokens"]
            + v["steps"] * (v["output_tokens"] + v["tool_result_tokens"]),
            "usd_no_cache": plain_usd,
            "usd_cache": cached_usd,
            "hit_rate": _library(ag.cache_hit_rate, cached),
            "saving": 1 - cached_usd / plain_usd if plain_usd else None,
        }

    return _library(compute)


def _decline_expected(v: dict) -> dict | None:
    def compute():
        f, years = v["decline_per_year"], v["years"]
        P.decline_factor_over(f, years)  # the library's checks on a factor and a number of years
        total = f**years
        assert P.decline_factor_over(total, years) == pytest.approx(f, rel=1e-9)
        price = positive("usd_per_million", v["usd_per_million"])
        trend = P.LogTrend(date(2021, 11, 1), price, -math.log(f), 1.0, 2)
        halving = trend.halving_time_days
        jevons = P.spend_under_elasticity(1 / total, v["elasticity"])
        task = P.net_decline_per_year(f, v["tokens_growth_per_year"]) ** years
        return {
            "total_factor": total,
            "usd_after": price / total,
            "percent_cheaper": 1 - 1 / total,
            "halving_days": halving if math.isfinite(halving) else None,
            "task_factor": task,
            "quantity_factor": jevons.quantity_factor,
            "spend_factor": jevons.spend_factor,
        }

    return _library(compute)


def _cost_expected(v: dict) -> dict | None:
    def compute():
        gpu = costs.gpu_cost_per_million_tokens(
            v["gpu_hour_usd"], v["n_gpus"], v["tokens_per_second"], v["utilization"]
        )
        power = costs.electricity_cost_per_million_tokens(v["joules_per_token"], v["usd_per_kwh"], v["pue"])
        return {
            "gpu_usd": gpu,
            "electricity_usd": power,
            "total_usd": gpu + power,
            "electricity_share": _library(cur.electricity_share, power, gpu),
        }

    return _library(compute)


# --- the inputs tried ----------------------------------------------------------------------


def _defaults(module) -> dict:
    return json.loads(module.calculator_data())["defaults"]


def _energy_cases() -> list[dict]:
    d = _defaults(lesson2)
    zones = [z["code"] for z in json.loads(lesson2.calculator_data())["zones"]]
    rng = random.Random(2)
    cases = [dict(d)]
    for _ in range(24):
        cases.append(
            dict(
                d,
                active_params_b=rng.choice([0.5, 8, 37, 70.55, 100, 405, 1800]),
                input_tokens=rng.choice([0, 1, 500, 10_000, 100_000, 1_000_000]),
                output_tokens=rng.choice([0, 1, 50, 500, 1500, 20_000]),
                gpu=rng.choice(E.available_gpus()),
                utilization=rng.choice([0.01, 0.1, 0.14, 0.5, 1]),
                prefill_utilization=rng.choice([0.05, 0.3, 0.6, 1]),
                watts_per_gpu=rng.choice([0, 400, 700, 1275, 1000]),
                power_fraction=rng.choice([0.05, 0.7, 1]),
                pue=rng.choice([1, 1.1, 1.2, 1.56, 2]),
                usd_per_kwh=rng.choice([0, 0.0806, 0.08, 0.35]),
                zone=rng.choice(zones),
                n_layers=rng.choice([0, 0, 80, 126]),
                d_attn=rng.choice([0, 8192, 16384]),
            )
        )
    # edges: the largest and smallest of each range, and what the library refuses
    cases += [
        dict(d, active_params_b=0, output_tokens=0, input_tokens=0),
        dict(d, utilization=1, prefill_utilization=1, power_fraction=1, pue=1),
        dict(d, active_params_b=1e290, input_tokens=1e10),
        dict(d, utilization=0),
        dict(d, prefill_utilization=1.5),
        dict(d, power_fraction=0),
        dict(d, pue=0.99),
        dict(d, output_tokens=-1),
        dict(d, active_params_b=-5),
        dict(d, watts_per_gpu=-700),
        dict(d, usd_per_kwh=-0.1),
    ]
    return cases


def _agent_cases() -> list[dict]:
    d = _defaults(lesson3)
    models = [m["key"] for m in json.loads(lesson3.calculator_data())["models"]]
    rng = random.Random(3)
    cases = [dict(d)]
    for _ in range(22):
        cases.append(
            dict(
                d,
                model=rng.choice(models),
                steps=rng.choice([1, 2, 5, 10, 50, 100, 200, 400]),
                base_context_tokens=rng.choice([0, 300, 1000, 1024, 1179, 4096, 12_000]),
                output_tokens=rng.choice([0, 1, 95, 400]),
                tool_result_tokens=rng.choice([0, 258, 1000, 3000]),
                reasoning_tokens=rng.choice([0, 0, 500, 4000]),
            )
        )
    cases += [
        dict(d, steps=0),
        dict(d, steps=1, base_context_tokens=0, output_tokens=0, tool_result_tokens=0),
        dict(d, base_context_tokens=1023, output_tokens=1, tool_result_tokens=0, steps=3),
        dict(d, model=models[2], base_context_tokens=3000, steps=30),  # crosses the 4,096 minimum mid-run
        dict(d, steps=600),  # too long for a 200,000-token context window
        dict(d, model=models[1], steps=600),  # fits GPT-5's larger window
        dict(d, steps=ag.MAX_SIMULATED_STEPS + 1, output_tokens=0, tool_result_tokens=0, base_context_tokens=0),
        dict(d, steps=2.5),
        dict(d, tool_result_tokens=-3),
    ]
    return cases


def _decline_cases() -> list[dict]:
    d = _defaults(lesson4)
    rng = random.Random(4)
    cases = [dict(d)]
    for _ in range(24):
        cases.append(
            dict(
                d,
                usd_per_million=rng.choice([0.06, 4.375, 60, 37.5, 1e-3]),
                decline_per_year=rng.choice([0.5, 1, 1.5, 2.2, 10, 40, 50, 200, 900]),
                years=rng.choice([0.25, 0.5, 1, 2, 3, 7.5, 10]),
                tokens_growth_per_year=rng.choice([1, 2.2, 5, 10, 40]),
                elasticity=rng.choice([0, 0.5, 1, 1.5, 3]),
            )
        )
    cases += [
        dict(d, decline_per_year=1),
        dict(d, decline_per_year=10, years=400),  # 10^400 is beyond a float
        dict(d, decline_per_year=0.001, years=200, elasticity=0),
        dict(d, decline_per_year=0),
        dict(d, years=0),
        dict(d, usd_per_million=0),
        dict(d, tokens_growth_per_year=-2),
        dict(d, elasticity=-1),
    ]
    return cases


def _cost_cases() -> list[dict]:
    d = _defaults(lesson5)
    rng = random.Random(5)
    cases = [dict(d)]
    for _ in range(24):
        cases.append(
            dict(
                d,
                gpu_hour_usd=rng.choice([0, 0.77, 1.5, 2.0, 2.5, 8]),
                n_gpus=rng.choice([1, 2, 4, 8, 0.5, 64]),
                tokens_per_second=rng.choice([1, 100, 3876.3, 6000, 1e6]),
                utilization=rng.choice([0.05, 0.4, 0.5, 1]),
                joules_per_token=rng.choice([0, 0.05, 0.5634, 3]),
                usd_per_kwh=rng.choice([0, 0.03, 0.0806, 0.3]),
                pue=rng.choice([1, 1.2, 1.56, 2]),
            )
        )
    cases += [
        dict(d, gpu_hour_usd=0, joules_per_token=0),  # both parts zero: no share
        dict(d, gpu_hour_usd=1e300, n_gpus=1e10, tokens_per_second=1e-5),  # overflows
        dict(d, n_gpus=0),
        dict(d, tokens_per_second=0),
        dict(d, utilization=0),
        dict(d, utilization=1.01),
        dict(d, pue=0.5),
        dict(d, gpu_hour_usd=-1),
        dict(d, joules_per_token=-0.1),
    ]
    return cases


CALCULATORS = {
    "query-energy": (_energy_cases, _energy_expected),
    "agent-bill": (_agent_cases, _agent_expected),
    "price-decline": (_decline_cases, _decline_expected),
    "production-cost": (_cost_cases, _cost_expected),
}


# --- the tests -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(CALCULATORS))
@in_browser
def test_the_calculator_agrees_with_the_library(open_calc, name):
    cases, expected = CALCULATORS[name]
    page, recorder, calc = open_calc(name)
    tried = cases()
    assert len(tried) >= 30
    for summary in calc.locator("details:not([open]) > summary").all():  # the optional fields
        summary.click()
    answered = refused = 0
    for i, inputs in enumerate(tried):
        _fill(page, name, inputs)
        want = expected(inputs)
        _check(_state(calc), want, f"{name} case {i}: {inputs}")
        answered += want is not None
        refused += want is None
    assert answered >= 20 and refused >= 4, (answered, refused)
    assert not recorder.problems(), recorder.problems()


@pytest.mark.parametrize("name", list(CALCULATORS))
@in_browser
def test_the_defaults_reproduce_the_page(open_calc, name):
    """Untouched, each calculator shows the library's answer for the page's own example."""
    cases, expected = CALCULATORS[name]
    _, recorder, calc = open_calc(name)
    _check(_state(calc), expected(cases()[0]), f"{name} defaults")
    assert not recorder.problems(), recorder.problems()


BAD_TEXT = {
    "": "Enter a number",
    "abc": "Not a number",
    "0,5": "point for decimals",
    "NaN": "Not a number",
    "Infinity": "Not a number",
    "1e999": "too large",
    "-1": "zero or more",
}


@pytest.mark.parametrize(
    "name, field, good",
    [
        ("query-energy", "output_tokens", "1,500"),
        ("agent-bill", "steps", "10"),
        ("price-decline", "years", "2.5"),
        ("production-cost", "gpu_hour_usd", "1,000"),
    ],
)
@in_browser
def test_bad_input_shows_a_message_never_nan(open_calc, name, field, good):
    page, recorder, calc = open_calc(name)
    for text, message in BAD_TEXT.items():
        if field in ("years",) and text == "-1":
            message = "greater than zero"
        page.fill(f"#te-{name}-{field}", text)
        state = _state(calc)
        invalid, shown = state["messages"][field]
        assert invalid == "true" and message in shown, (text, state["messages"][field])
        assert state["state"] == "error" and state["problem"], (text, state)
        assert "NaN" not in state["text"] and "Infinity" not in state["text"], (text, state["text"])
    page.fill(f"#te-{name}-{field}", good)  # and the page recovers (thousands separators are fine)
    state = _state(calc)
    assert state["state"] == "ok" and state["messages"][field] == [None, ""], state
    assert not recorder.problems(), recorder.problems()


@pytest.mark.parametrize("name", list(CALCULATORS))
@in_browser
def test_every_control_is_labelled_and_works_from_the_keyboard(open_calc, name):
    page, recorder, calc = open_calc(name)
    unlabelled = calc.evaluate(
        """root => [...root.querySelectorAll('input, select')].filter(e =>
            !(e.getAttribute('aria-label') || (e.id && root.querySelector('label[for="' + e.id + '"]'))))
            .map(e => e.outerHTML)"""
    )
    assert not unlabelled, unlabelled
    # Tab reaches the next field; a slider moves with the arrow keys and the result follows.
    slider = calc.locator("input[type=range]").first
    field = calc.locator("input[type=text]").first
    field.focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") in ("INPUT", "SELECT")
    before = _state(calc)["outputs"]
    slider.focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    after = _state(calc)
    assert after["state"] == "ok" and after["outputs"] != before, (before, after["outputs"])
    number_id = slider.get_attribute("id").removesuffix("-slider")
    assert page.locator(f"#{number_id}").input_value() == slider.input_value()
    page.keyboard.press("Home")
    assert page.locator(f"#{number_id}").input_value() == slider.input_value()
    # The optional fields open from the keyboard too.
    summary = calc.locator("summary")
    if summary.count():
        summary.focus()
        page.keyboard.press("Enter")
        assert calc.locator("details").get_attribute("open") is not None
    assert not recorder.problems(), recorder.problems()


@pytest.mark.parametrize("name", list(CALCULATORS))
@in_browser
def test_the_calculator_fits_a_phone(open_calc, name):
    page, recorder, calc = open_calc(name, width=PHONE_WIDTH)
    widths = page.evaluate(
        """name => {
            const root = document.querySelector('[data-te-calc="' + name + '"]');
            const outside = [...root.querySelectorAll('input, select, dd, svg')]
                .map(e => e.getBoundingClientRect())
                .filter(r => r.left < 0 || r.right > window.innerWidth + 0.5);
            return {page: document.documentElement.scrollWidth, root: [root.scrollWidth, root.clientWidth],
                    outside: outside.length};
        }""",
        name,
    )
    assert widths["page"] <= PHONE_WIDTH, widths
    assert widths["root"][0] <= widths["root"][1], widths
    assert widths["outside"] == 0, widths
    assert not recorder.problems(), recorder.problems()


@in_browser
def test_the_pages_stay_within_the_weight_budget(open_calc):
    from test_browser import BUDGET_BYTES

    for name in CALCULATORS:
        _, recorder, _ = open_calc(name)
        assert recorder.bytes_loaded <= BUDGET_BYTES, (name, recorder.bytes_loaded)
        assert not recorder.problems(), recorder.problems()


@pytest.mark.parametrize("name", list(CALCULATORS))
@in_browser
def test_axe_finds_nothing_in_the_calculator(open_calc, name):
    """axe-core (tests/browser_support.py) on the calculator, both palettes, with and without an
    error showing. The rest of the page is tests/test_accessibility.py's."""
    import browser_support

    axe = getattr(browser_support, "axe_violations", None)
    if axe is None:
        pytest.skip("tests/browser_support.py has no axe_violations yet")
    page, recorder, calc = open_calc(name)
    for summary in calc.locator("details:not([open]) > summary").all():
        summary.click()
    found = []
    for scheme in ("default", "slate"):
        page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)
        for bad in (False, True):
            field = calc.locator("input[type=text]").first
            field.fill("oops" if bad else field.get_attribute("value") or "1")
            try:
                found += [f"{scheme}, error shown: {bad}: {v}" for v in axe(page, context=f'[data-te-calc="{name}"]')]
            except ImportError as exc:
                pytest.skip(f"axe-core is not installed: {exc}")
    assert not found, "\n".join(found)
    assert not recorder.problems(), recorder.problems()


@in_browser
def test_a_fraction_may_be_typed_as_a_percentage(open_calc):
    page, recorder, calc = open_calc("query-energy")
    values = _defaults(lesson2)
    page.fill("#te-query-energy-utilization", "25%")
    _check(_state(calc), _energy_expected(dict(values, utilization=0.25)), "25%")
    page.fill("#te-query-energy-utilization", "125%")
    assert _state(calc)["state"] == "error"
    assert not recorder.problems(), recorder.problems()
