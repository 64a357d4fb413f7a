"""Bad input gets a clear error, never a wrong number: every public function of the library is
called with bad values (negative, NaN, infinite, bools, huge, wrong types, unknown names) mixed
with plausible ones, and may only raise ValueError or TypeError, or return a finite number."""

from __future__ import annotations

import importlib
import inspect
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

MODULES = ["units", "tokens", "bpe", "energy", "agents", "prices", "currency", "market", "tinygpt"]

BAD = [
    None,
    True,
    False,
    -1,
    -2.5,
    0,
    0.0,
    math.nan,
    math.inf,
    -math.inf,
    10**400,
    -(10**400),
    1e308,
    -1e308,
    "",
    "no-such-name",
    [],
    {},
    (1, 2, 3),
    object(),
]
PLAUSIBLE = [
    1,
    2,
    3,
    0.5,
    1.0,
    1.2,
    100,
    10**6,
    7e9,
    "o200k_base",
    "cl100k_base",
    "H100",
    "FRA",
    "GPT-4o",
    "mmlu",
    [1, 2, 3],
    [(10, 500), (20, 100)],
    "Hello, world!",
]
VALUES = st.sampled_from(BAD + PLAUSIBLE)


def _public_functions():
    found = []
    for name in MODULES:
        module = importlib.import_module(f"token_economics.{name}")
        for attr in getattr(module, "__all__", []):
            fn = getattr(module, attr)
            if inspect.isfunction(fn):
                found.append(pytest.param(fn, id=f"{name}.{attr}"))
    return found


def _finite(value) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, (list, tuple)):
        return all(_finite(v) for v in value[:1000])
    return True


@pytest.mark.slow
@pytest.mark.timeout(900)
@pytest.mark.parametrize("function", _public_functions())
@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(data=st.data())
def test_bad_input_gets_a_clear_error(function, data):
    params = [
        p for p in inspect.signature(function).parameters.values() if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    ]
    kwargs = {}
    for p in params:
        if p.default is p.empty or data.draw(st.booleans(), label=f"set {p.name}"):
            kwargs[p.name] = data.draw(VALUES, label=p.name)
    try:
        result = function(**kwargs)
    except (ValueError, TypeError):
        return
    assert _finite(result), f"{function.__qualname__}(**{kwargs!r:.300}) returned {result!r:.200}"
