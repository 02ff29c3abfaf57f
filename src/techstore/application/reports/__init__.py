"""Reports and the dashboard: read-only use cases over the ``reports`` query port."""
