"""Grading tests. The ``submission`` fixture and ``--target`` option come from
``token_economics.grader.judge`` (registered as a pytest plugin by the package).

Run them on the reference answers:   pytest tests/exercises
on your own files:                   pytest tests/exercises --target exercises
or, with points and hints:           token-economics check
"""
