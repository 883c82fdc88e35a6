"""The words people type for the seeded action types (plurals, synonyms, compound and split
forms), so the search of actions finds them: "stages", "opendeurdag", "materialen"...

Only empty fields are filled: terms a coordinator already wrote in the admin stay.
"""

from django.db import migrations

SEARCH_TERMS = {
    "stage": (
        "stages, stageplaats, stageplaatsen, snuffelstage, snuffelstages, werkplekleren, "
        "duaal leren",
        "internships, work placement, placements, traineeship, work experience",
    ),
    "opendag": (
        "opendeurdag, opendeurdagen, open deur, opendagen, open bedrijvendag, infodag, "
        "infodagen, kijkdag",
        "open days, open house, open door day, info day",
    ),
    "schoolondersteuning-materiaal": (
        "materiaal, materialen, lesmateriaal, leskoffer, leskoffers, uitleenkoffer, "
        "uitleenpakket, uitlenen, schenking",
        "material, materials, teaching materials, loan kit, kits, equipment",
    ),
    "expert-gastles": (
        "gastles, gastlessen, gastspreker, gastsprekers, expert in de klas, lezing",
        "guest lessons, guest speaker, talk, expert in the classroom",
    ),
    "bedrijfsbezoek": (
        "bedrijfsbezoeken, bezoek, rondleiding, rondleidingen, uitstap",
        "company visits, site visit, tour, field trip",
    ),
    "gezamenlijk-project": (
        "project, projecten, samenwerking, samenwerkingsproject",
        "projects, collaboration, partnership",
    ),
    "doelgroepinitiatief": (
        "doelgroep, doelgroepen, initiatieven, kansengroepen",
        "target groups, initiatives, outreach",
    ),
    "stem-academie-activiteit": (
        "STEM-academie, academie, naschoolse activiteit, hobbyclub, kamp, kampen, workshop",
        "STEM academy, after-school activity, club, camp, workshop",
    ),
    "lerarenopleiding": (
        "nascholing, nascholingen, bijscholing, professionalisering, vorming, "
        "lerarenopleiding, leerkrachten",
        "teacher training, professional development, in-service training",
    ),
}


def seed(apps, schema_editor):
    ActionType = apps.get_model("vocabulary", "ActionType")
    for action_type in ActionType.objects.filter(slug__in=SEARCH_TERMS):
        terms_nl, terms_en = SEARCH_TERMS[action_type.slug]
        action_type.search_terms_nl = action_type.search_terms_nl or terms_nl
        action_type.search_terms_en = action_type.search_terms_en or terms_en
        action_type.save(update_fields=["search_terms_nl", "search_terms_en"])


class Migration(migrations.Migration):
    dependencies = [("vocabulary", "0003_action_type_search_terms")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
