"""The regional education monitoring's data side (indicators, charts, the map)."""
