"""Search of the registry: Polish-aware, typo-tolerant and ranked. The public directory, the
staff list and the API's `q` all use `ranked`.

Each entity keeps two strings of search terms (core.text.search_terms: folded, stemmed):
`search_name` (name, short name, kind with its abbreviation) and `search_text` (description,
offer, locality, gmina, identifiers), each as " term term ". A query's terms match a term
they begin (" remont" finds "remont" in "remontowo-budowlane"), so the database finds the
candidates with a LIKE that works the same on SQLite and PostgreSQL (where a text-search
index finds them first). The entities holding every term are the results; only when none
does, those holding some of them are, most terms first. They are ranked here: a match in
the name weighs more than one in the text, a whole term more than its beginning, a rare
term more than a common one. When no entity holds every term, a word no entity has had is
replaced by the terms of the vocabulary closest to it (typos).
"""

from __future__ import annotations

import functools
import math
import operator
import re
from collections.abc import Iterable
from typing import Any, NamedTuple

from django.db import connections
from django.db.models import BooleanField, Case, F, Func, Max, Q, QuerySet, Value, When
from django.utils import translation
from django.utils.translation import gettext as _
from rapidfuzz import process
from rapidfuzz.distance import OSA

from koordynator.core.text import search_terms

from .enums import EntityKind
from .models import Entity, SearchTerm

NAME_WEIGHT = 3.0  # NAME_WEIGHT * PREFIX_FACTOR must stay above TEXT_WEIGHT (`_match`)
TEXT_WEIGHT = 1.0
PREFIX_FACTOR = 0.8  # the term only begins a word of the entity
TYPO_FACTOR = 0.6  # the term was corrected
MAX_TERMS = 8
MIN_CORRECTED = 4  # shorter terms are not corrected
SHOWN_SOURCES = 10  # the hits whose words show a correction as people write it
MAX_CANDIDATES = 2000  # read at most, unordered
MAX_RESULTS = 500  # the best ones; more says the search should be narrower


@functools.cache
def _kind_words(kind: str) -> str:
    """The kind in Polish and English, abbreviation included: "... (CIS)"."""
    label = EntityKind(kind).label if kind in EntityKind.values else kind
    words = []
    for language in ("pl", "en"):
        with translation.override(language):
            words.append(str(label))
    return " ".join(words)


def _joined(terms: Iterable[str]) -> str:
    unique = list(dict.fromkeys(terms))
    return f" {' '.join(unique)} " if unique else ""


def documents(entity: Entity) -> tuple[str, str]:
    """(search_name, search_text) of an entity."""
    name = _joined(
        search_terms(" ".join([entity.name, entity.short_name, _kind_words(entity.kind)]))
    )
    gmina = entity.gmina.name if entity.gmina_id else ""
    text = _joined(
        search_terms(
            " ".join(
                [
                    entity.description,
                    entity.offer,
                    entity.locality,
                    gmina,
                    entity.address,
                    entity.nip,
                    entity.regon,
                    entity.krs,
                ]
            )
        )
    )
    return name, text


def index(entities: Iterable[Entity]) -> None:
    """Set the search strings of `entities` (before they are saved) and add their new
    words to the vocabulary of typo correction."""
    terms: set[str] = set()
    for entity in entities:
        entity.search_name, entity.search_text = documents(entity)
        terms.update(entity.search_name.split())
        terms.update(entity.search_text.split())
    # In one order, whatever a process's hash seed makes of the set: two writes of the
    # same new terms in other orders could wait for each other on PostgreSQL.
    SearchTerm.objects.bulk_create(
        [SearchTerm(term=term, length=len(term)) for term in sorted(terms) if _correctable(term)],
        ignore_conflicts=True,
        batch_size=1000,
    )


def _correctable(term: str) -> bool:
    """Whether typo correction may offer `term` (words, not numbers or codes)."""
    return MIN_CORRECTED - 1 <= len(term) <= 100 and term.isalpha()


def _corrections(term: str) -> list[str]:
    """Terms of the index one typing error away (two for longer words): a letter missed,
    added, changed, or two letters swapped (optimal string alignment distance)."""
    limit = 1 if len(term) <= 6 else 2
    vocabulary = SearchTerm.objects.filter(length__range=(len(term) - limit, len(term) + limit))
    found = process.extract(
        term,
        list(vocabulary.values_list("term", flat=True)),
        scorer=OSA.distance,
        score_cutoff=limit,
        limit=None,
    )
    return [other for _distance, other in sorted((d, other) for other, d, _index in found)[:5]]


def _matching(variants: Iterable[str]) -> Q:
    """Entities with a term that begins with one of `variants` (in the name or the text)."""
    condition = Q()
    for term in variants:
        condition |= Q(search_name__contains=f" {term}") | Q(search_text__contains=f" {term}")
    return condition


class _TextSearchMatch(Func):
    """PostgreSQL: the search strings, as a text-search vector, match a tsquery; written as
    the GIN index of registry's migration 0005 is, so the database uses the index."""

    output_field = BooleanField()

    def __init__(self, query: str) -> None:
        super().__init__(F("search_name"), F("search_text"), Value(query))

    def as_sql(  # type: ignore[override]
        self, compiler: Any, connection: Any, **extra_context: Any
    ) -> tuple[str, tuple[Any, ...]]:
        (name, name_params), (text, text_params), (query, query_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        return (
            f"to_tsvector('simple'::regconfig, {name} || {text}) "
            f"@@ to_tsquery('simple'::regconfig, {query})",
            (*name_params, *text_params, *query_params),
        )


def _indexed(variants: dict[str, list[str]], database: str, *, prefix: bool) -> Q:
    """PostgreSQL: the entities the text-search index finds for every term (each by one of
    its variants) as a lexeme, or (`prefix`) the beginning of one, as LIKE finds a word;
    terms hold letters and digits only, so they need no quoting. Elsewhere: no condition."""
    if connections[database].vendor != "postgresql":
        return Q()
    suffix = ":*" if prefix else ""
    query = " & ".join(
        "(" + " | ".join(f"{variant}{suffix}" for variant in term_variants) + ")"
        for term_variants in variants.values()
    )
    return Q(_TextSearchMatch(query))


def _every_term(variants: dict[str, list[str]], database: str) -> Q:
    """Entities that match every term of the query (each by one of its variants), by LIKE
    and, on PostgreSQL, by the index, which finds them without reading the table. Where the
    planner reads the table anyway (a small one), the cheap LIKE runs first and spares
    computing the vector of most rows."""
    every = Q()
    for term_variants in variants.values():
        every &= _matching(term_variants)
    return every & _indexed(variants, database, prefix=True)


def _in_every_name(variants: dict[str, list[str]], database: str) -> Q:
    """Entities whose name holds every term (or a correction of it) whole: no entity can
    rank above them."""
    condition = Q()
    for term_variants in variants.values():
        condition &= functools.reduce(
            operator.or_, (Q(search_name__contains=f" {variant} ") for variant in term_variants)
        )
    return condition & _indexed(variants, database, prefix=False)


def _candidates(entities: QuerySet[Entity], condition: Q, limit: int | None = None) -> list[Any]:
    """At most `limit` (MAX_CANDIDATES) entities meeting `condition`, in no order: the
    database stops at the limit instead of sorting every match."""
    fields = ("pk", "kind", "search_name", "search_text")
    query = entities.filter(condition).order_by().values_list(*fields)
    return list(query[: limit or MAX_CANDIDATES])


def _every_term_rows(entities: QuerySet[Entity], variants: dict[str, list[str]]) -> list[Any]:
    """The candidates holding every term. When a page of results has every term whole in
    the name, they are the best there is (a common name: "fundacja") and nothing else is
    read, which spares ranking thousands of others."""
    best = _candidates(entities, _in_every_name(variants, entities.db), limit=MAX_RESULTS)
    if len(best) >= MAX_RESULTS:
        return best
    return _candidates(entities, _every_term(variants, entities.db))


def _unknown(words: list[str]) -> set[str]:
    """The `words` no entity has had: no term of the vocabulary begins with them (one read
    for them all)."""
    if not words:
        return set()
    found = SearchTerm.objects.filter(
        functools.reduce(operator.or_, (Q(term__startswith=word) for word in words))
    ).aggregate(
        **{
            f"word_{index}": Max(Case(When(term__startswith=word, then=1), default=0))
            for index, word in enumerate(words)
        }
    )
    return {word for index, word in enumerate(words) if not found[f"word_{index}"]}


def _patterns(variants: list[str]) -> list[tuple[str, str]]:
    """What `_match` looks for, per variant: the whole term, and a term it begins."""
    return [(f" {variant} ", f" {variant}") for variant in variants]


def _match(patterns: list[tuple[str, str]], name: str, text: str) -> float:
    """How well one query term (or its corrections, as `_patterns`) matches one entity: 0
    for not at all. The name outweighs the text even where it holds only a beginning."""
    best = 0.0
    for whole, start in patterns:
        if start in name:
            if whole in name:
                return NAME_WEIGHT
            best = max(best, NAME_WEIGHT * PREFIX_FACTOR)
        elif start in text:
            best = max(best, TEXT_WEIGHT if whole in text else TEXT_WEIGHT * PREFIX_FACTOR)
    return best


class Hit(NamedTuple):
    """An entity a search found, with its kind (the directory counts them by kind)."""

    pk: int
    kind: str


class Ranking(list[Hit]):
    """A search's hits, best first, and what the search did to find them: `partial` when
    no entity holds every word (the hits hold some), `corrected` the index's words it read
    in place of words no entity has. People are told (`notice`), not left to guess why
    "spółdzielnia socjalna Lublin" shows no entity in Lublin."""

    def __init__(
        self, hits: Iterable[Hit] = (), *, partial: bool = False, corrected: Iterable[str] = ()
    ) -> None:
        super().__init__(hits)
        self.partial = partial
        self.corrected = list(corrected)

    @property
    def notice(self) -> str:
        if not self:
            return ""
        parts = []
        if self.partial:
            parts.append(_("No entity holds every word: showing the closest."))
        if self.corrected:
            parts.append(_("Did you mean: %(words)s?") % {"words": " ".join(self.corrected)})
        return " ".join(parts)


def ranked(entities: QuerySet[Entity], query: str) -> Ranking | None:
    """The entities that match `query`, best first; None when the query has no terms
    (nothing to search for)."""
    terms = list(dict.fromkeys(search_terms(query)))[:MAX_TERMS]
    if not terms:
        return None
    variants: dict[str, list[str]] = {term: [term] for term in terms}
    factors = dict.fromkeys(terms, 1.0)
    rows = _every_term_rows(entities, variants)
    partial = False
    if not rows:
        words = [term for term in terms if len(term) >= MIN_CORRECTED and term.isalpha()]
        for term in _unknown(words):  # typos, most likely
            corrections = _corrections(term)
            if corrections:
                variants[term] = corrections
                factors[term] = TYPO_FACTOR
        if any(factor < 1 for factor in factors.values()):
            rows = _every_term_rows(entities, variants)
        if not rows and len(terms) > 1:
            some = (variant for term_variants in variants.values() for variant in term_variants)
            rows = _candidates(entities, _matching(some))
            partial = True
    scores: dict[int, float] = {}
    covered: dict[int, int] = {}
    total = max(len(rows), 1)
    for term in terms:
        patterns = _patterns(variants[term])
        hits = [(row[0], value) for row in rows if (value := _match(patterns, row[2], row[3]))]
        weight = math.log(1 + total / (1 + len(hits))) * factors[term]
        for pk, value in hits:
            scores[pk] = scores.get(pk, 0.0) + weight * value
            covered[pk] = covered.get(pk, 0) + 1
    best = sorted(scores, key=lambda pk: (-covered[pk], -scores[pk], pk))[:MAX_RESULTS]
    kinds = {row[0]: row[1] for row in rows}
    corrected = [variants[term] for term in terms if factors[term] < 1]
    return Ranking(
        (Hit(pk, kinds[pk]) for pk in best),
        partial=partial,
        corrected=_as_written(corrected, best[:SHOWN_SOURCES]) if corrected else (),
    )


def _as_written(corrected: list[list[str]], ids: list[int]) -> list[str]:
    """The words the best hits write for the corrected terms ("socjalna", not the folded
    stem "socjaln"), to ask "did you mean"; a term none of them writes stays as it is."""
    written: dict[str, str] = {}
    for texts in Entity.objects.filter(pk__in=ids).values_list("name", "offer", "description"):
        for word in re.findall(r"\w+", " ".join(texts)):
            found = search_terms(word)
            if len(found) == 1:
                written.setdefault(found[0], word.lower())
    shown = []
    for term_variants in corrected:
        used = next((written[v] for v in term_variants if v in written), term_variants[0])
        shown.append(used)
    return shown


def ranked_ids(entities: QuerySet[Entity], query: str) -> list[int] | None:
    """The ids of the entities that match `query`, best first; None when the query has no
    terms."""
    hits = ranked(entities, query)
    return None if hits is None else [hit.pk for hit in hits]
