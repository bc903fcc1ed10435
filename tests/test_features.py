"""Support-ticket structure features, in several languages."""

from __future__ import annotations

import math
import re

import pytest

from classifiers.features import (
    FeatureConfig,
    char_ngrams,
    detect_language,
    extract_features,
    split_text,
    structure_features,
)

TRACE = """Traceback (most recent call last):
  File "app.py", line 10, in <module>
KeyError: 'id'"""
JAVA = """Exception in thread "main" java.lang.IllegalStateException: closed
    at com.acme.sync.Worker.run(Worker.java:42)
    at java.base/java.lang.Thread.run(Thread.java:833)"""
LOGS = """2024-05-01 10:00:01 ERROR upstream reset
2024-05-01 10:00:02 WARN retrying
[ERROR] gave up"""


@pytest.mark.parametrize(
    ("text", "feature"),
    [
        (TRACE, "s:stack_trace"),
        (JAVA, "s:stack_trace"),
        (LOGS, "s:log_lines"),
        ("We see HTTP 502 and ORA-00942 and ECONNRESET", "s:error_codes"),
        ("Since upgrading from 3.2.1 to 3.4.0", "s:versions"),
        ("```yaml\nreplicas: 3\n```", "s:code_blocks"),
        ("timeout: 30\nretries = 5\nhost: db", "s:config_lines"),
        ("1. open the app\n2. click sync\n3. it crashes", "s:numbered_steps"),
        ("I already tried reinstalling, then restarted", "s:multi_step_markers"),
        ("Ich habe bereits neu gestartet, dann gelöscht", "s:multi_step_markers"),
        ("Ya intenté reinstalar y luego reiniciar", "s:multi_step_markers"),
        ("J'ai déjà essayé, puis redémarré", "s:multi_step_markers"),
        ("Já tentei reinstalar e depois reiniciar", "s:multi_step_markers"),
        ("Why? How? When?", "s:questions"),
        ("Warum wird der Termin verschoben, obwohl die Zeitzone stimmt?", "s:behaviour_questions"),
        ("Is this expected when two people edit offline?", "s:behaviour_questions"),
    ],
)
def test_structure_feature_fires(text: str, feature: str) -> None:
    assert structure_features(text)[feature] > 0


def test_plain_question_fires_no_debugging_features() -> None:
    values = structure_features("How do I reset my password?")
    for name in (
        "s:stack_trace",
        "s:log_lines",
        "s:error_codes",
        "s:versions",
        "s:code_blocks",
        "s:numbered_steps",
        "s:multi_step_markers",
    ):
        assert values[name] == 0, name


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("How do I change the email on my account?", "en"),
        ("Wie ändere ich die E-Mail-Adresse in meinem Konto? Das ist nicht klar.", "de"),
        ("¿Cómo cambio el correo de mi cuenta? No lo encuentro en la aplicación.", "es"),
        ("Comment changer l'adresse e-mail de mon compte ? Je ne la trouve pas.", "fr"),
        ("Como altero o e-mail da minha conta? Não encontro a opção.", "pt"),
        ("12345 !!!", "unknown"),
    ],
)
def test_language(text: str, language: str) -> None:
    words = text.lower().replace("?", " ").replace("¿", " ").split()
    assert detect_language(words) == language
    assert structure_features(text)[f"s:lang_{language}"] == 1.0


def test_word_ngrams_are_binary_with_unit_norm() -> None:
    features = extract_features("reset my password please", FeatureConfig())
    words = {name: v for name, v in features.items() if name.startswith("w:")}
    assert set(words) == {"w:reset", "w:my", "w:password", "w:please"}
    assert sum(v * v for v in words.values()) == pytest.approx(1.0)
    pairs = extract_features("reset my password please", FeatureConfig(word_ngram_range=(1, 2)))
    assert "w:my password" in pairs
    assert sum(v * v for k, v in pairs.items() if k.startswith("w:")) == pytest.approx(1.0)
    off = extract_features("reset", FeatureConfig(word_ngram_range=None, char_ngram_range=None))
    assert all(name.startswith("s:") for name in off)


def test_character_ngrams_are_a_unit_vector_per_distinct_word() -> None:
    features = extract_features("reset resets reset", FeatureConfig())
    reset, resets = char_ngrams("reset", 3, 4), char_ngrams("resets", 3, 4)
    assert " res" in reset and " res" in resets and "ts " not in reset
    per_word = 1 / math.sqrt(2)  # two distinct words
    assert features["c:ts "] == pytest.approx(per_word / math.sqrt(len(resets)))
    assert features["c: res"] == pytest.approx(
        per_word / math.sqrt(len(reset)) + per_word / math.sqrt(len(resets))
    )
    assert {name[2:] for name in features if name.startswith("c:")} == reset | resets


@pytest.mark.parametrize(
    "text",
    [
        "Re: ticket #42 -- it's_broken (again)!\tv2.1",
        "Größe: ÄÖÜ straße, naïve café; x² µs ªº\xa0nbsp\x85nel ¿qué? «oui»",
        "İstanbul Ελληνικά кириллица 漢字 emoji😀ok",
    ],
)
def test_words_are_those_of_the_regex(text: str) -> None:
    assert split_text(text, 6000)[2] == re.findall(r"\w+", text.lower())


def test_only_the_head_is_read() -> None:
    head, lower, _ = split_text("ABCDEF", 3)
    assert (head, lower) == ("ABC", "abc")
