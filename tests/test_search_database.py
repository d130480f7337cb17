"""The database store answers real searches: folding, typos, prefixes, Cyrillic in Latin, scope."""

import pytest

from search.backends import database_store
from search.query import FACETS

from .factories import entry_record, write_entries
from .search_helpers import numbers, operator_search, search


@pytest.fixture
def entries(sections):
    return write_entries(
        _record("A-0101", category="entry-stay-documents/residence-permits", countries=["IT"],
                     audiences=["labour-migrant"], texts={
            "ro": _text("Cum reînnoiesc permisul de ședere în Italia?", "permis-ro",
                        phrasings=["Mi-a expirat permisul de ședere"], keywords=["permesso di soggiorno"],
                        short="Cererea de reînnoire se depune la poștă cu 60 de zile înainte."),
            "ru": _text("Как продлить вид на жительство в Италии?", "permis-ru",
                        phrasings=["У меня закончился вид на жительство"], keywords=["ВНЖ"],
                        short="Заявление подают на почте за 60 дней до окончания."),
            "uk": _text("Як продовжити посвідку на проживання в Італії?", "permis-uk",
                        short="Заяву подають на пошті за 60 днів."),
            "en": _text("How do I renew my residence permit in Italy?", "permis-en",
                        short="Apply at the post office 60 days before it expires."),
        }),
        _record("A-0102", category="work-employment/labour-rights", countries=["DE"], audiences=["family"],
                     texts={
            "ro": _text("Ce salariu minim se plătește în Germania?", "salariu-ro",
                        short="Salariul minim legal (< 15 €/oră) se stabilește pe oră & se revizuiește anual."),
            "en": _text("What is the minimum wage in Germany?", "wage-en", short="An hourly minimum applies."),
        }),
        _record("A-0103", category="work-employment/labour-rights", countries=["DE", "IT"], visibility="operators",
                     texts={
            "ro": _text("Procedură internă pentru apeluri despre trafic de persoane", "trafic-ro",
                        short="Transferați apelul la linia specializată.", notes="Cod intern ALFA pentru supervizor."),
        }),
    )


def _record(number, texts, **fields):
    record = entry_record(number, **fields)
    record["translations"] = texts
    return record


def _text(question, slug, phrasings=(), keywords=(), short="", notes="", answer=""):
    return {
        "question": question, "slug": slug, "alternative_phrasings": list(phrasings), "keywords": list(keywords),
        "short_answer": short, "answer": [{"type": "text", "value": f"<p>{answer or short}</p>"}],
        "sms_text": "", "internal_notes": notes,
    }


@pytest.mark.smoke
def test_romanian_without_diacritics_finds_the_entry(entries):
    assert numbers(search("permisul de sedere"))[:1] == ["A-0101"]
    assert numbers(search("reinnoiesc permis"))[:1] == ["A-0101"]


@pytest.mark.smoke
@pytest.mark.parametrize("typed", ["permsul de sedere", "permisul de sedree", "salaryu minim", "germnaia salariu"])
def test_one_letter_typos_find_the_entry(entries, typed):
    assert numbers(search(typed))[0] in ("A-0101", "A-0102")
    assert numbers(search(typed))[0] == ("A-0102" if "sal" in typed or "germ" in typed else "A-0101")


@pytest.mark.smoke
def test_prefix_of_the_word_being_typed_matches(entries):
    assert numbers(search("permisul de se"))[:1] == ["A-0101"]
    assert numbers(search("salar"))[:1] == ["A-0102"]


@pytest.mark.smoke
def test_russian_typed_in_latin_letters_finds_the_russian_entry(entries):
    for typed in ("vid na zhitelstvo", "vid na jitelstvo", "prodlit vid na jitelstvo"):
        result = search(typed, locale="ru")
        assert numbers(result)[:1] == ["A-0101"], typed
        assert result.hits[0].url.startswith("/ru/")


@pytest.mark.smoke
def test_ukrainian_in_latin_and_in_cyrillic(entries):
    assert numbers(search("posvidka na prozhyvannia", locale="uk"))[:1] == ["A-0101"]
    assert numbers(search("посвідку", locale="uk"))[:1] == ["A-0101"]


@pytest.mark.smoke
def test_english_stemming(entries):
    assert numbers(search("renewing residence permits", locale="en"))[:1] == ["A-0101"]


@pytest.mark.smoke
def test_public_scope_never_sees_operator_entries_or_internal_notes(entries):
    assert "A-0103" not in numbers(search("trafic de persoane"))
    assert numbers(search("ALFA supervizor")) == []
    found = operator_search("trafic de persoane")
    assert numbers(found)[:1] == ["A-0103"]
    by_note = operator_search("ALFA supervizor")
    assert numbers(by_note) == ["A-0103"]
    # Even for operators, internal notes are matched but never returned or highlighted.
    assert "ALFA" not in str(by_note.as_dict())


@pytest.mark.smoke
def test_filters_and_facets(entries):
    everything = operator_search("", category="work-employment")
    assert numbers(everything) == ["A-0102", "A-0103"]
    assert numbers(search("", category="work-employment/labour-rights")) == ["A-0102"]
    assert numbers(search("", country="IT")) == ["A-0101"]
    assert numbers(operator_search("", country="IT")) == ["A-0101", "A-0103"]
    assert numbers(search("", audience="family")) == ["A-0102"]
    assert numbers(search("salariu", country="IT")) == []
    result = operator_search("", country="DE")
    assert set(result.facets) == set(FACETS)
    assert result.total == 2
    assert result.facets["category"] == [{"value": "work-employment", "count": 2}]
    assert {"value": "DE", "count": 2} in result.facets["country"]
    assert {"value": "IT", "count": 1} in result.facets["country"]


@pytest.mark.smoke
def test_highlights_mark_matches_and_escape_the_text(entries):
    result = search("salariul minim legal")
    hit = result.hits[0]
    assert hit.answer_number == "A-0102"
    assert any("<mark>" in fragment for fragment in hit.highlights["question"])
    short = " ".join(hit.highlights["short_answer"])
    assert "&lt; 15" in short and "< 15" not in short and "&amp;" in short


@pytest.mark.smoke
def test_the_long_answer_is_excerpted_only_where_the_short_answer_has_no_match(sections):
    write_entries(
        _record("A-0121", texts={"ro": _text(
            "Unde depun actele pentru viză?", "acte-viza", short="La consulat, cu programare online.",
            answer="Programarea se face pe site; la consulat aduceți pașaportul și fotografia.")}),
        _record("A-0122", texts={"ro": _text(
            "Cât durează examinarea dosarului?", "durata-dosar", short="De obicei 30 de zile lucrătoare.",
            answer="Dacă lipsește fotografia, consulatul cere completarea dosarului.")}),
    )
    both = search("consulat fotografia")
    by_number = {hit.answer_number: hit.highlights for hit in both.hits}
    assert set(by_number) == {"A-0121", "A-0122"}
    # A-0121: the short answer says "consulat"; its fragments stand alone.
    assert "<mark>" in " ".join(by_number["A-0121"]["short_answer"])
    assert "answer_text" not in by_number["A-0121"]
    # A-0122: only the long answer matches, so it gives the excerpt.
    assert "short_answer" not in by_number["A-0122"]
    excerpt = " ".join(by_number["A-0122"]["answer_text"])
    assert "<mark>fotografia</mark>" in excerpt and "<mark>consulatul</mark>" in excerpt


@pytest.mark.smoke
def test_empty_and_meaningless_queries_return_nothing(entries):
    assert search("").total == 0
    assert search("!!! ... ???").total == 0
    # Full-text query syntax in the input is never interpreted: the words still count.
    assert numbers(search('permisul" OR NEAR(* -sedere:^ & |'))[:1] == ["A-0101"]
    assert search("zzzzqqqq").hits == []


@pytest.mark.smoke
def test_pages_of_results(entries):
    first = operator_search("", audience="labour-migrant", page_size=1)
    second = operator_search("", audience="labour-migrant", page_size=1, page=2)
    assert first.total == second.total == 2
    assert len(first.hits) == len(second.hits) == 1
    assert not set(numbers(first)) & set(numbers(second))


def test_status_counts_documents_per_locale(entries):
    status = database_store().status()
    assert status["locales"]["ro"] == {"count": 3, "operators_only": 1}
    assert status["locales"]["uk"] == {"count": 1, "operators_only": 0}


@pytest.mark.smoke
def test_an_entry_must_cover_most_of_a_longer_query(entries):
    # Three of the four words are in A-0101; A-0102 shares only "Germania" and is left out,
    # as Elasticsearch's minimum_should_match "2<75%" would leave it out.
    result = search("reînnoiesc permisul ședere Germania")
    assert numbers(result) == ["A-0101"]
    assert result.total == 1
    assert search("salariu minim Germania").total == 1
    # A page past the end is empty; it does not fall back to matching any word.
    beyond = search("reînnoiesc permisul ședere Germania", page=2)
    assert beyond.hits == [] and beyond.total == 1


@pytest.mark.smoke
def test_when_nothing_covers_enough_of_the_query_any_word_counts(entries):
    # No entry has both words: rather than nothing, both entries, each matching one word.
    assert set(numbers(search("permisul salariu"))) == {"A-0101", "A-0102"}


@pytest.mark.smoke
def test_a_synonym_of_several_words_matches_only_as_a_phrase(sections):
    write_entries(
        _record("A-0111", texts={"ro": _text("Cum primesc o carte de rezidență în Moldova?", "carte-rezidenta", short="La Inspectoratul General pentru Migrație.")}),
        # Both words of "permis de rezidență" are here, but not together: not a synonym match.
        _record("A-0112", texts={"ro": _text(
            "Pot schimba permisul de conducere dacă am rezidența fiscală în Italia?", "conducere-rezidenta",
            short="Da, la oficiul de înmatriculare.")}),
    )
    # "permis de ședere" = "permis de rezidență" = "carte de rezidență" (search/synonyms/ro.txt)
    assert numbers(search("permis de sedere")) == ["A-0111"]


def test_words_the_language_ignores_do_not_raise_the_minimum(entries):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's configurations have stop words of their own; FTS5 has none")
    # "ourselves" and "having" are stop words in PostgreSQL's English configuration (they vanish
    # from the query) but not in ours. Counted, they would ask for 3 of 5 words, nothing would
    # qualify and the search would fall back to any word, bringing in A-0101 ("permit").
    result = search("ourselves having wage germany permit", locale="en")
    assert numbers(result) == ["A-0102"]


def test_pages_beyond_the_full_ranking_window_keep_the_order(entries, monkeypatch, settings):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the two-pass ranking window is PostgreSQL's")
    from search.stores import postgres

    everything = [hit.answer_number for hit in operator_search("Germania Italia permis salariu").hits]
    assert len(everything) == 2
    monkeypatch.setattr(postgres, "RERANK", 1)
    paged = [operator_search("Germania Italia permis salariu", page_size=1, page=page).hits[0].answer_number
             for page in (1, 2)]
    assert paged == everything


def test_filters_apply_to_queries_of_several_words(entries):
    # Several words are counted in PostgreSQL's narrow match table and filtered afterwards.
    question = "reînnoiesc permisul ședere"
    assert numbers(search(question, country="IT")) == ["A-0101"]
    assert search(question, country="DE").total == 0
    assert numbers(search(question, category="entry-stay-documents")) == ["A-0101"]
    assert search(question, category="work-employment").total == 0
    assert numbers(operator_search("salariu minim", audience="family")) == ["A-0102"]
    assert operator_search("salariu minim", audience="labour-migrant").total == 0


def test_the_match_table_mirrors_the_entries(entries):
    from django.db import connection

    from search.indexing import rebuild_index, write_pages

    if connection.vendor != "postgresql":
        pytest.skip("the narrow match table is PostgreSQL's (migration search/0009)")

    def rows(table):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id, page_id, locale, visibility, translations, vector::text FROM {table} ORDER BY id")
            return cursor.fetchall()

    def mirrored():
        entries_rows = rows("search_searchentry")
        assert entries_rows == rows("search_entrymatch")
        return {row[0] for row in entries_rows}

    store = database_store()
    wage_ro = f"ro:{entries[1].pk}"
    assert wage_ro in mirrored()
    store.delete([wage_ro])
    assert wage_ro not in mirrored()
    write_pages(store, [entries[1].pk])
    assert wage_ro in mirrored()
    rebuild_index(stores=[store])
    assert wage_ro in mirrored() and len(mirrored()) == 7


def test_synonym_phrases_are_found_by_their_tokens_which_the_migration_adds_to_older_rows(sections):
    from importlib import import_module

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("phrase tokens are PostgreSQL's (migration search/0010)")
    write_entries(_record("A-0111", texts={"ro": _text(
        "Cum primesc o carte de rezidență în Moldova?", "carte-rezidenta", short="La Inspectorat.")}))
    assert numbers(search("permis de sedere")) == ["A-0111"]

    def tokens():
        with connection.cursor() as cursor:
            cursor.execute("SELECT t.id, array_agg(u.lexeme ORDER BY u.lexeme) FROM (SELECT id, vector FROM search_searchentry"
                           " UNION ALL SELECT id, vector FROM search_entrymatch) t, unnest(t.vector) u"
                           " WHERE u.lexeme LIKE '#%%' GROUP BY t.id")
            return cursor.fetchall()

    written = tokens()
    # One token, in the entry's row and in its match-table copy.
    assert [lexemes for _id, lexemes in written] == [["#cart_rezident", "#cart_rezident"]]
    # Rows as the previous version wrote them: without tokens, the synonym no longer matches,
    # because searches look for the token and not for the phrase.
    with connection.cursor() as cursor:
        for table in ("search_searchentry", "search_entrymatch"):
            cursor.execute(f"UPDATE {table} SET vector = ts_delete(vector, ARRAY(SELECT lexeme FROM unnest(vector)"
                           " WHERE lexeme LIKE '#%%'))")
    assert tokens() == [] and search("permis de sedere").total == 0
    with connection.schema_editor() as editor:
        import_module("search.migrations.0010_postgres_phrase_tokens").add_tokens(None, editor)
    assert tokens() == written
    assert numbers(search("permis de sedere")) == ["A-0111"]


def test_typo_corrections_are_remembered_until_a_write_adds_words(sections):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    write_entries(_record("A-0131", texts={"ro": _text("Unde se plantează un trandafir?", "trandafir", short="În grădină.")}))

    def dictionary_queries(text):
        with CaptureQueriesContext(connection) as queries:
            found = numbers(search(text))
        return found, sum("search_searchterm" in query["sql"] for query in queries)

    # "trandafri" is no known word: corrected to "trandafir" once, then remembered.
    found, asked = dictionary_queries("trandafri")
    assert found == ["A-0131"] and asked > 0
    assert dictionary_queries("trandafri") == (["A-0131"], 0)
    # Once an entry has the word itself, it is no typo: only that entry is found.
    write_entries(_record("A-0132", texts={"ro": _text("Ce înseamnă trandafri?", "trandafri", short="Nimic.")}))
    assert numbers(search("trandafri")) == ["A-0132"]


def test_a_search_answers_when_the_cache_is_unreachable(entries, monkeypatch):
    from django.core.cache import cache

    def unreachable(*args, **kwargs):
        raise ConnectionError("cache down")

    assert numbers(search("permsul de sedere")) == ["A-0101"]  # corrections now remembered
    monkeypatch.setattr(cache, "get", unreachable)
    monkeypatch.setattr(cache, "set", unreachable)
    # Nothing remembered is trusted without the generation: the typo is corrected again.
    assert numbers(search("permsul de sedere")) == ["A-0101"]
    assert numbers(search("salar")) == ["A-0102"]
