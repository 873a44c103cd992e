"""The five verdicts and their precedence: the one place that says which outranks which."""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum


class Verdict(str, Enum):
    """Listed from most to least decisive; see `DOMAIN.md` for what each one means.

    `required` outranks `conditional`: a duty to take part whose terms carry conditions is still
    a duty, and the assessment lists the conditions beside it rather than losing the duty."""

    PROHIBITED = "prohibited"
    UNDETERMINED = "undetermined"
    REQUIRED = "required"
    CONDITIONAL = "conditional"
    PERMITTED = "permitted"

    @property
    def rank(self) -> int:
        """Higher outranks lower when findings are combined (prohibited is highest)."""
        return _RANK[self]


PRECEDENCE: tuple[Verdict, ...] = tuple(Verdict)
_RANK = {verdict: len(PRECEDENCE) - index for index, verdict in enumerate(PRECEDENCE)}


def strongest(verdicts: Iterable[Verdict]) -> Verdict:
    """The verdict that decides a combination; `permitted` when there is nothing to combine."""
    return max(verdicts, key=lambda verdict: verdict.rank, default=Verdict.PERMITTED)


def parse_verdicts(text: str) -> frozenset[Verdict]:
    """'prohibited,undetermined' -> the set; raises ValueError naming a bad entry."""
    chosen = set()
    for part in filter(None, (p.strip() for p in text.split(","))):
        try:
            chosen.add(Verdict(part))
        except ValueError:
            raise ValueError(f"unknown verdict {part!r}; expected {', '.join(v.value for v in Verdict)}") from None
    return frozenset(chosen)
