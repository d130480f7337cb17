#!/usr/bin/env python3
"""Lighthouse scores of the public site: home, an entry and search, mobile and desktop (issue 7 point 6).

    (cd bench/lighthouse && npm ci --no-audit --no-fund)          # once: Lighthouse 12.8.2
    .venv/bin/python bench/lighthouse.py                           # starts a demo site (SQLite)
    .venv/bin/python bench/lighthouse.py --url http://127.0.0.1:8000 --entry /ro/intrebari/<slug>/

Starts the demo site as bench/public_latency.py does (bench/demo_site.py: gunicorn, 2 workers,
bench/settings.py, demo content), or takes ``--url``; then runs the Lighthouse CLI from
bench/lighthouse/node_modules against Debian's Chromium (CHROME_PATH=/usr/bin/chromium; nothing
downloads a browser) on the home page (/ro/), one entry (the first Romanian entry of
/sitemap.xml unless ``--entry``) and the search page (/ro/search/?q=viza), each with Lighthouse's
mobile default (emulated phone, simulated slow 4G and 4x slower CPU) and with
``--preset=desktop``. Prints the four category scores per page, every audit that lost points
(id and title, where it failed, a few offending items), and writes Lighthouse's JSON and HTML
reports to a directory (printed). Exit code 1 when any score is below ``--min-score`` (95) or a
page could not be measured.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.demo_site import demo_site, get, relaunch_on_throwaway, site_arguments, sitemap_paths  # noqa: E402
from bench.public_latency import load_average  # noqa: E402
from bench.search_latency import run_facts  # noqa: E402

LIGHTHOUSE = ROOT / "bench" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
FORM_FACTORS = {"mobile": [], "desktop": ["--preset=desktop"]}
# Audits that only inform, cannot be checked automatically or do not apply never cost points.
UNSCORED = {"notApplicable", "manual", "informative"}


def run_lighthouse(url, extra, output_base, timeout_s):
    """One Lighthouse run; returns the parsed report (lhr) or raises RuntimeError."""
    command = [
        str(LIGHTHOUSE), url, "--output=json", "--output=html", f"--output-path={output_base}",
        f"--chrome-flags={' '.join(CHROME_FLAGS)}", f"--only-categories={','.join(CATEGORIES)}", "--quiet", *extra,
    ]
    env = {**os.environ, "CHROME_PATH": CHROMIUM, "PUPPETEER_SKIP_DOWNLOAD": "1"}
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout_s)
    report = Path(f"{output_base}.report.json")
    if result.returncode or not report.exists():
        raise RuntimeError(f"lighthouse exited {result.returncode}: {(result.stderr or result.stdout)[-1500:]}")
    return json.loads(report.read_text(encoding="utf-8"))


def scores(lhr):
    return {name: (None if lhr["categories"][name]["score"] is None else round(lhr["categories"][name]["score"] * 100))
            for name in CATEGORIES}


def items_of(audit, limit=4):
    """A few offending items of an audit, as short text (selector, snippet, URL, source line)."""
    found = []
    details = audit.get("details") or {}
    items = details.get("items")
    if isinstance(items, dict):  # a checklist: {name: {label, value}}; the checks that failed
        return [check.get("label", name) for name, check in items.items()
                if isinstance(check, dict) and check.get("value") is False][:limit]
    if not isinstance(items, list):
        return found
    if details.get("type") == "list":  # tables inside a list
        items = [row for table in items if isinstance(table, dict) and isinstance(table.get("items"), list)
                 for row in table["items"]]
    for item in items[:limit]:
        if not isinstance(item, dict):
            continue
        node = item.get("node") if isinstance(item.get("node"), dict) else {}
        parts = [node.get("selector"), node.get("snippet"), node.get("explanation")]
        for key in ("url", "source", "description", "label", "value"):
            value = item.get(key)
            if isinstance(value, dict):
                value = value.get("url") or value.get("value") or (
                    f"{value.get('url', '')}:{value.get('line', '')}" if value.get("type") == "source-location" else None)
            if isinstance(value, (str, int, float)) and value != "":
                parts.append(f"{key}={value}")
        text = " | ".join(str(part).replace("\n", " ")[:200] for part in parts if part)
        if text:
            found.append(text)
    return found


def lost_points(lhr):
    """Audits of the measured categories that did not pass: ``[{id, title, category, weight, score, ...}]``.

    Weighted audits count towards the category score; unweighted ones below 0.9 (performance
    insights and diagnostics, best-practice checks Lighthouse does not score) are listed too,
    as they say what to fix.
    """
    found = []
    for name in CATEGORIES:
        for ref in lhr["categories"][name]["auditRefs"]:
            audit = lhr["audits"][ref["id"]]
            mode = audit.get("scoreDisplayMode")
            if mode in UNSCORED:
                continue
            if mode == "error" or audit.get("score") is None:
                failed, score = True, None
            else:
                score = audit["score"]
                failed = score < 1 if ref.get("weight", 0) > 0 else score < 0.9
            if failed:
                found.append({
                    "id": ref["id"], "title": audit.get("title", ""), "category": name, "weight": ref.get("weight", 0),
                    "score": score, "display": audit.get("displayValue", "") or audit.get("errorMessage", ""),
                    "items": items_of(audit),
                })
    return found


def pick_entry(base_url):
    entries = sorted(sitemap_paths(base_url).get("entry", []))
    romanian = [path for path in entries if path.startswith("/ro/")]
    if not (romanian or entries):
        raise SystemExit("/sitemap.xml lists no entry page; pass --entry")
    return (romanian or entries)[0]


def measure(base_url, pages, form_factors, runs, out_dir, timeout_s):
    results = []
    for page_name, path in pages.items():
        try:
            status = get(base_url, path, headers={"User-Agent": "kb-bench-lighthouse precheck"}, timeout=30)[0]
        except OSError as exc:
            status = f"{type(exc).__name__}: {exc}"
        for factor in form_factors:
            row = {"page": page_name, "path": path, "form_factor": factor, "status": status, "runs": []}
            results.append(row)
            if status != 200:
                row["error"] = f"not measured: GET {path} answered {status}"
                print(f"  {page_name} ({factor}): {row['error']}", flush=True)
                continue
            for number in range(1, runs + 1):
                base = out_dir / f"{page_name}-{factor}-{number}"
                started = time.perf_counter()
                try:
                    lhr = run_lighthouse(base_url + path, FORM_FACTORS[factor], base, timeout_s)
                except (RuntimeError, subprocess.TimeoutExpired) as exc:
                    row["error"] = str(exc)
                    print(f"  {page_name} ({factor}) run {number}: {exc}", flush=True)
                    break
                run = {"scores": scores(lhr), "report": f"{base}.report.html", "lost": lost_points(lhr),
                       "cpu_index": round((lhr.get("environment") or {}).get("benchmarkIndex") or 0),
                       "warnings": lhr.get("runWarnings", []), "runtime_error": (lhr.get("runtimeError") or {}).get("message")}
                row["runs"].append(run)
                print(f"  {page_name} ({factor}) run {number}: {run['scores']} in {time.perf_counter() - started:.0f} s, "
                      f"CPU index {run['cpu_index']}", flush=True)
            if row["runs"]:
                # Lighthouse's advice for variable scores: the median run, here per category.
                row["scores"] = {name: statistics.median_low([r["scores"][name] if r["scores"][name] is not None else -1
                                                              for r in row["runs"]]) for name in CATEGORIES}
                row["lost"] = row["runs"][0]["lost"] if runs == 1 else _median_run(row)["lost"]
    return results


def _median_run(row):
    ordered = sorted(row["runs"], key=lambda run: run["scores"]["performance"] or 0)
    return ordered[(len(ordered) - 1) // 2]


def report(results, min_score, facts):
    short = {"performance": "perf", "accessibility": "a11y", "best-practices": "best pr.", "seo": "SEO"}
    lines = [
        f"Lighthouse {facts['lighthouse']} with {facts['chromium']}, {facts['date']}, {facts['machine']}, load average "
        f"before {facts['load_before']}, after {facts['load_after']}",
        f"Site: {facts['site']}",
        f"Reports: {facts['out_dir']}",
        "",
        "| page | form factor | " + " | ".join(short[name] for name in CATEGORIES) + " | CPU index |",
        "|---|---|" + "---|" * (len(CATEGORIES) + 1),
    ]
    failed = []
    for row in results:
        if "scores" not in row:
            lines.append(f"| {row['page']} `{row['path']}` | {row['form_factor']} | "
                         + " | ".join("-" for _ in range(len(CATEGORIES) + 1)) + " |")
            failed.append(f"{row['page']} ({row['form_factor']}): {row.get('error', 'not measured')}")
            continue
        cells = []
        for name in CATEGORIES:
            value = row["scores"][name]
            low = value is None or value < min_score
            cells.append(f"**{value}**" if low else str(value))
            if low:
                failed.append(f"{row['page']} ({row['form_factor']}): {name} {value} < {min_score}")
        cpu = "/".join(str(run["cpu_index"]) for run in row["runs"])
        lines.append(f"| {row['page']} `{row['path']}` | {row['form_factor']} | " + " | ".join(cells) + f" | {cpu} |")
    # Every audit that lost points, once, with where it failed.
    audits = {}
    for row in results:
        for lost in row.get("lost", []):
            entry = audits.setdefault((lost["category"], lost["id"]), {**lost, "where": []})
            score = "error" if lost["score"] is None else f"{lost['score']:.2f}"
            entry["where"].append(f"{row['page']}/{row['form_factor']} {score}" + (f" ({lost['display']})" if lost["display"] else ""))
    lines.append("CPU index: Lighthouse's benchmarkIndex of the machine during the run (its mobile CPU throttling "
                 "assumes about 1000 or more; a busy machine scores lower and inflates Total Blocking Time).")
    lines += ["", "Audits that lost points (weighted ones count towards the score; unweighted below 0.9 are advice):"]
    if not audits:
        lines.append("  none")
    for name in CATEGORIES:
        for (category, audit_id), audit in sorted(audits.items(), key=lambda item: -item[1]["weight"]):
            if category != name:
                continue
            weight = f"weight {audit['weight']:g}" if audit["weight"] else "unweighted"
            lines.append(f"- [{category}] `{audit_id}` ({weight}): {audit['title']}")
            lines.append(f"    on: {'; '.join(audit['where'])}")
            for item in audit["items"]:
                lines.append(f"    e.g. {item}")
    warnings = sorted({warning for row in results for run in row["runs"] for warning in run["warnings"]})
    if warnings:
        lines += ["", "Lighthouse run warnings:"] + [f"- {warning}" for warning in warnings]
    lines.append("")
    lines += [f"- FAILED: {text}" for text in failed] or [f"- met: every score >= {min_score}"]
    return "\n".join(lines), not failed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    site_arguments(parser, workers=2)
    parser.add_argument("--entry", help="the entry page's path (default: the first Romanian entry of /sitemap.xml)")
    parser.add_argument("--home", default="/ro/", help="the home page's path")
    parser.add_argument("--search", default="/ro/search/?q=viza", help="the search page's path")
    parser.add_argument("--form-factors", default="mobile,desktop", help="comma-separated: mobile, desktop")
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page and form factor (median kept)")
    parser.add_argument("--min-score", type=int, default=95)
    parser.add_argument("--out", help="directory for the reports (default: a new temporary directory, kept)")
    parser.add_argument("--timeout", type=int, default=240, help="seconds per Lighthouse run")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        raise SystemExit(f"{LIGHTHOUSE} is missing: cd bench/lighthouse && npm ci --no-audit --no-fund")
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing: apt-get install chromium")
    form_factors = [name.strip() for name in args.form_factors.split(",") if name.strip()]
    unknown = set(form_factors) - set(FORM_FACTORS)
    if unknown:
        raise SystemExit(f"unknown form factor(s): {', '.join(sorted(unknown))}")
    relaunched = relaunch_on_throwaway(args, __file__, argv)
    if relaunched is not None:
        return relaunched
    out_dir = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="kb-lighthouse-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    print(f"Lighthouse reports go to {out_dir}", flush=True)
    version = subprocess.run([str(LIGHTHOUSE), "--version"], capture_output=True, text=True).stdout.strip()
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    with demo_site(args) as (base_url, description):
        pages = {"home": args.home, "entry": args.entry or pick_entry(base_url), "search": args.search}
        load_before = load_average()
        results = measure(base_url, pages, form_factors, args.runs, out_dir, args.timeout)
        load_after = load_average()
    facts = {
        **run_facts(), "lighthouse": version, "chromium": chromium or CHROMIUM,
        "site": description, "out_dir": str(out_dir), "load_before": load_before, "load_after": load_after,
    }
    text, met = report(results, args.min_score, facts)
    print(text)
    if args.json:
        Path(args.json).write_text(json.dumps({**facts, "results": results}, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
