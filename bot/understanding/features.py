"""Sparse TF-IDF vectors computed straight from learned vocabularies.

The same features scikit-learn's `TfidfVectorizer` makes for word 1-2-grams and
character 2-5-grams within word boundaries (`char_wb`), sublinear tf, L2-normalised per
block, but without scikit-learn's per-call validation: a message costs tens of
microseconds, and a cached model starts without importing scikit-learn at all.
`tests/test_understanding_features.py` checks the vectors against scikit-learn's.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat

import numpy as np

WORD_PATTERN = re.compile(r"(?u)\b\w+\b|[^\w\s]")
WORD_NGRAMS = (1, 2)
CHAR_NGRAMS = (2, 5)
_WHITE_SPACES = re.compile(r"\s\s+")


def word_ngrams(text: str) -> list[str]:
    tokens = WORD_PATTERN.findall(text)
    grams = list(tokens)
    grams += [" ".join(tokens[i : i + 2]) for i in range(len(tokens) - 1)]
    return grams


def char_wb_ngrams(text: str) -> list[str]:
    """Character n-grams inside word boundaries, padded with a space (sklearn's char_wb)."""
    grams: list[str] = []
    for word in _WHITE_SPACES.sub(" ", text).split():
        grams.extend(_common_word_grams(word) if len(word) <= _CACHED_WORD else _word_grams(word))
    return grams


_CACHED_WORD = 24
"""Words up to this long have their n-grams kept (a long pasted string is cut each time)."""


@lru_cache(maxsize=4096)
def _common_word_grams(word: str) -> tuple[str, ...]:
    """Words recur from message to message, so their n-grams are cut once: a bounded
    cache of 4,096 words of at most 24 characters (about 1.5 kB of n-grams for a word
    of 6, about 40 MB at most)."""
    return tuple(_word_grams(word))


def _word_grams(word: str) -> list[str]:
    grams: list[str] = []
    low, high = CHAR_NGRAMS
    padded = f" {word} "
    length = len(padded)
    for n in range(low, high + 1):
        if n >= length:
            grams.append(padded)
            break
        grams.extend(padded[i : i + n] for i in range(length - n + 1))
    return grams


@dataclass(frozen=True)
class Block:
    """One vocabulary with its idf weights; its slice of the vector is L2-normalised."""

    vocabulary: dict[str, int]
    idf: np.ndarray
    offset: int

    def part(self, grams: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(indices, values) of this block's slice: sublinear tf times idf, L2-normalised.
        Counting and the vocabulary lookups run in C; the arithmetic is numpy's."""
        counts = Counter(grams)
        found = np.fromiter(map(self.vocabulary.get, counts, repeat(-1)), dtype=np.int64, count=len(counts))
        known = found >= 0
        index = found[known]
        if not index.size:
            return index, np.zeros(0)
        tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))[known]
        weights = (1.0 + np.log(tf)) * self.idf[index]
        weights /= math.sqrt(float(weights @ weights))
        return index + self.offset, weights


@dataclass(frozen=True)
class FeatureSpace:
    words: Block
    chars: Block

    @property
    def size(self) -> int:
        return self.chars.offset + len(self.chars.vocabulary)

    def knows_a_word(self, indices: np.ndarray) -> bool:
        """Whether a vector has any word feature (not only character n-grams)."""
        return bool(indices.size and indices.min() < self.chars.offset)

    def vector(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(indices, values) of the message's sparse vector."""
        words = self.words.part(word_ngrams(text))
        chars = self.chars.part(char_wb_ngrams(text))
        return np.concatenate((words[0], chars[0])), np.concatenate((words[1], chars[1]))
