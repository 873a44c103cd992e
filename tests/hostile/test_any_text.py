"""Properties: any text at all, read as a law or a profile, gives a document or located problems,
never another exception; and whatever the sanitiser lets through cannot drive a terminal."""

from __future__ import annotations

import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from wso_rules import terminal
from wso_rules.loading import read_document
from wso_rules.models import Law, Profile
from wso_rules.problems import InputError

TOKENS = [
    "&a ", "*a", "&b ", "*b", "[", "]", "{", "}", ": ", ", ", "\n", "- ", "  ", "? ", "|\n", ">\n", "---\n",
    "%YAML 1.1\n", "'", '"', "#", "~", "id", "agency", "agency_kind", "state", "provisions", "applies_if",
    "not", "all", "fact", "equals", "2025-02-30", "2026-13-01", "2019-01-01", "NO", "yes", "off", "1e999",
    "0x1F", "9" * 5000, "!!python/object:os.system", "!!binary", "<<: ", "\\e[2J", "\u202e", "\x00", "\ufeff",
]  # fmt: skip
yamlish = st.lists(st.sampled_from(TOKENS) | st.text(max_size=5), max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=yamlish | st.text(max_size=200))
def test_any_text_is_a_document_or_located_problems(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("any") / "file.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    for model in (Law, Profile):
        try:
            read_document(path, model)
        except InputError as error:
            assert error.problems and all(p.line >= 1 and p.column >= 1 for p in error.problems)


UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]")


@given(st.text())
def test_sanitised_text_cannot_drive_a_terminal_and_encodes(text):
    safe = terminal.safe(text)
    assert not UNSAFE.search(safe)
    safe.encode("utf-8")


@given(
    st.recursive(
        st.text() | st.integers() | st.none(), lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner)
    )
)
def test_sanitised_json_is_the_same_data(data):
    text = json.dumps(data, ensure_ascii=False)
    assert json.loads(terminal.safe(text)) == data
