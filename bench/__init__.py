"""Benchmarks: measured figures, rerunnable on this machine (never timed assertions in tests)."""
