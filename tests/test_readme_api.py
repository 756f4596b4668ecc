"""The README's API reference lists exactly the operations of the OpenAPI schema."""

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"
ROW = re.compile(r"^\| `(GET|POST|PUT|PATCH|DELETE) (/api/analytics/[^` ?]*)")


def normalise(path):
    return re.sub(r"\{[^}]+\}", "{}", path)


@pytest.mark.django_db
def test_readme_documents_every_operation_and_no_other(client):
    schema = client.get("/api/analytics/openapi.json").json()
    in_schema = {
        (method.upper(), normalise(path))
        for path, operations in schema["paths"].items()
        for method in operations
    }
    in_readme = {
        (match[1], normalise(match[2]))
        for line in README.read_text().splitlines()
        if (match := ROW.match(line))
    }
    assert in_readme == in_schema


@pytest.mark.django_db
def test_every_error_answer_in_the_schema_has_a_code(client):
    schema = client.get("/api/analytics/openapi.json").json()
    components = schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for status, answer in operation["responses"].items():
                if not status.startswith("4"):
                    continue
                ref = answer["content"]["application/json"]["schema"]["$ref"]
                fields = components[ref.rsplit("/", 1)[-1]]["properties"]
                assert {"code", "message"} <= set(fields), (method, path, status)
