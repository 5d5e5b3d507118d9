"""The assistant layer: safety triage, retrieval, and cited, caveated answers."""
