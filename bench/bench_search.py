"""Search quality on the Polish evaluation set: recall@10 and MRR, on an empty database.

The set lives beside the repository (shared/data/search_eval) or where SEARCH_EVAL names.
Run with DATABASE_URL for PostgreSQL."""

import os
import time
from pathlib import Path

from common import throwaway_database

EVAL_DIR = Path(
    os.environ.get(
        "SEARCH_EVAL",
        Path(__file__).resolve().parents[2] / "shared" / "data" / "search_eval",
    )
)


def main() -> None:
    if not (EVAL_DIR / "queries.csv").exists():
        print(f"{'search quality':<60} skipped: no evaluation set")
        return
    with throwaway_database():
        from django.db import connection

        from koordynator.registry import evaluation, selectors
        from koordynator.territory.services import places_load, units_import, units_locate
        from koordynator.territory.terc import builtin_units

        units_import(records=builtin_units())
        places_load()
        units_locate()
        ids = evaluation.load_entities([EVAL_DIR / "entities.csv", EVAL_DIR / "distractors.csv"])
        start = time.perf_counter()
        result = evaluation.evaluate(
            EVAL_DIR / "queries.csv", ids, entities=selectors.public_entities()
        )
        elapsed = (time.perf_counter() - start) * 1000 / result.queries
        print(
            f"{'search quality (' + str(len(ids)) + ' entities, ' + connection.vendor + ')':<60} "
            f"recall@10 {result.recall:.3f}  MRR {result.mrr:.3f}  "
            f"({result.queries} queries, {elapsed:.1f} ms each)"
        )
        for query, expected, top in result.misses:
            print(f"  missed: {query!r} expected {expected}, first 10: {top}")


if __name__ == "__main__":
    main()
