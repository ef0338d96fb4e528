"""Performance tools: a generator of large banks and a benchmark (run by hand, not by pytest)."""
