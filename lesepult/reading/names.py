"""People, places and organisations of a window as an English reader knows them: Syrien is Syria.

A name takes the glossary's rendering when it is a glossary term (Vereinte
Nationen → United Nations), else Ding's English for a place (Moskau →
Moscow) or a multi-word organisation; people keep their names as written.
Two German names for one English name (an alias, a genitive) are listed once.
"""
from __future__ import annotations

from ..dictionary.ding import lookup_key
from ..entities import Entity
from ..glossary import Glossary


def in_english(entities: list[Entity], glossary: Glossary | None, dictionary) -> list[Entity]:
    """The entities with their English names, merged where two name one thing, most mentioned first."""
    merged: dict[tuple[str, str], Entity] = {}
    for entity in entities:
        english = _english(entity, glossary, dictionary)
        key = (entity.kind, english or entity.name)
        if key in merged:
            found = merged[key]
            found.occurrences += [o for o in entity.occurrences if o not in found.occurrences]
        else:
            merged[key] = Entity(entity.name, entity.kind, list(entity.occurrences),
                                 english if english != entity.name else None)
    for entity in merged.values():
        entity.occurrences.sort()
    return sorted(merged.values(), key=lambda entity: -len(entity.occurrences))


def _english(entity: Entity, glossary: Glossary | None, dictionary) -> str | None:
    if entity.kind == "person":
        return None
    whole = [o for o in glossary.find(entity.name) if o.start == 0 and o.end == len(entity.name)] if glossary else []
    if whole:
        return whole[0].term.en
    if dictionary is None:
        return None
    if entity.kind == "place":
        return dictionary.place_name(entity.name) or _capitalised(dictionary.gloss(entity.name))
    if " " in entity.name:
        return _capitalised(dictionary.phrases([lookup_key(entity.name)]).get(lookup_key(entity.name)))
    return None


def _capitalised(english: str | None) -> str | None:
    """Only a proper name's English: a lower-case gloss is a common noun's sense, not the name."""
    return english if english and english[:1].isupper() else None
