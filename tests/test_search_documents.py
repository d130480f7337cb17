"""The search document built from a live page: the one input of both search stores."""

from faq.models import FaqPage
from search.documents import build_document, html_to_text

from .factories import entry_record, write_entries


def test_document_carries_the_entry_in_its_own_language(sections):
    (entry,) = write_entries(entry_record(
        "A-0300", countries=["IT", "DE"], audiences=["student", "family"],
        translation={"keywords": ["viză", "ședere"], "alternative_phrasings": ["cum stau legal", "acte de sedere"]},
    ))
    russian = FaqPage.objects.get(translation_key=entry.translation_key, locale__language_code="ru")
    document = build_document(russian)
    assert document.id == f"ru:{russian.pk}"
    assert (document.locale, document.answer_number) == ("ru", "A-0300")
    assert document.question == russian.title and document.url == russian.url
    assert document.phrasings == ["cum stau legal", "acte de sedere"]
    assert document.keywords == ["viză", "ședere"]
    assert document.countries == ["DE", "IT"] and document.audiences == ["family", "student"]
    assert document.category_path == "entry-stay-documents/residence-permits"
    assert document.category_top == "entry-stay-documents"
    assert document.category_name == "Въезд, пребывание и документы › Виды на жительство"
    assert document.answer_text == "Full answer A-0300 in ru."
    assert (document.verification_status, document.review_due) == (russian.verification_status, russian.review_due.isoformat())


def test_internal_content_stays_in_its_own_fields(sections):
    (entry,) = write_entries(entry_record(
        "A-0301", visibility="operators", translation={"internal_notes": "Ask   for the\ncontract first."},
    ))
    document = build_document(entry)
    assert document.visibility == "operators"
    assert document.internal_notes == "Ask for the contract first."
    assert "contract first" not in " ".join([document.question, document.short_answer, document.answer_text])


def test_unpublished_page_has_no_document(sections):
    (entry,) = write_entries(entry_record("A-0302"))
    entry.unpublish()
    entry.refresh_from_db()
    assert build_document(entry) is None


def test_answer_text_reads_every_block_kind(sections):
    answer = [
        {"type": "text", "value": "<p>Primul&nbsp;pas.</p><ul><li>Unu</li><li>Doi</li></ul>"},
        {"type": "steps", "value": ["Depuneți cererea.", "Așteptați răspunsul."]},
        {"type": "contact", "value": {"name": "BMA", "phone": "022 000 000", "email": "", "website": "", "hours": "L-V"}},
        {"type": "link", "value": {"title": "Portalul BMA", "url": "https://www.bma.gov.md/"}},
        {"type": "callout", "value": {"tone": "warning", "text": "Verificați termenul."}},
    ]
    (entry,) = write_entries(entry_record("A-0303", languages=("ro",), translation={"answer": answer}))
    assert build_document(entry).answer_text == (
        "Primul pas. Unu Doi Depuneți cererea. Așteptați răspunsul. BMA 022 000 000 L-V Portalul BMA Verificați termenul."
    )


def test_html_to_text_keeps_words_apart():
    assert html_to_text("<p>one</p><p>two &amp; three</p>") == "one two & three"
