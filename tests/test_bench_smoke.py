"""The benchmark machinery runs end to end at a tiny size and writes the JSON it promises (no timings checked)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import bench
from benchmarks.synthetic import build_case
from casefile.context import open_case
from casefile.domain.records import EventFilter


def test_synthetic_case_goes_through_the_models_and_fills_the_search_index(tmp_path: Path) -> None:
    made = build_case(tmp_path / "small", 200, 30)
    with open_case(made.path) as case:
        assert case.events.count(EventFilter(statuses=())) == 200
        assert case.case.counts().evidence == 30
        rows = case.events.rows(EventFilter(statuses=()), 0, 500)
        assert len(rows) == 200 and any(r.parties for r in rows)
        assert case.search.search("halvorsen")  # the FTS triggers indexed the bulk inserts
        word = rows[0].title.split()[-1]
        assert case.events.count(EventFilter(text=word)) >= 1


@pytest.mark.usefixtures("qapp")
def test_bench_writes_one_json_object_per_metric(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    argv = ["--sizes", "200", "--runs", "1", "--articles", "5", "--clip-mb", "1", "--skip", "pdf",
            "--cache", str(tmp_path / "cache"), "--json", str(out)]
    assert bench.main(argv) == 0

    results = json.loads(out.read_text())
    assert isinstance(results, list) and results
    for r in results:
        assert {"events", "metric", "median_s"} <= r.keys()
        assert isinstance(r["events"], int) and isinstance(r["metric"], str)
        assert r["median_s"] is None or r["median_s"] >= 0
    by_name = {r["metric"]: r for r in results}
    for name in ("open_first_paint", "first_page", "filter_service", "search", "scroll_all_rows",
                 "first_page_bare_sql", "filter_bare_sql", "search_bare_sql"):
        assert by_name[name]["events"] == 200
    assert by_name["search_bare_sql"]["ratio"] > 0
    assert by_name["scroll_all_rows"]["per_s"] > 0
    assert by_name["import_articles"]["per_s"] > 0
    assert by_name["import_clip_put_file"]["mb_per_s"] > 0
    assert by_name["peak_rss"]["rss_mb"] > 0
    assert not (tmp_path / "cache" / "events-200.casefile").exists()  # generated without --keep: removed
