"""Learning the models from the knowledge files (scikit-learn, imported only here).

Two linear SVMs over the same word and character n-gram TF-IDF space: one for the intent,
one for the answer card. Each SVM's scores become probabilities through a softmax whose
temperature is fitted on 2-fold cross-validated scores, so a confidence of 0.8 is right
about four times in five on messages the model has not seen.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.svm import LinearSVC

from bot.understanding.cache import Models
from bot.understanding.features import Block, FeatureSpace, char_wb_ngrams, word_ngrams
from bot.understanding.linear import (
    OTHER_QUESTION,
    CalibratedScores,
    CrisisDetector,
    ExampleIndex,
    Passages,
    softmax,
)
from bot.understanding.text import normalise
from bot.understanding.topics import SMALL_TALK, Topics, learn_topics
from knowledge.models import CRISIS_INTENTS, AnswerCard, Knowledge, PolicySection

SVM_C = 0.5
SEED = 7
"""The SVMs' solver and the calibration's folds shuffle the examples: a fixed seed learns the same
models from the same knowledge on every run, so a message near a bar reads the same everywhere."""
TEMPERATURES = np.geomspace(0.5, 60.0, 80)
PASSAGE_WORDS = 15
"""A section's passages: its paragraphs, each joined with the next until it has this many
words (list items and one-line paragraphs say too little alone)."""


def train(knowledge: Knowledge) -> Models:
    """The feature space, the intent and card models, the crisis detector, the sections'
    passages (`section_passages`), the policy's topic words, the intent model and crisis
    detector learned again with a report's answers (`answer_models`), and the report
    question model (`report_question_model`), and the sentence crisis detector, which also
    learns the ordinary remarks (`Knowledge.ordinary_remarks`) as no crisis."""
    texts, labels = intent_training_set(knowledge)
    card_texts, card_labels = card_training_set(knowledge.cards)
    sections = [f"{s.title}. {s.text}" for s in knowledge.policy.sections]
    words = TfidfVectorizer(analyzer=word_ngrams, sublinear_tf=True)
    chars = TfidfVectorizer(analyzer=char_wb_ngrams, sublinear_tf=True, min_df=2)
    corpus = [normalise(t) for t in [*texts, *card_texts, *sections]]
    matrix = sp.hstack([words.fit_transform(corpus), chars.fit_transform(corpus)]).tocsr()
    space = FeatureSpace(
        words=Block(dict(words.vocabulary_), words.idf_, 0),
        chars=Block(dict(chars.vocabulary_), chars.idf_, len(words.vocabulary_)),
    )
    split = len(texts)
    intents = fit_calibrated(matrix[:split], labels)
    crisis = fit_crisis(matrix[:split], labels)
    remarks = _vectors(knowledge.ordinary_remarks, words, chars)
    sentence_crisis = crisis if remarks is None else fit_crisis(matrix[:split], labels, remarks)
    card_rows = matrix[split : split + len(card_texts)]
    cards = fit_calibrated(card_rows, card_labels)
    examples = _example_index(knowledge.cards, card_rows, cards.classes)
    passages = _passages(knowledge.policy.sections, words, chars)
    answer_intents, answer_crisis = intents, crisis
    if (answer_rows := _vectors(knowledge.report_answers, words, chars)) is not None:
        answer_intents, answer_crisis = answer_models(matrix[:split], labels, answer_rows)
    report_questions = None
    if knowledge.report_questions:
        asked = [(normalise(e), q.id) for q in knowledge.report_questions for e in q.examples]
        asked_rows = sp.hstack(
            [words.transform([t for t, _ in asked]), chars.transform([t for t, _ in asked])]
        ).tocsr()
        report_questions = report_question_model(matrix[:split], asked_rows, [q for _, q in asked])
    topics = _topics(knowledge, sections)
    return Models(
        space=space,
        intents=intents,
        cards=cards,
        examples=examples,
        crisis=crisis,
        passages=passages,
        topics=topics,
        answer_intents=answer_intents,
        answer_crisis=answer_crisis,
        report_questions=report_questions,
        sentence_crisis=sentence_crisis,
    )


def report_question_model(
    features: sp.csr_matrix, questions: sp.csr_matrix, question_ids: list[str]
) -> CalibratedScores:
    """Which question about the report itself a message asks ("should i screenshot it": the
    evidence), against everything the intents learn from, as `OTHER_QUESTION`. Like the
    report's answers, the questions are vectors of the same space but not part of what it
    was learned from, so the other models are unchanged."""
    both = sp.vstack([questions, features]).tocsr()
    return fit_calibrated(both, [*question_ids, *[OTHER_QUESTION] * features.shape[0]])


def answer_models(
    features: sp.csr_matrix, labels: list[str], answers: sp.csr_matrix
) -> tuple[CalibratedScores, CrisisDetector]:
    """The intent model and the crisis detector learned again with a report's answers
    ("i can't find the link") as out-of-scope examples. The answers are vectors of the same
    space but not part of what it was learned from, so the other models are unchanged."""
    both = sp.vstack([features, answers]).tocsr()
    both_labels = [*labels, *["out_of_scope"] * answers.shape[0]]
    return fit_calibrated(both, both_labels), fit_crisis(both, both_labels)


def _vectors(texts: tuple[str, ...], words: TfidfVectorizer, chars: TfidfVectorizer) -> sp.csr_matrix | None:
    """`texts` as vectors of the space, which they were not learned from; None when there are none."""
    if not texts:
        return None
    clean = [normalise(t) for t in texts]
    return sp.hstack([words.transform(clean), chars.transform(clean)]).tocsr()


def _topics(knowledge: Knowledge, sections: list[str]) -> Topics:
    examples = knowledge.intent_examples.items()
    in_scope = [e for intent, ex in examples if intent not in SMALL_TALK for e in ex]
    in_scope += [e for card in knowledge.cards for e in card.examples]
    chat = [e for intent in SMALL_TALK for e in knowledge.intent_examples.get(intent, ())]
    titles = [card.title for card in knowledge.cards]
    policy_text = "\n".join(sections)
    return learn_topics(titles, policy_text, in_scope, chat, frozenset(ENGLISH_STOP_WORDS))


def fit_calibrated(features: sp.csr_matrix, labels: list[str]) -> CalibratedScores:
    svm = LinearSVC(C=SVM_C, class_weight="balanced", random_state=SEED)
    folds = StratifiedKFold(n_splits=2, shuffle=True, random_state=SEED)
    held_out = cross_val_predict(svm, features, labels, cv=folds, method="decision_function")
    svm.fit(features, labels)
    classes = tuple(str(c) for c in svm.classes_)
    gold = np.array([classes.index(label) for label in labels])
    losses = [_nll(softmax(held_out * t), gold) for t in TEMPERATURES]
    temperature = float(TEMPERATURES[int(np.argmin(losses))])
    weights = np.ascontiguousarray(np.asarray(svm.coef_, dtype=np.float32).T)
    return CalibratedScores(classes, weights, np.asarray(svm.intercept_), temperature)


def _example_index(
    cards: tuple[AnswerCard, ...], rows: sp.csr_matrix, classes: tuple[str, ...]
) -> ExampleIndex:
    """The cards' example questions (not their own words), grouped in `classes` order."""
    positions: dict[str, list[int]] = {}
    offset = 0
    for card in cards:
        positions[card.id] = list(range(offset, offset + len(card.examples)))
        offset += len(card.examples) + len(_own_words(card))
    order: list[int] = []
    starts: list[int] = []
    for card_id in classes:
        starts.append(len(order))
        order.extend(positions[card_id])
    vectors = sp.csr_matrix(rows[order].T.astype(np.float32))
    return ExampleIndex(vectors, np.array(starts, dtype=np.int64))


def section_passages(section: PolicySection) -> list[str]:
    """A section's paragraphs, each joined with the next until it has `PASSAGE_WORDS` words,
    a short remainder joined to the last; each begins with the section's title."""
    passages: list[str] = []
    current = ""
    for paragraph in (p.strip() for p in section.text.split("\n")):
        current = f"{current} {paragraph}".strip()
        if len(current.split()) >= PASSAGE_WORDS:
            passages.append(current)
            current = ""
    if current and passages:
        passages[-1] = f"{passages[-1]} {current}"
    elif current or not passages:
        passages.append(current)
    return [f"{section.title}. {passage}".strip() for passage in passages]


def _passages(
    sections: tuple[PolicySection, ...], words: TfidfVectorizer, chars: TfidfVectorizer
) -> Passages:
    """Each section's passages, in the same space, grouped by section in the policy's order.
    The space is learned from the whole sections, so the passages change no other model."""
    texts: list[str] = []
    starts: list[int] = []
    for section in sections:
        starts.append(len(texts))
        texts.extend(normalise(p) for p in section_passages(section))
    rows = sp.hstack([words.transform(texts), chars.transform(texts)]).tocsr()
    return Passages.from_sparse(sp.csr_matrix(rows.T), np.array(starts))


def fit_crisis(
    features: sp.csr_matrix, labels: list[str], remarks: sp.csr_matrix | None = None
) -> CrisisDetector:
    """Crisis or not, from the intents' examples, and from ordinary remarks as not a crisis when
    given (the sentence crisis detector, `Models.sentence_crisis`)."""
    is_crisis = [label in CRISIS_INTENTS for label in labels]
    if remarks is not None:
        features = sp.vstack([features, remarks]).tocsr()
        is_crisis += [False] * remarks.shape[0]
    svm = LinearSVC(C=SVM_C, class_weight="balanced", random_state=SEED).fit(features, is_crisis)
    weights = np.ascontiguousarray(np.asarray(svm.coef_[0], dtype=np.float32))
    return CrisisDetector(weights, float(svm.intercept_[0]))


def _nll(probs: np.ndarray, gold: np.ndarray) -> float:
    return float(-np.log(probs[np.arange(len(gold)), gold] + 1e-12).mean())


def intent_training_set(knowledge: Knowledge) -> tuple[list[str], list[str]]:
    texts: list[str] = []
    labels: list[str] = []
    for intent, examples in knowledge.intent_examples.items():
        texts.extend(examples)
        labels.extend([intent] * len(examples))
    return texts, labels


def card_training_set(cards: tuple[AnswerCard, ...]) -> tuple[list[str], list[str]]:
    """Each card's examples plus its own words (title, answer, reasons, quotes), so the
    card model also knows the vocabulary of the answer, not only of the questions."""
    texts: list[str] = []
    labels: list[str] = []
    for card in cards:
        for text in (*card.examples, *_own_words(card)):
            texts.append(text)
            labels.append(card.id)
    return texts, labels


def _own_words(card: AnswerCard) -> list[str]:
    return [card.title, card.answer, card.why, card.next_step, *(q.text for q in card.quotes)]
