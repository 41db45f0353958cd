"""The statistical understanding, learned from the examples in `knowledge/`.

Two linear models over word and character n-grams share one vocabulary: one reads the
intent, one reads which answer card a policy question is about. Sections are ranked
from the card probabilities, blended with a retrieval score against the policy text.
Crisis is read first and with a deliberately low bar, on the whole message and on each
passage of it, because missing a crisis is the worst mistake Signpost can make.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from scipy.sparse import spmatrix
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import FeatureUnion
from sklearn.svm import LinearSVC

from bot.understanding.text import normalise, passages
from knowledge.models import CRISIS_INTENTS, FLOW_SECTIONS, AnswerCard, Knowledge

CRISIS_THRESHOLD = 0.30
"""Crisis wins when the two crisis intents together reach this probability."""
PASSAGE_CRISIS_THRESHOLD = 0.50
"""A single passage of a longer message must be more clearly a crisis on its own."""
SECTION_WEIGHTS = (1.0, 0.55, 0.35, 0.25)
RETRIEVAL_WEIGHT = 0.15


@dataclass(frozen=True)
class Understanding:
    intent: str
    confidence: float
    sections: tuple[str, ...]
    cards: tuple[tuple[str, float], ...]
    """Answer cards, likeliest first, with their probability."""
    intents: tuple[tuple[str, float], ...]
    """Every intent, likeliest first, with its probability."""


def _vectorizer() -> FeatureUnion:
    return FeatureUnion(
        [
            (
                "words",
                TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"(?u)\b\w+\b|[^\w\s]"),
            ),
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)),
        ]
    )


class CalibratedLinear:
    """A linear SVM whose scores become probabilities through a softmax with one
    temperature, fitted on cross-validated scores so the confidence means something."""

    TEMPERATURES = np.geomspace(0.5, 60.0, 80)

    def __init__(self, c: float = 0.5) -> None:
        self._svm = LinearSVC(C=c, class_weight="balanced")
        self.temperature = 1.0
        self.classes: list[str] = []

    def fit(self, features: spmatrix, labels: list[str]) -> CalibratedLinear:
        folds = StratifiedKFold(n_splits=3, shuffle=True, random_state=7)
        scores = cross_val_predict(self._svm, features, labels, cv=folds, method="decision_function")
        self._svm.fit(features, labels)
        self.classes = [str(c) for c in self._svm.classes_]
        gold = np.array([self.classes.index(label) for label in labels])
        losses = [_nll(_softmax(scores * t), gold) for t in self.TEMPERATURES]
        self.temperature = float(self.TEMPERATURES[int(np.argmin(losses))])
        return self

    def predict_proba(self, features: spmatrix) -> np.ndarray:
        scores: np.ndarray = self._svm.decision_function(features)
        return _softmax(scores * self.temperature)


def _softmax(scores: np.ndarray) -> np.ndarray:
    shifted: np.ndarray = np.exp(scores - scores.max(axis=1, keepdims=True))
    probs: np.ndarray = shifted / shifted.sum(axis=1, keepdims=True)
    return probs


def _nll(probs: np.ndarray, gold: np.ndarray) -> float:
    return float(-np.log(probs[np.arange(len(gold)), gold] + 1e-12).mean())


class Understander:
    """Reads one message at a time; built once at start-up from the knowledge files."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge
        texts, labels = _intent_training_set(knowledge)
        card_texts, card_labels = _card_training_set(knowledge.cards)
        self._vec = _vectorizer()
        self._vec.fit([normalise(t) for t in [*texts, *card_texts]])
        self._intents = CalibratedLinear().fit(self._vec.transform([normalise(t) for t in texts]), labels)
        self._intent_names = self._intents.classes
        card_features = self._vec.transform([normalise(t) for t in card_texts])
        self._cards = CalibratedLinear().fit(card_features, card_labels)
        self._card_ids = self._cards.classes
        self._section_ids = [s.id for s in knowledge.policy.sections]
        self._section_matrix = self._vec.transform(
            [normalise(f"{s.title}. {s.text}") for s in knowledge.policy.sections]
        )

    def understand(self, text: str) -> Understanding:
        clean = normalise(text)
        if not clean:
            return Understanding("greeting", 0.0, (), (), ())
        chunks = passages(clean)
        rows = self._vec.transform([clean, *chunks] if len(chunks) > 1 else [clean])
        probs = self._intents.predict_proba(rows)
        whole = dict(zip(self._intent_names, probs[0].tolist(), strict=True))
        intent, confidence = _decide(whole, probs[1:], self._intent_names)
        cards = self._rank_cards(rows[0])
        sections = self._rank_sections(intent, cards, rows[0])
        ranked = tuple(sorted(whole.items(), key=lambda kv: -kv[1]))
        return Understanding(intent, confidence, sections, cards, ranked)

    def _rank_cards(self, row: spmatrix) -> tuple[tuple[str, float], ...]:
        probs = self._cards.predict_proba(row)[0]
        order = np.argsort(-probs)[:5]
        return tuple((self._card_ids[i], float(probs[i])) for i in order)

    def _rank_sections(
        self, intent: str, cards: tuple[tuple[str, float], ...], row: spmatrix
    ) -> tuple[str, ...]:
        if intent in FLOW_SECTIONS:
            return FLOW_SECTIONS[intent]
        if intent != "policy_question":
            return ()
        scores: dict[str, float] = defaultdict(float)
        for card_id, prob in cards:
            for weight, section in zip(SECTION_WEIGHTS, self.knowledge.card(card_id).sections, strict=False):
                scores[section] += prob * weight
        similarity = (self._section_matrix @ row.T).toarray().ravel()
        for section, score in zip(self._section_ids, similarity.tolist(), strict=True):
            scores[section] += RETRIEVAL_WEIGHT * score
        ranked = sorted(scores.items(), key=lambda kv: -kv[1])
        best = ranked[0][1]
        return tuple(s for s, score in ranked[:3] if score >= best * 0.5)


def _decide(whole: dict[str, float], passage_probs: np.ndarray, names: list[str]) -> tuple[str, float]:
    """Crisis first: either crisis intent wins over every other reading once the
    message, or any one passage of it, carries enough crisis probability."""
    crisis = [names.index(i) for i in sorted(CRISIS_INTENTS)]
    candidates = [(sum(whole[i] for i in CRISIS_INTENTS), whole, CRISIS_THRESHOLD)]
    for row in passage_probs:
        candidates.append(
            (float(row[crisis].sum()), dict(zip(names, row.tolist(), strict=True)), PASSAGE_CRISIS_THRESHOLD)
        )
    for score, probs, threshold in candidates:
        if score >= threshold:
            personal, other = probs["personal_crisis"], probs["report_crisis"]
            return ("personal_crisis" if personal >= other else "report_crisis"), min(1.0, score)
    best = max(whole, key=whole.__getitem__)
    return best, whole[best]


def _intent_training_set(knowledge: Knowledge) -> tuple[list[str], list[str]]:
    texts: list[str] = []
    labels: list[str] = []
    for intent, examples in knowledge.intent_examples.items():
        texts.extend(examples)
        labels.extend([intent] * len(examples))
    return texts, labels


def _card_training_set(cards: tuple[AnswerCard, ...]) -> tuple[list[str], list[str]]:
    """Each card's examples, plus its own words (title, answer, reasons, quotes), so the
    card model also knows the vocabulary of the answer, not only of the questions."""
    texts: list[str] = []
    labels: list[str] = []
    for card in cards:
        own = [card.title, card.answer, card.why, card.next_step, *(q.text for q in card.quotes)]
        for text in (*card.examples, *own):
            texts.append(text)
            labels.append(card.id)
    return texts, labels


def build_understander(knowledge: Knowledge) -> Understander:
    return Understander(knowledge)
