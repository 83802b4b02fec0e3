"""Write one run's results (JSON and Markdown) and put the latest tables into bench/README.md."""

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
README = HERE / "README.md"
START, END = "<!-- bench:latest -->", "<!-- /bench:latest -->"
TARGET_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# Akvo RSR's published timings for the same pages, in seconds (see README).
AKVO = {
    ("project_list", "commune"): 0.42,
    ("project_list", "region"): 8.0,
    ("project_detail", "region"): 7.5,
}


def write(report: dict) -> list[Path]:
    RESULTS.mkdir(exist_ok=True)
    stem = f"{report['date']}-{report['scale']}"
    json_path = RESULTS / f"{stem}.json"
    md_path = RESULTS / f"{stem}.md"
    json_path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    md_path.write_text(run_table(report) + "\n")
    update_readme()
    return [json_path, md_path, README]


def latest(scale: str) -> dict | None:
    files = sorted(RESULTS.glob(f"*-{scale}.json"))
    return json.loads(files[-1].read_text()) if files else None


def _ms(value: float) -> str:
    return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


def run_table(report: dict) -> str:
    scale, size = report["scale"], report["size"]
    names = list(report["targets"])
    lines = [
        f"### {scale}: {size['partners']:,} partners, {size['projects']:,} projects ({report['date']})",
        "",
        f"{report['requests_per_page']} requests per page, in-process (Django test client), "
        f"{report['machine']['cpus']} CPUs (load average {report['machine'].get('load_average', ['?'])[0]} at the start), "
        f"Python {report['machine']['python']}, commit {report.get('code', {}).get('commit', '?')}"
        f"{' with uncommitted changes' if report.get('code', {}).get('uncommitted') else ''}. "
        "Times in milliseconds; × floor is p50 over the floor's p50; queries per request.",
        "",
    ]
    header = ["page"]
    for name in names:
        label = TARGET_NAMES[name]
        header += [f"{label} p50", "p95", "× floor", "queries"]
    lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    keys = []
    for name in names:
        for key in report["targets"][name].get("pages", {}):
            if key not in keys:
                keys.append(key)
    for key in keys:
        label = next(
            report["targets"][n]["pages"][key]["label"]
            for n in names
            if key in report["targets"][n].get("pages", {})
        )
        row = [label]
        for name in names:
            page = report["targets"][name].get("pages", {}).get(key)
            if not page:
                row += ["–"] * 4
                continue
            if page.get("timed_out"):
                row += [f"> {page['limit_s'] * 1000:,} (timed out)", "–", "–", "–"]
                continue
            bad = {s: c for s, c in page["statuses"].items() if s != "200"}
            flag = f" ⚠ {bad}" if bad else ""
            row += [
                _ms(page["p50_ms"]) + flag,
                _ms(page["p95_ms"]),
                f"{page.get('x_floor_p50', 1):.1f}",
                str(page["queries"]),
            ]
        lines.append("| " + " | ".join(row) + " |")
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
                    f"+{organisation['growth_mb']} MB, {organisation['queries']} queries."
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
    commune, region = latest("commune"), latest("region")
    if not (commune and region):
        return ""
    lines = [
        f"### Region against commune (p50 ratio; commune {commune['date']}, region {region['date']})",
        "",
    ]
    names = [n for n in region["targets"] if n in commune["targets"]]
    header = ["page"] + [f"{TARGET_NAMES[n]} region/commune" for n in names] + ["Akvo RSR 20,000/300"]
    lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    keys = [k for k in commune["targets"][names[0]]["pages"] if k in region["targets"][names[0]]["pages"]]
    for key in keys:
        row = [commune["targets"][names[0]]["pages"][key]["label"]]
        for name in names:
            r = region["targets"][name]["pages"].get(key)
            c = commune["targets"][name]["pages"].get(key)
            if r and r.get("timed_out") and c and not c.get("timed_out"):
                row.append(f"> {r['limit_s'] * 1000 / c['p50_ms']:,.0f}× (timed out)")
            elif r and c and not r.get("timed_out") and not c.get("timed_out"):
                row.append(f"{r['p50_ms'] / c['p50_ms']:.1f}×")
            else:
                row.append("–")
        akvo = "19×" if key == "project_list" else "–"
        row.append(akvo)
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def update_readme() -> None:
    if not README.exists():
        return
    text = README.read_text()
    if START not in text or END not in text:
        return
    parts = [run_table(r) for r in (latest("commune"), latest("region"), latest("national")) if r]
    comparison = comparison_table()
    if comparison:
        parts.append(comparison)
    block = "\n\n".join(parts) or "_No run yet._"
    before, rest = text.split(START, 1)
    _old, after = rest.split(END, 1)
    README.write_text(f"{before}{START}\n{block}\n{END}{after}")
