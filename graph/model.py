"""The RDF model: extraction records (plain dicts) to quads in one named graph per article.

Vocabulary
----------
``ag:`` = ``https://w3id.org/alliancegraph/ns#`` holds our classes and properties;
minted resources live under ``https://w3id.org/alliancegraph/id/``:

- ``id/actor/<ACTOR-ID>``     ``a ag:Actor``; ``rdfs:label``, ``ag:kind`` ("state", "igo", ...),
  ``ag:country`` (IRI of the state actor, when known), ``ag:wikidata`` (``wd:Q43``, the
  ``http://www.wikidata.org/entity/`` IRI, when the mention has a Wikidata id).
- ``id/person/<slug of name>``  ``a ag:Person``; ``rdfs:label`` and ``schema:name`` (the name),
  ``ag:actsFor`` (the actor IRI the person acts for), ``ag:role`` (each role a stored mention gave,
  e.g. "President"), ``ag:wikidata`` when known. The slug is the name folded to ASCII, lower case,
  words joined by ``-`` ("Recep Tayyip Erdoğan" -> ``recep-tayyip-erdogan``).
- ``id/place/<place id>``      ``a ag:Place``; ``rdfs:label``, ``ag:country`` (the state actor's IRI, when
  known). The id is the country's ISO3 code for a whole country, else the place's name as a slug
  (``place:baghdad``). A place is where a relation happened, never one of its actors.
- ``id/article/<slug>``       ``a schema:NewsArticle``; ``schema:identifier`` (the article id),
  ``schema:headline``, ``schema:datePublished`` (``xsd:date``), ``schema:url`` (``xsd:anyURI``),
  ``ag:textHash`` (sha256 of the text), ``ag:contentHash`` (sha256 of metadata + records).
  The slug is the article id when it is IRI-safe (``[A-Za-z0-9._~-]``), else ``h-<sha256 prefix>``.
- ``id/relation/<hash>``      ``a ag:Relation``; ``ag:source``, ``ag:target`` (actor IRIs),
  ``ag:relationType`` (an IRI, ``ag:<TYPE>`` such as ``ag:ASSAULT``; its local name is the CAMEO-ish type),
  ``ag:quadClass``, ``ag:polarity``, ``ag:sentenceIndex``, ``ag:charStart``, ``ag:charEnd``
  (``xsd:integer``), ``ag:intensity``, ``ag:confidence`` (``xsd:double``), ``ag:negated``, ``ag:symmetric``
  (``xsd:boolean``), ``ag:date`` (``xsd:date``; the record's date, else the article's), ``ag:evidence``
  (the sentence text), ``ag:trigger``, ``ag:sourceText`` / ``ag:targetText`` (the mention texts),
  ``ag:sourceStart`` ... ``ag:targetEnd`` (mention offsets), ``ag:sourcePerson`` / ``ag:targetPerson``
  (the person IRI, when the mention has a ``person``), ``ag:sourceSector`` / ``ag:targetSector`` (the
  mention's CAMEO role code, "COP", "GOVMED", when it has a ``sector``: the same state acts as its police
  in one sentence and its government in the next, so the sector belongs to the mention, not the actor;
  a non-state sector actor such as ``actor:SYRREB`` also has ``ag:sector`` "REB" in its description),
  ``ag:location`` (the place IRI, when the record has a ``location``) with ``ag:locationText``,
  ``ag:locationStart``, ``ag:locationEnd``, and ``prov:wasDerivedFrom`` the article.
- ``id/graph/<sha256(text)[:32]>``  the named graph holding one article, its relations and the direct triples.
- ``id/graph/actors``  one shared named graph with the actor and person descriptions. Oxigraph's union default graph
  is a bag (a triple in two named graphs matches twice), so actors are described once, not per article.

Direct actor-to-actor triples keep simple SPARQL simple: for every relation that is not negated,
the graph also holds ``actor:SRC ag:cooperatesWith actor:TGT`` (polarity +1),
``ag:conflictsWith`` (-1) or ``ag:interactsWith`` (0), as recorded (source to target).
A negated relation ("Baku did not attack ...") keeps its ``ag:Relation`` node (``ag:negated true``)
but gets no direct triple and is left out of the actor graph.

Symmetric relations (meetings, tensions) are stored once, source and target in text order,
with ``ag:symmetric true``; readers that want an undirected view must look both ways.

Per-dyad summaries (written by :func:`graph.store.add_article`, not by :func:`article_quads`): in each
article's graph, one ``id/dyad/<hash of graph, source, target>`` ``a ag:DyadSummary`` per (source, target)
pair of the article's non-negated relations, with ``ag:dyadSource``, ``ag:dyadTarget`` (actor IRIs) and
``ag:dyadStats`` "count polaritySum intensitySum intensityCount positive negative symmetric" (numbers
separated by spaces); and on the article, ``ag:dyadSummaries``: every pair's line "SRC TGT <the same numbers>"
(actor ids percent-encoded as in their IRIs), newline-separated, empty when there is none; its presence
marks the article as summarised. :func:`graph.projection.actor_graph` reads these literals (one scan)
instead of aggregating every relation; living in the article's graph, they are replaced or dropped with it.
They are not relations: no ``ag:source``, ``ag:polarity`` or ``prov:wasDerivedFrom``.

Packed relation rows (also written by :func:`graph.store.add_article`): on the article, ``ag:relationRows``,
one tab-separated line per relation with the fields the alignment analysis reads (:mod:`graph.packed_rows`).
Both derived literals are read only while they cover the store: a SPARQL update run through alliancegraph
leaves ``<id/store> ag:editedBySparqlUpdate true`` in graph ``id/graph/edits``, and from then on the
readers aggregate the relations themselves (correct, slower).

Every node is a minted IRI: no blank nodes (a remote SPARQL store could not hold them).
"""

from __future__ import annotations

import datetime as _dt
import functools
import hashlib
import json
import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from urllib.parse import quote, unquote

from rdflib import RDF, RDFS, XSD, Literal, Namespace, URIRef
from rdflib.namespace import PROV

__all__ = [
    "AG", "ID", "ACTOR", "ARTICLE", "RELATION", "PERSON", "PLACE", "GRAPH", "ACTORS_GRAPH", "SCHEMA", "PROV", "WD",
    "NAMESPACES", "DIRECT_PROPERTY", "RecordError", "EDITS_GRAPH", "EDIT_MARK_UPDATE",
    "actor_iri", "actor_id", "person_iri", "place_iri", "place_id", "wikidata_iri", "article_iri", "relation_type_iri", "relation_type_name",
    "text_hash", "graph_iri", "content_hash", "article_quads", "validate_record",
]


class _Vocabulary(Namespace):
    """An rdflib ``Namespace`` that makes each ``NS.term`` once: ingest reads ``AG.source`` and its
    siblings for every relation, and a plain ``Namespace`` builds a new ``URIRef`` on every access.

    >>> v = _Vocabulary("https://example.org/ns#")
    >>> v.knows is v.knows, str(v.knows)
    (True, 'https://example.org/ns#knows')
    """

    def __getattr__(self, name: str) -> URIRef:
        term = super().__getattr__(name)
        self.__dict__[name] = term
        return term


AG = _Vocabulary("https://w3id.org/alliancegraph/ns#")
ID = Namespace("https://w3id.org/alliancegraph/id/")
ACTOR = Namespace(ID + "actor/")
ARTICLE = Namespace(ID + "article/")
RELATION = Namespace(ID + "relation/")
PERSON = Namespace(ID + "person/")
PLACE = Namespace(ID + "place/")
WD = Namespace("http://www.wikidata.org/entity/")
GRAPH = Namespace(ID + "graph/")
ACTORS_GRAPH = GRAPH["actors"]
SCHEMA = _Vocabulary("https://schema.org/")

#: Prefixes bound on every open and understood by every query.
NAMESPACES: dict[str, Namespace] = {
    "ag": AG, "actor": ACTOR, "article": ARTICLE, "relation": RELATION, "person": PERSON, "place": PLACE, "wd": WD,
    "agraph": GRAPH,
    "schema": SCHEMA, "prov": Namespace(str(PROV._NS)), "rdf": Namespace(str(RDF)), "rdfs": Namespace(str(RDFS)),
    "xsd": Namespace(str(XSD)),
}

# rdflib's own namespaces make a new term on each access too; these are read for every relation
_TYPE, _LABEL, _DERIVED_FROM = RDF.type, RDFS.label, PROV.wasDerivedFrom
_INTEGER, _DOUBLE, _DATE, _ANY_URI = XSD.integer, XSD.double, XSD.date, XSD.anyURI
_TRUE, _FALSE = Literal(True), Literal(False)


@functools.lru_cache(maxsize=1 << 16, typed=True)
def _literal(value, datatype: URIRef | None = None) -> Literal:
    """A literal of a value that recurs across relations (numbers, dates, labels): made once."""
    return Literal(value, datatype=datatype)


#: Left in graph ``agraph:edits`` by every SPARQL update run through :func:`graph.sparql.run_query`: the
#: per-article derived literals (dyad summaries, packed rows) may no longer match the relations after an
#: update, so readers stop using them and read the relations themselves.
EDITS_GRAPH = GRAPH["edits"]
EDIT_MARK_UPDATE = f"INSERT DATA {{ GRAPH <{EDITS_GRAPH}> {{ <{ID}store> <{AG}editedBySparqlUpdate> true }} }}"

#: Polarity to the direct actor-to-actor property.
DIRECT_PROPERTY = {1: AG.cooperatesWith, -1: AG.conflictsWith, 0: AG.interactsWith}

_SAFE_SLUG = re.compile(r"[A-Za-z0-9._~-]{1,120}")
_TYPE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_WIKIDATA_ID = re.compile(r"Q[1-9][0-9]{0,11}")


class RecordError(ValueError):
    """A record or article dict that does not follow ``extract/record.py``."""


# -- IRIs -----------------------------------------------------------------------------------------

def actor_iri(actor: str) -> URIRef:
    """The IRI of an actor id, e.g. ``RUS`` -> ``.../id/actor/RUS`` (percent-encoded when needed)."""
    return ACTOR[quote(actor, safe="")]


def actor_id(iri: str) -> str:
    """Inverse of :func:`actor_iri`; other strings are returned unchanged."""
    iri = str(iri)
    return unquote(iri[len(ACTOR):]) if iri.startswith(ACTOR) else iri


def person_iri(name: str) -> URIRef:
    """The IRI of a person by name: ASCII-folded, lower-case words joined by ``-``.

    >>> str(person_iri("Recep Tayyip Erdoğan")).rsplit("/", 1)[1], str(person_iri("J.D. Vance")).rsplit("/", 1)[1]
    ('recep-tayyip-erdogan', 'j-d-vance')
    """
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    slug = "-".join(re.findall(r"[a-z0-9]+", folded))[:120]
    return PERSON[slug or "h-" + hashlib.sha256(name.encode()).hexdigest()[:24]]


def place_iri(place_id: str) -> URIRef:
    """The IRI of a place by its id (an ISO3 code or a slug), percent-encoded like actor ids.

    >>> str(place_iri("baghdad")).rsplit("/", 1)[1], str(place_iri("IRQ")).rsplit("/", 1)[1]
    ('baghdad', 'IRQ')
    """
    return PLACE[quote(place_id, safe="")]


def place_id(iri: str) -> str:
    """The id of a place IRI (the inverse of :func:`place_iri`); other text unchanged."""
    return unquote(iri[len(PLACE):]) if iri.startswith(PLACE) else iri


def wikidata_iri(qid: str) -> URIRef:
    """``"Q43"`` -> ``http://www.wikidata.org/entity/Q43``."""
    return WD[qid]


def article_iri(article_id: str) -> URIRef:
    """The IRI of an article id: the id itself when IRI-safe, else a hash of it."""
    if _SAFE_SLUG.fullmatch(article_id):
        return ARTICLE[article_id]
    return ARTICLE["h-" + hashlib.sha256(article_id.encode()).hexdigest()[:24]]


def relation_type_iri(name: str) -> URIRef:
    """``"ASSAULT"`` -> ``ag:ASSAULT``."""
    return AG[name]


def relation_type_name(iri: str) -> str:
    """``ag:ASSAULT`` -> ``"ASSAULT"``; other strings are returned unchanged."""
    iri = str(iri)
    return iri[len(AG):] if iri.startswith(AG) else iri


def text_hash(text: str) -> str:
    """sha256 hex digest of an article text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def graph_iri(text: str) -> URIRef:
    """The named graph of an article: a hash of its text."""
    return GRAPH[text_hash(text)[:32]]


def content_hash(article: Mapping, records: Sequence[Mapping]) -> str:
    """A fingerprint of what ``add_article`` stores besides the text (metadata and records).

    Lets a re-ingest with the same text but better extraction replace the old relations.
    """
    meta = {k: article.get(k) for k in ("id", "title", "date", "url")}
    payload = json.dumps([meta, list(records)], sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


# -- validation -----------------------------------------------------------------------------------

def _fail(where: str, message: str) -> None:
    raise RecordError(f"{where}: {message}")


def _check_date(value, where: str, key: str) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        _fail(where, f"{key!r} must be an ISO date yyyy-mm-dd or null, got {value!r}")
    try:
        _dt.date.fromisoformat(value)
    except ValueError:
        _fail(where, f"{key!r} is not a real date: {value!r}")
    return value


def _check_int(rec: Mapping, key: str, where: str, default=None) -> int:
    value = rec.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int):
        _fail(where, f"{key!r} must be an integer, got {value!r}")
    return value


def _check_float(rec: Mapping, key: str, where: str, default=None) -> float:
    value = rec.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        _fail(where, f"{key!r} must be a finite number, got {value!r}")
    return float(value)


def _check_bool(rec: Mapping, key: str, where: str) -> bool:
    value = rec.get(key, False)
    if not isinstance(value, bool):
        _fail(where, f"{key!r} must be true or false, got {value!r}")
    return value


def _check_actor(rec: Mapping, key: str, where: str) -> Mapping:
    actor = rec.get(key)
    if not isinstance(actor, Mapping):
        _fail(where, f"{key!r} must be an actor mention object, got {type(actor).__name__}")
    aid = actor.get("id")
    if not isinstance(aid, str) or not aid.strip():
        _fail(where, f"{key}.id must be a non-empty string, got {aid!r}")
    for field in ("label", "text", "kind", "country", "sector"):
        if actor.get(field) is not None and not isinstance(actor[field], str):
            _fail(where, f"{key}.{field} must be a string or null, got {actor[field]!r}")
    for field in ("start", "end"):
        if actor.get(field) is not None:
            _check_int(actor, field, f"{where}, {key}")
    _check_wikidata(actor.get("wikidata"), where, f"{key}.wikidata")
    person = actor.get("person")
    if person is not None:
        if not isinstance(person, Mapping):
            _fail(where, f"{key}.person must be an object or null, got {type(person).__name__}")
        name = person.get("name")
        if not isinstance(name, str) or not name.strip():
            _fail(where, f"{key}.person.name must be a non-empty string, got {name!r}")
        if person.get("role") is not None and not isinstance(person["role"], str):
            _fail(where, f"{key}.person.role must be a string or null, got {person['role']!r}")
        _check_wikidata(person.get("wikidata"), where, f"{key}.person.wikidata")
    return actor


def _check_wikidata(value, where: str, key: str) -> None:
    if value is not None and not (isinstance(value, str) and _WIKIDATA_ID.fullmatch(value)):
        _fail(where, f"{key} must be a Wikidata id like 'Q159' or null, got {value!r}")


def validate_record(rec, where: str = "record") -> None:
    """Raise :class:`RecordError` naming the first problem in a relation record.

    Light checks: required keys and their types. Optional keys (``confidence``, ``trigger``,
    ``negated``, ``symmetric``, offsets, ``date``) may be missing.
    """
    if not isinstance(rec, Mapping):
        _fail(where, f"must be an object, got {type(rec).__name__}")
    missing = [k for k in ("source", "target", "type", "polarity", "sentence") if k not in rec]
    if missing:
        _fail(where, f"missing key(s) {', '.join(map(repr, missing))}")
    _check_actor(rec, "source", where)
    _check_actor(rec, "target", where)
    if not isinstance(rec["type"], str) or not _TYPE_NAME.fullmatch(rec["type"]):
        _fail(where, f"'type' must be a name like 'ASSAULT', got {rec['type']!r}")
    if _check_int(rec, "polarity", where) not in (-1, 0, 1):
        _fail(where, f"'polarity' must be -1, 0 or 1, got {rec['polarity']!r}")
    if not isinstance(rec["sentence"], str):
        _fail(where, f"'sentence' must be a string, got {type(rec['sentence']).__name__}")
    for key in ("quad_class", "sentence_index", "char_start", "char_end"):
        if rec.get(key) is not None:
            _check_int(rec, key, where)
    for key in ("intensity", "confidence"):
        if rec.get(key) is not None:
            _check_float(rec, key, where)
    for key in ("negated", "symmetric"):
        _check_bool(rec, key, where)
    if rec.get("trigger") is not None and not isinstance(rec["trigger"], str):
        _fail(where, f"'trigger' must be a string, got {rec['trigger']!r}")
    _check_date(rec.get("date"), where, "date")
    _check_location(rec.get("location"), where)


def _check_location(place, where: str) -> None:
    if place is None:
        return
    if not isinstance(place, Mapping):
        _fail(where, f"'location' must be an object or null, got {type(place).__name__}")
    for key in ("id", "label"):
        if not isinstance(place.get(key), str) or not place[key]:
            _fail(where, f"location.{key} must be a non-empty string, got {place.get(key)!r}")
    for key in ("country", "text"):
        if place.get(key) is not None and not isinstance(place[key], str):
            _fail(where, f"location.{key} must be a string or null, got {place[key]!r}")
    for key in ("start", "end"):
        value = place.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            _fail(where, f"location.{key} must be an integer or null, got {value!r}")


def _validate_article(article) -> None:
    if not isinstance(article, Mapping):
        raise RecordError(f"article must be an object, got {type(article).__name__}")
    aid = article.get("id")
    if not isinstance(aid, str) or not aid:
        raise RecordError(f"article 'id' must be a non-empty string, got {aid!r}")
    where = f"article {aid!r}"
    if not isinstance(article.get("text"), str):
        _fail(where, "'text' must be a string")
    for key in ("title", "url"):
        if article.get(key) is not None and not isinstance(article[key], str):
            _fail(where, f"{key!r} must be a string or null, got {article[key]!r}")
    _check_date(article.get("date"), where, "date")


# -- quads ----------------------------------------------------------------------------------------

def _relation_iri(article_id: str, rec: Mapping) -> URIRef:
    key = [article_id, rec.get("sentence_index"), rec.get("char_start"), rec["source"]["id"],
           rec["source"].get("start"), rec["target"]["id"], rec["target"].get("start"), rec["type"],
           rec.get("trigger"), rec.get("negated", False)]
    digest = hashlib.sha256(json.dumps(key, default=str).encode()).hexdigest()[:24]
    return RELATION[digest]


def _actor_quads(mention: Mapping, g: URIRef = ACTORS_GRAPH) -> list[tuple]:
    a = actor_iri(mention["id"])
    quads = [(a, _TYPE, AG.Actor, g), (a, _LABEL, _literal(mention.get("label") or mention["id"]), g)]
    if mention.get("kind"):
        quads.append((a, AG.kind, _literal(mention["kind"]), g))
    if mention.get("country"):
        quads.append((a, AG.country, actor_iri(mention["country"]), g))
    if mention.get("wikidata"):
        quads.append((a, AG.wikidata, wikidata_iri(mention["wikidata"]), g))
    if mention.get("sector") and mention.get("kind") != "state":  # a sector actor's own role ("SYRREB": REB)
        quads.append((a, AG.sector, _literal(mention["sector"][:3]), g))
    return quads


def _place_quads(place: Mapping, g: URIRef = ACTORS_GRAPH) -> list[tuple]:
    """The description of a place (in the shared actors graph, like actors and people)."""
    p = place_iri(place["id"])
    quads = [(p, _TYPE, AG.Place, g), (p, _LABEL, _literal(place["label"]), g)]
    if place.get("country"):
        quads.append((p, AG.country, actor_iri(place["country"]), g))
    return quads


def _person_quads(mention: Mapping, g: URIRef = ACTORS_GRAPH) -> list[tuple]:
    """The description of the person a mention names (in the shared actors graph)."""
    person = mention["person"]
    p = person_iri(person["name"])
    quads = [(p, _TYPE, AG.Person, g), (p, _LABEL, _literal(person["name"]), g),
             (p, SCHEMA.name, _literal(person["name"]), g), (p, AG.actsFor, actor_iri(mention["id"]), g)]
    if person.get("role"):
        quads.append((p, AG.role, _literal(person["role"]), g))
    if person.get("wikidata"):
        quads.append((p, AG.wikidata, wikidata_iri(person["wikidata"]), g))
    return quads


def article_quads(article: Mapping, records: Sequence[Mapping]) -> tuple[URIRef, list[tuple]]:
    """Validate an article and its records and return ``(graph IRI, quads)``.

    ``article`` has keys ``id, text, title, date, url``; ``records`` follow ``extract/record.py``.
    Quads are rdflib ``(s, p, o, graph)`` tuples in the article's named graph, except the actor
    descriptions, which go to :data:`ACTORS_GRAPH`.
    Raises :class:`RecordError` with the article id and record index on malformed input.
    """
    _validate_article(article)
    aid = article["id"]
    if isinstance(records, (str, bytes)) or not isinstance(records, Sequence):
        raise RecordError(f"article {aid!r}: records must be a list, got {type(records).__name__}")
    g = graph_iri(article["text"])
    art = article_iri(aid)
    quads: list[tuple] = [
        (art, _TYPE, SCHEMA.NewsArticle, g),
        (art, SCHEMA.identifier, Literal(aid), g),
        (art, AG.textHash, Literal(text_hash(article["text"])), g),
        (art, AG.contentHash, Literal(content_hash(article, records)), g),
    ]
    if article.get("title"):
        quads.append((art, SCHEMA.headline, Literal(article["title"]), g))
    if article.get("date"):
        quads.append((art, SCHEMA.datePublished, _literal(article["date"], _DATE), g))
    if article.get("url"):
        quads.append((art, SCHEMA.url, Literal(article["url"], datatype=_ANY_URI), g))

    actors_seen: set[str] = set()
    people_seen: set[tuple] = set()
    places_seen: set[str] = set()
    for i, rec in enumerate(records):
        where = f"article {aid!r}, record {i}"
        validate_record(rec, where)
        if rec.get("article") not in (None, aid):
            _fail(where, f"belongs to article {rec['article']!r}, not {aid!r}")
        src, tgt = rec["source"], rec["target"]
        for mention in (src, tgt):
            if mention["id"] not in actors_seen:
                actors_seen.add(mention["id"])
                quads.extend(_actor_quads(mention))
            person = mention.get("person")
            if person:
                seen = (mention["id"], *(person.get(k) for k in ("name", "role", "wikidata")))
                if seen not in people_seen:
                    people_seen.add(seen)
                    quads.extend(_person_quads(mention))
        r = _relation_iri(aid, rec)
        s, t = actor_iri(src["id"]), actor_iri(tgt["id"])
        date = rec.get("date") or article.get("date")
        quads += [
            (r, _TYPE, AG.Relation, g),
            (r, AG.source, s, g),
            (r, AG.target, t, g),
            (r, AG.relationType, relation_type_iri(rec["type"]), g),
            (r, AG.polarity, _literal(rec["polarity"], _INTEGER), g),
            (r, AG.evidence, Literal(rec["sentence"]), g),
            (r, AG.negated, _TRUE if rec.get("negated", False) else _FALSE, g),
            (r, AG.symmetric, _TRUE if rec.get("symmetric", False) else _FALSE, g),
            (r, _DERIVED_FROM, art, g),
        ]
        optional = [
            (AG.quadClass, rec.get("quad_class"), _INTEGER),
            (AG.intensity, rec.get("intensity"), _DOUBLE),
            (AG.confidence, rec.get("confidence"), _DOUBLE),
            (AG.sentenceIndex, rec.get("sentence_index"), _INTEGER),
            (AG.charStart, rec.get("char_start"), _INTEGER),
            (AG.charEnd, rec.get("char_end"), _INTEGER),
            (AG.date, date, _DATE),
            (AG.trigger, rec.get("trigger"), None),
            (AG.sourceText, src.get("text"), None),
            (AG.targetText, tgt.get("text"), None),
            (AG.sourceStart, src.get("start"), _INTEGER),
            (AG.sourceEnd, src.get("end"), _INTEGER),
            (AG.targetStart, tgt.get("start"), _INTEGER),
            (AG.targetEnd, tgt.get("end"), _INTEGER),
            (AG.sourceSector, src.get("sector"), None),
            (AG.targetSector, tgt.get("sector"), None),
        ]
        for prop, mention in ((AG.sourcePerson, src), (AG.targetPerson, tgt)):
            if mention.get("person"):
                quads.append((r, prop, person_iri(mention["person"]["name"]), g))
        place = rec.get("location")
        if place:
            if place["id"] not in places_seen:
                places_seen.add(place["id"])
                quads.extend(_place_quads(place))
            quads.append((r, AG.location, place_iri(place["id"]), g))
            optional += [(AG.locationText, place.get("text"), None), (AG.locationStart, place.get("start"), _INTEGER),
                         (AG.locationEnd, place.get("end"), _INTEGER)]
        for prop, value, dtype in optional:
            if value is None:
                continue
            quads.append((r, prop, _literal(float(value) if dtype is _DOUBLE else value, dtype), g))
        if not rec.get("negated", False):
            quads.append((s, DIRECT_PROPERTY[rec["polarity"]], t, g))
    return g, quads
