"""The dictionary popup's "in this sentence": the sense the gloss chooses from the sentence
(lesepult/dictionary/context.py), and the idiom a word is part of, through the real app and Ding."""
from __future__ import annotations

import pytest


def lookup(client, word: str, sentence: str, english: str = "") -> dict:
    response = client.get("/api/lookup", query_string={"q": word, "context": sentence, "en": english})
    assert response.status_code == 200
    return response.get_json()


@pytest.mark.parametrize("word, sentence, sense", [
    ("sieben", "Das Gericht verurteilte ihn zu sieben Jahren Haft.", "seven"),
    ("türkische", "Die türkische Regierung protestierte scharf.", "Turkish"),
    ("Abbruch", "Nach dem Abbruch der Gespräche reiste die Delegation ab.", "breaking-off"),
    ("kontrollieren", "Die Rebellen kontrollieren den Osten der Stadt.", "control"),
])
def test_the_sense_of_the_word_in_its_sentence_comes_first(client, word, sentence, sense):
    data = lookup(client, word, sentence)
    assert data["in_sentence"] is not None and data["entries"][0]["senses"][0] == data["in_sentence"]
    assert sense in data["in_sentence"]


def test_the_sentence_decides_over_a_wrong_english(client):
    # a word-for-word English that says "sieve": the sentence still says seven
    data = lookup(client, "sieben", "Er wurde zu sieben Jahren Haft verurteilt.", english="He was to sieve years custody.")
    assert "seven" in data["in_sentence"]


def test_a_word_of_an_idiom_names_the_idiom(client):
    sentence = "Die Opposition warf dem Kanzler vor, die Ukraine im Stich zu lassen."
    data = lookup(client, "Stich", sentence)
    assert data["construction"] == {"de": "im Stich lassen", "en": "abandon"}
    html = client.get("/lookup", query_string={"q": "Stich", "context": sentence}).get_data(as_text=True)
    assert 'part of <span lang="de">im Stich lassen</span>' in html and '<strong lang="en">abandon</strong>' in html
    assert lookup(client, "Stich", "Der Stich einer Biene tut weh.")["construction"] is None
    assert lookup(client, "rechnen", "Diplomaten rechnen nicht mit einer Einigung.")["construction"] == {
        "de": "rechnen mit", "en": "expect"}


def test_without_a_sentence_nothing_changes(client):
    data = lookup(client, "brachen", "", english="the talks broke down")
    assert data["in_sentence"] == "to break sth. {broke; broken}" and data["construction"] is None
