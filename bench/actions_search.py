"""Benchmark of the action search at 100,000 published actions on PostgreSQL.

Creates a throw-away test database on ``DATABASE_URL``, bulk-creates the actions (with their
regions, audiences, disciplines and partners), fills the full-text index, and reports for
typical searches, with and without filters: the time of the catalogue query (count + first
page, as the page runs them) and of the whole page ``/acties/?…``, the number of results, and
whether the query plan uses the GIN index. Run by hand; it prints a report and never fails on
time:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/stemcharter \\
        .venv/bin/python bench/actions_search.py --size 100000
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import warnings

import django

warnings.filterwarnings("ignore", message="No directory at")

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

SEARCHES = {
    "very common word": {"q": "leerlingen"},
    "topic word": {"q": "robot"},
    "stemmed plural": {"q": "satellieten"},
    "two words": {"q": "opendag gent"},
    "phrase": {"q": '"open labo"'},
    "with exclusion": {"q": "wiskunde -gastles"},
    "rare word": {"q": "kwantumfysica"},
    "no match": {"q": "ruimtevaartuig"},
    "word + region": {"q": "robot", "subregion": "gent"},
    "word + type + audience": {"q": "techniek", "type": "stage", "audience": "secundair-tso"},
    "word + dates + places": {
        "q": "programmeren",
        "date_from": "+10",
        "date_to": "+40",
        "places": "1",
    },
    "no search, filters": {"subregion": ["gent", "brugge"], "type": "opendag", "places": "1"},
    "no search, page 50": {"page": "50"},
}

# About a hundred topics, so a topic word is in a few percent of the actions (as in a real
# catalogue); "leerlingen" is in most of them (the sentences use it).
NOUNS = [
    "robot", "robots", "labo", "opendag", "stage", "gastles", "workshop", "bedrijfsbezoek",
    "zonnepaneel", "drone", "programmeren", "wiskunde", "chemie", "fysica", "techniek",
    "elektriciteit", "windmolen", "3D-printer", "microscoop", "raket", "brug", "app",
    "batterij", "sensor", "motor", "tandwiel", "hefboom", "katrol", "magneet", "kompas",
    "weerstation", "thermometer", "zeep", "kaarsen", "kristallen", "vulkaan", "aardbeving",
    "satelliet", "telescoop", "sterrenkijker", "planetarium", "mobiliteit", "fiets", "auto",
    "trein", "vliegtuig", "boot", "haven", "sluis", "dijk", "waterzuivering", "recyclage",
    "plastic", "textiel", "voeding", "brood", "bier", "kaas", "chocolade", "landbouw",
    "bijen", "bomen", "bodem", "klimaat", "energie", "waterstof", "kernfusie", "laser",
    "licht", "geluid", "muziek", "gitaar", "versterker", "radio", "antenne", "netwerk",
    "website", "game", "algoritme", "data", "statistiek", "kansrekening", "geometrie",
    "origami", "bruggenbouw", "architectuur", "bouwplaats", "beton", "hout", "staal",
    "lassen", "solderen", "elektronica", "printplaat", "microcontroller", "arduino",
    "zorgrobot", "prothese", "hartslag", "DNA", "bacterie", "vaccin", "ziekenhuis",
]  # fmt: skip
ADJECTIVES = ["open", "slim", "groen", "digitaal", "creatief", "snel", "veilig", "duurzaam"]
PLACES = ["Gent", "Brugge", "Antwerpen", "Leuven", "Hasselt", "Kortrijk", "Aalst", "Mechelen"]
SENTENCES = [
    "Leerlingen bouwen zelf een {noun} en testen hem in ons labo.",
    "Je ontdekt hoe {noun} werkt, samen met onze ingenieurs.",
    "Voor scholen die met {noun} aan de slag willen gaan.",
    "Een {adjective} project rond {noun} voor de tweede graad.",
    "We tonen hoe wiskunde en techniek samenkomen in {noun}.",
]


def text(rng: random.Random, sentences: int) -> str:
    return " ".join(
        rng.choice(SENTENCES).format(noun=rng.choice(NOUNS), adjective=rng.choice(ADJECTIVES))
        for _ in range(sentences)
    )


def create_actions(size: int, *, seed: int = 7) -> None:
    """``size`` published actions in bulk, with their many-to-many rows."""
    import datetime

    from stemcharter.actions.models import Action
    from stemcharter.organisations.tests.signatories import make_signatories
    from stemcharter.regions.models import Subregion
    from stemcharter.vocabulary.models import ActionType, Audience, Discipline

    rng = random.Random(seed)
    organisations = make_signatories(150)
    types = list(ActionType.objects.all())
    subregions = list(Subregion.objects.all())
    audiences = list(Audience.objects.all())
    disciplines = list(Discipline.objects.all())
    today = datetime.date.today()
    now = timezone.now()
    batch = 5000
    for offset in range(0, size, batch):
        actions = []
        for number in range(offset, min(size, offset + batch)):
            timing = rng.choice(["date", "period", "on_request"])
            start = today + datetime.timedelta(days=rng.randint(-200, 300))
            end = start + datetime.timedelta(days=0 if timing == "date" else rng.randint(1, 60))
            title = (
                f"{rng.choice(ADJECTIVES).capitalize()} {rng.choice(NOUNS)} in {rng.choice(PLACES)}"
            )
            if number % 20_000 == 0:
                title += " kwantumfysica"
            actions.append(
                Action(
                    title=title[:150],
                    slug=f"actie-{number}",
                    summary=text(rng, 1)[:300],
                    description=text(rng, 6),
                    action_type=rng.choice(types),
                    organisation=rng.choice(organisations),
                    location=rng.choice(PLACES),
                    timing=timing,
                    start_date=None if timing == "on_request" else start,
                    end_date=None if timing == "on_request" else end,
                    places=rng.choice([None, 0, 5, 12, 30]),
                    participation="organiser",
                    status="published",
                    published_at=now,
                    first_published_at=now - datetime.timedelta(minutes=number),
                )
            )
        created = Action.objects.bulk_create(actions)
        Action.subregions.through.objects.bulk_create(
            Action.subregions.through(action=a, subregion=s)
            for a in created
            for s in rng.sample(subregions, rng.randint(1, 2))
        )
        Action.audiences.through.objects.bulk_create(
            Action.audiences.through(action=a, audience=s)
            for a in created
            for s in rng.sample(audiences, rng.randint(1, 2))
        )
        Action.disciplines.through.objects.bulk_create(
            Action.disciplines.through(action=a, discipline=rng.choice(disciplines))
            for a in created
        )
        Action.partners.through.objects.bulk_create(
            Action.partners.through(action=a, organisation=rng.choice(organisations))
            for a in created
            if rng.random() < 0.1
        )
        print(f"  created {offset + len(created):>7} actions", flush=True)


def index_actions() -> None:
    """Fill the search vectors in one statement with the expression that
    ``actions.services.action_search_index`` uses per action (checked on one row)."""
    from stemcharter.actions.models import Action
    from stemcharter.actions.services import action_search_index, action_search_vector

    Action.objects.update(search_vector=action_search_vector())
    sample = Action.objects.order_by("pk").first()
    bulk_vector = sample.search_vector
    action_search_index(action=sample)
    sample.refresh_from_db()
    assert sample.search_vector == bulk_vector, "the bench indexes differently from the service"
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE actions_action")
        cursor.execute("ANALYZE")


def resolve(params: dict) -> dict:
    """Dates given as "+N" are N days from today."""
    import datetime

    result = {}
    for key, value in params.items():
        if isinstance(value, str) and value.startswith("+"):
            value = str(datetime.date.today() + datetime.timedelta(days=int(value[1:])))
        result[key] = value
    return result


def catalogue_query(params: dict):
    """The catalogue's filter set, built as the view builds it, with its count and first page."""
    from django.http import QueryDict

    from stemcharter.actions.filters import ActionFilterSet
    from stemcharter.actions.selectors import (
        action_catalogue,
        action_type_list,
        audience_list,
        discipline_list,
    )
    from stemcharter.organisations.selectors import subregion_list

    query = QueryDict(urlencode(params, doseq=True))
    filterset = ActionFilterSet(
        query,
        queryset=action_catalogue(),
        action_types=action_type_list(),
        subregions=subregion_list(),
        audiences=audience_list(),
        disciplines=discipline_list(),
        today=timezone.localdate(),
    )
    return filterset.qs


def timed(function, repeat: int) -> tuple[float, float]:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), max(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--plans", action="store_true", help="print the full query plans")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run this on PostgreSQL: set DATABASE_URL=postgres://…")

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        print(
            f"database: {connection.vendor} {connection.pg_version // 10000}, {args.size} actions"
        )
        start = time.perf_counter()
        with transaction.atomic():
            create_actions(args.size)
        print(f"created in {time.perf_counter() - start:.0f} s")
        start = time.perf_counter()
        index_actions()
        print(f"indexed (one UPDATE + VACUUM ANALYZE) in {time.perf_counter() - start:.0f} s\n")

        client = Client()
        header = ("search", "results", "query ms", "max", "page ms", "max", "GIN index")
        print("{:<24} {:>8} {:>9} {:>6} {:>8} {:>6}  {}".format(*header))
        for label, raw in SEARCHES.items():
            params = resolve(raw)
            queryset = catalogue_query(params)
            count = queryset.count()

            def run_query(queryset=queryset):
                queryset.count()
                list(queryset[:20])

            query_median, query_max = timed(run_query, args.repeat)
            url = "/acties/?" + urlencode(params, doseq=True)
            assert client.get(url).status_code == 200

            def run_page(url=url):
                client.get(url)

            page_median, page_max = timed(run_page, args.repeat)
            plan = queryset[:20].explain(analyze=True)
            uses_gin = "action_search_vector_gin" in plan
            gin = "yes" if uses_gin else ("n/a (no search)" if "q" not in params else "NO")
            print(
                f"{label:<24} {count:>8} {query_median:>9.1f} {query_max:>6.1f}"
                f" {page_median:>8.1f} {page_max:>6.1f}  {gin}"
            )
            if args.plans:
                print(plan, "\n")
        print("\nPlan of the first search (EXPLAIN ANALYZE, first page):")
        print(catalogue_query(SEARCHES["topic word"])[:20].explain(analyze=True))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
