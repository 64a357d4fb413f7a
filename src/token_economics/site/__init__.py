"""Numbers and figures for the docs site, one module per lesson (``lesson1`` … ``lesson5``).

Each module exposes ``values() -> dict[str, str]`` (filled into ``{{ lN.key }}`` placeholders
by the docs hook) and ``figures() -> dict[str, Figure]`` (written as ``figures/lN-<name>.png``).
"""
