"""Name keys for finding duplicates: folding, phonetic codes, one-typo neighbourhoods.

Two names one typo apart (a letter wrong, missing, extra, or two swapped) always share a
key from `one_typo_keys`, so candidates are found by looking keys up, never by comparing
every name with every other.
"""

from __future__ import annotations

from store.text import fold

SOUNDEX_CODES = {
    **dict.fromkeys("bfpv", "1"),
    **dict.fromkeys("cgjkqsxz", "2"),
    **dict.fromkeys("dt", "3"),
    "l": "4",
    **dict.fromkeys("mn", "5"),
    "r": "6",
}
MIN_TYPO_LENGTH = 4  # "Ana"/"Ava" are two names, "Smyth"/"Smith" one name misspelt.


class Folder:
    """Folds names to letters only, lower case, accents removed; remembers repeats."""

    def __init__(self) -> None:
        self._seen: dict[str, str] = {}

    def __call__(self, text: str | None) -> str:
        if not text:
            return ""
        folded = self._seen.get(text)
        if folded is None:
            folded = "".join(ch for ch in fold(text) if ch.isalnum())
            self._seen[text] = folded
        return folded


def soundex(word: str) -> str:
    """The classic four-character Soundex code of a folded word ("smith", "smyth": s530)."""
    if not word:
        return ""
    code = word[0]
    last = SOUNDEX_CODES.get(word[0], "")
    for ch in word[1:]:
        digit = SOUNDEX_CODES.get(ch, "")
        if digit and digit != last:
            code += digit
            if len(code) == 4:
                break
        if ch not in "hw":
            last = digit
    return code.ljust(4, "0")


def one_typo_keys(word: str) -> set[str]:
    """The word and every way of deleting one letter from it."""
    keys = {word}
    keys.update(word[:i] + word[i + 1 :] for i in range(len(word)))
    return keys


def typo_distance(a: str, b: str) -> int:
    """Edits (insert, delete, replace, swap two neighbours) between two short words."""
    if a == b:
        return 0
    if abs(len(a) - len(b)) > 2:
        return 3
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                best = min(best, previous2[j - 2] + 1)
            current.append(best)
        previous2, previous = previous, current
    return previous[-1]


def names_close(given_a: str, surname_a: str, given_b: str, surname_b: str) -> bool:
    """True when two folded names differ by a typo in one or both parts, but are not equal.

    A part that differs must be at least MIN_TYPO_LENGTH letters long, so short names one
    letter apart ("Ana", "Ava") are taken for different people.
    """
    total = 0
    for a, b in ((given_a, given_b), (surname_a, surname_b)):
        distance = typo_distance(a, b)
        if distance > 1 or (distance and min(len(a), len(b)) < MIN_TYPO_LENGTH):
            return False
        total += distance
    return total > 0
