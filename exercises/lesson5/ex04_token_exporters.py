"""Lesson 5, exercise 4 — rank the "token exporters".

The seed article imagines countries exporting tokens the way others export energy. Make the
argument with numbers: for each country, the cost of a million tokens is the hardware part
(the same everywhere) plus the electricity part (local price), and the carbon is the energy
drawn from the local grid.

Energy at the meter for a million tokens, in kWh: joules_per_token × 1,000,000 ÷ 3,600,000 ×
PUE. Cost = hardware + kWh × price. Carbon (grams) = kWh × grid intensity (gCO2e per kWh).

Each country is a dict: ``{"code": "FIN", "usd_per_kwh": 0.096, "grid_g_per_kwh": 57.5}``.

Check your work with:  token-economics check 5
"""


def exporter_table(
    countries: list[dict], joules_per_token: float, pue: float, hardware_usd_per_million: float
) -> list[dict]:
    """One dict per country, ``{"code", "usd_per_million", "g_co2_per_million"}``, sorted by
    cost per million tokens, cheapest first."""
    raise NotImplementedError(
        "kWh per million tokens × local price + hardware; kWh × grid intensity for carbon; sort by cost"
    )


def cleanest(countries: list[dict], joules_per_token: float, pue: float) -> str:
    """The code of the country whose million tokens emit the least CO2."""
    raise NotImplementedError("the country with the lowest grams of CO2 per million tokens")
