"""Splitting digit runs that crawlers ran together ("规章000", "230 000023").

A run of digits is split into cells only when the template's column count,
the column kinds (only 本年增/减 may be negative; only money may have a
decimal point), and "no leading zeros" leave readings that agree on a cell.
Cells on which the readings disagree can be settled by a row identity; such
values are *inferred*. Everything else stays unread.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence

from ...schema import ColumnKind

__all__ = ["MAX_READINGS", "readings"]

MAX_READINGS = 20000
_TOKEN = re.compile(r"(?P<sign>[+-]?)(?P<int>\d+)(?:\.(?P<frac>\d+))?(?P<unit>\D*)")

Value = tuple[str, str | None]  # (number text, unit)


@functools.lru_cache(maxsize=4096)
def _parts(digits: str, k: int) -> tuple[tuple[str, ...], ...]:
    """All ways to cut ``digits`` into ``k`` numbers without leading zeros (cached: a row's
    run is split once however often it is read)."""
    out: list[tuple[str, ...]] = []
    n = len(digits)

    def rec(pos: int, left: int, acc: tuple[str, ...]) -> None:
        if len(out) > MAX_READINGS:
            return
        if left == 1:
            rest = digits[pos:]
            if rest and (rest == "0" or rest[0] != "0"):
                out.append((*acc, rest))
            return
        for end in range(pos + 1, n - left + 2):
            piece = digits[pos:end]
            if piece != "0" and piece[0] == "0":
                break
            rec(end, left - 1, (*acc, piece))

    rec(0, k, ())
    return tuple(out)


def readings(
    tokens: Sequence[str],
    kinds: Sequence[ColumnKind],
    accept: Callable[[list[Value]], bool] | None = None,
) -> list[list[Value]] | None:
    """Every way to read ``tokens`` (space-separated runs) as ``len(kinds)`` cells.

    Returns None when there are more readings than :data:`MAX_READINGS`.
    """
    if sum(len(tok) for tok in tokens) == len(kinds) and all(tok.isdigit() and tok.isascii() for tok in tokens):
        # One digit a cell (a row of zeros glued, '0000000'; the common run): the one reading,
        # as _search finds it (no sign, decimals or unit for the kinds to refuse).
        one: list[list[Value]] = [[(d, None) for tok in tokens for d in tok]]
        return one if accept is None else [r for r in one if accept(r)]
    return _search(tokens, kinds, accept)


def _search(
    tokens: Sequence[str],
    kinds: Sequence[ColumnKind],
    accept: Callable[[list[Value]], bool] | None = None,
) -> list[list[Value]] | None:
    """``readings``, by trying every cut of every token."""
    n = len(kinds)
    parsed: list[tuple[str, str, str | None, str | None]] = []  # sign, digits, decimals, unit of each token
    for tok in tokens:
        m = _TOKEN.fullmatch(tok)
        if m is None:
            return []
        parsed.append((m.group("sign"), m.group("int"), m.group("frac"), m.group("unit") or None))
    results: list[list[Value]] = []
    overflow = False
    # The most cells the tokens from i on can fill (one digit a cell): a token is cut only into
    # as many cells as leave the rest of the row fillable, so a run never tries every count.
    room = [0] * (len(parsed) + 1)
    for i in range(len(parsed) - 1, -1, -1):
        room[i] = room[i + 1] + len(parsed[i][1])

    def rec(ti: int, col: int, acc: list[Value]) -> None:
        nonlocal overflow
        if overflow:
            return
        if ti == len(parsed):
            if col == n:
                results.append(list(acc))
                if len(results) > MAX_READINGS:
                    overflow = True
            return
        sign, digits, frac, unit = parsed[ti]
        remaining_tokens = len(parsed) - ti - 1
        max_k = min(len(digits), n - col - remaining_tokens)
        min_k = max(1, n - col - room[ti + 1])
        for k in range(min_k, max_k + 1):
            for parts in _parts(digits, k):
                vals: list[Value] = []
                ok = True
                for j, p in enumerate(parts):
                    kind = kinds[col + j]
                    last = j == k - 1
                    text = p
                    if j == 0 and sign:
                        if kind is not ColumnKind.SIGNED:
                            ok = False
                            break
                        text = ("-" if sign == "-" else "") + p
                    if last and frac is not None:
                        if kind is not ColumnKind.MONEY:
                            ok = False
                            break
                        text += "." + frac
                    if last and unit is not None and kind is not ColumnKind.MONEY:
                        ok = False
                        break
                    vals.append((text, unit if last else None))
                if ok:
                    acc.extend(vals)
                    rec(ti + 1, col + k, acc)
                    del acc[len(acc) - len(vals) :]
                if overflow:
                    return

    rec(0, 0, [])
    if overflow:
        return None
    if accept is not None:
        results = [r for r in results if accept(r)]
    return results
