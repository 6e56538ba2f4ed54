"""Peer systems that crmlink is benchmarked against (see ``benchmarks/bench_accuracy.py``)."""
