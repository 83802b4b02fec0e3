"""Write one run's results (JSON and Markdown) and put the latest tables into bench/README.md.

The issue's two targets are marked in every table, per page and database: p95 at most
FLOOR_TARGET times the floor page's p95, and, for a scale measured in the same run as the commune,
p95(scale) / p95(commune) at most SCALE_TARGET; the queries per page are shown side by side
(commune → scale), since they must not grow with the data.
"""

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
README = HERE / "README.md"
START, END = "<!-- bench:latest -->", "<!-- /bench:latest -->"
TARGET_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
FLOOR_TARGET = 10  # every key page's p95 at most 10× the floor's p95
SCALE_TARGET = 1.5  # p95(scale) / p95(commune) at most 1.5
MET, MISSED = "✓", "✗"
# Akvo RSR's published timings for the same pages, in seconds (see README).
AKVO = {
    ("project_list", "commune"): 0.42,
    ("project_list", "region"): 8.0,
    ("project_detail", "region"): 7.5,
}


def write(reports) -> list[Path]:
    """Write a run (one report per scale, smallest first): `<date>-<scale>.json` and `.md` for one
    scale, `<date>-<scale>+<scale>….json` and `.md` holding every scale of the run for several; the
    plans of the slow pages apart (`…-<scale>-<target>-plans.md`); then the README's tables."""
    if isinstance(reports, dict):
        reports = [reports]
    RESULTS.mkdir(exist_ok=True)
    written = []
    for report in reports:
        for name, entry in report["targets"].items():
            plans = entry.pop("plans", None)
            if plans:
                path = RESULTS / f"{report['date']}-{report['scale']}-{name}-plans.md"
                path.write_text(plans_text(report, name, plans) + "\n")
                written.append(path)
    stem = f"{reports[0]['date']}-{'+'.join(r['scale'] for r in reports)}"
    json_path, md_path = RESULTS / f"{stem}.json", RESULTS / f"{stem}.md"
    if len(reports) == 1:
        json_path.write_text(json.dumps(reports[0], indent=2, ensure_ascii=False) + "\n")
    else:
        combined = {"date": reports[0]["date"], "run": reports[0].get("run"), "scales": reports}
        json_path.write_text(json.dumps(combined, indent=2, ensure_ascii=False) + "\n")
    tables = [run_table(r, base=_same_run_commune(r, reports)) for r in reports]
    md_path.write_text("\n\n".join(tables) + "\n")
    update_readme()
    return [json_path, md_path, *written, README]


def all_reports() -> list[dict]:
    """Every per-scale report in bench/results (a run of several scales gives one each), oldest first."""
    found = []
    for path in sorted(RESULTS.glob("*.json")):
        if "-load-" in path.name:
            continue
        try:
            data = json.loads(path.read_text())
        except ValueError:
            continue
        if "scales" in data:
            found += data["scales"]
        elif "targets" in data and "scale" in data:
            found.append(data)
    return sorted(found, key=lambda r: (r["date"], r.get("started_at", "")))


def latest(scale: str) -> dict | None:
    found = [r for r in all_reports() if r["scale"] == scale]
    return found[-1] if found else None


def _run_of(report: dict) -> str | None:
    return (report.get("run") or {}).get("started_at")


def _same_run_commune(report: dict, candidates: list[dict]) -> dict | None:
    """The commune report measured in the same run as `report` (None for the commune itself)."""
    if report["scale"] == "commune" or _run_of(report) is None:
        return None
    return next((r for r in candidates if r["scale"] == "commune" and _run_of(r) == _run_of(report)), None)


def _mark(ok: bool) -> str:
    return MET if ok else MISSED


def _ms(value: float) -> str:
    return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


def _scale_ratio(page: dict, base_page: dict) -> float:
    """p95 at this scale over p95 at commune, each against the floor timed beside it when both have
    one: the load of the shared cores changes between the two measures, the floor shows by how much."""
    if page.get("floor_p95_ms") and base_page.get("floor_p95_ms"):
        return (page["p95_ms"] / page["floor_p95_ms"]) / (base_page["p95_ms"] / base_page["floor_p95_ms"])
    return page["p95_ms"] / base_page["p95_ms"]


def _floor_p95(pages: dict) -> float | None:
    floor = pages.get("floor")
    return floor["p95_ms"] if floor and not floor.get("timed_out") else None


def run_table(report: dict, base: dict | None = None) -> str:
    """The run's table: per page and database p50, p95, p95 × floor's p95 against FLOOR_TARGET and,
    with `base` (the commune measured in the same run), p95 over the commune's p95 against
    SCALE_TARGET and the queries of both scales."""
    scale, size = report["scale"], report["size"]
    names = list(report["targets"])
    lines = [
        f"### {scale}: {size['partners']:,} partners, {size['projects']:,} projects ({report['date']})",
        "",
        f"{report['requests_per_page']} requests per page, in-process (Django test client), "
        f"{report['machine']['cpus']} CPUs (load average {report['machine'].get('load_average', ['?'])[0]} at the start), "
        f"Python {report['machine']['python']}, commit {report.get('code', {}).get('commit', '?')}"
        f"{' with uncommitted changes' if report.get('code', {}).get('uncommitted') else ''}. "
        f"Times in milliseconds. Targets: **p95 × floor** (the page's p95 over the p95 of the floor page, timed after each of the page's requests) "
        f"≤ {FLOOR_TARGET}"
        + (
            f"; **p95 / commune** (this scale's p95 over the commune's, measured in the same run, each against the floor timed beside it) "
            f"≤ {SCALE_TARGET}; queries: the most one request of the page made (over every object it rotates over) at commune → {scale} (to stay the same)."
            if base
            else "; queries: the most one request of the page made, over every object it rotates over."
        ),
        "",
    ]
    header = ["page"]
    for name in names:
        label = TARGET_NAMES[name]
        header += [f"{label} p50", "p95", f"p95 × floor (≤ {FLOOR_TARGET})"]
        if base and name in base["targets"]:
            header += [f"p95 / commune (≤ {SCALE_TARGET})"]
        header += ["queries"]
    lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    keys = []
    for name in names:
        for key in report["targets"][name].get("pages", {}):
            if key not in keys:
                keys.append(key)
    met = {name: [0, 0, 0, 0] for name in names}  # floor met, floor measured, scale met, scale measured
    for key in keys:
        label = next(
            report["targets"][n]["pages"][key]["label"]
            for n in names
            if key in report["targets"][n].get("pages", {})
        )
        row = [label]
        for name in names:
            pages = report["targets"][name].get("pages", {})
            page = pages.get(key)
            compared = base is not None and name in base["targets"]
            base_page = base["targets"][name].get("pages", {}).get(key) if compared else None
            width = 5 if compared else 4
            if not page:
                row += ["–"] * width
                continue
            if page.get("timed_out"):
                row += [f"> {page['limit_s'] * 1000:,} (timed out)", "–", MISSED]
                met[name][1] += 1
                if compared:
                    row.append(MISSED)
                    met[name][3] += 1
                row.append("–")
                continue
            bad = {s: c for s, c in page["statuses"].items() if s != "200"}
            flag = f" ⚠ {bad}" if bad else ""
            row += [_ms(page["p50_ms"]) + flag, _ms(page["p95_ms"])]
            floor = page.get("floor_p95_ms") or _floor_p95(pages)  # the floor timed beside the page
            counted = key != "floor"  # the floor is the unit, not a page to count
            if floor:
                times = page["p95_ms"] / floor
                ok = times <= FLOOR_TARGET
                met[name][0] += ok and counted
                met[name][1] += counted
                row.append(f"{times:.1f} {_mark(ok)}")
            else:
                row.append("–")
            if compared:
                if base_page and not base_page.get("timed_out"):
                    ratio = _scale_ratio(page, base_page)
                    ok = ratio <= SCALE_TARGET
                    met[name][2] += ok and counted
                    met[name][3] += counted
                    row.append(f"{ratio:.2f} {_mark(ok)}")
                else:
                    row.append("–")
                if base_page and "queries" in base_page:
                    # Fewer at the larger scale is no growth: a drop-down of 60 funders becomes a
                    # box to type one in beyond 100 (its names are no longer read).
                    grew = page["queries"] > base_page["queries"]
                    row.append(f"{base_page['queries']} → {page['queries']}{' ' + MISSED if grew else ''}")
                else:
                    row.append(str(page["queries"]))
            else:
                row.append(str(page["queries"]))
        lines.append("| " + " | ".join(row) + " |")
    summary = []
    for name in names:
        floor_met, floor_all, scale_met, scale_all = met[name]
        said = f"{TARGET_NAMES[name]}: {floor_met} of {floor_all} pages within {FLOOR_TARGET}× the floor"
        if scale_all:
            said += f", {scale_met} of {scale_all} within {SCALE_TARGET}× their commune p95"
        summary.append(said)
    if summary:
        lines += ["", "Targets met: " + "; ".join(summary) + "."]
    for name in names:
        exported = report["targets"][name].get("iati")
        if exported:
            app, bare = exported["app"], exported["lxml"]
            lines += [
                "",
                f"IATI activity file on {TARGET_NAMES[name]}: {app['activities']:,} public activities, "
                f"{app['elements']:,} elements, {app['bytes'] / 1e6:,.1f} MB in {app['seconds']} s "
                f"({app['activities_per_s']} activities/s, {app.get('x_lxml')}× bare lxml), peak memory "
                f"+{app['growth_mb']} MB, {app.get('queries')} queries; "
                f"bare lxml writing the same elements: {bare['seconds']} s, +{bare['growth_mb']} MB.",
            ]
            scratch, organisation = exported.get("scratch"), exported.get("organisation")
            if scratch:
                lines[-1] += (
                    f" From scratch (every activity built from the database, as a rebuild of the kept "
                    f"fragments does): {scratch['seconds']} s, +{scratch['growth_mb']} MB."
                )
            if organisation:
                lines[-1] += (
                    f" Organisation file: {organisation['bytes'] / 1e3:,.0f} KB in {organisation['seconds']} s, "
                    f"+{organisation['growth_mb']} MB, {organisation['queries']} queries"
                    f" ({organisation.get('x_lxml')}× bare lxml writing its elements,"
                    f" {organisation.get('lxml_seconds')} s)."
                )
    lines += ["", "Data generated (rows) and time to generate:", ""]
    for name in names:
        generation = report["targets"][name]["generation"]
        counts = generation["counts"]
        main = ", ".join(
            f"{counts.get(k, 0):,} {label}"
            for k, label in [
                ("partners.organisation", "partners"),
                ("partners.contact", "contacts"),
                ("partners.interaction", "interactions"),
                ("partners.followup", "follow-ups"),
                ("projects.project", "projects"),
                ("projects.projectpartner", "project partners"),
                ("projects.statuschange", "status changes"),
                ("finance.transaction", "transactions"),
                ("finance.budgetline", "budget lines"),
                ("agreements.agreement", "agreements"),
                ("results.period", "result periods"),
                ("sustainability.plan", "sustainability plans"),
                ("sustainability.recurrentcost", "recurrent costs"),
                ("sustainability.risk", "risks"),
                ("sustainability.check", "post-support checks"),
                ("sustainability.earlywarning", "early warnings"),
                ("core.searchentry", "search rows"),
                ("core.auditentry", "audit entries"),
            ]
        )
        total = sum(counts.values())
        tick = generation.get("sustainability_tick_seconds")
        if tick is not None:
            main += f"; the first sustainability tick over them (opening every warning): {tick} s"
        cached = " (cached database reused)" if generation.get("cached") else ""
        size_mb = report["targets"][name].get("database_bytes", 0) / 1e6
        lines.append(
            f"- {TARGET_NAMES[name]}: {total:,} rows ({main}); generated in {generation['seconds']:.1f} s"
            f"{cached}; database {size_mb:,.0f} MB."
        )
    for note in report.get("pending", []):
        lines.append(f"- Pending: {note}.")
    return "\n".join(lines)


def comparison_table() -> str:
    """Region against commune when they were not measured in the same run (p95 ratio, with dates)."""
    commune, region = latest("commune"), latest("region")
    if not (commune and region) or _same_run_commune(region, [commune]):
        return ""
    lines = [
        f"### Region against commune, measured in different runs (p95 ratio; commune {commune['date']}, "
        f"region {region['date']}; target ≤ {SCALE_TARGET})",
        "",
    ]
    names = [n for n in region["targets"] if n in commune["targets"]]
    if not names:
        return ""
    header = ["page"] + [f"{TARGET_NAMES[n]} region/commune" for n in names] + ["Akvo RSR 20,000/300"]
    lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    keys = [k for k in commune["targets"][names[0]]["pages"] if k in region["targets"][names[0]]["pages"]]
    for key in keys:
        row = [commune["targets"][names[0]]["pages"][key]["label"]]
        for name in names:
            r = region["targets"][name]["pages"].get(key)
            c = commune["targets"][name]["pages"].get(key)
            if r and r.get("timed_out") and c and not c.get("timed_out"):
                row.append(f"> {r['limit_s'] * 1000 / c['p95_ms']:,.0f}× (timed out) {MISSED}")
            elif r and c and not r.get("timed_out") and not c.get("timed_out"):
                ratio = r["p95_ms"] / c["p95_ms"]
                row.append(f"{ratio:.2f} {_mark(ratio <= SCALE_TARGET)}")
            else:
                row.append("–")
        akvo = "19×" if key == "project_list" else "–"
        row.append(akvo)
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def plans_text(report: dict, target: str, plans: dict) -> str:
    """The slowest queries of each slow page with their plans (`EXPLAIN (ANALYZE, BUFFERS)`)."""
    lines = [
        f"# Plans of the slow pages: {report['scale']}, {TARGET_NAMES[target]} ({report['date']})",
        "",
        "Each page whose p95 was over 5× the floor's p95: its slowest queries in one request, each run "
        "again alone, with the database's plan.",
    ]
    for key, found in plans.items():
        page = report["targets"][target]["pages"].get(key, {})
        lines += ["", f"## {key}: {page.get('label', '')} (p95 × floor {page.get('x_floor_p95', '?')})"]
        if isinstance(found, str):  # the explanation itself failed
            lines += ["", f"Not explained: {found}"]
            continue
        for query in found:
            lines += ["", f"{query['ms']:,.1f} ms", "", "```sql", query["sql"], "```", "", "```"]
            lines += query["plan"]
            lines.append("```")
    return "\n".join(lines)


def update_readme() -> None:
    if not README.exists():
        return
    text = README.read_text()
    if START not in text or END not in text:
        return
    everything = all_reports()
    chosen = [r for r in (latest("commune"), latest("region"), latest("national")) if r]
    parts = [run_table(r, base=_same_run_commune(r, everything)) for r in chosen]
    comparison = comparison_table()
    if comparison:
        parts.append(comparison)
    block = "\n\n".join(parts) or "_No run yet._"
    before, rest = text.split(START, 1)
    _old, after = rest.split(END, 1)
    README.write_text(f"{before}{START}\n{block}\n{END}{after}")
