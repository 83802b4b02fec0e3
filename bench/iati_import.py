"""`python -m bench.iati_import [--mb 200] [--pg]`: importing another publisher's IATI file, against
bare lxml `iterparse` over the same file, and the peak memory of each (issue #17).

The file is generated: the activities of the demo's illustrative file (sharaka/demo/parts/iati.py,
which follows the 2.03 schema: several languages, EUR, USD, JPY and GBP, sectors, locations,
commitments and disbursements), repeated with new identifiers until the file reaches `--mb`.

Each measure runs in its own fresh process, so that each has its own peak resident memory (VmHWM,
which counts libxml2's allocations):

- `iterparse`: the floor. lxml's `iterparse` over the `iati-activity` elements, each cleared and
  dropped as read, with nothing built from them;
- `read`: `sharaka.iati.reading.ActivityFile` with the schema check: the Python values of every
  activity, each checked against the 2.03 schema;
- `import`: `sharaka.iati.importing.import_file` into a fresh database (SQLite; PostgreSQL with
  --pg): everything the import does, in one transaction, with the demo's exchange rates.
- `rows`: the database's own share. The rows the SQLite import wrote, read back into Python, then
  written again by plain `sqlite3` `executemany` into empty tables of the same schema, indexes and
  triggers (the search's): no parsing, no mapping, no Django.

Ratios are throughputs against the floor measured in the same run (1.0 = as fast as bare iterparse).
The results go to bench/results/<date>-iati-import.json and .md.
"""

import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


def _peak_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def generate(path: Path, megabytes: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sharaka.settings")
    import django

    django.setup()
    from lxml import etree

    from sharaka.demo.parts.iati import demo_file

    template = etree.fromstring(demo_file(2026))
    activities = [etree.tostring(a, encoding="unicode") for a in template.iterfind("iati-activity")]
    identifiers = [a.findtext("iati-identifier") for a in template.iterfind("iati-activity")]
    target = megabytes * 2**20
    count = 0
    with open(path, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03">\n')
        written = 0
        while written < target:
            for text, identifier in zip(activities, identifiers, strict=True):
                chunk = text.replace(identifier, f"{identifier}-{count:07d}")
                out.write(chunk)
                written += len(chunk.encode())
                count += 1
        out.write("</iati-activities>\n")
    return {"bytes": path.stat().st_size, "activities": count}


def phase_iterparse(path: str) -> dict:
    from lxml import etree

    base = _rss_mb()
    started = time.perf_counter()
    count = 0
    for _event, element in etree.iterparse(
        path, tag="iati-activity", resolve_entities=False, no_network=True
    ):
        count += 1
        element.clear(keep_tail=False)
        parent = element.getparent()
        while element.getprevious() is not None:
            del parent[0]
    return {"seconds": time.perf_counter() - started, "activities": count, "peak_mb": _peak_mb() - base}


def phase_read(path: str) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sharaka.settings")
    import django

    django.setup()
    from sharaka.iati.reading import ActivityFile, activity_schema

    activity_schema()
    base = _rss_mb()
    started = time.perf_counter()
    count = problems = 0
    for activity in ActivityFile(path, check_schema=True):
        count += 1
        problems += len(activity.problems)
    return {
        "seconds": time.perf_counter() - started,
        "activities": count,
        "problems": problems,
        "peak_mb": _peak_mb() - base,
    }


def phase_import(path: str) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sharaka.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from decimal import Decimal

    from sharaka.demo.parts import finance as demo_finance
    from sharaka.finance.models import ExchangeRate
    from sharaka.iati import importing
    from sharaka.iati.models import Flow, ForeignActivity, ImportRun
    from sharaka.iati.reading import activity_schema

    # The demo's exchange rates (its levels, on the first of each month), written directly.
    ExchangeRate.objects.bulk_create(
        (
            ExchangeRate(
                currency=c,
                date=datetime.date(y, m, 1),
                rate=Decimal(level),
                source="bench",
                is_illustrative=True,
            )
            for c, levels in demo_finance.RATE_LEVELS.items()
            for y, level in levels.items()
            for m in range(1, 13)
        ),
        ignore_conflicts=True,  # a rate the migrations already hold
    )
    activity_schema()
    base = _rss_mb()
    run = ImportRun.objects.create(source="command", name=os.path.basename(path), size=os.path.getsize(path))
    started = time.perf_counter()
    with open(path, "rb") as source:
        importing.import_file(run, source, actor=None)
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "database": connection.vendor,
        "status": run.status,
        "activities": ForeignActivity.objects.count(),
        "flows": Flow.objects.count(),
        "counts": {k: v for k, v in run.counts.items() if isinstance(v, int)},
        "peak_mb": _peak_mb() - base,
    }


def phase_rows(path: str) -> dict:
    """The database's own share: the rows the SQLite import wrote (`path` is its database), read
    back into Python tuples, then timed while plain `sqlite3` writes them with `executemany` into
    empty tables of the same schema and indexes, in one transaction. No parsing, no mapping, no
    Django: what writing those rows costs by itself."""
    import sqlite3

    source = sqlite3.connect(path)
    tables = [
        name
        for (name,) in source.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name LIKE 'iati_%'"
        )
    ] + ["core_searchentry"]
    # The tables, their indexes, the search's trigram table (its own tables follow) and its triggers.
    named = [*tables, "core_searchentry_trigram"]
    schema = [
        sql
        for (sql,) in source.execute(
            f"SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND tbl_name IN ({','.join('?' * len(named))}) "
            "ORDER BY type = 'trigger'",
            named,
        )
    ]
    data = {}
    for table in tables:
        cursor = source.execute(f'SELECT * FROM "{table}"')
        data[table] = (len(cursor.description), cursor.fetchall())
    with tempfile.TemporaryDirectory() as folder:
        target = sqlite3.connect(os.path.join(folder, "rows.sqlite3"), isolation_level=None)
        for sql in schema:
            if "sqlite_autoindex" not in sql:
                target.execute(sql)
        rows = sum(len(r) for _n, r in data.values())
        started = time.perf_counter()
        target.execute("BEGIN")
        for table, (width, values) in data.items():
            target.executemany(f'INSERT INTO "{table}" VALUES ({",".join("?" * width)})', values)
        target.execute("COMMIT")
        seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "rows": rows,
        "tables": {t: len(r) for t, (_w, r) in data.items()},
        "peak_mb": 0,
    }


PHASES = {"iterparse": phase_iterparse, "read": phase_read, "import": phase_import, "rows": phase_rows}


def _run(phase: str, path: Path, env=None) -> dict:
    output = subprocess.run(
        [sys.executable, "-m", "bench.iati_import", "--phase", phase, str(path)],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
    )
    if output.returncode:
        raise SystemExit(f"{phase} failed:\n{output.stderr[-3000:]}")
    return json.loads(output.stdout.strip().splitlines()[-1])


def _fresh_postgresql(name: str) -> str:
    """A new, empty PostgreSQL database on the local server (trust authentication, as on CI)."""
    for sql in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", sql], check=True)
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.iati_import", description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=int, default=200, help="size of the generated file (default 200)")
    parser.add_argument("--pg", action="store_true", help="also import into PostgreSQL (local server)")
    parser.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    parser.add_argument("file", nargs="?", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phase:
        print(json.dumps(PHASES[args.phase](args.file)))
        return 0
    os.environ.setdefault("SHARAKA_TESTING", "1")
    with tempfile.TemporaryDirectory(prefix="sharaka-iati-bench-") as folder:
        path = Path(folder) / "activities.xml"
        started = time.perf_counter()
        made = generate(path, args.mb)
        made["generate_seconds"] = time.perf_counter() - started
        mb = made["bytes"] / 2**20
        print(f"file: {mb:.0f} MB, {made['activities']} activities", file=sys.stderr)
        results = {"file": made, "date": datetime.datetime.now(datetime.UTC).date().isoformat()}
        results["iterparse"] = _run("iterparse", path)
        print(f"iterparse: {results['iterparse']['seconds']:.1f} s", file=sys.stderr)
        results["read"] = _run("read", path)
        print(f"read: {results['read']['seconds']:.1f} s", file=sys.stderr)
        targets = [("import_sqlite", {"DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3"})]
        if args.pg:
            targets.append(
                (
                    "import_postgresql",
                    {
                        "DATABASE_URL": os.environ.get("DATABASE_URL_PG")
                        or _fresh_postgresql("sharaka_iati_bench")
                    },
                )
            )
        for key, env in targets:
            results[key] = _run("import", path, env)
            print(f"{key}: {results[key]['seconds']:.1f} s", file=sys.stderr)
        results["rows_sqlite"] = _run("rows", Path(folder) / "bench.sqlite3")
        print(f"rows_sqlite: {results['rows_sqlite']['seconds']:.1f} s", file=sys.stderr)
    floor = results["iterparse"]["seconds"]
    for key in ("read", "import_sqlite", "import_postgresql", "rows_sqlite"):
        if key in results:
            results[key]["x_iterparse"] = round(floor / results[key]["seconds"], 3)
            results[key]["mb_per_second"] = round(mb / results[key]["seconds"], 2)
    RESULTS.mkdir(exist_ok=True)
    stem = RESULTS / f"{results['date']}-iati-import"
    stem.with_suffix(".json").write_text(json.dumps(results, indent=2) + "\n")
    stem.with_suffix(".md").write_text(_markdown(results, mb))
    print(_markdown(results, mb))
    return 0


def _markdown(results: dict, mb: float) -> str:
    lines = [
        f"# IATI import bench ({results['date']})",
        "",
        f"File: {mb:.0f} MB, {results['file']['activities']:,} activities (the demo's illustrative "
        "activities repeated with new identifiers).",
        "",
        "| measure | seconds | MB/s | × bare iterparse | peak memory (MB over start) |",
        "|---|---:|---:|---:|---:|",
    ]
    for key, label in (
        ("iterparse", "bare iterparse (floor)"),
        ("read", "reader + schema check"),
        ("import_sqlite", "import, SQLite"),
        ("import_postgresql", "import, PostgreSQL"),
        ("rows_sqlite", "the import's rows alone, bare sqlite3 executemany"),
    ):
        if key not in results:
            continue
        r = results[key]
        ratio = r.get("x_iterparse", 1.0)
        lines.append(
            f"| {label} | {r['seconds']:.1f} | {mb / r['seconds']:.1f} | {ratio:.2f} | {r['peak_mb']:.0f} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
