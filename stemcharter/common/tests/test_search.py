"""How a search text is read (``common.search``); what it finds: actions/tests/test_search.py."""

from stemcharter.common.search import (
    FOLD_FROM,
    FOLD_TO,
    MAX_TERMS,
    Term,
    fallback_forms,
    fold,
    parse_search,
    word_forms,
)


def test_words_phrases_exclusions_and_or():
    search = parse_search('Robots "open Labo" -gent brugge or KORTRIJK')
    assert search.groups == (
        (Term("robots", ("robots",)),),
        (Term("open labo", ("open", "labo")),),
        (Term("brugge", ("brugge",)), Term("kortrijk", ("kortrijk",), prefix=True)),
    )
    assert search.excluded == (Term("gent", ("gent",)),)
    assert search.joined == ""


def test_the_last_word_is_a_prefix_when_long_enough():
    assert parse_search("open deur").groups[-1] == (Term("deur", ("deur",), prefix=True),)
    assert parse_search("open 3d").groups[-1] == (Term("3d", ("3d",)),)
    assert parse_search('"open deur"').groups[-1][0].prefix is False


def test_two_to_four_words_are_also_tried_as_one():
    assert parse_search("open deur dag").joined == "opendeurdag"
    assert parse_search("opendeurdag").joined == ""
    assert parse_search("een twee drie vier vijf").joined == ""
    assert parse_search("open deur -dag").joined == ""


def test_punctuation_separates_words_and_apostrophes_do_not():
    assert parse_search("foto's").groups == ((Term("fotos", ("fotos",), prefix=True),),)
    assert parse_search("3d-printer").groups == ((Term("3d-printer", ("3d", "printer")),),)
    for text in ["", "   ", "-", "or", '""', ":*", "&|!", "__"]:
        assert not parse_search(text), text


def test_a_long_text_is_cut_to_its_first_terms():
    search = parse_search(" ".join(f"woord{n}" for n in range(20)))
    assert len(search.groups) == MAX_TERMS


def test_other_forms_of_a_word():
    assert word_forms("stages") == ["stages", "stage"]
    assert word_forms("robots") == ["robots"]
    assert word_forms("gas") == ["gas"]
    assert fallback_forms("robots") == ["robots", "robot"]
    assert fallback_forms("gastlessen") == ["gastlessen", "gastles"]
    assert fallback_forms("materialen") == ["materialen", "materiaal", "material"]
    # Dutch does not say which: both are tried ("dagen" is "dag", "materialen" "materiaal").
    assert fallback_forms("opendeurdagen") == ["opendeurdagen", "opendeurdaag", "opendeurdag"]


def test_accents_are_left_out_of_what_is_typed():
    assert fold("Bio-Ingénieur creëer REËLE Liège ﬁets") == "bio-ingenieur creeer reele liege fiets"
    assert parse_search("Liège").groups == ((Term("liege", ("liege",), prefix=True),),)
    # The letters the database translates are those Python folds, one for one.
    assert len(FOLD_FROM) == len(FOLD_TO)
    assert all(fold(letter) == plain for letter, plain in zip(FOLD_FROM, FOLD_TO, strict=True))
    assert {"é", "ë", "è", "ï", "ç", "É", "Ë"} <= set(FOLD_FROM)
