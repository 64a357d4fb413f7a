"""Shared look for the course's figures (matplotlib, no display needed).

Every lesson draws through these helpers so that the docs, the notebooks and the grader's
summary charts look alike and stay readable in light and dark mode (white background,
dark text, colour-blind-safe palette).
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg") if matplotlib.get_backend().lower() not in {
    "agg",
    "module://matplotlib_inline.backend_inline",
} else None

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

#: Okabe–Ito colour-blind-safe palette (Okabe & Ito 2008), used in this order.
PALETTE: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # green
    "#CC79A7",  # purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)


def new_figure(width_in: float = 7.0, height_in: float = 4.0) -> tuple[Figure, "plt.Axes"]:
    """A figure and one axes with the course's style: white background, light grid, no top/right spines."""
    fig, ax = plt.subplots(figsize=(width_in, height_in), dpi=110)
    style_axes(ax)
    fig.patch.set_facecolor("white")
    return fig, ax


def style_axes(ax: "plt.Axes") -> None:
    """Apply the course's style to an existing axes."""
    ax.set_facecolor("white")
    ax.grid(True, color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_prop_cycle(color=list(PALETTE))


def finish(fig: Figure, *, source: str | None = None) -> Figure:
    """Tight layout, and a small 'Source: …' line under the plot when a source is given."""
    if source:
        fig.text(0.01, 0.005, f"Source: {source}", fontsize=7, color="#555555", ha="left", va="bottom")
        fig.tight_layout(rect=(0, 0.04, 1, 1))
    else:
        fig.tight_layout()
    return fig
