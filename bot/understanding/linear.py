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
