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
    low, high = CHAR_NGRAMS
    for word in _WHITE_SPACES.sub(" ", text).split():
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

    def add(self, grams: list[str], indices: list[int], values: list[float]) -> None:
        counts = Counter(g for g in grams if g in self.vocabulary)
        if not counts:
            return
        local = []
        for gram, count in counts.items():
            index = self.vocabulary[gram]
            local.append((index, (1.0 + math.log(count)) * float(self.idf[index])))
        norm = math.sqrt(sum(v * v for _, v in local))
        for index, value in local:
            indices.append(self.offset + index)
            values.append(value / norm)


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
        indices: list[int] = []
        values: list[float] = []
        self.words.add(word_ngrams(text), indices, values)
        self.chars.add(char_wb_ngrams(text), indices, values)
        return np.asarray(indices, dtype=np.int64), np.asarray(values, dtype=np.float64)
