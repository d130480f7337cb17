"""/api/search/: the JSON contract, its OpenAPI document, scopes and hostile input."""

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from search.openapi import openapi_document

from .factories import entry_record, write_entries

pytestmark = pytest.mark.smoke
URL = "/api/search/"


@pytest.fixture
def entries(sections):
    return write_entries(
        entry_record("A-0301", countries=["IT"], translation={"keywords": ["permis de ședere"]}),
        entry_record("A-0302", countries=["DE"], visibility="operators", languages=("ro",),
                     translation={"question": "Procedura internă pentru cazuri de trafic", "internal_notes": "Parola ALFA."}),
    )


def validate(body, schema_name="SearchResult"):
    """Validate a response body against a schema of the served OpenAPI document."""
    resource = Resource.from_contents(openapi_document(), default_specification=DRAFT202012)
    registry = Registry().with_resource("urn:openapi", resource)
    validator = jsonschema.Draft202012Validator({"$ref": f"urn:openapi#/components/schemas/{schema_name}"}, registry=registry)
    validator.validate(body)


def test_public_search_returns_the_documented_shape(client, entries):
    response = client.get(URL, {"q": "permis de sedere", "locale": "ro"})
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("private") and "no-store" in response["Cache-Control"]
    body = response.json()
    validate(body)
    assert body["backend"] == "database" and body["total"] >= 1
    hit = body["hits"][0]
    assert hit["answer_number"] == "A-0301"
    assert hit["url"] == entries[0].url
    assert hit["countries"] == ["IT"] and hit["verification_status"] == entries[0].verification_status
    assert hit["review_due"] == entries[0].review_due.isoformat()
    assert {"value": "IT", "count": 1} in body["facets"]["country"]


def test_locale_defaults_to_the_request_language(client, entries):
    body = client.get(URL, {"q": "residence permit"}, HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["locale"] == "en" and [h["answer_number"] for h in body["hits"]] == ["A-0301"]


def test_public_scope_hides_operator_entries(client, entries):
    body = client.get(URL, {"q": "trafic ALFA", "locale": "ro"}).json()
    assert body["hits"] == [] and body["total"] == 0


@pytest.mark.parametrize("user, status", [(None, 401), ("editor", 200), ("operator", 200)])
def test_operator_scope_needs_an_operator(client, entries, demo_users, user, status):
    if user:
        client.force_login(demo_users[user])
    response = client.get(URL, {"q": "procedura trafic", "locale": "ro", "scope": "operator"})
    assert response.status_code == status
    if status == 200:
        body = response.json()
        validate(body)
        assert [hit["answer_number"] for hit in body["hits"]] == ["A-0302"]
        assert "ALFA" not in response.content.decode()
    else:
        validate(response.json(), "Error")


def test_a_user_without_operator_rights_gets_403(client, entries, django_user_model):
    client.force_login(django_user_model.objects.create_user("someone", password="x" * 12))
    response = client.get(URL, {"q": "trafic", "scope": "operator"})
    assert response.status_code == 403 and "error" in response.json()


def test_filters_narrow_the_results(client, entries):
    assert client.get(URL, {"q": "permis", "locale": "ro", "country": "de"}).json()["hits"] == []
    body = client.get(URL, {"q": "", "locale": "ro", "country": "it", "category": "entry-stay-documents"}).json()
    assert [hit["answer_number"] for hit in body["hits"]] == ["A-0301"]
    assert body["filters"] == {"category": "entry-stay-documents", "country": "IT"}


@pytest.mark.parametrize("params, message", [
    ({"q": "a" * 201}, "at most 200"),
    ({"q": "permis", "locale": "xx"}, "locale"),
    ({"q": "permis", "page": "abc"}, "page"),
    ({"q": "permis", "page": "0"}, "page"),
    ({"q": "permis", "page_size": "1000"}, "page_size"),
    ({"q": "permis", "country": "ITA"}, "country"),
    ({"q": "permis", "category": "../etc/passwd"}, "category"),
    ({"q": "permis", "audience": "everyone"}, "audience"),
    ({"q": "permis", "scope": "admin"}, "scope"),
])
def test_invalid_input_is_a_400_with_a_message(client, entries, params, message):
    response = client.get(URL, params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_messages_follow_the_language_of_the_request(client, entries):
    """The API has no language prefix: the language cookie, then Accept-Language, then Romanian."""
    for accept, expected in (("ru", "не более 200 символов"), ("", "cel mult 200 de caractere")):
        response = client.get(URL, {"q": "a" * 201}, HTTP_ACCEPT_LANGUAGE=accept)
        assert response.status_code == 400
        assert expected in response.json()["error"], accept


@pytest.mark.parametrize("query", [
    "'; DROP TABLE search_searchentry; --", '" OR 1=1 --', "NEAR(a b) AND * OR ^", "<script>alert(1)</script>",
    "%00%ff", "\u202e\u200bpermis", "(((((((", "a:* & !b | c <-> d", "😀" * 50, "  ",
])
def test_hostile_input_never_breaks_the_search(client, entries, query):
    response = client.get(URL, {"q": query, "locale": "ro"})
    assert response.status_code == 200
    validate(response.json())
    assert "<script>" not in response.content.decode()


def test_control_characters_are_stripped(client, entries):
    body = client.get(URL, {"q": "per\x00mis\u200b de\tședere\x1b", "locale": "ro"}).json()
    assert body["query"] == "permis de ședere"
    assert body["hits"][0]["answer_number"] == "A-0301"


def test_an_empty_query_without_filters_returns_nothing(client, entries):
    body = client.get(URL, {"q": "   "}).json()
    assert body["hits"] == [] and body["total"] == 0 and body["log_token"] is None


def test_only_get_is_allowed(client, entries):
    assert client.post(URL, {"q": "permis"}).status_code == 405


def test_openapi_document_is_served_and_valid(client):
    response = client.get(URL + "openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.1")
    assert "/api/search/" in document["paths"]
    parameters = {p["name"] for p in document["paths"]["/api/search/"]["get"]["parameters"]}
    assert parameters >= {"q", "locale", "category", "country", "audience", "page", "scope"}
    for schema in document["components"]["schemas"].values():
        jsonschema.Draft202012Validator.check_schema(schema)
