"""The routing policy: its model, loading it from YAML with line numbers, and checks."""
