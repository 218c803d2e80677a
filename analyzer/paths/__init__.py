"""Test plans: the fewest conversations that take every transition of a dialog (issue 15)."""
