"""Print the observed outcome matrix (developer aid: python -m pytest ... -s)."""
