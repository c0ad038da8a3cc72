"""NumPy numeric engine (placeholder: reference only until the fast path lands)."""
