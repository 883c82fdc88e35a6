"""What people type in a search box, read the same way by every search of the site.

``parse_search`` turns the text into terms, with the web-search syntax people know: every
word must match, ``"an exact phrase"``, ``-without``, ``this or that``. Two ways to match them,
one per database:

- PostgreSQL: ``search_query`` builds one ``tsquery`` for a full-text index (the language's
  stemming: "robots" finds "robot"), to filter with ``field=query`` and rank with
  ``SearchRank``;
- elsewhere (SQLite in development and tests): ``fallback_search`` looks for each term in the
  given fields with ``icontains`` and ranks by the weight of the field it is in.

Both add what stemming alone misses in Dutch:

- loan-word plurals on a vowel and "s" ("stages", "foto's", "camera's"), which the Dutch
  stemmer leaves as they are, also match their singular (``word_forms``);
- the last word also matches as the start of a word ("opendeur" finds "opendeurdag"), since
  people often type only the first part of a compound (at least ``PREFIX_MIN_LENGTH``
  characters);
- two to four words also match written as one ("open deur dag" finds "opendeurdag");
- accents are left out on both sides ("creeer" finds "creëer", "Liège" finds "Liege"): the text
  typed through ``fold`` here, the text searched through ``Fold`` in the database, the same
  folding in SQL (``translate``, no extension needed) and in Python (SQLite).

Synonyms are not this module's: each model puts the words it wants found in what it searches
(the search terms of an action type, for example).
"""

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery
from django.db.models import (
    Case,
    CharField,
    Func,
    IntegerField,
    Lookup,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)

# At most this many terms of a text are read (a search is a few words, not a paragraph).
MAX_TERMS = 8
PREFIX_MIN_LENGTH = 3
VOWELS = "aeiouy"

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
# Letters and digits only: what a word may hold in a raw tsquery without being syntax.
_WORD = re.compile(r"[^\W_]+")


# Accents


def fold(text: str) -> str:
    """``text`` in lower case without accents: "Liège" -> "liege", "creëer" -> "creeer"
    (compatibility decomposition, combining marks dropped)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _fold_table() -> tuple[str, str]:
    """The letters with accents of the Latin alphabets (Latin-1 to Latin Extended-B) and the
    plain letter ``fold`` makes of each: what ``Fold`` translates in SQL."""
    pairs = []
    for char in map(chr, range(0xC0, 0x250)):
        plain = fold(char)
        if plain != char.lower() and len(plain) == 1 and plain.isascii():
            pairs.append((char, plain))
    return "".join(char for char, _plain in pairs), "".join(plain for _char, plain in pairs)


FOLD_FROM, FOLD_TO = _fold_table()
# The SQLite function that ``Fold`` calls (``common.apps`` adds it to every connection).
SQLITE_FOLD_FUNCTION = "stemcharter_fold"


def sqlite_fold(text: str | None) -> str | None:
    return None if text is None else fold(text)


class Fold(Func):
    """An expression in lower case without accents, as ``fold`` makes a text: PostgreSQL's
    built-in ``translate`` of the letters of ``FOLD_FROM`` (no ``unaccent`` extension), and
    ``fold`` itself on SQLite."""

    output_field = TextField()

    def as_sql(self, compiler, connection, **extra_context):
        template = "lower(translate(%(expressions)s, %%s, %%s))"
        sql, params = super().as_sql(compiler, connection, template=template, **extra_context)
        return sql, (*params, FOLD_FROM, FOLD_TO)

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function=SQLITE_FOLD_FUNCTION, **extra_context)


class FoldedContains(Lookup):
    """``field__folded_contains=text``: ``text`` appears in the field, case and accents
    ignored on both sides (the search's ``icontains``)."""

    lookup_name = "folded_contains"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = compiler.compile(Fold(self.lhs))
        pattern = f"%{connection.ops.prep_for_like_query(fold(str(self.rhs)))}%"
        return f"{lhs} LIKE %s ESCAPE '\\'", [*lhs_params, pattern]


CharField.register_lookup(FoldedContains)
TextField.register_lookup(FoldedContains)


@dataclass(frozen=True)
class Term:
    """One word, or the words of a phrase (in this order, next to each other): ``text`` as
    typed ("oost-vlaanderen"), ``words`` its words ("oost", "vlaanderen")."""

    text: str
    words: tuple[str, ...]
    prefix: bool = False

    @property
    def phrase(self) -> bool:
        return len(self.words) > 1


@dataclass(frozen=True)
class SearchText:
    """Every group must match; a group matches when one of its terms does ("a or b")."""

    groups: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()
    # The words written as one ("open deur dag" -> "opendeurdag"), an alternative to the
    # groups; empty unless the text is two to four plain words.
    joined: str = ""

    def __bool__(self) -> bool:
        return bool(self.groups or self.excluded)


def parse_search(text: str) -> SearchText:
    """The terms of ``text`` (see the module); case and accents are ignored, punctuation
    separates words."""
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    either = False  # the previous token was "or"
    count = 0
    for match in _TOKEN.finditer(fold(text)):
        minus, quoted, bare = match.groups()
        if bare is not None:
            if bare == "or":
                either = bool(groups)
                continue
            minus, bare = ("-", bare[1:]) if bare.startswith("-") else ("", bare)
            # "foto's" is one word, as PostgreSQL's parser makes it one apart from its "s".
            typed = bare.replace("'", "").replace("\u2019", "")
        else:
            typed = " ".join(quoted.split())
        words = tuple(_WORD.findall(typed))
        if not words:
            continue
        count += 1
        if count > MAX_TERMS:
            break
        term = Term(typed, words)
        if minus:
            excluded.append(term)
        elif either:
            groups[-1].append(term)
        else:
            groups.append([term])
        either = False
    if groups and not groups[-1][-1].phrase and len(groups[-1][-1].words[0]) >= PREFIX_MIN_LENGTH:
        last = groups[-1][-1]
        groups[-1][-1] = Term(last.text, last.words, prefix=True)
    plain = [group[0].words[0] for group in groups if len(group) == 1 and not group[0].phrase]
    joined = "".join(plain) if 2 <= len(plain) == len(groups) <= 4 and not excluded else ""
    return SearchText(
        groups=tuple(tuple(group) for group in groups),
        excluded=tuple(excluded),
        joined=joined,
    )


def word_forms(word: str) -> list[str]:
    """``word``, and its singular when it is a plural on a vowel and "s" (stages, fotos)."""
    forms = [word]
    if len(word) > 4 and word[-1] == "s" and word[-2] in VOWELS:
        forms.append(word[:-1])
    return forms


# PostgreSQL


def search_query(search: SearchText, *, config: str) -> SearchQuery:
    """The ``tsquery`` of ``search`` (which must not be empty) in the text search ``config``."""

    def forms(term: Term) -> list[SearchQuery]:
        if term.phrase:
            return [SearchQuery(" ".join(term.words), search_type="phrase", config=config)]
        word, *others = word_forms(term.words[0])
        other_forms = [SearchQuery(form, search_type="plain", config=config) for form in others]
        if term.prefix:
            # The start of a word finds the word too, and PostgreSQL estimates "robot:*" as
            # "robot" (but "robot | robot:*" as twice as many rows: a scan of the whole table).
            # Only letters and digits (``_WORD``), so the word cannot be tsquery syntax.
            return [SearchQuery(f"{word}:*", search_type="raw", config=config), *other_forms]
        return [SearchQuery(word, search_type="plain", config=config), *other_forms]

    query = None
    for group in search.groups:
        alternatives = _either([form for term in group for form in forms(term)])
        query = alternatives if query is None else query & alternatives
    if search.joined:
        query = query | _either(forms(Term(search.joined, (search.joined,), prefix=True)))
    for term in search.excluded:
        for form in forms(term):  # not (a or b): not a and not b
            query = ~form if query is None else query & ~form
    return query


def _either(queries: list[SearchQuery]) -> SearchQuery:
    query = queries[0]
    for other in queries[1:]:
        query = query | other
    return query


# Elsewhere: icontains


def fallback_forms(word: str) -> list[str]:
    """What ``icontains`` looks for to find ``word`` and its other forms, a rough stemming:
    plurals on "s" and "en" also match their singular (a shorter string contains both),
    with the consonant of "gastlessen" or the vowel of "materialen" as in the singular."""
    forms = word_forms(word)
    if len(word) > 4 and word[-1] == "s" and word[-2] not in VOWELS:
        forms.append(word[:-1])  # robots
    elif len(word) > 5 and word.endswith("en"):
        stem = word[:-2]
        if stem[-1] == stem[-2] and stem[-1] not in VOWELS:
            stem = stem[:-1]  # gastlessen -> gastles
        elif stem[-1] not in VOWELS and stem[-2] in "aeou" and stem[-3] != stem[-2]:
            forms.append(stem[:-1] + stem[-2:])  # materialen -> materiaal
        forms.append(stem)
    return forms


def fallback_search(
    queryset: QuerySet,
    search: SearchText,
    *,
    fields: Mapping[str, int],
    conditions: Mapping[str, Q] | None = None,
) -> QuerySet:
    """``queryset`` filtered on ``search`` (which must not be empty) without a full-text
    index (case and accents ignored: ``FoldedContains``), annotated with ``search_rank``: each
    group adds the weight of the heaviest of ``fields`` (lookups, across relations too, to
    their weight) it matches in. ``conditions``: for some lookups, what the related row must
    also meet for a match there to count (a name read only where it may be shown), in the same
    join (``Q(partners__category=...)`` for ``partners__name``)."""
    model = queryset.model
    conditions = conditions or {}

    def contains(lookup: str, text: str) -> Q:
        relation = model._meta.get_field(lookup.split("__")[0])
        condition = Q(**{f"{lookup}__folded_contains": text})
        if lookup in conditions:
            condition &= conditions[lookup]
        if relation.many_to_many or relation.one_to_many:
            # A subquery, so a row with two matching partners is found once.
            return Q(pk__in=model._base_manager.filter(condition).values("pk"))
        return condition

    def term_in(term: Term, lookups) -> Q:
        texts = [term.text] if term.phrase else fallback_forms(term.words[0])
        condition = Q()
        for lookup in lookups:
            for text in texts:
                condition |= contains(lookup, text)
        return condition

    def group_in(group: tuple[Term, ...], lookups) -> Q:
        condition = Q()
        for term in group:
            condition |= term_in(term, lookups)
        return condition

    everywhere = list(fields)
    matches = Q()
    for group in search.groups:
        matches &= group_in(group, everywhere)
    if search.joined:
        matches |= term_in(Term(search.joined, (search.joined,)), everywhere)
    queryset = queryset.filter(matches)
    for term in search.excluded:
        queryset = queryset.exclude(term_in(term, everywhere))
    rank = Value(0)
    weighted = sorted((weight, lookup) for lookup, weight in fields.items() if weight)
    for group in search.groups:
        rank = rank + Case(
            *(
                When(group_in(group, [lookup]), then=Value(weight))
                for weight, lookup in reversed(weighted)
            ),
            default=Value(0),
            output_field=IntegerField(),
        )
    return queryset.annotate(search_rank=rank)
