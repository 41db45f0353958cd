"""The knowledge files load, are complete, and a broken file is reported with file and line."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.answers import answer_card, review_notice
from bot.router import INTENT_TOPICS
from bot.understanding.text import names_a_risk, normalise
from knowledge.loader import DATA_DIR, KnowledgeError, load_knowledge, squash
from knowledge.models import INTENTS, Knowledge

CONTRACT_SECTIONS = {
    "1", "2", "3", "4", "5.1", "5.2", "5.3", "6.1", "6.2", "6.3", "6.4", "6.5", "6.6.1", "6.6.2",
    "6.6.3", "6.7", "6.8", "7", "8", "9", "10", "11", "12", "A1", "A2",
}  # fmt: skip


def test_policy_has_every_contract_section_and_its_dates(knowledge: Knowledge) -> None:
    policy = knowledge.policy
    assert {s.id for s in policy.sections} == CONTRACT_SECTIONS
    assert (policy.name, policy.version) == ("Staff Use of Social Media Policy", "1.0")
    assert policy.approved == dt.date(2021, 9, 1) or policy.approved == dt.date(2021, 9, 14)
    assert policy.review_due == dt.date(2023, 10, 31)
    assert "please do not accept" in policy.section("6.1").text
    assert policy.cite("6.1") == "Staff Use of Social Media Policy v1.0, section 6.1"
    assert policy.cite("A2") == "Staff Use of Social Media Policy v1.0, Appendix 2"


def test_cards_cover_the_questions_staff_ask(knowledge: Knowledge) -> None:
    assert len(knowledge.cards) >= 40
    for card in knowledge.cards:
        assert card.answer.split()[0].rstrip(":,.").lower() in {
            "yes",
            "no",
            "it",
            "usually",
            "only",
            "not",
        }, card.id
        for quote in card.quotes:
            assert squash(quote.text) in squash(knowledge.policy.section(quote.section).text)
    cited = {s for card in knowledge.cards for s in card.sections}
    assert {"6.1", "6.2", "6.3", "6.4", "6.5", "6.6.2", "6.6.3", "6.7", "6.8", "7", "A2"} <= cited


def test_every_intent_has_many_examples(knowledge: Knowledge) -> None:
    for intent in INTENTS:
        assert len(knowledge.intent_examples[intent]) >= 40, intent


def test_policy_answer_quotes_cites_and_flags_the_overdue_review(knowledge: Knowledge) -> None:
    card = knowledge.card("friend-request-patient")
    reply = answer_card(card, knowledge.policy, dt.date(2026, 11, 22))
    assert reply.text.startswith("No")
    assert "please do not accept" in reply.text
    assert "(Staff Use of Social Media Policy v1.0, section 6.1)" in reply.text
    assert "Next step:" in reply.text
    assert "was due for review in October 2023" in reply.text


def _copy_data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def test_a_newer_policy_version_removes_the_review_notice(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    policy_file = data / "policy.yaml"
    text = policy_file.read_text(encoding="utf-8")
    policy_file.write_text(
        text.replace("version: '1.0'", "version: '1.1'").replace(
            "review_date: 2023-10", "review_date: 2027-10"
        ),
        encoding="utf-8",
    )
    newer = load_knowledge(data)
    today = dt.date(2026, 11, 22)
    assert review_notice(newer.policy, today) is None
    reply = answer_card(newer.card("friend-request-patient"), newer.policy, today)
    assert "due for review" not in reply.text
    assert "v1.1, section 6.1" in reply.text


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def test_a_misquoted_card_names_file_and_line(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    card_file = data / "cards" / "relationships-and-content.yaml"
    original = "please do not accept"
    text = card_file.read_text(encoding="utf-8")
    assert original in text
    card_file.write_text(text.replace(original, "feel free to accept", 1), encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(data)
    assert caught.value.path == card_file
    assert caught.value.line == _line_of(card_file, "feel free to accept")
    assert "not word for word in section 6.1" in caught.value.problem


def test_broken_yaml_names_file_and_line(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    intent_file = data / "intents" / "greeting.yaml"
    lines = intent_file.read_text(encoding="utf-8").splitlines()
    lines.insert(3, '  - "unterminated')
    intent_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(data)
    assert caught.value.path == intent_file
    assert "not valid YAML" in caught.value.problem
    assert caught.value.line >= 4


def test_unknown_intent_and_missing_field_are_named(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    (data / "intents" / "extra.yaml").write_text("intent: gossip\nexamples:\n  - hi\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"extra.yaml:1: unknown intent 'gossip'"):
        load_knowledge(data)
    (data / "intents" / "extra.yaml").write_text("intent: greeting\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"extra.yaml:1: missing field 'examples'"):
        load_knowledge(data)


def test_ordinary_remarks_name_no_risk_and_teach_no_intent(knowledge: Knowledge) -> None:
    """None is an intent's example or holds a word a risk is told with: the detector that learns
    them must not learn "killing me" or "so ready to go home" as ordinary."""
    remarks = knowledge.ordinary_remarks
    assert len(remarks) >= 200 and "she just laughed it off when I mentioned it" in remarks
    assert not set(remarks) & {e for ex in knowledge.intent_examples.values() for e in ex}
    assert [r for r in remarks if names_a_risk(normalise(r))] == []


@pytest.mark.parametrize(
    ("name", "shipped", "written"),
    [
        ("report_answers", "i don't have the link on me", "i cant find it"),
        ("ordinary_remarks", "she just laughed it off when I mentioned it", "no rush on this"),
    ],
)
def test_example_only_files_are_read_checked_and_optional(
    tmp_path: Path, knowledge: Knowledge, name: str, shipped: str, written: str
) -> None:
    """Report answers and ordinary remarks: they change the fingerprint (so the models are learned
    again), a broken entry is named, and a knowledge folder without the file loads with none."""
    assert shipped in getattr(knowledge, name)
    assert not set(getattr(knowledge, name)) & {e for ex in knowledge.intent_examples.values() for e in ex}
    data = _copy_data(tmp_path)
    path = data / f"{name}.yaml"
    path.write_text(f'examples:\n  - "{written}"\n  - ""\n', encoding="utf-8")
    with pytest.raises(KnowledgeError, match=rf"{name}.yaml:3: every entry of 'examples'"):
        load_knowledge(data)
    path.write_text(f'examples:\n  - "{written}"\n', encoding="utf-8")
    changed = load_knowledge(data)
    assert getattr(changed, name) == (written,) and changed.fingerprint != knowledge.fingerprint
    path.unlink()
    assert getattr(load_knowledge(data), name) == ()


def test_report_questions_are_read_checked_and_optional(tmp_path: Path, knowledge: Knowledge) -> None:
    """Each has an answer for every report, a known report kind for its own answers, only
    the placeholders filled in when it is said, and enough examples; a broken one is named
    with its line; a knowledge folder without the file loads with none."""
    evidence = next(q for q in knowledge.report_questions if q.id == "evidence")
    assert "A screenshot is worth taking" in evidence.answer_for("crisis")
    who = next(q for q in knowledge.report_questions if q.id == "who-sees")
    assert "stay anonymous" in who.answer_for("breach")
    assert "stay anonymous" not in who.answer_for("criticism")
    assert "{ref}" in who.after_for("criticism") and "your manager" in who.after_for("targeted")
    assert next(q for q in knowledge.report_questions if q.id == "skip").after_for("criticism") == ""
    data = _copy_data(tmp_path)
    questions = data / "report_questions.yaml"
    twelve = "".join(f'      - "may i skip number {n}"\n' for n in range(12))
    broken = {
        "reports:\n      gossip: nope\n": r"report_questions.yaml:5: unknown report 'gossip'",
        "answer: see {manager}\n": r"report_questions.yaml:3: unknown placeholder \{manager\}",
        "answer: fine\n    colour: blue\n": r"report_questions.yaml:4: unknown field 'colour'",
        "answer: see {ref}\n": r"report_questions.yaml:3: unknown placeholder \{ref\}",
        "after: see {ref} {manager}\n": r"report_questions.yaml:4: unknown placeholder \{manager\}",
        "after_reports:\n      crisis: soon\n": r"report_questions.yaml:5: 'after_reports' needs an 'after'",
    }
    for extra, problem in broken.items():
        head = "questions:\n  - id: skip\n    " + ("answer: fine\n    " if "answer" not in extra else "")
        questions.write_text(f"{head}{extra}    examples:\n{twelve}", encoding="utf-8")
        with pytest.raises(KnowledgeError, match=problem):
            load_knowledge(data)
    questions.write_text('questions:\n  - id: skip\n    answer: fine\n    examples:\n      - "can i skip"\n')
    with pytest.raises(KnowledgeError, match=r"report_questions.yaml:5: a report question needs at least 12"):
        load_knowledge(data)
    questions.write_text(f"questions:\n  - id: skip\n    answer: ok, {{hours}}\n    examples:\n{twelve}")
    changed = load_knowledge(data)
    assert [q.answer for q in changed.report_questions] == ["ok, {hours}"]
    assert changed.report_questions[0].after_for("crisis") == "", "no answer after a report unless given"
    assert changed.fingerprint != knowledge.fingerprint
    questions.unlink()
    assert load_knowledge(data).report_questions == ()


def test_a_card_citing_a_missing_section_is_refused(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    card_file = data / "cards" / "accounts-and-process.yaml"
    text = card_file.read_text(encoding="utf-8")
    card_file.write_text(text.replace('"6.6.2"', '"6.6.9"', 1), encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"no section '6.6.9' in the policy"):
        load_knowledge(data)


def test_an_answer_for_someone_who_has_reported_the_case_is_read(knowledge: Knowledge) -> None:
    card = knowledge.card("reporting-a-colleague")
    assert card.answer.startswith("Yes, you should report it")
    assert card.answer_reported.startswith("You've reported it") and card.next_step_reported
    assert knowledge.card("friend-request-patient").answer_reported == ""


def test_whom_a_card_is_for_is_read_and_checked(tmp_path: Path, knowledge: Knowledge) -> None:
    card = knowledge.card("friend-request-patient")
    assert "patient" in card.about and "colleague" in card.not_for
    data = _copy_data(tmp_path)
    card_file = data / "cards" / "relationships-and-content.yaml"
    text = card_file.read_text(encoding="utf-8")
    card_file.write_text(text.replace("  not_for: [", "  not_for: [] #", 1), encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"relationships-and-content.yaml:\d+: field 'not_for' must be"):
        load_knowledge(data)


def test_a_next_step_naming_a_slash_command_needs_one_for_other_platforms(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    card_file = data / "cards" / "accounts-and-process.yaml"
    text = card_file.read_text(encoding="utf-8")
    card_file.write_text(text.replace("  next_step_in_chat:", "  # next_step_in_chat:", 1), encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"accounts-and-process.yaml:\d+: a next step naming a slash"):
        load_knowledge(data)


def test_the_same_example_under_two_intents_is_refused(tmp_path: Path, knowledge: Knowledge) -> None:
    data = _copy_data(tmp_path)
    taught = knowledge.card("friend-request-patient").examples[0].upper()
    (data / "intents" / "extra.yaml").write_text(
        f'intent: out_of_scope\nexamples:\n  - "x"\n  - "{taught}"\n', encoding="utf-8"
    )
    with pytest.raises(
        KnowledgeError, match=r"extra.yaml:4: .* is labelled out_of_scope here but policy_question"
    ):
        load_knowledge(data)


def test_the_cli_reports_a_broken_file_without_a_stack_trace(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    (data / "policy.yaml").write_text("name: x\nsections: [\n", encoding="utf-8")
    env = {**os.environ, "SIGNPOST_KNOWLEDGE_DIR": str(data)}
    done = subprocess.run(
        [sys.executable, "-m", "adapters.cli", "classify"],
        input='{"id": "1", "text": "hi"}\n',
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 2
    assert f"{data / 'policy.yaml'}:" in done.stderr
    assert "not valid YAML" in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


def test_no_two_topics_signpost_may_offer_read_alike(knowledge: Knowledge) -> None:
    """When unsure, Signpost offers two topics (card titles and reports or requests): "i have a
    plan" was offered "opening a team or service account" or "opening a new team or service
    account", the card's answer and the account request, with nothing to tell them apart."""
    labels = [card.title for card in knowledge.cards] + list(INTENT_TOPICS.values())
    words = [set(re.findall(r"[a-z']+", label.lower())) for label in labels]
    for i, first in enumerate(words):
        for j in range(i + 1, len(words)):
            shared = len(first & words[j]) / len(first | words[j])
            assert shared < 0.6, (labels[i], labels[j])
