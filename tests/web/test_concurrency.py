"""Many writers at once through the app: no lost update, no "database is locked", no 500."""
from __future__ import annotations

import threading

import pytest


def run_together(jobs) -> list:
    """Start every job at the same moment (a barrier), wait for all, and return their results."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(index, job):
        barrier.wait()
        results[index] = job()
    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


@pytest.fixture
def api(app):
    """API clients (no session cookie, so no CSRF token), one per thread as separate browsers would be."""
    return lambda: app.test_client(use_cookies=False)


def test_concurrent_partial_updates_of_one_term_keep_every_field(api):
    ids = [api().post("/api/glossary", json={"de": f"Begriff{n}", "en": f"term {n}"}).get_json()["id"]
           for n in range(30)]
    fields = {"en_plural": "terms", "note": "a note", "domain": "politics"}

    def update(field, value):
        client = api()
        return [client.put(f"/api/glossary/{term}", json={field: value}).status_code for term in ids]
    statuses = run_together([lambda f=f, v=v: update(f, v) for f, v in fields.items()])
    assert all(code == 200 for codes in statuses for code in codes), statuses
    for term in api().get("/api/glossary?source=user").get_json()["terms"]:
        assert {field: term[field] for field in fields} == fields, term  # nobody's field was lost


def test_64_concurrent_writers_all_succeed(api):
    def write(n):
        client = api()
        added = client.post("/api/glossary", json={"de": f"Wort{n}", "en": f"word {n}"}).status_code
        marked = client.put(f"/api/words/Haus{n}", json={"status": "known"}).status_code
        return added, marked
    results = run_together([lambda n=n: write(n) for n in range(64)])
    assert results == [(201, 200)] * 64
    client = api()
    assert len(client.get("/api/glossary?source=user").get_json()["terms"]) == 64
    assert len(client.get("/api/words").get_json()["words"]) == 64
