"""IATI export throughput and peak memory, against bare lxml writing the same elements.

Run by the measure phase, in two fresh subprocesses so that each has its own peak memory:

- `app`: the portal's own export path (`sharaka.portal.iati.fragments.activity_chunks`, what the
  portal and `manage.py export_iati` serve): the kept fragments refreshed (nothing to rebuild after
  the generator's `kept.rebuild_all`; on an older database they are built first, untimed, and
  `rebuilt_first` says how many), then copied into the file;
- `scratch`: the writer building every activity from the database, element by element
  (`sharaka.portal.iati.writer.activity_chunks`), what a rebuild of all the fragments costs;
- `organisation`: the organisation file as the portal serves it (`fragments.organisation_chunks`: the
  fragments refreshed, its total budgets summed from their kept budget years), with `x_lxml` against
  bare lxml writing the same `<iati-organisation>` parsed back from it (`lxml_seconds`);
- `lxml`: the same file's activities, parsed back one at a time (`iterparse`, cleared as it goes)
  and written again with `etree.xmlfile`; only the writing is timed. That is the floor for
  producing these elements in Python, with no database and no Django.

Each reports seconds, bytes, activities, elements and the peak resident memory over the
process's resident memory just before the export (VmHWM, which sees lxml's C allocations too,
where tracemalloc would not).
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def _peak_mb() -> float:
    """The process's peak resident memory (VmHWM). Not ru_maxrss: Linux carries that across exec,
    so a child would report its parent's peak."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1e3  # kilobytes
    raise RuntimeError("no VmHWM in /proc/self/status")


def export_app(path: Path, mode: str = "app") -> dict:
    import django

    django.setup()
    from django.db import connection

    from sharaka.portal.iati import fragments, writer

    chunks = {
        "app": fragments.activity_chunks,
        "scratch": writer.activity_chunks,
        "organisation": fragments.organisation_chunks,
    }[mode]
    prepared = {}
    if mode == "app":
        # A database the generator built before the fragments existed has none: build them first,
        # untimed (that is the cost of `kept --rebuild`, reported apart), then time the export as the
        # portal serves it once they are kept.
        started = time.perf_counter()
        prepared = {"rebuilt_first": fragments.refresh(), "rebuild_seconds": None}
        prepared["rebuild_seconds"] = round(time.perf_counter() - started, 2)
    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    before = _rss_mb()
    started = time.perf_counter()
    size = 0
    with connection.execute_wrapper(count), open(path, "wb") as out:
        for chunk in chunks():
            out.write(chunk)
            size += len(chunk)
    seconds = time.perf_counter() - started
    return {
        "seconds": round(seconds, 4 if mode == "organisation" else 2),
        "bytes": size,
        "queries": queries,
        "rss_before_mb": round(before, 1),
        "peak_mb": round(_peak_mb(), 1),
        **prepared,
    }


def export_lxml(path: Path) -> dict:
    from lxml import etree

    class Null:
        def write(self, data):
            pass

    before = _rss_mb()
    writing = 0.0
    activities = elements = 0
    with etree.xmlfile(Null(), encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element("iati-activities", {"version": "2.03"}):
            for _event, activity in etree.iterparse(str(path), tag="iati-activity"):
                activities += 1
                elements += sum(1 for _ in activity.iter())
                started = time.perf_counter()
                xf.write(activity)
                xf.flush()
                writing += time.perf_counter() - started
                activity.clear()
                while activity.getprevious() is not None:
                    del activity.getparent()[0]
    return {
        "seconds": round(writing, 2),
        "activities": activities,
        "elements": elements,
        "rss_before_mb": round(before, 1),
        "peak_mb": round(_peak_mb(), 1),
    }


def export_lxml_organisation(path: Path) -> dict:
    """The organisation file's floor: the file parsed back and its `<iati-organisation>` written
    again with `etree.xmlfile` (only the writing is timed; best of 20, it takes a millisecond)."""
    from lxml import etree

    class Null:
        def write(self, data):
            pass

    organisation = etree.parse(str(path)).getroot()[0]
    best = None
    for _ in range(20):
        started = time.perf_counter()
        with etree.xmlfile(Null(), encoding="utf-8") as xf:
            xf.write_declaration()
            with xf.element("iati-organisations", {"version": "2.03"}):
                xf.write(organisation)
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    return {"seconds": round(best, 6), "elements": sum(1 for _ in organisation.iter())}


def measure() -> dict | None:
    """Both exports, each in its own process; None when the portal has no IATI writer yet."""
    from importlib.util import find_spec

    if find_spec("sharaka.portal.iati.writer") is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "activities.xml"
        scratch = _child("scratch", Path(tmp) / "scratch.xml")
        app = _child("app", path)
        bare = _child("lxml", path)
        organisation = _child("organisation", Path(tmp) / "organisation.xml")
        organisation_floor = _child("lxml_organisation", Path(tmp) / "organisation.xml")
    for result in (app, scratch):
        result["activities"], result["elements"] = bare["activities"], bare["elements"]
    for result in (app, scratch, bare):
        result["growth_mb"] = round(result["peak_mb"] - result["rss_before_mb"], 1)
        result["activities_per_s"] = (
            round(result["activities"] / result["seconds"], 1) if result["seconds"] else None
        )
        result["x_lxml"] = round(bare["seconds"] / result["seconds"], 2) if result["seconds"] else None
    organisation["growth_mb"] = round(organisation["peak_mb"] - organisation["rss_before_mb"], 1)
    organisation["lxml_seconds"] = organisation_floor["seconds"]
    organisation["elements"] = organisation_floor["elements"]
    organisation["x_lxml"] = (
        round(organisation_floor["seconds"] / organisation["seconds"], 4) if organisation["seconds"] else None
    )
    return {"app": app, "scratch": scratch, "lxml": bare, "organisation": organisation}


def _child(mode: str, path: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "bench.iati", mode, str(path)], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    if sys.argv[1] == "measure":  # in a process configured for one database: both exports
        print(json.dumps(measure()))
    else:
        mode, target = sys.argv[1], Path(sys.argv[2])
        exports = {"lxml": export_lxml, "lxml_organisation": export_lxml_organisation}
        print(json.dumps(exports[mode](target) if mode in exports else export_app(target, mode)))
