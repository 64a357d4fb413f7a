"""Lesson 2, exercise 5 — same tokens, different grids.

The carbon of a token depends on where its electricity was made. Grid carbon intensity is
quoted in grams of CO2-equivalent per KILOWATT-hour; query energy is usually quoted in
WATT-hours. One kWh is 1,000 Wh.

The course library reads each country's grid intensity from the data shipped with the
EcoLogits package: ``grid_intensity_g_per_kwh("FRA")`` (ISO 3-letter codes, "WOR" for the
world average).

Check your work with:  token-economics check 2
"""

from token_economics.energy import grid_intensity_g_per_kwh  # noqa: F401  (you will need it)


def grams_co2_per_query(energy_wh: float, grid_g_per_kwh: float) -> float:
    """Return grams of CO2e for a query using ``energy_wh`` watt-hours on a grid of
    ``grid_g_per_kwh`` grams per kilowatt-hour.

    Example: 0.3 Wh on a 400 g/kWh grid → 0.12 g.
    """
    raise NotImplementedError("Wh ÷ 1000 × g per kWh")


def grams_co2_per_million_tokens(joules_per_token: float, country_code: str, pue: float) -> float:
    """Return grams of CO2e for one million tokens made in ``country_code``.

    Energy at the meter = joules per token × 1,000,000 × PUE; convert joules to kWh
    (÷ 3,600,000) and multiply by the country's grid intensity.
    """
    raise NotImplementedError("kWh at the meter × the country's g per kWh")


def cleanest_country(joules_per_token: float, country_codes: list[str], pue: float) -> str:
    """Return the code, among ``country_codes``, where a million tokens emit the least CO2e."""
    raise NotImplementedError("the code with the fewest grams per million tokens")
