"""The knowledge layer: parse, validate, chunk and index the summary library."""
