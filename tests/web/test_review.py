"""Learners through the Flask client on a real SQLite file: saving words with their sentence, reviewing them,
levels, the words exports and the reading statistics."""
from __future__ import annotations

import csv
import io
import re
from datetime import datetime, timezone
from urllib.parse import quote

import pytest

from support import csrf_token, document_id, post_text

from test_accounts import ANNA, BOB, reader, site  # noqa: F401 (site is a fixture)

SENTENCE = "Die Gespräche brachen gestern ab."
ENGLISH = "The talks broke off yesterday."


def put_word(client, word: str, **payload):
    return client.put(f"/api/words/{quote(word)}", json=payload, headers={"X-CSRFToken": csrf_token(client)})


def popup(client, word: str, sentence: str = SENTENCE, english: str = ENGLISH) -> str:
    """The dictionary dialog as the reader page fetches it for a word clicked in its sentence."""
    response = client.get(f"/lookup?q={quote(word)}&context={quote(sentence)}&en={quote(english)}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def mark_from_popup(client, word: str, status: str, **extra):
    """Press a mark button of the dialog: app.js sends the word with the dialog's sentence, English and meaning."""
    box = re.search(r'<div class="word-status"[^>]*>', popup(client, word)).group(0)
    data = dict(re.findall(r'data-(sentence|en|meaning)="([^"]*)"', box))
    return put_word(client, word, status=status, **data, **extra)


def test_a_separated_verb_is_saved_under_the_popups_headword(client):
    html = popup(client, "brachen")
    assert re.search(r'<h2 id="lookup-title"[^>]*><span lang="de">abbrechen</span>', html)
    assert 'data-lemma="abbrechen"' in html
    saved = mark_from_popup(client, "brachen", "learning").get_json()
    assert saved["lemma"] == "abbrechen" and saved["level"] == 1
    assert mark_from_popup(client, "ab", "learning").get_json()["lemma"] == "abbrechen"  # its particle too
    assert client.get("/api/words").get_json()["words"] == {"abbrechen": "learning"}
    # Without a sentence (or in one where it stands alone) the form's own lemma, as before.
    assert put_word(client, "brachen", status="known").get_json()["lemma"] == "brechen"
    assert put_word(client, "brachen", status="known", sentence="Die Dämme brachen.").get_json()["lemma"] == "brechen"


def test_a_saved_word_comes_back_as_a_card_with_its_sentence(client):
    mark_from_popup(client, "brachen", "learning")
    data = client.get("/api/review").get_json()
    assert data["due"] == 1
    card = data["cards"][0]
    assert {k: card[k] for k in ("lemma", "word", "sentence", "en")} == {
        "lemma": "abbrechen", "word": "brachen", "sentence": SENTENCE, "en": ENGLISH}
    assert card["meaning"] and card["meaning"] in popup(client, "brachen")   # the meaning the dialog showed
    assert datetime.strptime(card["due"], "%Y-%m-%dT%H:%M:%SZ") <= datetime.now(timezone.utc).replace(tzinfo=None)
    page = client.get("/review").get_data(as_text=True)
    assert '<p class="review-sentence" lang="de">Die Gespräche <mark class="review-word">brachen</mark> gestern ab.</p>' in page
    assert f'<p class="review-en" lang="en">{ENGLISH}</p>' in page
    assert "1 word to review now" in page


def test_a_word_marked_by_key_gets_the_dictionarys_meaning(client):
    put_word(client, "Truppen", status="learning", sentence="Die Truppen ziehen ab.")
    card = client.get("/api/review").get_json()["cards"][0]
    assert card["lemma"] == "truppe" and card["word"] == "Truppen" and "troop" in card["meaning"]


def test_grading_good_takes_the_card_off_today_and_bad_grades_are_refused(client):
    put_word(client, "Truppen", status="learning")
    put_word(client, "Haus", status="learning")
    cards = client.get("/api/review").get_json()["cards"]
    token = {"X-CSRFToken": csrf_token(client)}
    graded = client.post(f"/api/review/{cards[0]['id']}", json={"grade": "good"}, headers=token)
    assert graded.status_code == 200
    due = datetime.strptime(graded.get_json()["due"], "%Y-%m-%dT%H:%M:%SZ")
    assert due.date() > datetime.now(timezone.utc).date()
    after = client.get("/api/review").get_json()
    assert after["due"] == 1 and [c["id"] for c in after["cards"]] == [cards[1]["id"]]
    for payload in ({"grade": "perfect"}, {}, None, ["good"], {"grade": 3}):
        refused = client.post(f"/api/review/{cards[1]['id']}", json=payload, headers=token)
        assert refused.status_code == 400 and "grade" in refused.get_json()["error"]
    assert client.post("/api/review/999", json={"grade": "good"}, headers=token).status_code == 404
    assert client.post(f"/api/review/{2**63}", json={"grade": "good"}, headers=token).status_code == 404
    assert client.get("/api/review").get_json()["due"] == 1


def test_the_review_page_grades_with_a_form_then_shows_the_next_card(client):
    put_word(client, "Truppen", status="learning", sentence="Die Truppen ziehen ab.")
    page = client.get("/review").get_data(as_text=True)
    action = re.search(r'<form method="post" action="(/review/\d+)"', page).group(1)
    assert client.post(action, data={"grade": "easy"}).status_code == 400       # no CSRF token: refused
    answer = client.post(action, data={"grade": "easy", "csrf_token": csrf_token(client, "/review")})
    assert answer.status_code == 303 and answer.headers["Location"].endswith("/review")
    done = client.get("/review").get_data(as_text=True)
    assert "Nothing to review now" in done and "The next word is due at" in done
    assert client.post(action, data={"grade": "soon", "csrf_token": csrf_token(client)}).status_code == 400


def test_review_needs_the_csrf_token_and_a_same_site_origin(client):
    put_word(client, "Truppen", status="learning")
    card = client.get("/api/review").get_json()["cards"][0]["id"]
    client.get("/review")  # a browser session
    assert client.post(f"/api/review/{card}", json={"grade": "good"}).status_code == 400
    assert client.post(f"/api/review/{card}", json={"grade": "good"},
                       headers={"Origin": "https://evil.example"}).status_code == 403
    assert client.get("/api/review").get_json()["due"] == 1


def test_each_reader_reviews_only_their_own_cards(site):  # noqa: F811
    anna, bob = reader(site, ANNA), reader(site, BOB, "192.0.2.2")
    assert put_word(anna, "Truppen", status="learning", sentence="Die Truppen ziehen ab.").status_code == 200
    card = anna.get("/api/review").get_json()["cards"][0]["id"]
    assert bob.get("/api/review").get_json() == {"due": 0, "cards": []}
    assert bob.post(f"/api/review/{card}", json={"grade": "good"},
                    headers={"X-CSRFToken": csrf_token(bob)}).status_code == 404
    assert "Truppen" not in bob.get("/review").get_data(as_text=True)
    assert "truppe" not in bob.get("/words.anki.tsv").get_data(as_text=True)
    assert anna.get("/api/review").get_json()["due"] == 1


def test_levels_are_set_kept_and_cleared(client):
    doc = document_id(post_text(client, "Die Truppen ziehen ab. Eine Truppe bleibt."))
    assert put_word(client, "Truppen", level=3).get_json() == {"word": "Truppen", "lemma": "truppe",
                                                                "status": "learning", "level": 3}
    assert put_word(client, "Truppe", status="learning").get_json()["level"] == 3    # kept
    data = client.get(f"/api/words?document={doc}").get_json()
    assert data["levels"] == {"truppe": 3} and data["form_levels"] == {"truppen": 3, "truppe": 3}
    assert put_word(client, "Truppe", status="known").get_json()["level"] is None
    assert client.get(f"/api/words?document={doc}").get_json()["form_levels"] == {}
    for bad in (0, 6, "2", 2.5, True):
        response = put_word(client, "Truppe", status="learning", level=bad)
        assert response.status_code == 400 and "level" in response.get_json()["error"]
    assert put_word(client, "Truppe", status="known", level=2).status_code == 400
    assert client.get("/api/words").get_json()["words"] == {"truppe": "known"}


def test_the_reader_shows_a_legend_and_the_popup_offers_levels(client):
    page = client.get("/").get_data(as_text=True)
    legend = re.search(r'<div class="word-legend".*?</div>', page, re.S).group(0)
    assert [m for m in re.findall(r'class="legend-word ([a-z0-9 -]+)"', legend)] == [
        "unknown", *(f"learning level-{n}" for n in range(1, 6)), "known"]
    assert 'href="/static/learner.css"' in page and 'src="/static/reading.js"' in page
    html = popup(client, "Truppen", "Die Truppen ziehen ab.", "The troops withdraw.")
    assert re.findall(r'data-level="(\d)"', html) == ["1", "2", "3", "4", "5"]


def test_words_csv_keeps_its_columns_first_and_adds_level_meaning_sentence(client):
    put_word(client, "Haus", status="known")
    mark_from_popup(client, "brachen", "learning", level=2)
    put_word(client, "Summe", status="learning", sentence="=SUMME(A1) ist eine Summe.", en="+1 is a sum.",
             meaning="-sum")
    text = client.get("/words.csv").get_data(as_text=True)
    assert text.splitlines()[0] == "lemma,status,updated_at,level,meaning,sentence,en"
    rows = {row["lemma"]: row for row in csv.DictReader(io.StringIO(text))}
    assert (rows["haus"]["status"], rows["haus"]["level"], rows["haus"]["sentence"]) == ("known", "", "")
    assert rows["abbrechen"]["level"] == "2" and rows["abbrechen"]["sentence"] == SENTENCE
    assert rows["abbrechen"]["en"] == ENGLISH and rows["abbrechen"]["meaning"]
    assert (rows["summe"]["sentence"], rows["summe"]["en"], rows["summe"]["meaning"]) == (
        "'=SUMME(A1) ist eine Summe.", "'+1 is a sum.", "'-sum")


def test_the_anki_export_of_saved_words_sits_beside_the_glossarys(client):
    mark_from_popup(client, "brachen", "learning")
    response = client.get("/words.anki.tsv")
    assert response.mimetype == "text/tab-separated-values" and "attachment" in response.headers["Content-Disposition"]
    front, back, tags = response.get_data(as_text=True).splitlines()[3].split("\t")
    assert front == "Die Gespräche <b>brachen</b> gestern ab."
    assert back.startswith("<b>abbrechen</b> — ") and back.endswith(f"<br>{ENGLISH}") and tags == "lesepult learning"
    glossary = client.get("/glossary").get_data(as_text=True)
    assert 'href="/glossary.anki.tsv"' in glossary and 'href="/words.anki.tsv"' in glossary


def read(client, doc: int, paragraphs):
    return client.post("/api/reading", json={"document": doc, "paragraphs": paragraphs},
                       headers={"X-CSRFToken": csrf_token(client)})


def test_reading_is_recorded_and_shown_as_charts_with_tables(client):
    doc = document_id(post_text(client, "Die Truppen ziehen ab.\n\nEine Truppe bleibt in der Stadt.", title="Truppen"))
    assert read(client, doc, [0, 1]).get_json() == {"document": doc, "words": 10}
    assert read(client, doc, [0, 1]).get_json()["words"] == 0      # once a day
    put_word(client, "Truppe", status="learning")
    put_word(client, "die", status="known")
    page = client.get("/stats").get_data(as_text=True)
    assert "10 words read in the last 30 days" in page
    assert "Now 1 word known and 1 word learning" in page
    for chart in ("read-chart", "words-chart"):
        svg = re.search(rf'<svg class="chart" id="{chart}".*?</svg>', page, re.S).group(0)
        assert f'role="img" aria-labelledby="{chart}-title {chart}-desc"' in svg
        assert f'<title id="{chart}-title">' in svg and f'<desc id="{chart}-desc">' in svg
    assert len(re.findall(r'<rect class="bar"', page)) == 30
    assert re.search(r"<td>\d{4}-\d\d-\d\d</td><td>10</td>", page)       # the table behind the bars
    assert f'<a href="/documents/{doc}" lang="de">Truppen</a>' in page
    assert re.search(r"<strong>(\d+)%</strong> <span class=\"count\">\(\d+\)</span>", page)
    assert " style=" not in page                                        # the CSP allows no style attributes
    assert '<a href="/stats"' in client.get("/").get_data(as_text=True)  # in the navigation


@pytest.mark.parametrize("payload", [None, [], {"document": 1}, {"document": "1", "paragraphs": [0]},
                                     {"document": 1, "paragraphs": [-1]}, {"document": 1, "paragraphs": ["0"]},
                                     {"document": 1, "paragraphs": [True]}, {"document": 1, "paragraphs": [2**70]},
                                     {"document": 1, "paragraphs": list(range(201))}])
def test_reading_reports_are_checked(client, payload):
    client.get("/")
    response = client.post("/api/reading", json=payload, headers={"X-CSRFToken": csrf_token(client)})
    assert response.status_code == 400 and "error" in response.get_json()


def test_reading_is_only_recorded_for_readable_documents(site):  # noqa: F811
    anna, bob = reader(site, ANNA), reader(site, BOB, "192.0.2.2")
    secret = document_id(post_text(anna, "Die Unterhändler trafen sich heimlich in Oslo.", title="Geheim"))
    assert read(bob, secret, [0]).status_code == 404
    assert read(bob, 2**63, [0]).status_code == 404
    assert read(anna, secret, [0]).status_code == 200
    assert "Geheim" not in bob.get("/stats").get_data(as_text=True)
    assert "Geheim" in anna.get("/stats").get_data(as_text=True)
