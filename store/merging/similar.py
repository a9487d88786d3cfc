"""Names a typo or an accent apart within one cohort, found by keys, never pair by pair."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from store.merging.keys import names_close, one_typo_keys, soundex


class _TypoKeys:
    """Each word's one-typo keys and Soundex code, worked out once per distinct word."""

    def __init__(self) -> None:
        self.keys: dict[str, tuple[str, ...]] = {}
        self.codes: dict[str, str] = {}

    def typo(self, word: str) -> tuple[str, ...]:
        keys = self.keys.get(word)
        if keys is None:
            keys = self.keys[word] = tuple(one_typo_keys(word))
        return keys

    def code(self, word: str) -> str:
        code = self.codes.get(word)
        if code is None:
            code = self.codes[word] = soundex(word)
        return code


Name = tuple[object, str, str]  # (cohort, folded given name, folded surname)


def _one_typo_pairs(words: list[str], keys: _TypoKeys) -> set[tuple[str, str]]:
    """Pairs of distinct words sharing a one-typo key (so perhaps one typo apart)."""
    pairs: set[tuple[str, str]] = set()
    if len(words) < 2:
        return pairs
    first: dict[str, str] = {}
    shared: dict[str, list[str]] = {}
    for word in words:
        for key in keys.typo(word):
            seen = first.setdefault(key, word)
            if seen is not word:
                shared.setdefault(key, [seen]).append(word)
    for group in shared.values():
        pairs.update(
            (a, b) if a < b else (b, a) for i, a in enumerate(group) for b in group[i + 1 :]
        )
    return pairs


def _candidate_pairs(names: Iterable[Name], max_shared: int) -> set[tuple[Name, Name]]:
    """Pairs of names in one cohort that may be a typo apart, to be checked one by one.

    A typo in the surname keeps the cohort and given name; a typo in the given name keeps
    the cohort and surname; typos in both usually keep both Soundex codes.
    """
    keys = _TypoKeys()
    surnames: dict[tuple[object, str], list[str]] = defaultdict(list)
    givens: dict[tuple[object, str], list[str]] = defaultdict(list)
    sounds: dict[tuple[object, str, str], list[Name]] = defaultdict(list)
    for name in names:
        cohort, given, surname = name
        surnames[(cohort, given)].append(surname)
        givens[(cohort, surname)].append(given)
        sounds[(cohort, keys.code(given), keys.code(surname))].append(name)
    pairs: set[tuple[Name, Name]] = set()
    for (cohort, given), words in surnames.items():
        pairs.update(
            ((cohort, given, a), (cohort, given, b)) for a, b in _one_typo_pairs(words, keys)
        )
    for (cohort, surname), words in givens.items():
        pairs.update(
            ((cohort, a, surname), (cohort, b, surname)) for a, b in _one_typo_pairs(words, keys)
        )
    for group in sounds.values():
        if 2 <= len(group) <= max_shared:
            pairs.update((a, b) for i, a in enumerate(group) for b in group[i + 1 :])
    return pairs


def similar_name_pairs(names: Iterable[Name], max_shared: int) -> list[tuple[Name, Name]]:
    """Pairs of folded names (cohort, given, surname) of one cohort that are a typo apart.

    A Soundex bucket holding more than `max_shared` names is too common to search.
    """
    return [
        (a, b)
        for a, b in _candidate_pairs(names, max_shared)
        if names_close(a[1], a[2], b[1], b[2])
    ]
