"""The Open Badges 3.0 credential against 1EdTech's own JSON schema, read by
``jsonschema`` (a validator this project did not write).

1EdTech publishes the schema at
https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json;
no package on PyPI or npm ships it, and this machine reaches only the package
registries. Save that file as ``vectors/ob_v3p0_achievementcredential_schema.json``
next to this test and it runs; until then it is skipped, saying why.
"""

import json
from pathlib import Path

import pytest

SCHEMA = Path(__file__).parent / "vectors" / "ob_v3p0_achievementcredential_schema.json"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not SCHEMA.exists(), reason=f"1EdTech's OB 3.0 schema is not vendored: {SCHEMA}"
    ),
]


def test_the_badge_validates_against_1edtechs_schema(badge):
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    errors = sorted(
        validator_class(
            schema, format_checker=validator_class.FORMAT_CHECKER
        ).iter_errors(badge),
        key=lambda error: list(error.path),
    )
    assert not errors, "\n".join(
        f"{'/'.join(map(str, e.path))}: {e.message}" for e in errors
    )


def test_a_badge_without_its_subject_fails_the_schema(badge):
    """The check can fail: the same validator refuses a badge missing a
    property the schema requires."""
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    broken = {k: v for k, v in badge.items() if k != "credentialSubject"}
    validator_class = jsonschema.validators.validator_for(schema)
    assert list(validator_class(schema).iter_errors(broken))
