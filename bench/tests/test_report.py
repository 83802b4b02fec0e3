"""The bench's report: the issue's two targets marked per page, several scales in one run.

Not under `testpaths` (pure functions, no database): `SHARAKA_TESTING=1 .venv/bin/python -m pytest -q bench/tests`.
"""

import argparse
import json

import pytest

from bench import report
from bench.__main__ import _scales


def page(p50, p95, queries, label="a page"):
    return {"label": label, "p50_ms": p50, "p95_ms": p95, "queries": queries, "statuses": {"200": 20}}


def scale_report(scale, pages, run="2026-12-05T18:00:00+00:00"):
    return {
        "scale": scale,
        "size": {"partners": 50, "projects": 300},
        "date": "2026-12-05",
        "started_at": run,
        "run": {"started_at": run, "scales": ["commune", "region"]},
        "requests_per_page": 20,
        "machine": {"cpus": 2, "python": "3.13", "load_average": [1.0]},
        "code": {"commit": "abc1234"},
        "targets": {
            "sqlite": {
                "pages": pages,
                "generation": {"seconds": 1.0, "counts": {"projects.project": 300}},
                "database_bytes": 1_000_000,
            }
        },
    }


COMMUNE = {
    "floor": page(4.0, 5.0, 2, "floor"),
    "home": page(20.0, 30.0, 12, "staff home"),
    "project_list": page(30.0, 40.0, 9, "project list"),
    "transactions": page(30.0, 40.0, 7, "transactions"),
}
REGION = {
    "floor": page(4.0, 5.0, 2, "floor"),
    "home": page(200.0, 300.0, 21, "staff home"),  # 60× floor, 10× commune, more queries
    "project_list": page(35.0, 45.0, 9, "project list"),  # 9× floor, 1.125× commune
    "transactions": page(30.0, 40.0, 6, "transactions"),  # one query fewer: no drop-down to fill
}


def row_of(table: str, label: str) -> list[str]:
    line = next(line for line in table.splitlines() if line.startswith(f"| {label} |"))
    return [cell.strip() for cell in line.strip("|").split("|")]


def test_a_page_within_ten_times_the_floor_is_marked_met_and_one_beyond_missed():
    table = report.run_table(scale_report("region", REGION))

    assert row_of(table, "project list")[3] == "9.0 ✓"
    assert row_of(table, "staff home")[3] == "60.0 ✗"
    assert "2 of 3 pages within 10× the floor" in table


def test_with_the_commune_of_the_same_run_the_table_gives_the_ratio_and_both_query_counts():
    table = report.run_table(scale_report("region", REGION), base=scale_report("commune", COMMUNE))

    assert row_of(table, "project list")[4:] == ["1.12 ✓", "9 → 9"]
    assert row_of(table, "staff home")[4:] == ["10.00 ✗", "12 → 21 ✗"]
    assert row_of(table, "transactions")[4:] == ["1.00 ✓", "7 → 6"]  # fewer queries is no growth
    assert "2 of 3 within 1.5× their commune p95" in table


def test_a_commune_of_another_run_is_not_taken_as_the_base():
    region = scale_report("region", REGION)
    other = scale_report("commune", COMMUNE, run="2026-12-04T10:00:00+00:00")

    assert report._same_run_commune(region, [other]) is None
    assert report._same_run_commune(region, [scale_report("commune", COMMUNE)]) is not None


def test_a_run_of_two_scales_writes_one_result_and_the_latest_of_each_scale_reads_it(tmp_path, monkeypatch):
    monkeypatch.setattr(report, "RESULTS", tmp_path)
    monkeypatch.setattr(report, "README", tmp_path / "README.md")
    (tmp_path / "README.md").write_text(f"intro\n{report.START}\nold\n{report.END}\nend\n")

    report.write([scale_report("commune", COMMUNE), scale_report("region", REGION)])

    written = json.loads((tmp_path / "2026-12-05-commune+region.json").read_text())
    assert [r["scale"] for r in written["scales"]] == ["commune", "region"]
    assert report.latest("region")["targets"]["sqlite"]["pages"]["home"]["p95_ms"] == 300.0
    readme = (tmp_path / "README.md").read_text()
    assert "p95 / commune (≤ 1.5)" in readme and "10.00 ✗" in readme
    assert readme.startswith("intro\n") and readme.endswith("end\n")


def test_plans_of_slow_pages_go_to_their_own_file_not_to_the_json(tmp_path, monkeypatch):
    monkeypatch.setattr(report, "RESULTS", tmp_path)
    monkeypatch.setattr(report, "README", tmp_path / "README.md")
    region = scale_report("region", REGION)
    region["targets"]["sqlite"]["plans"] = {
        "home": [{"ms": 120.5, "sql": "SELECT 1", "plan": ["Seq Scan on finance_transaction"]}]
    }

    report.write(region)

    assert "plans" not in json.loads((tmp_path / "2026-12-05-region.json").read_text())["targets"]["sqlite"]
    plans = (tmp_path / "2026-12-05-region-sqlite-plans.md").read_text()
    assert "Seq Scan on finance_transaction" in plans and "120.5 ms" in plans


def test_scales_are_taken_smallest_first_and_an_unknown_one_is_refused():
    assert _scales("region,commune") == ["commune", "region"]
    assert _scales("national") == ["national"]
    with pytest.raises(argparse.ArgumentTypeError):
        _scales("commune,planet")
