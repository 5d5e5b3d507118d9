"""Evals: answer-quality evaluation, benchmarks and synthetic libraries for staff."""
