"""Token Economics in Plain Language: the library behind the course.

One module per lesson:

* :mod:`token_economics.tokens` — lesson 1, what a token is;
* :mod:`token_economics.energy` — lesson 2, why tokens consume electricity;
* :mod:`token_economics.agents` — lesson 3, why agents burn tokens;
* :mod:`token_economics.prices` — lesson 4, why tokens keep getting cheaper;
* :mod:`token_economics.currency` — lesson 5, the token as a currency.

Shared plumbing lives in :mod:`token_economics.data` (package data and sources),
:mod:`token_economics.grader` and :mod:`token_economics.cli` (the grader), and
:mod:`token_economics.plotting` (figures).
"""

__version__ = "0.1.0"
