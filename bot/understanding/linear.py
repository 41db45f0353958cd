"""A learned linear model applied to one sparse vector, with calibrated probabilities."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

OTHER_QUESTION = "other"
"""The report question model's class for anything that is not a question about the report."""


def softmax(scores: np.ndarray) -> np.ndarray:
    """Row-wise softmax of a 1-D or 2-D array of scores."""
    shifted: np.ndarray = np.exp(scores - scores.max(axis=-1, keepdims=True))
    probs: np.ndarray = shifted / shifted.sum(axis=-1, keepdims=True)
    return probs


@dataclass(frozen=True)
class CalibratedScores:
    classes: tuple[str, ...]
    weights: np.ndarray
    """(features, classes), row-major, so a message's few features are contiguous rows."""
    intercept: np.ndarray
    temperature: float

    def proba(self, indices: np.ndarray, values: np.ndarray) -> np.ndarray:
        scores: np.ndarray = values @ self.weights[indices] + self.intercept
        return softmax(scores * self.temperature)


@dataclass(frozen=True)
class ExampleIndex:
    """Nearest examples: each card scored by its most similar example (cosine)."""

    vectors: sp.csr_matrix
    """(features, examples), the examples grouped by card in `classes` order."""
    starts: np.ndarray
    """Where each card's examples begin."""
    temperature: float = 20.0

    def proba(self, indices: np.ndarray, values: np.ndarray) -> np.ndarray:
        similarity = np.asarray(self.vectors[indices].T @ values).ravel()
        best = np.maximum.reduceat(similarity, self.starts)
        return softmax(best * self.temperature)


@dataclass(frozen=True)
class CrisisDetector:
    """A second opinion on crisis alone: one linear SVM trained on crisis (either kind)
    against everything else, read with a margin below zero, so it errs towards safety."""

    weights: np.ndarray
    intercept: float

    def margin(self, indices: np.ndarray, values: np.ndarray) -> float:
        return float(values @ self.weights[indices] + self.intercept)


@dataclass(frozen=True)
class Passages:
    """The policy's passages, grouped by section: each section scored by its passage most
    similar to the message (cosine). Only the features some passage has are kept, as dense
    rows: a message's few features are gathered and multiplied in one step."""

    rows: np.ndarray
    """For each feature of the space, its row in `vectors`, or -1 when no passage has it."""
    vectors: np.ndarray
    """(rows, passages), the passages grouped by section in the policy's order."""
    starts: np.ndarray
    """Where each section's passages begin."""

    @classmethod
    def from_sparse(cls, vectors: sp.csr_matrix, starts: np.ndarray) -> Passages:
        """`vectors`: (features, passages)."""
        used = np.flatnonzero(np.diff(vectors.indptr))
        rows = np.full(vectors.shape[0], -1, dtype=np.int32)
        rows[used] = np.arange(used.size, dtype=np.int32)
        dense = np.ascontiguousarray(vectors[used].toarray(), dtype=np.float32)
        return cls(rows, dense, np.asarray(starts, dtype=np.int64))

    def best(self, indices: np.ndarray, values: np.ndarray) -> np.ndarray:
        rows = self.rows[indices]
        known = rows >= 0
        similarity = values[known] @ self.vectors[rows[known]]
        best: np.ndarray = np.maximum.reduceat(similarity, self.starts)
        return best
