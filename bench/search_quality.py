#!/usr/bin/env python3
"""Search quality on the development query set: our search against Wagtail's stock search.

    .venv/bin/python bench/search_quality.py [--queries bench/data/queries.json] [--json out.json]
                                             [--only ours|stock] [--check]

Sets up Django itself (DJANGO_SETTINGS_MODULE defaults to kb.settings.dev: SQLite, or PostgreSQL
when DATABASE_URL is set), loads the demo content when the database holds no FAQ entries,
rebuilds our index, then runs every query through both searches, first page of 10. Prints
recall@1, recall@3 and MRR per language, per kind and overall, and the queries we miss.
Target (DESIGN.md section 6): recall@3 >= 0.90 and MRR >= 0.80 overall and on the typo and
no_diacritics kinds; ``--check`` exits non-zero when ours is below it.
"""

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_QUERIES = ROOT / "bench" / "data" / "queries.json"
LANGUAGES = ("ro", "ru", "uk", "en")
KINDS = ("exact", "paraphrase", "colloquial", "typo", "no_diacritics", "latin_cyrillic", "short_keywords", "filtered")
# Kinds that only make sense in some languages; the others apply to all four.
KIND_LANGUAGES = {"no_diacritics": ("ro", "ru"), "latin_cyrillic": ("ru", "uk")}
FILTER_KEYS = ("category", "country", "audience")
SCOPES = ("public", "operator")
DEPTH = 10
TARGET = {"recall_at_3": 0.90, "mrr": 0.80}
TARGET_GROUPS = (("overall", None), ("kind", "typo"), ("kind", "no_diacritics"))
ENGINES = ("ours", "stock")


# ---------------------------------------------------------------- the query set

def load_queries(path):
    """The queries of a query-set file; refuses a file whose shape the harness cannot score."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if data.get("version") != 1:
        raise ValueError(f"{path}: unknown query-set version {data.get('version')!r}")
    queries = data["queries"]
    for query in queries:
        missing = {"id", "language", "kind", "query", "expected"} - query.keys()
        if missing:
            raise ValueError(f"{path}: query {query.get('id', '?')} lacks {', '.join(sorted(missing))}")
    return queries


# ---------------------------------------------------------------- metrics

def first_rank(expected, results, depth=DEPTH):
    """1-based position of the first expected answer among the first ``depth`` results, else None."""
    wanted = set(expected)
    for position, answer in enumerate(results[:depth], start=1):
        if answer in wanted:
            return position
    return None


def summarise(ranks):
    """recall@1, recall@3 and MRR of a list of ranks (None = not found in the top results)."""
    count = len(ranks)
    if not count:
        return {"n": 0, "recall_at_1": None, "recall_at_3": None, "mrr": None}
    found = [rank for rank in ranks if rank is not None]
    return {
        "n": count,
        "recall_at_1": sum(rank <= 1 for rank in found) / count,
        "recall_at_3": sum(rank <= 3 for rank in found) / count,
        "mrr": sum(1 / rank for rank in found) / count,
    }


def breakdown(rows):
    """Scores overall, per language and per kind; ``rows`` are (query, rank) pairs."""
    def ranks(where):
        return [rank for query, rank in rows if where(query)]

    languages = [lang for lang in LANGUAGES if any(query["language"] == lang for query, _ in rows)]
    kinds = [kind for kind in KINDS if any(query["kind"] == kind for query, _ in rows)]
    return {
        "overall": summarise(ranks(lambda query: True)),
        "language": {lang: summarise(ranks(lambda query, lang=lang: query["language"] == lang)) for lang in languages},
        "kind": {kind: summarise(ranks(lambda query, kind=kind: query["kind"] == kind)) for kind in kinds},
    }


def target_shortfalls(scores):
    """Where a breakdown misses the target, as readable lines; empty when the target is met."""
    shortfalls = []
    for section, name in TARGET_GROUPS:
        group = scores["overall"] if name is None else scores[section].get(name)
        label = name or section
        if not group or not group["n"]:
            shortfalls.append(f"{label}: no queries to measure")
            continue
        for metric, threshold in TARGET.items():
            if group[metric] < threshold:
                shortfalls.append(f"{label}: {metric} {group[metric]:.3f} < {threshold:.2f}")
    return shortfalls


# ---------------------------------------------------------------- report

def _cells(group):
    if not group or not group["n"]:
        return "    -     -     -"
    return f"{group['recall_at_1']:6.3f}{group['recall_at_3']:6.3f}{group['mrr']:6.3f}"


def format_table(summaries):
    """One line per group, one column block (R@1, R@3, MRR) per engine that ran."""
    engines = [engine for engine in ENGINES if engine in summaries]
    first = summaries[engines[0]]
    header = f"{'':24}{'n':>5}" + "".join(f"   {engine:<17}" for engine in engines)
    metrics = f"{'':29}" + "".join(f"   {'R@1':>5} {'R@3':>5} {'MRR':>5}" for _ in engines)
    lines = [header, metrics]

    def line(label, section, name):
        n = first[section]["n"] if name is None else first[section][name]["n"]
        cells = []
        for engine in engines:
            group = summaries[engine][section] if name is None else summaries[engine][section].get(name)
            cells.append("  " + _cells(group))
        lines.append(f"{label:24}{n:5}" + "".join(cells))

    line("overall", "overall", None)
    for lang in first["language"]:
        line(f"language {lang}", "language", lang)
    for kind in first["kind"]:
        line(f"kind {kind}", "kind", kind)
    return "\n".join(lines)


def format_misses(outcomes, slug_of):
    """Queries whose expected answer is not in the top results, or not first: what came instead."""
    lines = []
    for outcome in outcomes:
        if outcome["rank"] == 1:
            continue
        query = outcome["query"]
        top = outcome["results"][0] if outcome["results"] else None
        came_first = f"{top} {slug_of.get(top, '?')}" if top else "nothing"
        where = f"rank {outcome['rank']}" if outcome["rank"] else "not in top 10"
        filters = f" {query['filters']}" if query.get("filters") else ""
        lines.append(
            f"  {query['id']} [{query['kind']}] {query['query']!r}{filters}: expected {', '.join(query['expected'])}"
            f" ({where}); first: {came_first}"
        )
    return "\n".join(lines)


# ---------------------------------------------------------------- the searches (need Django)

def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings.dev")
    import django

    django.setup()


def ensure_demo_content(out):
    from django.core.management import call_command

    from faq.models import FaqPage

    call_command("migrate", interactive=False, verbosity=0)
    if not FaqPage.objects.exists():
        out.write("No FAQ entries: loading the demo content.\n")
        call_command("load_demo", verbosity=0, stdout=out)


def answer_numbers(language="ro"):
    """Demo slug -> answer number, from the source-language pages (every translation shares it)."""
    from faq.models import FaqPage

    return dict(FaqPage.objects.filter(locale__language_code=language).values_list("slug", "answer_number"))


def search_ours(query):
    from search.query import MAX_QUERY_LENGTH, OPERATOR, PUBLIC, SearchRequest
    from search.service import run_search

    filters = query.get("filters", {})
    request = SearchRequest(
        text=query["query"][:MAX_QUERY_LENGTH], locale=query["language"],
        scope=OPERATOR if query.get("scope") == "operator" else PUBLIC,
        category=filters.get("category", ""), country=filters.get("country", ""),
        audience=filters.get("audience", ""), page_size=DEPTH,
    )
    result = run_search(request)
    return [hit.answer_number for hit in result.hits], result.backend


def search_stock(query):
    """Wagtail's search with the default backend, scoped and filtered with the ORM beforehand."""
    from bench.stock_search import stock_search

    filters = query.get("filters", {})
    numbers = stock_search(
        query["query"], query["language"], operator=query.get("scope") == "operator",
        category=filters.get("category", ""), country=filters.get("country", ""),
        audience=filters.get("audience", ""), size=DEPTH,
    )
    return numbers, "wagtail"


SEARCHES = {"ours": search_ours, "stock": search_stock}


def run_engine(engine, queries, numbers):
    outcomes, backends = [], set()
    for query in queries:
        results, backend = SEARCHES[engine](query)
        backends.add(backend)
        expected = [numbers[slug] for slug in query["expected"]]
        outcomes.append({"query": query, "results": results, "rank": first_rank(expected, results)})
    return outcomes, backends


# ---------------------------------------------------------------- command line

def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--queries", default=str(DEFAULT_QUERIES), help="query-set file (JSON)")
    parser.add_argument("--json", dest="json_path", help="also write the scores and every ranking here")
    parser.add_argument("--only", choices=ENGINES, help="run only our search or only Wagtail's")
    parser.add_argument("--check", action="store_true", help="exit 1 when our search misses the target")
    args = parser.parse_args(argv)
    if args.check and args.only == "stock":
        parser.error("--check measures our search; it cannot be combined with --only stock")
    return args


def main(argv=None, out=sys.stdout):
    args = parse_args(argv)
    queries = load_queries(args.queries)
    engines = [args.only] if args.only else list(ENGINES)

    setup_django()
    ensure_demo_content(out)
    numbers = answer_numbers()
    unknown = sorted({slug for query in queries for slug in query["expected"]} - numbers.keys())
    if unknown:
        out.write(f"Expected entries missing from the database: {', '.join(unknown)}\n")
        return 2
    slug_of = {number: slug for slug, number in numbers.items()}
    if "ours" in engines:
        from search.indexing import rebuild_index

        out.write(f"Rebuilt our index: {rebuild_index()}\n")

    outcomes, summaries, backends = {}, {}, {}
    for engine in engines:
        outcomes[engine], backends[engine] = run_engine(engine, queries, numbers)
        summaries[engine] = breakdown([(o["query"], o["rank"]) for o in outcomes[engine]])

    per_language = ", ".join(f"{lang} {group['n']}" for lang, group in summaries[engines[0]]["language"].items())
    answered_by = "; ".join(f"{engine}: {', '.join(sorted(backends[engine]))}" for engine in engines)
    out.write(f"\nSearch quality: {len(queries)} queries ({per_language}), top {DEPTH}; answered by {answered_by}\n\n")
    out.write(format_table(summaries) + "\n")

    shortfalls = None
    if "ours" in summaries:
        shortfalls = target_shortfalls(summaries["ours"])
        verdict = "met" if not shortfalls else "NOT met: " + "; ".join(shortfalls)
        out.write(f"\nTarget for ours (recall@3 >= {TARGET['recall_at_3']:.2f}, MRR >= {TARGET['mrr']:.2f} "
                  f"overall, typo, no_diacritics): {verdict}\n")
        missed = [o for o in outcomes["ours"] if o["rank"] != 1]
        out.write(f"\nOur misses (expected answer not first): {len(missed)}\n")
        if missed:
            out.write(format_misses(missed, slug_of) + "\n")

    if args.json_path:
        report = {
            "queries": len(queries), "depth": DEPTH, "target": TARGET, "summaries": summaries,
            "target_met": None if shortfalls is None else not shortfalls, "shortfalls": shortfalls,
            "results": [
                {"id": query["id"], **{
                    engine: {"rank": outcomes[engine][i]["rank"], "top": outcomes[engine][i]["results"][:3]}
                    for engine in engines
                }}
                for i, query in enumerate(queries)
            ],
        }
        Path(args.json_path).write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return 1 if args.check and shortfalls else 0


if __name__ == "__main__":
    sys.exit(main())
