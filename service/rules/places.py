"""Where: places NER finds (GPE, LOC, FAC), '<Name> region' phrases and demonyms, classified and
coded by the gazetteer, each with its spans.

NER decides what is a place ('Henderson' the surname is a PERSON, 'US$200,000' is MONEY); the
gazetteer only says what kind of place and which country. A country (or capital) is kept as a
place only where it is used as one (`located`); its other mentions still resolve actors.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span as EntSpan, Token

from .. import gazetteer
from ..article import Dateline
from ..nlp import entities, span_text, text_of
from ..schema import Place, Span
from ..text import Offsets
from .claims import SPEECH_VERBS
from .actors import (FEATURE_HEADS, PLACE_NOUNS, PLACE_VERBS, SITE_HEADS, TITLE_WORDS,
                     ActorIndex, after_locative, is_subject, place_names, used_as_place)
from .syntax import first_conjunct

#: 'the U.S.-Mexican border', 'the Syrian-Turkish border', 'the U.S.–Mexico border crossing'
_SHARED_BORDER = re.compile(r"\b([A-Z][\w.]*)[-\u2013]([A-Z]\w*) (border(?: crossing)?|frontier)\b")
_REGION_SUFFIX = re.compile(r"\b([A-Z][a-z]+) ((?i:region|oblast|province|governorate))\b")
_DIRECTIONS = frozenset("southern northern eastern western central south north east west "
                        "southeast southwest northeast northwest south-east south-west north-east "
                        "north-west".split())
_COUNTRY_PREPS = frozenset("in into at near across from throughout within inside outside around "
                           "over through towards toward via off".split())
_AREA_NOUNS = frozenset("part parts rest outskirts coast border borders areas area region regions "
                        "city capital territory inside outside invasion occupation province "
                        "provinces district districts county oblast governorate island islands "
                        "waters".split())
_TIME_NOUNS = frozenset("day days week weeks month months year years era day's".split())
_POSSESSIONS = frozenset("possessions territories colonies dependencies provinces".split())
_PLACE_PLURALS = frozenset("countries nations states destinations cities places regions".split())
_RELATION_NOUNS = frozenset("ambassador ambassadors envoy envoys representative delegate delegation "
                            "embassy mission threat threats letter message apology ultimatum risk "
                            "danger challenge response reply commitment support loyalty "
                            "allegiance relations ties".split())
_PEOPLE_NOUNS = frozenset("ambassador envoy diplomat representatives representative officials "
                          "official delegates delegation diplomats envoys ministers leaders attorneys lawmakers legislators "
                          "senators politicians heads state authorities".split())
#: what one asks or gets from a state, not from a place: 'demanded an explanation from Russia'
_ASKED_OF = frozenset("explanation explanations apology assurances assurance answers response "
                      "support help aid cooperation pressure criticism threats condemnation "
                      "reaction comment".split())
_SPEECH_OBJECT_VERBS = frozenset("told tell tells telling informed interviewed".split())
_PLACE_LABELS = {"GPE": "city", "LOC": "region", "FAC": "site"}
#: last words of names that are events or pacts, not places ('Third South American Summit',
#: 'Asia-Pacific Economic Cooperation')
_EVENT_HEADS = frozenset("summit cooperation conference forum games cup festival agreement treaty "
                         "accord talks".split())


def countries_named(doc: Doc) -> set[str]:
    """ISO codes of the countries the article names, by name or demonym."""
    return {code for e in entities(doc) if e.label_ in ("GPE", "NORP")
            if (code := gazetteer.country_code_of(_bare(e.text)))}


def extract_places(doc: Doc, actors: ActorIndex, dateline: Dateline | None = None) -> list[Place]:
    """Every place, merged by name, in order of first mention. A name that is a person's
    ('Clay' after 'Henderson Clay') or inside an actor's name is not a place."""
    text = text_of(doc)
    named = countries_named(doc)
    person_words = {w for a in actors.actors.values() if a.kind == "person" for w in a.name.split()}
    found: dict[str, Place] = {}

    def add(name: str, kind: str, code: str | None, start: int, end: int) -> None:
        place = found.setdefault(name, Place(name=name, kind=kind, country_code=code,
                                             mentions=[Span(start=start, end=end)]))
        if place.mentions[-1].start != start:
            place.mentions.append(Span(start=start, end=end))

    def add_country(code: str, name: str, start: int, end: int) -> None:
        add(gazetteer.country_names().get(code, name), "country", code, start, end)

    for match in _REGION_SUFFIX.finditer(text):
        entry = gazetteer.lookup(match.group(1), named)
        if entry is not None:
            add(match.group(), "region", entry.country_code, match.start(), match.end())
    for match in _SHARED_BORDER.finditer(text):
        if gazetteer.country_code_of(match.group(1)) and gazetteer.country_code_of(match.group(2)):
            add(match.group(), "site", None, match.start(), match.end())
    regions = {m.start for p in found.values() for m in p.mentions}
    for ent in entities(doc):
        if ent.start_char in regions:
            continue
        name, start, end = _bare_span(ent)
        parts = gazetteer.joined_places(name)
        if parts is not None:  # 'Tomsk in Siberia': both are places
            for part in parts:
                at = text.index(part, start)
                entry = gazetteer.classify(part, named) or gazetteer.places()[part]
                add(part, entry.kind, entry.country_code, at, at + len(part))
            continue
        if ent.label_ == "NORP":
            code = gazetteer.DEMONYMS.get(name)
            if code:
                add_country(code, name, start, end)
            elif gazetteer.places().get(name) and used_as_place(ent, name):  # 'the capital, Tunis'
                entry = gazetteer.places()[name]
                add(name, entry.kind, entry.country_code, start, end)
            continue
        country = gazetteer.countries().get(name)
        if country and ent.label_ in ("ORG", "PERSON"):  # NER calling a country a body
            add_country(country, name, start, end)
            continue
        if (ent.label_ in ("PERSON", "ORG") and name[:1].isupper()
                and (used_as_place(ent, name) or name in place_names(doc) and not actors.claimed(start, end))
                and not _described_as_no_place(ent) and not _not_a_name_here(ent)):
            entry = gazetteer.classify(name, named)
            kind = "site" if name.split()[-1].lower() in SITE_HEADS else "city"
            add(name, entry.kind if entry else kind, entry.country_code if entry else None, start, end)
            continue
        code = gazetteer.country_code_of(name)
        if code and ent.label_ == "GPE":  # a country, though a body's name has it ('Youth Forum Zimbabwe')
            add_country(code, name, start, end)
            continue
        if ent.label_ not in _PLACE_LABELS or not name[:1].isupper() or name in person_words:
            continue
        if actors.claimed(start, end):
            continue
        entry = gazetteer.classify(name, named)
        if entry is not None:
            add(name, entry.kind, entry.country_code, start, end)
        elif not _unlikely_place(name) and not _described_as_no_place(ent) and not _not_a_name_here(ent) and (
                _placed(ent, name) or name in place_names(doc) or (
                dateline is not None and dateline.start <= start < dateline.story_start)):
            add(name, _PLACE_LABELS[ent.label_] if ent.label_ != "GPE" else "other", None, start, end)
    for start, end, key in actors.mentions:  # 'talks in Downing Street', 'outside the National Congress'
        if actors.actors[key].kind == "government" and _body_as_site(doc, text[start:end], start, end):
            add(text[start:end], "site", actors.actors[key].country_code, start, end)
    for ent in entities(doc):  # 'the Khurais oil field', 'the EastMed gas pipeline'
        site = _named_site(ent)
        if site is not None:
            add(text[site[0]:site[1]], "site", None, *site)
    place_roots = {m.start for p in found.values() for m in p.mentions}
    for ent in entities(doc):  # 'included Kursk, Bryansk, Belgorod': a list of places is all places
        name, start, end = _bare_span(ent)
        if (ent.root.dep_ == "conj" and ent.root.head.idx in place_roots and start not in place_roots
                and not actors.claimed(start, end)):
            entry = gazetteer.classify(name, named)
            if entry is not None and entry.kind != "country":
                add(name, entry.kind, entry.country_code, start, end)
    if dateline is not None:  # 'Odesa [Ukraine], March 14 :', 'BRUSSELS 1996-08-22'
        name = dateline.place.title() if dateline.place.isupper() else dateline.place
        entry = None if name in found else gazetteer.classify(name, named)
        if entry is not None:
            add(name, entry.kind, entry.country_code, dateline.start, dateline.end)
    return sorted(found.values(), key=lambda p: p.mentions[0].start)


#: lower-case heads that make 'NAME (oil) field' a site the name alone does not say
_SITE_NOUNS = frozenset("field fields pipeline refinery hospital airport airbase base dam port "
                        "mine plant terminal crossing camp mountains rainforest forest river "
                        "desert valley".split())


#: last words of bodies that are also the building they sit in
_SEATS = frozenset("house congress parliament senate council court assembly lords commons kremlin "
                   "pentagon street".split())
#: prepositions after which a seat is where something happens, whatever governs them
_AT_SEAT = frozenset("at into outside inside near".split())
#: bodies named after their building: 'talks in Downing Street' is there
_BUILDINGS = frozenset({"Downing Street", "White House", "Kremlin", "Pentagon"})
#: verbs of being somewhere: 'speaking in the Legislative Council' (not 'acquitted in the Senate')
_BEING_THERE = frozenset("speak speaks speaking spoke gather gathered gathering meet met meeting "
                         "protest protested protesting rally rallied sit sat".split())
_STORMED = frozenset("storm stormed storming entered enter entering".split())


def _body_as_site(doc: Doc, name: str, start: int, end: int) -> bool:
    """'talks in Downing Street', 'needed at the White House', 'gathered outside the National
    Congress', 'in front of the Supreme Court', 'walked into the House of Lords', 'speaking in the
    Legislative Council': a body named as the building it sits in is that site; not 'a trial in
    the Senate', 'acquitted in the Senate' (the body as an institution)."""
    if not {w.lower() for w in name.split()} & _SEATS:
        return False
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    head = root.head
    if root.dep_ == "dobj":
        return head.lower_ in _STORMED
    if root.dep_ != "pobj":
        return False
    if head.lower_ == "of" and head.head.lower_ == "front":  # 'in front of'
        return True
    return head.lower_ in _AT_SEAT or (head.lower_ == "in" and (
        head.head.lower_ in _BEING_THERE or name in _BUILDINGS))


def _named_site(ent: EntSpan) -> Offsets | None:
    """Offsets of 'Khurais oil field' for the entity 'Khurais': a name modifying a lower-case
    site noun, through lower-case modifiers only; not a nationality or a known place, which say
    where the site is, not what it is called ('Iraqi air base', 'Baghdad airport')."""
    if ent.label_ == "NORP" or gazetteer.places().get(_bare(span_text(ent))):
        return None
    root = ent.root
    head = root.head
    if (root.dep_ not in ("compound", "amod", "nmod") or head.lower_ not in _SITE_NOUNS
            or not head.is_lower or head.i < ent.end or head.i - ent.end > 2):
        return None
    if any(not t.is_lower for t in ent.doc[ent.end:head.i]):
        return None
    return _bare_span(ent)[1], head.idx + len(head)


def _placed(ent: EntSpan, name: str) -> bool:
    """Is a name no gazetteer knows used as a place: after a locative preposition ('in Tin
    Hau'), before or beside a place noun ('Tsuen Wan district'), listed with such a name, or
    itself a feature by its last word ('Khurais oil field')? NER's place label alone was
    wrong too often on real news ('Brexit', 'Mercosur', 'Islam')."""
    if name.split()[-1].lower() in FEATURE_HEADS or ent.label_ == "FAC":
        return True
    root = first_conjunct(ent.root)
    head = root.head
    return (after_locative(root)
            or (root.dep_ == "pobj" and head.lower_ == "of"  # 'the village of X', 'west of X'
                and (head.head.lower_ in PLACE_NOUNS or head.head.lower_ in _DIRECTIONS
                     or head.head.lower_ in _AREA_NOUNS))
            or (root.dep_ in ("compound", "appos", "nmod") and head.lower_ in PLACE_NOUNS)
            or _example_of_places(root))


def _example_of_places(root: Token) -> bool:
    """'U.S. possessions, such as Puerto Rico and Guam', 'areas of Northern Ireland (such as
    South Armagh)': an example of places is a place."""
    prep = root.head
    if root.dep_ != "pobj" or prep.lower_ != "as" or not any(c.lower_ == "such" for c in prep.children):
        return False
    owner = prep.head
    return (owner.lower_ in _PLACE_PLURALS or owner.lower_ in _AREA_NOUNS or owner.lower_ in _POSSESSIONS
            or owner.ent_type_ in ("GPE", "LOC"))


def _described_as_no_place(ent: EntSpan) -> bool:
    """'Iranian airline Mahan Air', "Ma'arachot, a publication": a name the article says is a
    thing of another kind, by a common noun before it or in apposition to it; not a name whose
    last word says it is a site or feature ('the George Washington Bridge, an entryway into ...')."""
    if ent[-1].lower_ in SITE_HEADS or ent[-1].lower_ in FEATURE_HEADS:
        return False
    nouns = [c for c in ent.root.children if c.tag_ in ("NN", "NNS") and c.is_lower
             and (c.dep_ == "appos" or (c.dep_ == "compound" and c.i < ent.start))]
    return any(n.lower_ not in PLACE_NOUNS and n.lower_ not in FEATURE_HEADS and n.lower_ not in _AREA_NOUNS
               and n.lower_ not in _SITE_NOUNS and n.lower_ not in SITE_HEADS for n in nouns)


def _not_a_name_here(ent: EntSpan) -> bool:
    """'in this Chamber': a common noun capitalised; 'Pacific island nations': a description of
    other things, not a place of the story."""
    root = ent.root
    return (any(c.dep_ == "det" and c.lower_ in ("this", "that", "these", "those") for c in root.children)
            or (root.dep_ == "compound" and root.head.tag_ == "NNS" and ent.label_ == "LOC"))


def _unlikely_place(name: str) -> bool:
    """Names NER labels a place that no gazetteer knows and that read as something else: an
    acronym ('YPG', 'E.C'), a code with digits ('COVID-19'), a period ('Sacred Defence Week'), an
    event or a pact ('Third South American Summit')."""
    return (not any(c.islower() for c in name) or any(c.isdigit() for c in name)
            or name.split()[-1].lower() in _TIME_NOUNS or name.split()[-1].lower() in _EVENT_HEADS)


def _bare_span(ent: EntSpan) -> tuple[str, int, int]:
    """An entity's bare name and where that name stands in the text."""
    text = span_text(ent)
    name = _bare(text)
    start = ent.start_char + text.find(name)
    return name, start, start + len(name)


def _bare(name: str) -> str:
    """'the Black Sea' -> 'Black Sea', "Russia's" -> 'Russia'."""
    name = re.sub(r"^(?:the|The)\s+", "", name.strip())
    return re.sub(r"['\u2019]s?$", "", name).rstrip(".,") if not name.endswith("U.S.") else name


def acting_mentions(doc: Doc) -> set[int]:
    """Where a name is the subject of a verb ('Moscow said'): there it is no place."""
    return {_bare_span(e)[1] for e in entities(doc) if is_subject(e.root)}


def country_places(doc: Doc) -> set[int]:
    """Where a country name is used as a location, read from the parse: the object of a
    locative preposition ('in Syria', 'troops from Iran', 'flew to China'), a conjunct of one
    ('in Chile, Mexico and Spain'), a direction's object ('north of Syria') or a direction's head
    ('southern Ukraine'). Not 'US troops', 'attacks on the US', 'ambassador to Germany',
    'president of the United States': there it names a state, not where something is."""
    return {_bare_span(e)[1] for e in entities(doc) if _locative_use(e.root)}


def _locative_use(root: Token) -> bool:
    if any(child.dep_ == "amod" and child.lower_ in _DIRECTIONS for child in root.children):
        return True
    if root.dep_ == "poss":  # "Afghanistan's Maidan Wardak province", "Niger's capital"
        return root.head.ent_type_ in _PLACE_LABELS or root.head.lower_ in _AREA_NOUNS
    while root.dep_ in ("conj", "appos") and root.head.i != root.i:
        root = root.head  # 'in Chile, Mexico and Spain', 'to Berlin, Germany'
    if root.dep_ == "dobj":
        return root.head.lower_ in PLACE_VERBS  # 'visited Japan', 'a region comprising Czechia'
    if root.dep_ != "pobj":
        return False
    prep = root.head
    word = prep.lower_
    if word == "as":
        return _example_of_places(root)
    if word == "including":  # 'destinations including Spain and Italy', not 'countries including
        return prep.head.lower_ in _PLACE_PLURALS and not is_subject(prep.head)  # X have cited'
    if word == "of":
        return prep.head.lower_ in _DIRECTIONS or prep.head.lower_ in _AREA_NOUNS
    if word == "between":  # 'the border between Northern Ireland and ...', not 'relations between'
        return prep.head.lower_ in _AREA_NOUNS or prep.head.lower_ in ("sea", "route", "road")
    if word == "with":  # 'the country's border with Mexico'
        return prep.head.lower_ in _AREA_NOUNS
    if word == "to":  # 'flew to China', 'cargo to Syria'; not 'ambassador to Germany'
        return not prep.head.tag_.startswith("NNP") and prep.head.lower_ not in _RELATION_NOUNS
    return word in _COUNTRY_PREPS and not _origin_of_people(root) and not _nationality(root)


#: one person 'from' a country: 'a man from Japan' says his nationality, not where he was
_INDIVIDUALS = frozenset("man woman boy girl person national citizen".split())


def _nationality(root: Token) -> bool:
    return root.head.lower_ == "from" and root.head.head.lower_ in _INDIVIDUALS


def _origin_of_people(root: Token) -> bool:
    """'representatives from Iran', 'attorneys general from Maine', 'heads of state from
    Bolivia', 'officials in the United States': whom they speak for; 'an explanation from
    Russia': whom it is asked of."""
    prep = root.head
    people = prep.head.head if prep.head.dep_ == "amod" else prep.head  # 'attorneys general from'
    if prep.lower_ == "from" and people.lower_ in _ASKED_OF:
        return True
    return prep.lower_ in ("from", "in") and people.lower_ in _PEOPLE_NOUNS and (
        prep.lower_ == "from" or people.lower_ in ("officials", "authorities", "leaders"))


def represented_mentions(doc: Doc) -> set[int]:
    """Where a place is whom people speak for ('attorneys general from Maine, New York and ...',
    'officials in the United States'): there the state acts through them."""
    found = set()
    for ent in entities(doc):
        head = first_conjunct(ent.root)
        if head.dep_ == "pobj" and _origin_of_people(head) and head.head.head.lower_ not in _ASKED_OF:
            found.add(_bare_span(ent)[1])
    return found


def unplaced_mentions(doc: Doc) -> set[int]:
    """Mentions of a city or region that do not say where something is: a listener ('told The
    Atlantic'), a modifier after a prefix ('pro-Beijing candidates'), whom people speak for
    (as `represented_mentions`) or what is asked of a state ('an explanation from Russia')."""
    text = text_of(doc)
    found = set()
    for ent in entities(doc):
        root = ent.root
        head = first_conjunct(root)
        if (text[ent.start_char - 1:ent.start_char] == "-"
                or (root.dep_ in ("dobj", "dative") and root.head.lower_ in _SPEECH_OBJECT_VERBS)
                or (root.dep_ == "pobj" and root.head.lower_ == "to" and root.head.head.lower_ in SPEECH_VERBS)
                or _whose_place(head)
                or (head.dep_ == "pobj" and _origin_of_people(head))):
            found.add(_bare_span(ent)[1])
    return found


def _whose_place(root: Token) -> bool:
    """'the mayor of London', 'the Manhattan district attorney', 'former New Jersey governor':
    the place an office belongs to, not where anything happens; 'the U.S. District Court for
    the Western District of Texas': a court's district. ('Patrick Crusius of Allen, Texas' is
    where he lives.)"""
    if root.dep_ in ("compound", "nmod", "poss") and root.head.tag_.startswith("NN"):
        if root.head.ent_type_ == "PERSON":  # 'Senator from New York Hillary Clinton'
            return True
        office = root.head.lower_
        return (office in TITLE_WORDS or office.removesuffix("s") in TITLE_WORDS) and office not in PLACE_NOUNS
    if root.dep_ != "pobj" or root.head.lower_ not in ("of", "for", "from"):
        return False
    owner = root.head.head
    if root.head.lower_ == "for":  # the parser hangs 'for' on the court or on the verb before it
        return owner.lower_ == "court" or (root.head.i > 0 and root.head.nbor(-1).lower_ == "court")
    if owner.lower_ in TITLE_WORDS and owner.lower_ not in PLACE_NOUNS:  # 'Senator from Vermont'
        return True
    return owner.ent_type_ == "PERSON" and _titled(owner)  # 'Senator Marco Rubio of Florida'


def _titled(person: Token) -> bool:
    """Does an office's title stand right before the person's name ('Senator Marco Rubio')?"""
    start = person.i
    while start > 0 and person.doc[start].ent_iob_ == "I":
        start -= 1
    return start > 0 and person.doc[start - 1].lower_ in TITLE_WORDS


def located(place: Place, dateline: Dateline | None, acting: set[int], country_uses: set[int],
            unplaced: set[int]) -> bool:
    """Is the place used as a location somewhere: in the dateline, or where the parse reads it
    as one (`country_places`)? A country named only as an actor ('Russia launched'), an
    adjective ('Russian drones') or a state ('the US ambassador'), or a capital standing for its
    government ('Moscow said'), is not a place of the story. Other cities, regions and sites are
    places by nature."""
    if place.kind != "country" and not (place.kind == "city" and place.name in gazetteer.capitals()):
        return any(m.start not in unplaced for m in place.mentions)
    if place.kind == "city" and any(m.start not in acting and m.start not in unplaced
                                    for m in place.mentions):
        return True  # a capital is a place wherever it does not act for its government
    in_dateline = range(dateline.start, dateline.story_start) if dateline else range(0)
    return any(m.start in in_dateline or (place.kind == "country" and m.start in country_uses)
               for m in place.mentions)
