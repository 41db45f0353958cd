"""The fast feature path equals scikit-learn's, and the model cache round-trips."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from bot.understanding import build_understander, cache
from bot.understanding.cache import cache_path
from bot.understanding.features import Block, FeatureSpace, _common_word_grams, char_wb_ngrams
from bot.understanding.text import bare_words, normalise
from knowledge.models import Knowledge

CORPUS = [
    "can i accept a friend request from a former patient?",
    "someone tweeted that our ward is a disgrace!! https link x",
    "i'm dead 💀 this rota",
    "a",
    "the crisis team's twitter password",
    "can i accept a follow request",
]


def test_vectors_match_scikit_learn() -> None:
    words = TfidfVectorizer(ngram_range=(1, 2), token_pattern=r"(?u)\b\w+\b|[^\w\s]", sublinear_tf=True)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=1)
    expected = sp.hstack([words.fit_transform(CORPUS), chars.fit_transform(CORPUS)]).toarray()
    space = FeatureSpace(
        words=Block(dict(words.vocabulary_), words.idf_, 0),
        chars=Block(dict(chars.vocabulary_), chars.idf_, len(words.vocabulary_)),
    )
    for row, text in zip(expected, CORPUS, strict=True):
        got = np.zeros(space.size)
        indices, values = space.vector(text)
        got[indices] = values
        np.testing.assert_allclose(got, row, atol=1e-12)


def test_char_ngrams_match_scikit_learn_on_odd_text() -> None:
    reference = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5)).build_analyzer()
    for text in ["", "a", "ab  cd", "  x\ty\n", "émoji 💀💀 ok", "a" * 12]:
        assert char_wb_ngrams(text) == reference(text)


def test_words_cut_before_are_cut_the_same_and_long_ones_are_not_kept() -> None:
    """A word's n-grams are kept once cut, so a word seen again must give the same n-grams, in
    the same place; a long pasted string (over 24 characters) is cut each time and never kept."""
    reference = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5)).build_analyzer()
    long_word = "x" * 25 + "🙂" * 40
    text = f"accept accept the request {long_word} accept"
    assert char_wb_ngrams(text) == reference(text)
    assert char_wb_ngrams(text) == reference(text)
    kept = _common_word_grams.cache_info()
    char_wb_ngrams(f"{long_word}y {long_word}z")
    assert _common_word_grams.cache_info().currsize == kept.currsize
    assert kept.maxsize == 4096


def test_the_cache_round_trips_to_the_same_understanding(knowledge: Knowledge, tmp_path: Path) -> None:
    learned = build_understander(knowledge, cache_dir=tmp_path)
    assert cache_path(tmp_path, knowledge.fingerprint).is_file()
    cached = build_understander(knowledge, cache_dir=tmp_path)
    for text in CORPUS:
        a, b = learned.understand(text), cached.understand(text)
        assert (a.intent, a.sections) == (b.intent, b.sections)
        assert abs(a.confidence - b.confidence) < 1e-6
        assert learned.may_be_an_answer(text) == cached.may_be_an_answer(text)
    assert cached.may_be_an_answer("i cant find the link")
    assert np.array_equal(learned.models.sentence_detector.weights, cached.models.sentence_detector.weights)
    assert learned.models.sentence_detector.intercept == cached.models.sentence_detector.intercept


def test_the_sentence_detector_learns_the_ordinary_remarks_and_only_it_does(
    knowledge: Knowledge, tmp_path: Path
) -> None:
    """With the remarks, a remark reads less like a crisis to the sentence detector than to the crisis
    detector; without them, the two are one."""
    models = build_understander(knowledge, cache_dir=tmp_path / "with").models
    remark = "i've mentioned it to her and she just laughs"
    indices, values = models.space.vector(remark)
    assert models.sentence_detector.margin(indices, values) < models.crisis.margin(indices, values) - 0.2
    bare = dataclasses.replace(knowledge, ordinary_remarks=(), fingerprint="no-remarks")
    without = build_understander(bare, cache_dir=tmp_path / "without").models
    assert np.array_equal(without.sentence_detector.weights, without.crisis.weights)
    assert np.array_equal(without.crisis.weights, models.crisis.weights)


def test_the_same_knowledge_always_learns_the_same_models(knowledge: Knowledge, tmp_path: Path) -> None:
    """The SVMs' solver shuffles the examples; with its seed fixed, two learnings give the same
    weights to the last bit, so a message near a bar ("will this get to someone tonight", 0.9895
    about the report against 0.99) reads the same on every machine. Without the seed the weights
    differed in the fourth decimal from one learning to the next."""
    first = build_understander(knowledge, cache_dir=tmp_path / "first").models
    second = build_understander(knowledge, cache_dir=tmp_path / "second").models
    for a, b in [
        (first.intents.weights, second.intents.weights),
        (first.cards.weights, second.cards.weights),
        (first.crisis.weights, second.crisis.weights),
        (first.answer_crisis.weights, second.answer_crisis.weights),
        (first.sentence_detector.weights, second.sentence_detector.weights),
    ]:
        assert np.array_equal(a, b)
    assert first.crisis.intercept == second.crisis.intercept
    assert first.intents.temperature == second.intents.temperature


def test_a_corrupt_cache_is_ignored_and_rebuilt(knowledge: Knowledge, tmp_path: Path) -> None:
    path = cache_path(tmp_path, knowledge.fingerprint)
    path.write_bytes(b"not a model")
    understander = build_understander(knowledge, cache_dir=tmp_path)
    assert understander.understand("can I accept a friend request from a patient?").sections[0] == "6.1"
    assert path.stat().st_size > 1000


def test_a_change_to_the_learning_code_never_loads_the_old_model(
    knowledge: Knowledge, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An upgrade that reads text differently must learn again, not load a model learned
    from the old reading (the knowledge files, and so their fingerprint, are unchanged)."""
    before = cache_path(tmp_path, knowledge.fingerprint)
    code = tmp_path / "code"
    code.mkdir()
    for name in cache.LEARNING_CODE:
        source = Path(cache.__file__).with_name(name).read_text()
        (code / name).write_text(source + ("\n# changed\n" if name == "text.py" else ""))
    monkeypatch.setattr(cache, "__file__", str(code / "cache.py"))
    assert cache_path(tmp_path, knowledge.fingerprint) != before


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("a pt's mum msg'd me on fb, can u help", "a patient's mum message'd me on fb, can you help"),
        ("PTS on the ward r asking abt it", "patients on the ward are asking about it"),
        ("matched w someone on hinge", "matched with someone on hinge"),
        ("thread on r/london", "thread on r/london"),
        ("@u and #pt and pt-time and w-1", "@u and #pt and pt-time and w-1"),
        ("output, input, upturn", "output, input, upturn"),
        ("ive started cutting again, dont know why", "i've started cutting again, don't know why"),
        ("whats the rule if im on nights", "what's the rule if i'm on nights"),
        ("ill on shift, id badge, its fine, were we", "ill on shift, id badge, its fine, were we"),
        ("im-ready and #dont", "im-ready and #dont"),
    ],
)
def test_chat_shorthand_is_read_as_the_words_it_stands_for(typed: str, read: str) -> None:
    assert normalise(typed) == read


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        (
            "Tweet: 'writing my letters now' https://twitter.com/someone/status/17900",
            "tweet: 'writing my letters now'",
        ),
        ("<https://www.facebook.com/x/posts/1|facebook.com/x/posts/1> i cant go on", "i can't go on"),
        ("<@U123> <!channel> @here &amp; > *so tired* 😀 🙏!!!", "so tired"),
        ("&gt; a quoted line\n&gt; and another", "a quoted line\nand another"),
        ("is A&E on x? @TaviAndPort #nhs", "is a&e on x? @taviandport #nhs"),
        ("```~~\\ …", ""),
        ("can I post photos of my ward on instagram? (ward 5, 2pm)", None),
    ],
)
def test_the_bare_words_leave_out_links_markup_and_symbols_but_keep_what_was_said(
    typed: str, words: str | None
) -> None:
    assert bare_words(typed) == words


def test_a_section_is_read_in_passages_of_at_least_fifteen_words() -> None:
    """One-line list items are joined to the next; a short last line joins the one before."""
    from bot.understanding.training import section_passages
    from knowledge.models import PolicySection

    text = "\n".join(
        [
            "Social media is the generic term for any internet-based platform which enables online "
            "interaction between its users.",
            "",
            "- Microblogging e.g. Twitter",
            "- Blogging e.g. WordPress, Tumblr and Medium",
            "- Walled-garden networks, where you must have an account to see content",
            "- Image sharing",
        ]
    )
    passages = section_passages(PolicySection("4", "Definitions", text))
    assert passages == [
        "Definitions. Social media is the generic term for any internet-based platform which enables online "
        "interaction between its users.",
        "Definitions. - Microblogging e.g. Twitter - Blogging e.g. WordPress, Tumblr and Medium "
        "- Walled-garden networks, where you must have an account to see content - Image sharing",
    ]
    assert section_passages(PolicySection("8", "Dissemination", "")) == ["Dissemination."]


def test_every_section_has_its_passages(knowledge: Knowledge) -> None:
    passages = build_understander(knowledge).models.passages
    assert passages.starts.tolist()[0] == 0
    assert len(passages.starts) == len(knowledge.policy.sections)
    assert np.all(np.diff(passages.starts) >= 1)
    assert passages.vectors.shape[1] > len(knowledge.policy.sections)
