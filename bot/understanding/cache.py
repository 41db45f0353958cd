"""The learned models saved as plain arrays (no pickle), keyed by the knowledge files'
fingerprint and the code that learns them, so a restart with unchanged knowledge and code
skips learning, and an upgrade that reads text differently never loads an old model."""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from bot.understanding.features import Block, FeatureSpace
from bot.understanding.linear import CalibratedScores, CrisisDetector, ExampleIndex, Passages
from bot.understanding.topics import Topics

logger = logging.getLogger(__name__)
FORMAT = 13
LEARNING_CODE = ("text.py", "features.py", "linear.py", "training.py", "topics.py", "cache.py")
"""The modules whose change makes a saved model stale."""


@dataclass(frozen=True)
class Models:
    space: FeatureSpace
    intents: CalibratedScores
    cards: CalibratedScores
    examples: ExampleIndex
    crisis: CrisisDetector
    passages: Passages
    """Each policy section's passages, grouped by section in the policy's order, for
    retrieval."""
    topics: Topics
    """The policy's topic words, for messages that only name one."""
    answer_intents: CalibratedScores
    answer_crisis: CrisisDetector
    """The intent model and crisis detector learned with a report's answers too, for the
    second reading of a short answer in a report (`Understander.may_be_an_answer`)."""
    report_questions: CalibratedScores | None = None
    """Which question about the report itself a message asks, if any
    (`Understander.report_question`); None when the knowledge has no such questions."""
    sentence_crisis: CrisisDetector | None = None
    """The crisis detector learned with the ordinary remarks too (`Knowledge.ordinary_remarks`),
    for whether a message, or one sentence of it, is a crisis when its words hold no word of a risk
    (`Understander._remarks_margin`); the crisis detector when there are no remarks."""

    @property
    def sentence_detector(self) -> CrisisDetector:
        return self.sentence_crisis or self.crisis


def default_cache_dir() -> Path:
    configured = os.environ.get("SIGNPOST_CACHE_DIR")
    if configured:
        return Path(configured)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "signpost"


def cache_path(cache_dir: Path, fingerprint: str) -> Path:
    return cache_dir / f"understanding-v{FORMAT}-{_code_fingerprint()}-{fingerprint}.npz"


def _code_fingerprint() -> str:
    here = Path(__file__).parent
    digest = hashlib.sha256()
    for name in LEARNING_CODE:
        digest.update((here / name).read_bytes())
    return digest.hexdigest()[:12]


def save(models: Models, path: Path) -> None:
    """Written to a temporary file and renamed, so a reader never sees half a file."""
    arrays = {
        "word_vocab": _vocab_array(models.space.words.vocabulary),
        "word_idf": models.space.words.idf,
        "char_vocab": _vocab_array(models.space.chars.vocabulary),
        "char_idf": models.space.chars.idf,
        "crisis_weights": models.crisis.weights,
        "crisis_intercept": np.array([models.crisis.intercept]),
        "answer_crisis_weights": models.answer_crisis.weights,
        "answer_crisis_intercept": np.array([models.answer_crisis.intercept]),
        "sentence_crisis_weights": models.sentence_detector.weights,
        "sentence_crisis_intercept": np.array([models.sentence_detector.intercept]),
        "examples_data": models.examples.vectors.data,
        "examples_indices": models.examples.vectors.indices,
        "examples_indptr": models.examples.vectors.indptr,
        "examples_shape": np.array(models.examples.vectors.shape),
        "examples_starts": models.examples.starts,
        "passage_rows": models.passages.rows,
        "passage_vectors": models.passages.vectors,
        "passage_starts": models.passages.starts,
        "topic_words": np.array(sorted(models.topics.topic), dtype=np.str_),
        "stop_words": np.array(sorted(models.topics.stop), dtype=np.str_),
    }
    scores = [("intents", models.intents), ("cards", models.cards), ("answers", models.answer_intents)]
    if models.report_questions is not None:
        scores.append(("report_questions", models.report_questions))
    for name, model in scores:
        arrays[f"{name}_classes"] = np.array(model.classes)
        arrays[f"{name}_weights"] = model.weights
        arrays[f"{name}_intercept"] = model.intercept
        arrays[f"{name}_temperature"] = np.array([model.temperature])
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as handle:
            np.savez(handle, **arrays)
        os.replace(handle.name, path)
    except OSError as exc:
        logger.warning("could not cache the understanding models at %s: %s", path, exc)


def load(path: Path) -> Models | None:
    try:
        with np.load(path, allow_pickle=False) as data:
            words = _vocab_dict(data["word_vocab"])
            space = FeatureSpace(
                words=Block(words, data["word_idf"], 0),
                chars=Block(_vocab_dict(data["char_vocab"]), data["char_idf"], len(words)),
            )
            intents, cards, answers = (_scores(data, name) for name in ("intents", "cards", "answers"))
            crisis, answer_crisis, sentence_crisis = (
                CrisisDetector(data[f"{name}_weights"], float(data[f"{name}_intercept"][0]))
                for name in ("crisis", "answer_crisis", "sentence_crisis")
            )
            vectors = sp.csr_matrix(
                (data["examples_data"], data["examples_indices"], data["examples_indptr"]),
                shape=tuple(data["examples_shape"].tolist()),
            )
            examples = ExampleIndex(vectors, data["examples_starts"])
            passages = Passages(data["passage_rows"], data["passage_vectors"], data["passage_starts"])
            topics = Topics(
                frozenset(str(w) for w in data["topic_words"].tolist()),
                frozenset(str(w) for w in data["stop_words"].tolist()),
            )
            asked = _scores(data, "report_questions") if "report_questions_classes" in data else None
            return Models(
                space,
                intents,
                cards,
                examples,
                crisis,
                passages,
                topics,
                answers,
                answer_crisis,
                asked,
                sentence_crisis,
            )
    except (OSError, KeyError, ValueError) as exc:
        if path.exists():
            logger.warning("ignoring an unreadable model cache %s: %s", path, exc)
        return None


def _scores(data: np.lib.npyio.NpzFile, name: str) -> CalibratedScores:
    return CalibratedScores(
        tuple(str(c) for c in data[f"{name}_classes"].tolist()),
        data[f"{name}_weights"],
        data[f"{name}_intercept"],
        float(data[f"{name}_temperature"][0]),
    )


def _vocab_array(vocabulary: dict[str, int]) -> np.ndarray:
    ordered = [""] * len(vocabulary)
    for gram, index in vocabulary.items():
        ordered[index] = gram
    return np.array(ordered, dtype=np.str_)


def _vocab_dict(array: np.ndarray) -> dict[str, int]:
    return {str(gram): index for index, gram in enumerate(array.tolist())}
