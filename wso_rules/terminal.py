"""One sanitiser for every character that reaches a terminal from the user's data or file names.

A citation holding ``ESC[2J`` must not clear the screen, an agency name holding U+202E must not
reverse the rest of the line, and a file name that is not UTF-8 must not make printing fail.
Control characters (except tab and newline), bidirectional and invisible format controls, and
lone surrogates are shown as ``\\uXXXX`` instead. That spelling is also a JSON string escape, so
sanitised JSON still parses to the same data.
"""

from __future__ import annotations

import re
from typing import Any

_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 and C1 controls, DEL; not tab or newline
    "\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff"  # bidi, invisible and line-separating format controls
    "\ud800-\udfff]"  # lone surrogates (undecodable bytes in file names)
)


def safe(text: str) -> str:
    """`text` with every character that could drive or spoof a terminal written as \\uXXXX."""
    return _UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def safe_data(value: Any) -> Any:
    """`safe` applied to every string in nested dicts and lists (a report document)."""
    if isinstance(value, str):
        return safe(value)
    if isinstance(value, dict):
        return {key: safe_data(item) for key, item in value.items()}
    if isinstance(value, list):
        return [safe_data(item) for item in value]
    return value
