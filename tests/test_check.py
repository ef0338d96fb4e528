"""`quizgen check`, rule by rule: a small bank that triggers each rule and one that passes.

Each test edits the clean bank of conftest.make_project the way an editor would, then runs the
CLI and asserts on what the user sees: exit code, code, file and line.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import ARTICLE, TOPIC, run, write_source

TOPIC_FILE = "questions/summit.yaml"


def check(runner, root: Path, *extra: str):
    return run(runner, "check", "-C", str(root), *extra)


def line_of(text: str, needle: str, nth: int = 0) -> int:
    """1-based line of the nth occurrence of ``needle`` in ``text``."""
    idx = -1
    for _ in range(nth + 1):
        idx = text.index(needle, idx + 1)
    return text.count("\n", 0, idx) + 1


def edited(root: Path, old: str, new: str, *, file: str = TOPIC_FILE) -> str:
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {file}"
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text


def findings(result) -> list[tuple[str, int, str]]:
    """(path, line, code) of every finding printed."""
    return [
        (m.group(1), int(m.group(2)), m.group(4))
        for m in re.finditer(r"^(\S+?):(\d+):(\d+): (?:error|warning) (QG\d+)", result.output, re.M)
    ]


def assert_finding(result, code: str, line: int, file: str = TOPIC_FILE) -> None:
    assert (file, line, code) in findings(result), result.output
    assert "Traceback" not in result.output


def test_clean_bank_passes(runner, project):
    result = check(runner, project)
    assert result.exit_code == 0, result.output
    # one fact is stated by one article only: reported, not failed, naming the origin as written
    assert findings(result) == [(TOPIC_FILE, line_of(TOPIC, "- source: wire", 1), "QG300")]
    assert "fact 'summit-place' rests on a single origin (Publisher wire)" in result.output


def test_strict_fails_on_warnings(runner, project):
    result = check(runner, project, "--strict")
    assert result.exit_code == 1
    assert "QG300" in result.output


def test_json_format(runner, project):
    text = edited(project, "answer: 183", "answer: 184")
    result = check(runner, project, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    bad = [d for d in data if d["code"] == "QG110"]
    assert bad and bad[0]["path"] == TOPIC_FILE
    assert bad[0]["line"] == line_of(text, "answer: 184")
    assert set(bad[0]) == {"path", "line", "col", "severity", "code", "message", "hint"}


def test_quote_with_one_digit_changed_fails_with_hint(runner, project):
    text = edited(project, "killed 183 people, including 136", "killed 188 people, including 136")
    result = check(runner, project)
    assert result.exit_code == 1
    assert_finding(result, "QG101", line_of(text, "killed 188 people"))
    # the hint shows the closest passage and where it is
    assert "closest passage" in result.output
    assert "questions/sources/wire.md:" in result.output
    assert "183 people" in result.output


@pytest.mark.parametrize("old, new, says", [
    ("killed 183 people, including 136", "killed 188 people, including 136",
     'the quote has "188" where the article has "183"'),
    ("killed 183 people, including 136", "killed 183 people including 136",
     'the article has "," after "people"'),
    ("where a flood in 1942 killed", "where a big flood in 1942 killed",
     'the quote has "big", which the article does not have there'),
    ("Korean forced laborers\"\n      - source: other", "Korean forced workers\"\n      - source: other",
     'the quote has "workers" where the article has "laborers"'),
])
def test_quote_not_found_says_what_differs(runner, project, old, new, says):
    edited(project, old, new)
    result = check(runner, project)
    hints = [line for line in result.output.splitlines() if "closest passage" in line]
    assert len(hints) == 1, result.output
    assert f"closest passage ({says})" in hints[0]


def test_quote_found_after_normalisation(runner, project):
    # curly quotes, an em dash for '--', odd spacing and a soft hyphen all normalise away
    write_source(project, "wire", "Lee said: \u201cIt is small but mean\u00adingful\u201d \u2014 a step.\n"
                 "NARA, Japan, Jan. 13 (Wire) -- President Lee Jae Myung said Tuesday he had met "
                 "Prime Minister Sanae Takaichi in Nara.\n")
    edited(project, """quote: "the Chosei undersea coal mine, where a flood in 1942 killed 183 people, including 136 Korean forced laborers"
""", """quote: 'Lee said:  "It is small but meaningful" -- a step.'
""")
    edited(project, "statement: A flood at the Chosei mine in 1942 killed 183 people, 136 of them Korean.",
           "statement: A flood killed 183 people, 136 of them Korean.")
    result = check(runner, project)
    assert not [f for f in findings(result) if f[2] == "QG101"], result.output


def test_quote_across_omission(runner, project):
    edited(project, 'quote: "183 individuals, including 136 Korean forced laborers, from the Chosei undersea coal mine"',
           'quote: "Both governments will recover remains ... 136 Korean forced laborers ... Chosei undersea coal mine"')
    result = check(runner, project)
    assert result.exit_code == 0, result.output


def test_omission_pieces_must_be_in_order(runner, project):
    text = edited(project, 'quote: "183 individuals, including 136 Korean forced laborers, from the Chosei undersea coal mine"',
                  'quote: "Chosei undersea coal mine ... Both governments will recover remains"')
    result = check(runner, project)
    assert_finding(result, "QG101", line_of(text, "Chosei undersea coal mine ... Both"))


def test_case_difference_is_not_a_match_but_hinted(runner, project):
    text = edited(project, 'quote: "183 individuals', 'quote: "183 INDIVIDUALS')
    result = check(runner, project)
    assert_finding(result, "QG101", line_of(text, "183 INDIVIDUALS"))
    assert "letter case differs" in result.output


def test_wrong_answer_number(runner, project):
    text = edited(project, "answer: 183", "answer: 184")
    result = check(runner, project)
    assert result.exit_code == 1
    assert_finding(result, "QG110", line_of(text, "answer: 184"))


def test_invented_year_in_explanation(runner, project):
    text = edited(project, "explanation: Of the 183 who died",
                  "explanation: In 1943, of the 183 who died")
    result = check(runner, project)
    assert result.exit_code == 1
    assert_finding(result, "QG120", line_of(text, "In 1943"))
    assert "'1943'" in result.output


def test_invented_name_in_explanation(runner, project):
    text = edited(project, "explanation: It killed 183.",
                  "explanation: It killed 183, said Mayor Tanaka Hiroshi.")
    result = check(runner, project)
    assert result.exit_code == 1
    assert_finding(result, "QG120", line_of(text, "Mayor Tanaka"))


def test_invented_date_in_statement(runner, project):
    text = edited(project, "met in Nara on 13 January 2026", "met in Nara on 14 January 2026")
    result = check(runner, project)
    assert_finding(result, "QG120", line_of(text, "14 January 2026"))


@pytest.mark.parametrize("words", ["Crowds march through Nara as", "An august pair met in Nara"])
def test_march_and_august_as_words_are_not_dates(runner, project, words):
    """"march" the verb and "august" the adjective are not months; written as months (a
    capital, a year, "early", "in", "mid-") they are checked like any date."""
    edited(project, "statement: Lee and Takaichi met in Nara", f"statement: {words} Lee and "
           "Takaichi met in Nara")
    result = check(runner, project)
    assert result.exit_code == 0, result.output
    for words_added, date in [("in March", "March"), ("in august 2025", "august 2025"),
                              ("early march", "early march"), ("in march", "march"),
                              ("since mid-august", "august")]:
        text = edited(project, f"{words} ", f"{words} {words_added} ")
        result = check(runner, project)
        assert_finding(result, "QG120", line_of(text, words_added))
        assert f"'{date}' in the statement" in result.output, result.output
        edited(project, f"{words} {words_added} ", f"{words} ")


def test_alias_declares_another_name(runner, project):
    text = edited(project, "statement: Lee and Takaichi met in Nara",
                  "statement: Lee and Takaichi met in the old capital Heijo")
    result = check(runner, project)
    assert_finding(result, "QG120", line_of(text, "Heijo"))
    edited(project, "    category: venues\n", "    category: venues\n    aliases:\n      Nara: [Heijo]\n")
    result = check(runner, project)
    assert result.exit_code == 0, result.output


def test_date_answer_read_against_publication_date(runner, project):
    # "Jan. 13" and "Tuesday" in an article published on 13 January 2026 both mean that day
    text = edited(project, "answer: 13 January 2026", "answer: 12 January 2026")
    result = check(runner, project)
    assert_finding(result, "QG110", line_of(text, "answer: 12 January 2026"))


def test_unknown_source(runner, project):
    text = edited(project, "- source: other", "- source: othre")
    result = check(runner, project)
    assert_finding(result, "QG100", line_of(text, "- source: othre"))
    assert "did you mean 'other'" in result.output


def test_duplicate_id(runner, project):
    text = edited(project, "- id: flood-year", "- id: flood-deaths-n")
    result = check(runner, project)
    assert_finding(result, "QG010", line_of(text, "- id: flood-deaths-n", 1))
    assert f"first used at {TOPIC_FILE}:{line_of(text, '- id: flood-deaths-n')}" in result.output


def test_misspelt_key(runner, project):
    text = edited(project, "explanation: It killed 183.", "explenation: It killed 183.")
    result = check(runner, project)
    assert result.exit_code == 1
    assert_finding(result, "QG003", line_of(text, "explenation"))
    assert "did you mean 'explanation'" in result.output


def test_yaml_syntax_error(runner, project):
    text = edited(project, "prompt: In which year did the Chosei mine flood?",
                  "prompt: In which year: did the Chosei mine flood?")
    result = check(runner, project)
    assert result.exit_code == 1
    assert_finding(result, "QG001", line_of(text, "In which year: did"))
    assert "Traceback" not in result.output


def test_duplicate_key_in_mapping(runner, project):
    text = edited(project, "answer: 183\n", "answer: 183\n        answer: 200\n")
    result = check(runner, project)
    assert_finding(result, "QG002", line_of(text, "answer: 200"))
    assert "first at line" in result.output


@pytest.mark.parametrize("old, new, says", [
    ("prompt: In which city did Lee Jae Myung meet Sanae Takaichi?",
     "prompt: 'In which of Japan's cities did Lee Jae Myung meet Sanae Takaichi?'",
     "the ' in the middle of the '...' value ends it early: write each ' inside it twice"),
    ("prompt: In which city did Lee Jae Myung meet Sanae Takaichi?",
     'prompt: "In which "ancient capital" did Lee Jae Myung meet Sanae Takaichi?"',
     'the " in the middle of the "..." value ends it early: put the value in single quotes'),
])
def test_a_quote_mark_inside_a_quoted_value_gets_its_own_hint(runner, project, old, new, says):
    text = edited(project, old, new)
    result = check(runner, project)
    assert result.exit_code == 1
    assert "QG001" in result.output and "Traceback" not in result.output
    assert f"hint: on line {line_of(text, new)}, {says}" in result.output, result.output


def test_the_quoting_hint_names_the_line_in_a_source_file(runner, project):
    path = project / "questions/sources/other.md"
    text = path.read_text(encoding="utf-8").replace("publisher: Other Paper",
                                                    "publisher: 'St. Anne's Courier'")
    path.write_text(text, encoding="utf-8")
    result = check(runner, project)
    line = line_of(text, "publisher: 'St. Anne's")
    assert f"questions/sources/other.md:{line}:" in result.output, result.output
    assert f"hint: on line {line}, the ' in the middle" in result.output


def test_a_key_in_quotes_is_not_taken_for_a_broken_value(runner, project):
    edited(project, "prompt: In which city did Lee Jae Myung meet Sanae Takaichi?\n",
           '"prompt": In which city did Lee Jae Myung meet Sanae Takaichi?\n'
           "         bad: 1\n")
    result = check(runner, project)
    assert "QG001" in result.output
    assert "in the middle of the" not in result.output, result.output


def test_missing_required_field(runner, project):
    text = edited(project, "    category: venues\n", "")
    result = check(runner, project)
    assert_finding(result, "QG004", line_of(text, "- id: summit-place"))


def test_wrong_type(runner, project):
    text = edited(project, 'distractors: ["1945", "1965", "1910"]', "distractors: 1945")
    result = check(runner, project)
    assert_finding(result, "QG005", line_of(text, "distractors: 1945"))


def test_numeric_answer_must_be_number(runner, project):
    text = edited(project, "answer: 183", "answer: lots")
    result = check(runner, project)
    assert_finding(result, "QG005", line_of(text, "answer: lots"))


@pytest.mark.parametrize("value", [".inf", "-.inf", ".nan", "1e400", "1" * 400, "1" * 5000])
def test_numeric_answer_must_be_finite(runner, project, value):
    # YAML reads .inf and .nan as numbers; no quote can state them, and an infinite answer
    # used to count as supported by whatever number the quotes held
    text = edited(project, "answer: 183", f"answer: {value}")
    result = check(runner, project)
    assert result.exit_code == 1, result.output
    assert_finding(result, "QG005", line_of(text, f"answer: {value}"))
    # more digits than Python reads into a number: the value cannot be read at all
    assert ("must be a finite number" if len(value) < 4300 else "cannot read this value"
            ) in result.output


def test_huge_number_in_quote_supports_no_other_number(runner, project):
    # a run of 400 digits reads as infinity; it must not stand for every number
    write_source(project, "wire", ARTICLE.replace("Sanae Takaichi in Nara.", "Sanae Takaichi in "
                                                  "Nara. " + "9" * 400 + " lanterns"))
    text = edited(project, "Sanae Takaichi in Nara\"", "Sanae Takaichi in Nara. " + "9" * 400
                  + " lanterns\"")
    text = edited(project, "statement: Lee and Takaichi met in Nara on 13 January 2026.",
                  "statement: Lee and Takaichi met in Nara on 13 January 2026; 5 lanterns were lit.")
    result = check(runner, project)
    assert_finding(result, "QG120", line_of(text, "5 lanterns were lit."))


def test_answer_cut_short_is_not_supported(runner, project):
    # "Nar" begins the quoted "Nara" but is not a word the quotes hold
    text = edited(project, "answer: Nara\n", "answer: Nar\n")
    result = check(runner, project)
    assert_finding(result, "QG110", line_of(text, "answer: Nar\n"))


@pytest.mark.parametrize("answer", ["No", "It", "UN"])
def test_answer_with_no_content_word_must_be_quoted(runner, project, answer):
    # no word of it is checkable, and it is not in the quotes: nothing supports it
    text = edited(project, "answer: Nara\n", f"answer: {answer}\n")
    result = check(runner, project)
    assert_finding(result, "QG110", line_of(text, f"answer: {answer}\n"))


def test_answer_with_no_content_word_passes_when_quoted(runner, project):
    edited(project, "answer: Nara\n", "answer: he\n")  # "he had met": quoted as it stands
    result = check(runner, project)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("answer", ["Korean forced laborer", "a forced laborer", "laborers forced"])
def test_answer_words_with_another_ending_are_supported(runner, project, answer):
    # the quotes say "Korean forced laborers": the singular is the same word
    edited(project, "      - id: flood-tf\n", "      - id: flood-who\n"
           "        type: short_answer\n"
           "        prompt: Who were 136 of the dead?\n"
           f"        answer: {answer}\n"
           "      - id: flood-tf\n")
    result = check(runner, project)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("value, hint", [
    ('"False"', "write true or false without quotes"),
    ("maybe", "write true if the prompt is a true claim, false if it is not"),
])
def test_true_false_answer_must_be_true_or_false(runner, project, value, hint):
    text = edited(project, "answer: false\n", f"answer: {value}\n")
    result = check(runner, project)
    assert_finding(result, "QG005", line_of(text, f"answer: {value}\n"))
    assert f"hint: {hint}" in result.output


@pytest.mark.parametrize("answer, quote, supported", [
    ("A bridge plan", "Officials planned a new bridge.", True),   # plan, planned
    ("stop", "they stopped", True),
    ("agreed", "they agree", True),
    ("mine", "the mines", True),
    ("box", "the boxes", True),
    ("travel", "she travelled", True),
    ("studies", "the study", True),
    ("서울", "서울에서 열린 회의", True),  # a Korean particle follows the word
    ("東京", "日本の東京で会った", True),  # Japanese has no spaces between words
    ("carry", "they carried it", True),
    ("대전", "대전투가 벌어졌다", False),  # a longer Korean word, not a particle
    ("부산", "부산물 처리 시설", False),
    ("The plane", "the plan was approved", False),  # another word that begins the same
    ("plan", "the planes", False),
    ("the children's war", "the children's ward", False),
    ("fee", "feed", False),
    ("cited", "cities", False),
    ("care", "by car", False),
    ("note", "did not", False),
    ("agreement", "they agreed", False),
    ("Nar", "in Nara", False),  # a word cut short
    ("Japa", "in Japan", False),
    ("Englan", "in England", False),
])
def test_answer_words_in_another_form(answer, quote, supported):
    from quizgen.support import words_supported

    assert (words_supported(answer, quote) == []) is supported


def test_no_one_is_not_the_number_one():
    from quizgen.support import numbers_in

    for nobody in ("No one", "No-one"):
        found = numbers_in(f"{nobody} was hurt; one man was rescued.")
        assert [(m.text, m.value) for m in found] == [("one", 1.0)], nobody


@pytest.mark.parametrize("outlet, supported", [
    ("Other Paper", True), ("the Other Paper", True), ("Daily Planet", False),
    ("Paper", False),  # part of an outlet's name is not its name
    ("Publisher Other", False),  # nor are two run together
])
def test_an_explanation_may_name_the_outlets_quoted(runner, project, outlet, supported):
    # who reported it is part of what the bank knows of each quote: its article's publisher
    text = edited(project, "explanation: Of the 183 who died, 136 were Korean forced laborers.",
                  f"explanation: Of the 183 who died, 136 were Korean forced laborers, "
                  f"{outlet} reports.")
    result = check(runner, project)
    if supported:
        assert result.exit_code == 0, result.output
    else:
        assert_finding(result, "QG120", line_of(text, f"{outlet} reports"))


@pytest.mark.parametrize("outlet, text, missing", [
    ("St. Louis Post-Dispatch", "The St. Louis Post-Dispatch reported 14 people hurt.", []),
    ("Voice of America", "Voice of America reported 14 people hurt.", []),
    ("The Times of India", "The Times of India reported 14 people hurt.", []),
    ("Springfield Times", "The Times says 14 people were hurt.", ["Times"]),  # a part of it
])
def test_an_outlet_is_named_whole(outlet, text, missing):
    from quizgen.validate import Evidence, unsupported_details

    evidence = Evidence("Fourteen people were hurt in the blast on Monday.\n", [14.0], [])
    evidence.add_outlets([outlet])
    assert unsupported_details(text, evidence, {}) == missing


def test_distractor_equal_to_answer(runner, project):
    text = edited(project, 'distractors: ["1945", "1965", "1910"]', 'distractors: ["1945", "1942"]')
    result = check(runner, project)
    assert_finding(result, "QG200", line_of(text, 'distractors: ["1945", "1942"]'))


@pytest.mark.parametrize("distractors", [
    '["1,942", "1965", "1910"]', '["one thousand nine hundred and forty-two", "1965", "1910"]',
])
def test_distractor_with_the_answers_value(runner, project, distractors):
    # "1,942" and 1942 are the same number: a student would see two right options
    text = edited(project, 'distractors: ["1945", "1965", "1910"]', f"distractors: {distractors}")
    result = check(runner, project)
    assert_finding(result, "QG200", line_of(text, f"distractors: {distractors}"))


@pytest.mark.parametrize("answer, distractors, same", [
    ("two", '["2", "4", "3"]', True),
    ("14 people", '["fourteen people", "12 people"]', True),
    ("13 January 2026", '["January 13, 2026", "14 January 2026"]', True),
    ("$75 billion", '["75bn dollars", "$75 million"]', False),  # 75bn dollars is 75e9 but "$" is gone
    ("75 billion", '["75bn", "75 million"]', True),
    ("75 billion", '["75 million", "7.5 billion"]', False),
    ("Nara", '["NARA", "Kyoto"]', True),
    ("Nara", '["Kyoto", "Tokyo"]', False),
    ("their second summit", '["their 2nd summit", "their third summit"]', True),
    ("their second summit", '["their two summits", "their first summit"]', False),
    ("1" * 400, f'["{"2" * 400}", "3"]', False),  # two runs of digits too long for a float
])
def test_distractor_values_compared(runner, project, answer, distractors, same):
    text = edited(project, "type: short_answer\n        prompt: In which city did Lee Jae Myung meet "
                  "Sanae Takaichi?\n        answer: Nara\n",
                  "type: multiple_choice\n        prompt: In which city did Lee Jae Myung meet "
                  f"Sanae Takaichi?\n        answer: \"{answer}\"\n        distractors: {distractors}\n")
    result = check(runner, project)
    got = [f for f in findings(result) if f[2] == "QG200"]
    assert got == ([(TOPIC_FILE, line_of(text, f"distractors: {distractors}"), "QG200")] if same
                   else []), result.output


def test_distractors_with_one_value_twice(runner, project):
    text = edited(project, 'distractors: ["1945", "1965", "1910"]',
                  'distractors: ["1945", "one thousand nine hundred and forty-five", "1910"]')
    result = check(runner, project)
    assert_finding(result, "QG201", line_of(text, 'distractors: ["1945", "one thousand'))


def test_duplicate_distractors(runner, project):
    text = edited(project, 'distractors: ["1945", "1965", "1910"]', 'distractors: ["1945", "1945 "]')
    result = check(runner, project)
    assert_finding(result, "QG201", line_of(text, 'distractors: ["1945"'))


def test_too_few_distractors(runner, project):
    text = edited(project, 'distractors: ["1945", "1965", "1910"]', 'distractors: ["1945"]')
    result = check(runner, project)
    assert_finding(result, "QG202", line_of(text, 'distractors: ["1945"]'))


def test_cloze_without_deletion(runner, project):
    text = edited(project, "killed [[183]] people", "killed 183 people")
    result = check(runner, project)
    assert_finding(result, "QG203", line_of(text, "text: The flood at the Chosei mine killed 183"))


def test_cloze_deletion_must_be_supported(runner, project):
    text = edited(project, "killed [[183]] people", "killed [[185]] people")
    result = check(runner, project)
    assert_finding(result, "QG110", line_of(text, "killed [[185]]"))
    assert "QG120" not in result.output  # one mistake, one finding


def test_cloze_text_details_are_checked_outside_the_deletions(runner, project):
    text = edited(project, "The flood at the Chosei mine killed [[183]] people",
                  "The flood at the Chosei mine in 1943 killed [[183]] people")
    result = check(runner, project)
    assert_finding(result, "QG120", line_of(text, "mine in 1943 killed"))
    assert "'1943' in the text of 'flood-cloze' does not appear" in result.output


@pytest.mark.parametrize("old, new, code", [
    ('distractors: ["1945", "1965", "1910"]', "distractors: 1945", "QG005"),
    ("        explanation: It killed 183.\n", "        explenation: It killed 183.\n", "QG003"),
    ('distractors: ["1945", "1965", "1910"]', 'distractor: ["1945", "1965", "1910"]', "QG003"),
])
def test_a_malformed_question_is_checked_once_it_is_right(runner, project, old, new, code):
    # "distractors: 1945" is not also "needs two distractors"; a misspelt explanation is not
    # also "needs an explanation"
    edited(project, old, new)
    result = check(runner, project)
    assert [f[2] for f in findings(result) if f[2] != "QG300"] == [code], result.output


def test_unknown_category_and_type(runner, project):
    text = edited(project, "category: casualties", "category: casualty")
    text = edited(project, "type: basic", "type: basik")
    result = check(runner, project)
    assert_finding(result, "QG204", line_of(text, "category: casualty"))
    assert_finding(result, "QG205", line_of(text, "type: basik"))


def test_field_that_does_not_belong_to_type(runner, project):
    text = edited(project, "answer: Nara\n", "answer: Nara\n        distractors: [Tokyo, Seoul]\n")
    result = check(runner, project)
    assert_finding(result, "QG003", line_of(text, "distractors: [Tokyo, Seoul]"))


def test_false_claim_needs_explanation(runner, project):
    text = edited(project, "        explanation: It killed 183.\n", "")
    result = check(runner, project)
    assert_finding(result, "QG206", line_of(text, "- id: flood-tf"))


def test_false_claim_may_hold_wrong_numbers(runner, project):
    # the claim of a false true/false question is wrong on purpose; it is not a detail error
    result = check(runner, project)
    assert "200" not in result.output


def test_answer_only_in_disputed_quote(runner, project):
    write_source(project, "third", "More than 180 workers were killed in the flood.\n",
                 publisher="Third Paper")
    text = edited(project, "    questions:\n      - id: flood-deaths-n",
                  "    disputes:\n      - source: third\n        quote: More than 180 workers\n"
                  "        note: Rounds the toll down.\n"
                  "    questions:\n      - id: flood-about\n        type: numeric\n"
                  "        prompt: About how many died?\n        answer: 180\n"
                  "      - id: flood-deaths-n")
    result = check(runner, project)
    assert_finding(result, "QG111", line_of(text, "answer: 180"))


def test_single_origin_counted_by_origin_not_outlet(runner, project):
    # two outlets repeating one agency's copy are one origin
    write_source(project, "other", (project / "questions/sources/other.md").read_text().split("---\n", 2)[2],
                 publisher="Other Paper", origin="Publisher wire")
    result = check(runner, project)
    assert [f for f in findings(result) if f[2] == "QG300"].__len__() == 2, result.output


def test_source_text_changed_after_citing(runner, project):
    path = project / "questions/sources/wire.md"
    text = path.read_text().replace("killed 183 people", "killed 193 people")
    path.write_text(text)
    result = check(runner, project)
    assert result.exit_code == 1
    assert ("questions/sources/wire.md", line_of(text, "sha256:"), "QG021") in findings(result)
    # and the citation into it is re-checked
    assert "QG101" in result.output


def test_source_never_cited_is_a_warning(runner, project):
    write_source(project, "unused", "Nothing cited here.\n")
    result = check(runner, project)
    assert result.exit_code == 0
    assert ("questions/sources/unused.md", 1, "QG301") in findings(result)


def test_invalid_ids_cannot_leave_the_project(runner, project):
    text = edited(project, "- id: flood-year", "- id: ../../etc/passwd")
    edited(project, "topics: [summit]", "topics: [summit, ../secrets]", file="questions/bank.yaml")
    result = check(runner, project)
    assert_finding(result, "QG011", line_of(text, "../../etc/passwd"))
    assert ("questions/bank.yaml", 7, "QG011") in findings(result)


def test_no_bank_is_a_usage_error(runner, tmp_path):
    result = check(runner, tmp_path)
    assert result.exit_code == 2
    assert "questions/bank.yaml" in result.output
    assert "quizgen init" in result.output


def test_missing_topic_file(runner, project):
    edited(project, "topics: [summit]", "topics: [summit, history]", file="questions/bank.yaml")
    result = check(runner, project)
    assert ("questions/bank.yaml", 7, "QG012") in findings(result)


def test_unlisted_topic_file_is_reported(runner, project):
    (project / "questions/extra.yaml").write_text("title: Extra\nfacts: []\n")
    result = check(runner, project)
    assert ("questions/extra.yaml", 1, "QG013") in findings(result)


def test_every_rule_code_is_in_the_readme():
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    src = "".join(p.read_text() for p in (Path(__file__).parent.parent / "quizgen").rglob("*.py"))
    codes = sorted(set(re.findall(r'"(QG\d{3})"', src)))
    assert len(codes) > 25
    missing = [c for c in codes if c not in readme]
    assert not missing, f"rule codes missing from README: {missing}"


def test_broken_topic_does_not_call_its_sources_uncited(runner, project):
    edited(project, "prompt: In which year did the Chosei mine flood?",
           "prompt: In which year: did the Chosei mine flood?")
    result = check(runner, project)
    assert "QG001" in result.output and "QG301" not in result.output


def test_bad_publication_date_does_not_hide_the_source(runner, project):
    text = edited(project, "published: '2026-01-13T17:53:00+09:00'", "published: 13/01/2026",
                  file="questions/sources/other.md")
    result = check(runner, project)
    assert_finding(result, "QG024", line_of(text, "published:"), file="questions/sources/other.md")
    assert "QG100" not in result.output  # its citations are still checked, not "unknown"


def test_misspelt_topic_gets_a_suggestion(runner, project):
    edited(project, "topics: [summit]", "topics: [sumit]", file="questions/bank.yaml")
    result = check(runner, project)
    assert "QG012" in result.output and "did you mean 'summit'" in result.output


def test_wrong_date_answer_is_reported_once(runner, project):
    text = edited(project, "answer: 13 January 2026", "answer: 12 January 2026")
    result = check(runner, project)
    here = [f for f in findings(result) if f[1] == line_of(text, "answer: 12 January 2026")]
    assert [f[2] for f in here] == ["QG110"]


def test_a_dotless_i_in_a_month_or_weekday_is_read_not_crashed_on(runner, project):
    """Python's case-insensitive matching takes the dotless "ı" (and the dotted capital "İ")
    for "i", so "Aprıl" and "Frıday" match the date patterns; the checker reads them as April
    and Friday. It used to stop there with an internal error (KeyError: 'aprıl')."""
    edited(project, "statement: A flood at the Chosei mine in 1942 killed",
           "statement: A flood at the Chosei mine in Aprıl 1942 killed")
    text = edited(project, "explanation: It killed 183.", "explanation: It killed 183 on a Frıday.")
    result = check(runner, project)
    assert result.exit_code == 1, result.output
    assert_finding(result, "QG120", line_of(text, "Aprıl 1942"))
    assert "'Aprıl 1942' in the statement does not appear" in result.output
    assert_finding(result, "QG120", line_of(text, "Frıday"))
    assert "'Frıday' in the explanation of 'flood-tf' does not appear" in result.output


def test_findings_that_differ_only_by_a_hint_sort():
    """A finding without a hint sorts before the same finding with one (comparing the
    two hints, None and text, used to be an internal error)."""
    from quizgen.errors import Finding
    from quizgen.model import Place

    place = Place("questions/a.yaml", 3, 5)
    bare = Finding(place, "QG101", "error", "quote not found")
    hinted = Finding(place, "QG101", "error", "quote not found", "closest passage: ...")
    earlier = Finding(Place("questions/a.yaml", 3, 4), "QG200", "warning", "z", "h")
    assert sorted([hinted, bare, earlier]) == [earlier, bare, hinted]
    assert bare < hinted and not hinted < bare and hinted > bare and bare <= bare
    assert sorted([Finding(place, "QG101", "error", "m", "b"),
                   Finding(place, "QG101", "error", "m", "a")])[0].hint == "a"
