"""Shared set-up for benchmarks: Django with the test settings and a throw-away database."""

import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koordynator.config.settings.test")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


@contextmanager
def throwaway_database() -> Iterator[None]:
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def measure(label: str, call: Callable[[], object], repeat: int = 200, warmup: int = 10) -> None:
    for _ in range(warmup):
        call()
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(
        f"{label:<60} p50 {statistics.median(timings):7.2f} ms  p95 {p95:7.2f} ms  "
        f"({repeat} requests, {connection.vendor})"
    )
