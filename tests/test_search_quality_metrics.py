"""The quality harness's arithmetic: ranks, recall@k, MRR, the per-group breakdown and the target."""

import json

import pytest

from bench.search_quality import (
    breakdown, first_rank, format_misses, format_table, load_queries, summarise, target_shortfalls,
)

pytestmark = pytest.mark.smoke


def query(id_, language="ro", kind="exact", expected=("A-1",)):
    return {"id": id_, "language": language, "kind": kind, "query": f"text {id_}", "expected": list(expected)}


def test_first_rank_is_the_one_based_position_of_the_first_expected_answer():
    assert first_rank(["A-3"], ["A-1", "A-2", "A-3"]) == 3
    assert first_rank(["A-9", "A-2"], ["A-1", "A-2", "A-9"]) == 2


def test_first_rank_is_none_when_no_expected_answer_is_in_the_top_ten():
    results = [f"A-{n}" for n in range(1, 12)]
    assert first_rank(["A-11"], results) is None
    assert first_rank(["A-10"], results) == 10
    assert first_rank(["A-1"], []) is None


def test_summarise_gives_recall_at_one_and_three_and_mean_reciprocal_rank():
    scores = summarise([1, 2, 4, None])
    assert scores["n"] == 4
    assert scores["recall_at_1"] == pytest.approx(0.25)
    assert scores["recall_at_3"] == pytest.approx(0.5)
    assert scores["mrr"] == pytest.approx((1 + 1 / 2 + 1 / 4) / 4)


def test_summarise_of_nothing_has_no_scores():
    assert summarise([]) == {"n": 0, "recall_at_1": None, "recall_at_3": None, "mrr": None}


def test_breakdown_scores_each_language_and_kind_separately():
    rows = [
        (query("ro-1", "ro", "typo"), 1), (query("ro-2", "ro", "exact"), None),
        (query("en-1", "en", "typo"), 2),
    ]
    scores = breakdown(rows)
    assert scores["overall"]["n"] == 3 and scores["overall"]["mrr"] == pytest.approx(0.5)
    assert list(scores["language"]) == ["ro", "en"]
    assert scores["language"]["ro"]["recall_at_1"] == pytest.approx(0.5)
    assert scores["language"]["en"]["mrr"] == pytest.approx(0.5)
    assert list(scores["kind"]) == ["exact", "typo"]
    assert scores["kind"]["typo"]["recall_at_3"] == pytest.approx(1.0)
    assert scores["kind"]["exact"]["recall_at_3"] == 0


def test_target_is_met_when_overall_typo_and_no_diacritics_reach_it():
    rows = [(query(f"q{n}", kind=kind), 1) for n, kind in enumerate(["typo", "no_diacritics", "paraphrase"])]
    assert target_shortfalls(breakdown(rows)) == []


def test_a_weak_kind_outside_the_target_does_not_fail_it():
    rows = [(query(f"q{n}", kind=kind), 1) for n, kind in enumerate(["typo", "no_diacritics"] * 5)]
    rows += [(query("weak", kind="paraphrase"), None)]
    assert target_shortfalls(breakdown(rows)) == []


def test_target_fails_on_low_mrr_even_with_good_recall_at_three():
    rows = [(query(f"q{n}", kind=kind), 3) for n, kind in enumerate(["typo", "no_diacritics"])]
    shortfalls = target_shortfalls(breakdown(rows))
    assert any(line.startswith("overall: mrr") for line in shortfalls)
    assert not any("recall_at_3" in line for line in shortfalls)


def test_target_fails_when_typo_recall_is_low_although_overall_is_fine():
    rows = [(query(f"good{n}", kind="no_diacritics"), 1) for n in range(20)]
    rows += [(query("typo-hit", kind="typo"), 1), (query("typo-miss", kind="typo"), None)]
    shortfalls = target_shortfalls(breakdown(rows))
    assert shortfalls == ["typo: recall_at_3 0.500 < 0.90", "typo: mrr 0.500 < 0.80"]


def test_target_fails_when_a_target_kind_has_no_queries():
    rows = [(query("only", kind="typo"), 1)]
    assert target_shortfalls(breakdown(rows)) == ["no_diacritics: no queries to measure"]


def test_table_has_a_line_per_group_and_a_column_block_per_engine():
    rows = [(query("ro-1", "ro", "typo"), 1), (query("en-1", "en", "exact"), None)]
    table = format_table({"ours": breakdown(rows), "stock": breakdown([(q, None) for q, _ in rows])})
    lines = table.splitlines()
    assert "ours" in lines[0] and "stock" in lines[0]
    overall = next(line for line in lines if line.startswith("overall"))
    assert overall.split()[1:] == ["2", "0.500", "0.500", "0.500", "0.000", "0.000", "0.000"]
    assert any(line.startswith("language en") for line in lines)
    assert any(line.startswith("kind typo") for line in lines)


def test_misses_name_the_query_the_expected_entry_and_what_came_first():
    missed = {"query": query("ro-7", expected=["e1-a"]) | {"filters": {"country": "IT"}}, "results": ["A-2", "A-1"],
              "rank": 2}
    lost = {"query": query("ro-8", expected=["e1-b"]), "results": [], "rank": None}
    text = format_misses([missed, lost], {"A-2": "e1-other"})
    first, second = text.splitlines()
    assert "ro-7" in first and "e1-a" in first and "rank 2" in first and "A-2 e1-other" in first
    assert "'country': 'IT'" in first
    assert "not in top 10" in second and second.endswith("first: nothing")


def test_load_queries_refuses_an_unknown_version(tmp_path):
    path = tmp_path / "queries.json"
    path.write_text(json.dumps({"version": 2, "queries": []}), encoding="utf-8")
    with pytest.raises(ValueError, match="version"):
        load_queries(path)


def test_load_queries_refuses_a_query_without_expected_answers(tmp_path):
    path = tmp_path / "queries.json"
    path.write_text(json.dumps({"version": 1, "queries": [{"id": "ro-1", "language": "ro", "kind": "exact",
                                                           "query": "x"}]}), encoding="utf-8")
    with pytest.raises(ValueError, match="ro-1 lacks expected"):
        load_queries(path)
