"""Units, conversions, and the checks every public function makes on what it is given.

One home for the conversions the lessons share (joules, watt-hours and kilowatt-hours;
seconds and hours; "per million tokens") and for the input checks: a number of the right
kind and range, or a :class:`ValueError` / :class:`TypeError` that names the parameter, its
unit and what was given. A result that would overflow to infinity is refused the same way,
never returned.

The unit of a parameter is written in its name (``joules_per_token``, ``usd_per_kwh``), so a
check finds it there (:func:`unit_of`); a caller may also say it.
"""

from __future__ import annotations

import math
import operator
from numbers import Real

__all__ = [
    "JOULES_PER_WH",
    "WH_PER_KWH",
    "JOULES_PER_KWH",
    "SECONDS_PER_HOUR",
    "TOKENS_PER_MILLION",
    "DAYS_PER_YEAR",
    "HOURS_PER_YEAR",
    "wh_from_joules",
    "kwh_from_joules",
    "kwh_from_wh",
    "per_million",
    "unit_of",
    "number",
    "non_negative",
    "positive",
    "fraction",
    "share",
    "pue",
    "whole",
    "finite_result",
    "instance_of",
    "InputTypeError",
    "guard",
    "guard_public_functions",
]


class InputTypeError(TypeError, ValueError):
    """A value of the wrong kind (a bool, a string, a list where a number is meant).

    It is a TypeError, and also a ValueError, so that code written against the course's
    rule "bad input raises ValueError" keeps catching it.
    """


#: Joules in a watt-hour (1 W for 3,600 s). A definition, not a measurement.
JOULES_PER_WH: float = 3600.0
#: Watt-hours in a kilowatt-hour. A definition.
WH_PER_KWH: float = 1000.0
#: Joules in a kilowatt-hour (3.6 MJ). A definition.
JOULES_PER_KWH: float = JOULES_PER_WH * WH_PER_KWH
#: Seconds in an hour. A definition.
SECONDS_PER_HOUR: float = 3600.0
#: Tokens in "a million tokens", the unit prices are quoted in. A definition.
TOKENS_PER_MILLION: float = 1e6
#: Days in a year for rates per year: the Julian year, averaging leap years. A definition.
DAYS_PER_YEAR: float = 365.25
#: Hours in such a year, to spread a purchase over its lifetime. A definition.
HOURS_PER_YEAR: float = DAYS_PER_YEAR * 24.0


def wh_from_joules(joules: float) -> float:
    """Joules → watt-hours."""
    return number("joules", joules, "J") / JOULES_PER_WH


def kwh_from_joules(joules: float) -> float:
    """Joules → kilowatt-hours."""
    return number("joules", joules, "J") / JOULES_PER_KWH


def kwh_from_wh(wh: float) -> float:
    """Watt-hours → kilowatt-hours."""
    return number("wh", wh, "Wh") / WH_PER_KWH


def per_million(per_token: float) -> float:
    """A quantity per token → the same per million tokens."""
    return finite_result("a quantity per million tokens", number("per_token", per_token) * TOKENS_PER_MILLION)


# What the words in a parameter's name say about its unit, in the order they are tried.
_UNIT_WORDS = (
    ("usd_per_million", "USD per million tokens"),
    ("per_million", "per million tokens"),
    ("usd_per_kwh", "USD per kWh"),
    ("g_per_kwh", "gCO2e per kWh"),
    ("gco2_per_kwh", "gCO2e per kWh"),
    ("joules_per_token", "J per token"),
    ("gpu_hour_usd", "USD per GPU-hour"),
    ("tokens_per_second", "tokens per second"),
    ("tokens_per_step", "tokens per step"),
    ("flops_per_byte", "FLOPs per byte"),
    ("bytes_per_param", "bytes per parameter"),
    ("bytes_per_s", "bytes per second"),
    ("flops_per_s", "FLOP/s"),
    ("flops", "FLOPs"),
    ("watts", "W"),
    ("_wh", "Wh"),
    ("_kwh", "kWh"),
    ("_usd", "USD"),
    ("usd_", "USD"),
    ("seconds", "s"),
    ("_s", "s"),
    ("days", "days"),
    ("years", "years"),
    ("_bytes", "bytes"),
    ("params", "parameters"),
    ("tokens", "tokens"),
    ("steps", "steps"),
    ("gpus", "GPUs"),
    ("share", "a share from 0 to 1"),
    ("fraction", "a fraction"),
    ("utilization", "a fraction of the time or peak"),
    ("multiplier", "times the input price"),
    ("factor", "times"),
    ("batch", "sequences"),
    ("pue", "facility power ÷ IT power"),
)


def unit_of(name: str) -> str:
    """The unit a parameter's name says it has (``""`` when the name does not say)."""
    for word, unit in _UNIT_WORDS:
        if word in name:
            return unit
    return ""


def _label(name: str, unit: str | None) -> str:
    unit = unit_of(name) if unit is None else unit
    return f"{name} ({unit})" if unit else name


def number(name: str, value: object, unit: str | None = None) -> float:
    """``value`` as a finite float.

    Raises:
        InputTypeError: for a bool, or anything that is not a real number.
        ValueError: for NaN, an infinity, or a number too large for a float.
    """
    if isinstance(value, bool) or not isinstance(value, Real):
        raise InputTypeError(f"{_label(name, unit)} must be a number, not {type(value).__name__} {value!r:.60}")
    try:
        x = float(value)
    except OverflowError:
        raise ValueError(f"{_label(name, unit)} is too large to compute with: {value!r:.40}") from None
    if math.isnan(x):
        raise ValueError(f"{_label(name, unit)} is NaN; give a real number")
    if math.isinf(x):
        raise ValueError(f"{_label(name, unit)} is infinite; give a finite number")
    return x


def non_negative(name: str, value: object, unit: str | None = None) -> float:
    """A finite number ≥ 0 (see :func:`number`)."""
    x = number(name, value, unit)
    if x < 0:
        raise ValueError(f"{_label(name, unit)} must be zero or more, not {x:g}")
    return x


def positive(name: str, value: object, unit: str | None = None) -> float:
    """A finite number > 0 (see :func:`number`)."""
    x = number(name, value, unit)
    if x <= 0:
        raise ValueError(f"{_label(name, unit)} must be greater than zero, not {x:g}")
    return x


def fraction(
    name: str, value: object, unit: str | None = None, *, allow_zero: bool = False, allow_one: bool = True
) -> float:
    """A fraction: in (0, 1] by default; ``allow_zero`` admits 0, ``allow_one=False`` refuses 1."""
    x = number(name, value, unit)
    low_ok = x >= 0 if allow_zero else x > 0
    high_ok = x <= 1 if allow_one else x < 1
    if not (low_ok and high_ok):
        low = "[0" if allow_zero else "(0"
        high = "1]" if allow_one else "1)"
        raise ValueError(f"{_label(name, unit)} is a fraction in {low}, {high}, not {x:g}")
    return x


def share(name: str, value: object, unit: str | None = None) -> float:
    """A share from 0 to 1, both included (0.75 means three quarters)."""
    return fraction(name, value, unit, allow_zero=True, allow_one=True)


def pue(value: object, name: str = "pue") -> float:
    """A power usage effectiveness: total facility power ÷ IT power, so at least 1."""
    x = number(name, value, "facility power ÷ IT power")
    if x < 1:
        raise ValueError(
            f"{name} (power usage effectiveness) is total facility power / IT power and cannot be below 1, not {x:g}"
        )
    return x


def whole(
    name: str,
    value: object,
    unit: str | None = None,
    *,
    minimum: int = 0,
    maximum: int | None = None,
    allow_whole_float: bool = False,
) -> int:
    """A whole number in ``[minimum, maximum]``.

    ``allow_whole_float`` also admits a float with no fractional part (``3.0``).

    Raises:
        InputTypeError: for a bool or a value that is not a whole number.
        ValueError: for NaN, an infinity, or a number outside the range.
    """
    label = _label(name, unit)
    if isinstance(value, bool):
        raise InputTypeError(f"{label} must be a whole number, not a bool ({value!r})")
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise ValueError(f"{label} must be a whole number, not {value!r}")
        if not allow_whole_float or value != int(value):
            raise InputTypeError(f"{label} must be a whole number (int), not the float {value!r}")
        value = int(value)
    try:
        n = operator.index(value)  # int, numpy integers
    except TypeError:
        raise InputTypeError(f"{label} must be a whole number, not {type(value).__name__} {value!r:.60}") from None
    if n < minimum:
        raise ValueError(f"{label} must be at least {minimum}, not {n}")
    if maximum is not None and n > maximum:
        raise ValueError(f"{label} must be at most {maximum:,}, not {n:,}")
    return int(n)


def finite_result(what: str, value: float, unit: str = "") -> float:
    """``value`` if it is finite; otherwise a ValueError saying the inputs are too large for ``what``."""
    try:
        finite = math.isfinite(value)
    except (OverflowError, TypeError):  # a whole number too large for a float, or not a number at all
        finite = False
    if not finite:
        unit_text = f" ({unit})" if unit else ""
        raise ValueError(f"{what}{unit_text} would overflow: the inputs are too large to compute with")
    return value


def instance_of(name: str, value: object, kind: type | tuple[type, ...], what: str) -> object:
    """``value`` if it is a ``kind``; otherwise an :class:`InputTypeError` naming what was expected."""
    if not isinstance(value, kind):
        raise InputTypeError(f"{name} must be {what}, not {type(value).__name__} {value!r:.60}")
    return value


def guard(function):
    """A public function that turns an arithmetic overflow into a :class:`ValueError` and never
    returns a float that is infinite or NaN: a backstop behind each function's own checks."""
    import functools

    @functools.wraps(function)
    def guarded(*args, **kwargs):
        try:
            result = function(*args, **kwargs)
        except (OverflowError, ZeroDivisionError) as exc:
            raise ValueError(
                f"{function.__name__}: these inputs are too large or too small to compute with ({exc})"
            ) from None
        if isinstance(result, float) and not math.isfinite(result):
            raise ValueError(f"{function.__name__}: with these inputs the result would be {result}, not a number")
        return result

    guarded.__te_guarded__ = True  # type: ignore[attr-defined]
    return guarded


def guard_public_functions(namespace: dict, names) -> None:
    """Wrap every function a module lists in ``__all__`` with :func:`guard` (called at the end of
    each lesson module, so that no public function returns a wrong number instead of an error)."""
    import inspect

    if not isinstance(namespace, dict):
        raise InputTypeError(f"namespace must be a module's globals() (a dict), not {type(namespace).__name__}")
    if isinstance(names, (str, bytes)) or not hasattr(names, "__iter__"):
        raise InputTypeError(f"names must be a list of names (a module's __all__), not {names!r:.60}")
    for name in names:
        if not isinstance(name, str):
            raise InputTypeError(f"names must hold strings, not {name!r:.60}")
        obj = namespace.get(name)
        if inspect.isfunction(obj) and not getattr(obj, "__te_guarded__", False):
            namespace[name] = guard(obj)
