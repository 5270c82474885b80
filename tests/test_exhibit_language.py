"""An exhibit's language: detected by the suggestion pass, shown in the record, exported, set by the user."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from casefile.context import Case
from casefile.domain.errors import ValidationError
from casefile.services.audit_service import AuditService

FRENCH = """La comédienne Claire Dubois a porté plainte le 4 mars 2025 contre le groupe Médias du Nord devant le
tribunal judiciaire de Paris. Son avocat, Julien Moreau, a déclaré que sa cliente avait été diffamée.
"""
ENGLISH = """Claire Dubois filed a defamation suit against Nord Media Group on March 4, 2025, in a Paris court,
her lawyer Julien Moreau told reporters, saying the broadcaster had damaged her reputation.
"""


def _import(case: Case, tmp_path: Path, name: str, text: str) -> int:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    outcome = case.imports.import_file(path)
    assert outcome.evidence_id is not None, outcome
    return outcome.evidence_id


def test_the_suggestion_pass_records_each_exhibits_language_and_the_export_carries_it(case: Case, tmp_path: Path):
    fr = _import(case, tmp_path, "plainte.txt", FRENCH)
    en = _import(case, tmp_path, "suit.txt", ENGLISH)
    case.suggestions.run()
    assert case.evidence.get(fr).language == "fr"
    assert case.evidence.get(en).language == "en"
    exported = {e["id"]: e for e in json.loads(case.export.to_json())["evidence"]}
    assert exported[fr]["language"] == "fr"
    assert exported[en]["language"] == "en"


def test_the_user_sets_the_language_and_it_is_audited(case: Case, tmp_path: Path):
    ex = _import(case, tmp_path, "plainte.txt", FRENCH)
    detected = case.evidence.get(ex).language
    assert case.evidence.set_language(ex, "DE ") == detected
    assert case.evidence.get(ex).language == "de"
    assert case.evidence.set_language(ex, "fr") == "de"
    with pytest.raises(ValidationError):
        case.evidence.set_language(ex, "français")
    assert case.evidence.get(ex).language == "fr"
    history = AuditService(case.ctx).entries(entity_type="evidence", entity_id=ex)
    assert [a.summary for a in history if a.summary.startswith("Language")] == [
        "Language of Ex. 1: de", "Language of Ex. 1: fr"]
