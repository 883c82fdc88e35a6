"""The role x view table: what every named URL pattern answers each role, for GET and POST.

One row per URL pattern name (``namespace:name``); two strings of eight outcomes, one per role,
in the order of the header comment (``world.ROLES``):

    visitor   anonymous
    member    editor of A, an approved signatory in subregion S
    admin     admin of A
    other     admin of B, another approved signatory (another subregion)
    partner   admin of P, partner of A's actions and named in A's story
    cp        contact point of S (A's subregion and that of A's items)
    cp_else   contact point of another subregion
    coord     coordinator

Routes in the comments shorten ``portal/organisaties/<slug:organisation_slug>/`` to
``portal/organisaties/<org>/``.

Outcomes: ``200`` allowed; ``403`` forbidden (the back office says so); ``404`` forbidden by
not finding it (the portal answers 404 for another organisation's pages on purpose, so nobody
learns what exists); ``login`` a redirect to the login page; ``redirect`` any other redirect (a
wizard step or a done action sending you on); ``405`` the method is not served; ``400`` refused.
The URL's objects are always A's (``world.build_world``). A POST carries no data: for an allowed
role it shows what an empty form does (``200``: the form again with errors; ``redirect``: done),
and for a role that may not GET it must be denied too
(``test_a_role_that_may_not_get_may_not_post``).

A new view: run the suite; ``test_every_url_pattern_has_a_row`` prints the row to add.
"""

# Outcomes that deny access.
DENIED = frozenset({"403", "404", "login"})

# URL patterns the table does not cover, each with why (regular expressions on the full name).
EXCLUDED = {
    r"admin:.*": (
        "Django's admin: every page requires is_staff (Django's own tests); ours, "
        "organisations/tests/test_django_admin.py and the staff MFA tests in accounts/tests"
    ),
    r"account_.*": (
        "allauth's own account views (login, signup, email, password): tested upstream; our "
        "adapter and login pages in accounts/tests (test_login_page.py, test_login_redirect.py)"
    ),
    r"mfa_.*": (
        "allauth's two-factor views: tested upstream; the staff MFA middleware in "
        "accounts/tests/test_mfa.py and test_mfa_staff_users.py"
    ),
}

TABLE = {
    #           visitor  member   admin    other    partner  cp       cp_else  coord
    # /acties/<slug>/
    "actions:action-detail": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # /acties/feed/atom/
    "actions:action-feed-atom": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "200      200      200      200      200      200      200      200",
    },
    # /acties/feed/rss/
    "actions:action-feed-rss": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "200      200      200      200      200      200      200      200",
    },
    # /acties/feed/<subregion_slug>/atom/
    "actions:action-feed-subregion-atom": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "200      200      200      200      200      200      200      200",
    },
    # /acties/feed/<subregion_slug>/rss/
    "actions:action-feed-subregion-rss": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "200      200      200      200      200      200      200      200",
    },
    # /acties/<slug:slug>/agenda.ics
    "actions:action-ics": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # /acties/
    "actions:action-list": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # /beheer/audit/
    "backoffice:audit-list": {
        "GET": "login    403      403      403      403      403      403      200",
        "POST": "login    403      403      403      403      403      403      405",
    },
    # /beheer/charter/nieuw/
    "backoffice:charter-version-create": {
        "GET": "login    403      403      403      403      403      403      200",
        "POST": "login    403      403      403      403      403      403      200",
    },
    # /beheer/charter/<number>/
    "backoffice:charter-version-detail": {
        "GET": "login    403      403      403      403      403      403      200",
        "POST": "login    403      403      403      403      403      403      405",
    },
    # /beheer/charter/
    "backoffice:charter-version-list": {
        "GET": "login    403      403      403      403      403      403      200",
        "POST": "login    403      403      403      403      403      403      405",
    },
    # /beheer/contact/<pk>/afgehandeld/
    "backoffice:contact-message-handle": {
        # the messages hold anyone's name and address: coordinators, and the contact points of
        # the subregion it was written to (the world's message is to S)
        "GET": "login    403      403      403      403      405      403      405",
        "POST": "login    403      403      403      403      redirect 403      redirect",
    },
    # /beheer/contact/<pk>/
    "backoffice:contact-message-detail": {
        "GET": "login    403      403      403      403      200      403      200",
        "POST": "login    403      403      403      403      405      403      405",
    },
    # /beheer/contact/
    "backoffice:contact-message-list": {
        # a contact point sees only the messages written to their subregions
        "GET": "login    403      403      403      403      200      200      200",
        "POST": "login    403      403      403      403      405      405      405",
    },
    # /beheer/regio-s/<slug>/contactpunten/
    "backoffice:contact-point-add": {
        "GET": "login    403      403      403      403      403      403      405",
        "POST": "login    403      403      403      403      403      403      200",
    },
    # /beheer/regio-s/<slug>/contactpunten/<user_pk>/verwijderen/
    "backoffice:contact-point-remove": {
        "GET": "login    403      403      403      403      403      403      405",
        "POST": "login    403      403      403      403      403      403      redirect",
    },
    # /beheer/criteria/nieuw/
    "backoffice:criteria-set-create": {
        "GET": "login    403      403      403      403      403      403      200",
        "POST": "login    403      403      403      403      403      403      200",
    },
    # /beheer/criteria/<key>/
    "backoffice:criteria-set-detail": {
        "GET": "login    403      403      403      403      403      403      200",
        "POST": "login    403      403      403      403      403      403      405",
    },
    # /beheer/criteria/<key>/bewerken/
    "backoffice:criteria-set-edit": {
        "GET": "login    403      403      403      403      403      403      200",
        "POST": "login    403      403      403      403      403      403      200",
    },
    # /beheer/criteria/
    "backoffice:criteria-set-list": {
        "GET": "login    403      403      403      403      403      403      200",
        "POST": "login    403      403      403      403      403      403      405",
    },
    # /beheer/evenementen/<slug:slug>/annuleren/
    "backoffice:event-cancel": {
        # an empty POST: the form asks the reason (200 with the message)
        "GET": "login    403      403      403      403      200      403      200",
        "POST": "login    403      403      403      403      200      403      200",
    },
    # /beheer/evenementen/nieuw/
    "backoffice:event-create": {
        # any contact point, in their own subregions only (the form offers no other)
        "GET": "login    403      403      403      403      200      200      200",
        "POST": "login    403      403      403      403      200      200      200",
    },
    # /beheer/evenementen/<slug:slug>/
    "backoffice:event-edit": {
        # an event of the STEM-charter in S: its contact point and coordinators only
        "GET": "login    403      403      403      403      200      403      200",
        "POST": "login    403      403      403      403      200      403      200",
    },
    # /beheer/evenementen/
    "backoffice:event-list": {
        "GET": "login    403      403      403      403      200      200      200",
        "POST": "login    403      403      403      403      405      405      405",
    },
    # /beheer/evenementen/<slug:slug>/afsluiten/
    "backoffice:event-report": {
        # closing an event of the STEM-charter in S with a report: its contact point and
        # coordinators (A's world event has not ended: the page says so, 200 without a form)
        "GET": "login    403      403      403      403      200      403      200",
        "POST": "login    403      403      403      403      200      403      200",
    },
    # /beheer/
    "backoffice:home": {
        "GET": "login    403      403      403      403      200      200      200",
        "POST": "login    403      403      403      403      405      405      405",
    },
    # /beheer/organisaties/<slug>/
    "backoffice:organisation-detail": {
        "GET": "login    403      403      403      403      403      403      200",
        "POST": "login    403      403      403      403      403      403      405",
    },
    # /beheer/organisaties/
    "backoffice:organisation-list": {
        "GET": "login    403      403      403      403      403      403      200",
        "POST": "login    403      403      403      403      403      403      405",
    },
    # /beheer/organisaties/export.csv
    "backoffice:organisation-export": {
        "GET": "login    403      403      403      403      403      403      200",
        "POST": "login    403      403      403      403      403      403      405",
    },
    # --- pipeline ---
    # /beheer/prospecten/
    "backoffice:prospect-list": {
        "GET": "login    403      403      403      403      403      403      200",
        "POST": "login    403      403      403      403      403      403      405",
    },
    # /beheer/prospecten/export.csv
    "backoffice:prospect-export": {
        "GET": "login    403      403      403      403      403      403      200",
        "POST": "login    403      403      403      403      403      403      405",
    },
    # /beheer/prospecten/nieuw/
    "backoffice:prospect-create": {
        "GET": "login    403      403      403      403      403      403      200",
        "POST": "login    403      403      403      403      403      403      200",
    },
    # /beheer/prospecten/importeren/
    "backoffice:prospect-import": {
        "GET": "login    403      403      403      403      403      403      200",
        "POST": "login    403      403      403      403      403      403      200",
    },
    # /beheer/prospecten/<id:pk>/
    "backoffice:prospect-detail": {
        "GET": "login    403      403      403      403      403      403      200",
        "POST": "login    403      403      403      403      403      403      200",
    },
    # --- end of pipeline ---
    # /beheer/regio-s/
    "backoffice:region-list": {
        "GET": "login    403      403      403      403      403      403      200",
        "POST": "login    403      403      403      403      403      403      200",
    },
    # /beheer/beoordelingen/<type_key>/<pk>/beslissen/
    "backoffice:review-decide": {
        "GET": "login    403      403      403      403      405      403      405",
        "POST": "login    403      403      403      403      200      403      200",
    },
    # /beheer/beoordelingen/<type_key>/<pk>/
    "backoffice:review-detail": {
        "GET": "login    403      403      403      403      200      403      200",
        "POST": "login    403      403      403      403      405      403      405",
    },
    # /beheer/beoordelingen/
    "backoffice:review-queue": {
        "GET": "login    403      403      403      403      200      200      200",
        "POST": "login    403      403      403      403      405      405      405",
    },
    # /beheer/beoordelingen/<type_key>/<pk>/starten/
    "backoffice:review-start": {
        "GET": "login    403      403      403      403      405      403      405",
        "POST": "login    403      403      403      403      redirect 403      redirect",
    },
    # /beheer/beoordelingen/<type_key>/<pk>/offline/
    "backoffice:review-withdraw": {
        "GET": "login    403      403      403      403      200      403      200",
        "POST": "login    403      403      403      403      200      403      200",
    },
    # /beheer/ondertekeningen/<pk>/goedkeuren/
    "backoffice:signature-approve": {
        "GET": "login    403      403      403      403      403      403      405",
        "POST": "login    403      403      403      403      403      403      redirect",
    },
    # /beheer/ondertekeningen/<id:pk>/evenement/
    "backoffice:signature-event": {
        # coordinators set or clear the event a signature was signed at (POST only)
        "GET": "login    403      403      403      403      403      403      405",
        "POST": "login    403      403      403      403      403      403      redirect",
    },
    # /beheer/ondertekeningen/<pk>/
    "backoffice:signature-detail": {
        "GET": "login    403      403      403      403      403      403      200",
        "POST": "login    403      403      403      403      403      403      405",
    },
    # /beheer/ondertekeningen/
    "backoffice:signature-list": {
        "GET": "login    403      403      403      403      403      403      200",
        "POST": "login    403      403      403      403      403      403      405",
    },
    # /beheer/ondertekeningen/<pk>/afwijzen/
    "backoffice:signature-reject": {
        "GET": "login    403      403      403      403      403      403      405",
        "POST": "login    403      403      403      403      403      403      200",
    },
    # /beheer/regio-s/<slug>/
    "backoffice:subregion-edit": {
        "GET": "login    403      403      403      403      403      403      200",
        "POST": "login    403      403      403      403      403      403      200",
    },
    # /beheer/hulpvragen/<pk>/
    "backoffice:support-request-detail": {
        # wait: the contact points of the request's subregion and coordinators; a contact
        # point elsewhere does not find it (404); a POST without a signatory shows the form
        "GET": "login    403      403      403      403      200      404      200",
        "POST": "login    403      403      403      403      200      404      200",
    },
    # /beheer/hulpvragen/
    "backoffice:support-request-list": {
        # wait: a contact point sees only the requests of their subregions
        "GET": "login    403      403      403      403      200      200      200",
        "POST": "login    403      403      403      403      405      405      405",
    },
    # /d/<code>/ (a share link: counted, then on to its page)
    "outreach:share-link-visit": {
        "GET": "redirect redirect redirect redirect redirect redirect redirect redirect",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # /charter/
    "charter:charter-detail": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # /ondertekenen/
    "charter:sign": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "200      200      200      200      200      200      200      200",
    },
    # /ondertekenen/controleren/
    "charter:sign-check": {
        "GET": "redirect redirect redirect redirect redirect redirect redirect redirect",
        "POST": "redirect redirect redirect redirect redirect redirect redirect redirect",
    },
    # /ondertekenen/engagement/
    "charter:sign-commitment": {
        "GET": "redirect redirect redirect redirect redirect redirect redirect redirect",
        "POST": "redirect redirect redirect redirect redirect redirect redirect redirect",
    },
    # /ondertekenen/verzonden/
    "charter:sign-done": {
        # a plain thank-you page; nothing of a signing without the session
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "redirect redirect redirect redirect redirect redirect redirect redirect",
    },
    # /ondertekenen/uitnodiging/<str:token>/ (signing: the personal link of an invitation to sign)
    "charter:sign-invitation": {
        # anyone with the link; the button puts the invitation into the signing draft
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "redirect redirect redirect redirect redirect redirect redirect redirect",
    },
    # /ondertekenen/jij/
    "charter:sign-signer": {
        "GET": "redirect redirect redirect redirect redirect redirect redirect redirect",
        "POST": "redirect redirect redirect redirect redirect redirect redirect redirect",
    },
    # /contact/
    "contact:contact": {
        # a form for anyone; an empty POST shows the form with its errors
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "200      200      200      200      200      200      200      200",
    },
    # /evenementen/agenda.ics
    "events:event-calendar": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # /evenementen/regio/<slug:subregion_slug>/agenda.ics
    "events:event-calendar-subregion": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # /evenementen/<slug:slug>/
    "events:event-detail": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # /evenementen/<slug:slug>/ondertekenen/
    "events:event-sign": {
        # to the signing form (remembering the event while it can be signed at); GET only
        "GET": "redirect redirect redirect redirect redirect redirect redirect redirect",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # /evenementen/feed/atom/
    "events:event-feed-atom": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "200      200      200      200      200      200      200      200",
    },
    # /evenementen/feed/rss/
    "events:event-feed-rss": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "200      200      200      200      200      200      200      200",
    },
    # /evenementen/feed/<slug:subregion_slug>/atom/
    "events:event-feed-subregion-atom": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "200      200      200      200      200      200      200      200",
    },
    # /evenementen/feed/<slug:subregion_slug>/rss/
    "events:event-feed-subregion-rss": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "200      200      200      200      200      200      200      200",
    },
    # /evenementen/<slug:slug>/agenda.ics
    "events:event-ics": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # /evenementen/
    "events:event-list": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # /evenementen/voorbij/
    "events:event-list-past": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # /ondertekenaars/<slug>/
    "organisations:organisation-detail": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # --- sharekit ---
    # /ondertekenaars/<slug>/badge.svg
    "organisations:signatory-badge": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # /ondertekenaars/<slug>/widget/ (the one page another site may frame)
    "organisations:signatory-widget": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # /ondertekenaars/<slug>/certificaat.pdf
    "organisations:signatory-certificate": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # --- end of sharekit ---
    # /ondertekenaars/
    "organisations:organisation-list": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # /portal/account/gegevens/
    "portal:account-data-export": {
        "GET": "login    200      200      200      200      200      200      200",
        "POST": "login    200      200      200      200      200      200      200",
    },
    # /portal/account/verwijderen/
    "portal:account-delete": {
        "GET": "login    200      200      200      200      200      200      200",
        "POST": "login    200      200      200      200      200      200      200",
    },
    # /portal/account/voorkeuren/
    "portal:account-preferences": {
        "GET": "login    200      200      200      200      200      200      200",
        "POST": "login    200      200      200      200      200      200      200",
    },
    # /portal/organisaties/<org>/acties/<pk>/controleren/
    "portal:action-check": {
        "GET": "login    200      200      404      404      404      404      404",
        "POST": "login    redirect redirect 404      404      404      404      404",
    },
    # /portal/organisaties/<org>/acties/nieuw/
    "portal:action-create": {
        "GET": "login    200      200      404      404      404      404      404",
        "POST": "login    200      200      404      404      404      404      404",
    },
    # /portal/organisaties/<org>/acties/<pk>/verwijderen/
    "portal:action-delete": {
        "GET": "login    200      200      404      404      404      404      404",
        "POST": "login    redirect redirect 404      404      404      404      404",
    },
    # /portal/organisaties/<org>/acties/<pk>/
    "portal:action-detail": {
        # partner P sees A's published action under P's own slug, not A's: 404 here
        "GET": "login    200      200      404      404      404      404      404",
        "POST": "login    405      405      404      404      404      404      404",
    },
    # /portal/organisaties/<org>/acties/<pk>/afbeeldingen/<image_pk>/
    "portal:action-image-edit": {
        "GET": "login    200      200      404      404      404      404      404",
        "POST": "login    200      200      404      404      404      404      404",
    },
    # /portal/organisaties/<org>/acties/<pk>/afbeeldingen/<image_pk>/verplaatsen/
    "portal:action-image-move": {
        "GET": "login    405      405      404      404      404      404      404",
        "POST": "login    redirect redirect 404      404      404      404      404",
    },
    # /portal/organisaties/<org>/acties/<pk>/afbeeldingen/<image_pk>/verwijderen/
    "portal:action-image-remove": {
        "GET": "login    200      200      404      404      404      404      404",
        "POST": "login    redirect redirect 404      404      404      404      404",
    },
    # /portal/organisaties/<org>/acties/<pk>/afbeeldingen/
    "portal:action-images": {
        "GET": "login    200      200      404      404      404      404      404",
        "POST": "login    200      200      404      404      404      404      404",
    },
    # /portal/organisaties/<org>/acties/<pk>/niet-meer-partner/
    "portal:action-leave": {
        # A cannot leave its own action: redirect back; P leaves under P's slug
        "GET": "login    redirect redirect 404      404      404      404      404",
        "POST": "login    redirect redirect 404      404      404      404      404",
    },
    # /portal/organisaties/<org>/acties/
    "portal:action-list": {
        "GET": "login    200      200      404      404      404      404      404",
        "POST": "login    405      405      404      404      404      404      404",
    },
    # /portal/organisaties/<org>/acties/<pk>/terugnemen/
    "portal:action-retract": {
        "GET": "login    405      405      404      404      404      404      404",
        "POST": "login    redirect redirect 404      404      404      404      404",
    },
    # /portal/organisaties/<org>/acties/<pk>/nieuwe-versie/
    "portal:action-revise": {
        "GET": "login    405      405      404      404      404      404      404",
        "POST": "login    redirect redirect 404      404      404      404      404",
    },
    # /portal/organisaties/<org>/acties/<pk>/stap/<step>/
    "portal:action-step": {
        # the draft action; a published one is changed through a new version
        "GET": "login    200      200      404      404      404      404      404",
        "POST": "login    200      200      404      404      404      404      404",
    },
    # /portal/organisaties/<org>/acties/<pk>/offline-halen/
    "portal:action-withdraw": {
        "GET": "login    200      200      404      404      404      404      404",
        "POST": "login    redirect redirect 404      404      404      404      404",
    },
    # /portal/organisaties/<org>/evenementen/<id:pk>/controleren/
    "portal:event-check": {
        "GET": "login    200      200      404      404      404      404      404",
        "POST": "login    redirect redirect 404      404      404      404      404",
    },
    # /portal/organisaties/<org>/evenementen/nieuw/
    "portal:event-create": {
        "GET": "login    200      200      404      404      404      404      404",
        "POST": "login    200      200      404      404      404      404      404",
    },
    # /portal/organisaties/<org>/evenementen/<id:pk>/verwijderen/
    "portal:event-delete": {
        "GET": "login    200      200      404      404      404      404      404",
        "POST": "login    redirect redirect 404      404      404      404      404",
    },
    # /portal/organisaties/<org>/evenementen/<id:pk>/
    "portal:event-detail": {
        "GET": "login    200      200      404      404      404      404      404",
        "POST": "login    405      405      404      404      404      404      404",
    },
    # /portal/organisaties/<org>/evenementen/
    "portal:event-list": {
        # events have no partners: P sees nothing of A's events in its portal
        "GET": "login    200      200      404      404      404      404      404",
        "POST": "login    405      405      404      404      404      404      404",
    },
    # /portal/organisaties/<org>/evenementen/<id:pk>/verslag/
    "portal:event-report": {
        # closing A's published event with a report: A's members only (not ended yet: 200
        # with the reason, no form)
        "GET": "login    200      200      404      404      404      404      404",
        "POST": "login    200      200      404      404      404      404      404",
    },
    # /portal/organisaties/<org>/evenementen/<id:pk>/terugnemen/
    "portal:event-retract": {
        "GET": "login    405      405      404      404      404      404      404",
        "POST": "login    redirect redirect 404      404      404      404      404",
    },
    # /portal/organisaties/<org>/evenementen/<id:pk>/nieuwe-versie/
    "portal:event-revise": {
        "GET": "login    405      405      404      404      404      404      404",
        "POST": "login    redirect redirect 404      404      404      404      404",
    },
    # /portal/organisaties/<org>/evenementen/<id:pk>/stap/<slug:step>/
    "portal:event-step": {
        "GET": "login    200      200      404      404      404      404      404",
        "POST": "login    200      200      404      404      404      404      404",
    },
    # /portal/organisaties/<org>/evenementen/<id:pk>/offline-halen/
    "portal:event-withdraw": {
        "GET": "login    200      200      404      404      404      404      404",
        "POST": "login    redirect redirect 404      404      404      404      404",
    },
    # --- invite ---
    # /uitnodigingen/geen/<token>/
    "organisations:do-not-contact": {
        # the signed link is the key, no login: GET asks to confirm, POST adds the address
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "200      200      200      200      200      200      200      200",
    },
    # /portal/organisaties/<org>/uitnodigingen/
    "portal:outreach-invitation-list": {
        # members (editors too) of an approved signatory
        "GET": "login    200      200      404      404      404      404      404",
        "POST": "login    405      405      404      404      404      404      404",
    },
    # /portal/organisaties/<org>/uitnodigingen/nieuw/
    "portal:outreach-invitation-create": {
        "GET": "login    200      200      404      404      404      404      404",
        "POST": "login    200      200      404      404      404      404      404",
    },
    # /portal/organisaties/<org>/uitnodigingen/ondertekenen/<pk>/intrekken/
    "portal:outreach-invitation-revoke": {
        "GET": "login    405      405      404      404      404      404      404",
        "POST": "login    redirect redirect 404      404      404      404      404",
    },
    # /beheer/niet-contacteren/
    "backoffice:do-not-contact-list": {
        # coordinators only; an empty POST shows the form with its error
        "GET": "login    403      403      403      403      403      403      200",
        "POST": "login    403      403      403      403      403      403      200",
    },
    # /beheer/niet-contacteren/<pk>/verwijderen/
    "backoffice:do-not-contact-delete": {
        "GET": "login    403      403      403      403      403      403      405",
        "POST": "login    403      403      403      403      403      403      redirect",
    },
    # --- end of invite ---
    # /portal/
    "portal:home": {
        "GET": "login    200      200      200      200      200      200      200",
        "POST": "login    405      405      405      405      405      405      405",
    },
    # /portal/uitnodiging/<token>/
    "portal:invitation-accept": {
        # the token is the key: any logged-in user sees the invitation; accepting it needs
        # the invited email (400)
        "GET": "login    200      200      200      200      200      200      200",
        "POST": "login    400      400      400      400      400      400      400",
    },
    # /portal/organisaties/<org>/leden/uitnodigen/
    "portal:invitation-create": {
        # admin only; the form lives on the member list (GET redirects there)
        "GET": "login    404      redirect 404      404      404      404      404",
        "POST": "login    404      200      404      404      404      404      404",
    },
    # /portal/organisaties/<org>/uitnodigingen/<pk>/intrekken/
    "portal:invitation-revoke": {
        "GET": "login    404      405      404      404      404      404      404",
        "POST": "login    404      redirect 404      404      404      404      404",
    },
    # /portal/aansluiten/<slug>/
    "portal:join-request-create": {
        # any logged-in user may ask to join A (members are sent back)
        "GET": "login    200      200      200      200      200      200      200",
        "POST": "login    redirect redirect redirect redirect redirect redirect redirect",
    },
    # /portal/organisaties/<org>/aanvragen/<pk>/
    "portal:join-request-decide": {
        "GET": "login    404      405      404      404      404      404      404",
        "POST": "login    404      redirect 404      404      404      404      404",
    },
    # /portal/organisaties/<org>/leden/
    "portal:member-list": {
        "GET": "login    200      200      404      404      404      404      404",
        "POST": "login    404      redirect 404      404      404      404      404",
    },
    # /portal/organisaties/<org>/leden/<pk>/verwijderen/
    "portal:membership-delete": {
        "GET": "login    404      200      404      404      404      404      404",
        "POST": "login    404      redirect 404      404      404      404      404",
    },
    # /portal/organisaties/<org>/
    "portal:organisation-edit": {
        "GET": "login    200      200      404      404      404      404      404",
        "POST": "login    200      200      404      404      404      404      404",
    },
    # --- calls: partner calls (A's call, open) ---
    # /portal/partneroproepen/<pk>/actie/
    "portal:partner-call-action": {
        # the caller's members link the call to its joint action (empty: no action, done)
        "GET": "login    200      200      404      404      404      404      404",
        "POST": "login    redirect redirect 404      404      404      404      404",
    },
    # /portal/partneroproepen/<pk>/sluiten/
    "portal:partner-call-close": {
        "GET": "login    405      405      404      404      404      404      404",
        "POST": "login    redirect redirect 404      404      404      404      404",
    },
    # /portal/partneroproepen/<pk>/
    "portal:partner-call-detail": {
        # an open call: members of any signatory; POST answers it (the caller's members: the
        # page says they cannot; others: the form with errors)
        "GET": "login    200      200      200      200      404      404      404",
        "POST": "login    200      200      200      200      404      404      404",
    },
    # /portal/partneroproepen/
    "portal:partner-call-list": {
        # anyone logged in; who is no signatory's member is told the calls are not for them
        "GET": "login    200      200      200      200      200      200      200",
        "POST": "login    405      405      405      405      405      405      405",
    },
    # /portal/organisaties/<org>/partneroproepen/nieuw/
    "portal:partner-call-create": {
        "GET": "login    200      200      404      404      404      404      404",
        "POST": "login    200      200      404      404      404      404      404",
    },
    # /portal/organisaties/<org>/partneroproepen/
    "portal:partner-call-own-list": {
        "GET": "login    200      200      404      404      404      404      404",
        "POST": "login    405      405      404      404      404      404      404",
    },
    # --- end calls ---
    # /portal/inschrijvingen/inchecken/<token>/
    "portal:registration-check-in": {
        # where the QR code on a confirmation leads: the organisers only
        "GET": "login    200      200      404      404      200      404      200",
        "POST": "login    redirect redirect 404      404      redirect 404      redirect",
    },
    # /portal/inschrijvingen/<type_key>/<pk>/
    "portal:registration-list": {
        # POST: the organiser adds a registration by hand (empty: the form with errors)
        "GET": "login    200      200      404      404      200      404      200",
        "POST": "login    200      200      404      404      200      404      200",
    },
    # /portal/inschrijvingen/<type_key>/<pk>/export/
    "portal:registration-export": {
        "GET": "login    200      200      404      404      200      404      200",
        "POST": "login    405      405      404      404      405      404      405",
    },
    # /portal/inschrijvingen/<type_key>/<pk>/<registration_pk>/
    "portal:registration-manage": {
        # POST only: one decision (accept, decline, cancel, check in, attendance), then the list
        "GET": "login    405      405      404      404      405      404      405",
        "POST": "login    redirect redirect 404      404      redirect 404      redirect",
    },
    # /portal/organisaties/<org>/ondertekening/intrekken/
    "portal:signature-withdraw": {
        "GET": "login    404      200      404      404      404      404      404",
        "POST": "login    404      redirect 404      404      404      404      404",
    },
    # /portal/organisaties/<org>/verhalen/<pk>/controleren/
    "portal:story-check": {
        "GET": "login    200      200      404      404      404      404      404",
        "POST": "login    redirect redirect 404      404      404      404      404",
    },
    # /portal/organisaties/<org>/verhalen/nieuw/
    "portal:story-create": {
        "GET": "login    200      200      404      404      404      404      404",
        "POST": "login    200      200      404      404      404      404      404",
    },
    # /portal/organisaties/<org>/verhalen/<pk>/verwijderen/
    "portal:story-delete": {
        "GET": "login    200      200      404      404      404      404      404",
        "POST": "login    redirect redirect 404      404      404      404      404",
    },
    # /portal/organisaties/<org>/verhalen/<pk>/
    "portal:story-detail": {
        # P (named in the story) sees it under P's own slug: 404 here
        "GET": "login    200      200      404      404      404      404      404",
        "POST": "login    405      405      404      404      404      404      404",
    },
    # /portal/organisaties/<org>/verhalen/<pk>/afbeeldingen/<image_pk>/
    "portal:story-image-edit": {
        "GET": "login    200      200      404      404      404      404      404",
        "POST": "login    200      200      404      404      404      404      404",
    },
    # /portal/organisaties/<org>/verhalen/<pk>/afbeeldingen/<image_pk>/verplaatsen/
    "portal:story-image-move": {
        "GET": "login    405      405      404      404      404      404      404",
        "POST": "login    redirect redirect 404      404      404      404      404",
    },
    # /portal/organisaties/<org>/verhalen/<pk>/afbeeldingen/<image_pk>/verwijderen/
    "portal:story-image-remove": {
        "GET": "login    200      200      404      404      404      404      404",
        "POST": "login    redirect redirect 404      404      404      404      404",
    },
    # /portal/organisaties/<org>/verhalen/<pk>/afbeeldingen/
    "portal:story-images": {
        "GET": "login    200      200      404      404      404      404      404",
        "POST": "login    200      200      404      404      404      404      404",
    },
    # /portal/organisaties/<org>/verhalen/<pk>/niet-meer-partner/
    "portal:story-leave": {
        # A cannot leave its own story: redirect back; P leaves under P's slug
        "GET": "login    redirect redirect 404      404      404      404      404",
        "POST": "login    redirect redirect 404      404      404      404      404",
    },
    # /portal/organisaties/<org>/verhalen/
    "portal:story-list": {
        "GET": "login    200      200      404      404      404      404      404",
        "POST": "login    405      405      404      404      404      404      404",
    },
    # /portal/organisaties/<org>/verhalen/<pk>/terugnemen/
    "portal:story-retract": {
        "GET": "login    405      405      404      404      404      404      404",
        "POST": "login    redirect redirect 404      404      404      404      404",
    },
    # /portal/organisaties/<org>/verhalen/<pk>/nieuwe-versie/
    "portal:story-revise": {
        "GET": "login    405      405      404      404      404      404      404",
        "POST": "login    redirect redirect 404      404      404      404      404",
    },
    # /portal/organisaties/<org>/verhalen/<pk>/stap/<step>/
    "portal:story-step": {
        "GET": "login    200      200      404      404      404      404      404",
        "POST": "login    200      200      404      404      404      404      404",
    },
    # /portal/organisaties/<org>/verhalen/<pk>/offline-halen/
    "portal:story-withdraw": {
        "GET": "login    200      200      404      404      404      404      404",
        "POST": "login    redirect redirect 404      404      404      404      404",
    },
    # --- support requests, the signatory's side (offer) ---
    # /portal/organisaties/<org>/schoolvragen/<pk>/
    "portal:support-offer-create": {
        # an open request of another school in S: A's members see the ask and offer (an empty
        # form is shown again with errors); no one else reaches it through A's pages
        "GET": "login    200      200      404      404      404      404      404",
        "POST": "login    200      200      404      404      404      404      404",
    },
    # --- sharekit ---
    # /portal/organisaties/<org>/deelkit/ (members of an approved signatory)
    "portal:outreach-share-kit": {
        "GET": "login    200      200      404      404      404      404      404",
        "POST": "login    405      405      404      404      404      404      404",
    },
    # --- end of sharekit ---
    # /portal/organisaties/<org>/aanbiedingen/
    "portal:support-offer-list": {
        "GET": "login    200      200      404      404      404      404      404",
        "POST": "login    405      405      404      404      404      404      404",
    },
    # /portal/organisaties/<org>/aanbiedingen/<pk>/intrekken/
    "portal:support-offer-withdraw": {
        # A's pending offer: its members withdraw it
        "GET": "login    405      405      404      404      404      404      404",
        "POST": "login    redirect redirect 404      404      404      404      404",
    },
    # --- end of offer ---
    # --- support requests: match ---
    # /portal/organisaties/<org>/schoolvragen/
    "portal:support-request-matching": {
        # members of an approved signatory; a POST without a choice: back, with a message
        "GET": "login    200      200      404      404      404      404      404",
        "POST": "login    redirect redirect 404      404      404      404      404",
    },
    # --- end of match ---
    # /health/
    "health": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # /portal/organisaties/<org>/aanbiedingen/<id:pk>/bevestigen/
    "portal:support-offer-confirm": {
        # deliver: did the help take place? A's accepted offer (P asked), its window started:
        # A's members only
        "GET": "login    200      200      404      404      404      404      404",
        "POST": "login    200      200      404      404      404      404      404",
    },
    # /portal/organisaties/<org>/aanbiedingen/<id:pk>/verhaal/
    "portal:support-offer-story": {
        # deliver: A's accepted offer as a story; not delivered yet: 200 with the reason
        "GET": "login    200      200      404      404      404      404      404",
        "POST": "login    200      200      404      404      404      404      404",
    },
    # /portal/hulpvragen/<id:pk>/bevestigen/
    "portal:support-request-confirm": {
        # deliver: did the help take place? The school's side: P asked (its members)
        "GET": "login    404      404      404      200      404      404      404",
        "POST": "login    404      404      404      200      404      404      404",
    },
    # /
    "public:home": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # --- snowball ---
    # /sneeuwbal/
    "public:snowball": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # /sneeuwbal/data.json
    "public:snowball-data": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # --- end of snowball ---
    # --- images-reach ---
    # /deelbeeld/ondertekenaars/<slug>.png (the share image of A's page)
    "public:share-image-signatory": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # /deelbeeld/acties/<slug>.png
    "public:share-image-action": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # /deelbeeld/verhalen/<slug>.png
    "public:share-image-story": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # /beheer/bereik/ (a contact point sees the signatories of their subregions)
    "backoffice:outreach-reach": {
        "GET": "login    403      403      403      403      200      200      200",
        "POST": "login    403      403      403      403      405      405      405",
    },
    # /beheer/bereik/export.csv
    "backoffice:outreach-reach-export": {
        "GET": "login    403      403      403      403      200      200      200",
        "POST": "login    403      403      403      403      405      405      405",
    },
    # --- end of images-reach ---
    # /regio/
    "regions:region-list": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # /regio/<slug>/contact/
    "regions:subregion-contact": {
        # the contact form of a region, for anyone; an empty POST shows the form with its errors
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "200      200      200      200      200      200      200      200",
    },
    # /regio/<slug>/
    "regions:subregion-detail": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # /robots.txt
    "robots": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # /sitemap.xml
    "sitemap": {
        # the sitemap and feed views accept any method (read-only, public)
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "200      200      200      200      200      200      200      200",
    },
    # /sitemap-<section>.xml
    "sitemap-section": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "200      200      200      200      200      200      200      200",
    },
    # /inschrijven/<type_key>/<pk>/
    "registrations:register": {
        # the form again with errors; members of a signatory register in one click
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "200      200      200      200      200      200      200      200",
    },
    # /inschrijving/<token>/
    "registrations:registration": {
        # the secret link is the access: anyone holding it (a POST without a choice: back)
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "redirect redirect redirect redirect redirect redirect redirect redirect",
    },
    # /verhalen/<slug>/
    "stories:story-detail": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # /verhalen/feed/atom/
    "stories:story-feed-atom": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "200      200      200      200      200      200      200      200",
    },
    # /verhalen/feed/rss/
    "stories:story-feed-rss": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "200      200      200      200      200      200      200      200",
    },
    # /verhalen/feed/<subregion_slug>/atom/
    "stories:story-feed-subregion-atom": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "200      200      200      200      200      200      200      200",
    },
    # /verhalen/feed/<subregion_slug>/rss/
    "stories:story-feed-subregion-rss": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "200      200      200      200      200      200      200      200",
    },
    # /verhalen/
    "stories:story-list": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # --- support requests: match ---
    # /hulpvragen/digest/uit/<token>/
    "support:digest-opt-out": {
        # the signed link is the key, no login: GET asks to confirm, POST turns the email off
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "200      200      200      200      200      200      200      200",
    },
    # --- end of match ---
    # --- support requests, the school's side (ask) ---
    # /portal/hulpvragen/nieuw/
    "portal:support-request-create-teacher": {
        # any logged-in person with a confirmed address (everyone here): the form
        "GET": "login    200      200      200      200      200      200      200",
        "POST": "login    200      200      200      200      200      200      200",
    },
    # /portal/hulpvragen/<id:pk>/
    "portal:support-request-detail": {
        # A's request: A's members only (the request is found among one's own, else 404); an
        # empty POST answers nothing and comes back with a message
        "GET": "login    200      200      404      404      404      404      404",
        "POST": "login    redirect redirect 404      404      404      404      404",
    },
    # /portal/organisaties/<org>/hulpvragen/nieuw/
    "portal:support-request-create": {
        # A is a company: its members are told support requests are for schools (403)
        "GET": "login    403      403      404      404      404      404      404",
        "POST": "login    403      403      404      404      404      404      404",
    },
    # /portal/organisaties/<org>/hulpvragen/
    "portal:support-request-list": {
        "GET": "login    403      403      404      404      404      404      404",
        "POST": "login    403      403      404      404      404      404      404",
    },
    # --- end of ask ---
    # --- proof ---
    # /portal/organisaties/<org>/toezeggingen/
    "portal:progress-proof": {
        # A's commitments with their gaps: A's members only (another organisation's is a 404)
        "GET": "login    200      200      404      404      404      404      404",
        "POST": "login    405      405      404      404      404      404      404",
    },
    # --- end of proof ---
    # --- report ---
    # /beheer/voortgang/
    "backoffice:progress-report-overview": {
        "GET": "login    403      403      403      403      200      200      200",
        "POST": "login    403      403      403      403      405      405      405",
    },
    # /beheer/voortgang/export.csv
    "backoffice:progress-report-export": {
        "GET": "login    403      403      403      403      200      200      200",
        "POST": "login    403      403      403      403      405      405      405",
    },
    # /beheer/voortgang/niet-gerapporteerd/ (coordinators; GET the confirmation page, POST the
    # decision; without a signatory and year, both: back to the overview with a message)
    "backoffice:progress-report-not-reported": {
        "GET": "login    403      403      403      403      403      403      redirect",
        "POST": "login    403      403      403      403      403      403      redirect",
    },
    # /portal/organisaties/<org>/voortgang/starten/ (POST: started or told why not, back)
    "portal:progress-report-start": {
        "GET": "login    200      200      404      404      404      404      404",
        "POST": "login    redirect redirect 404      404      404      404      404",
    },
    # /portal/organisaties/<org>/voortgang/<pk>/controleren/ (A's draft report)
    "portal:progress-report-check": {
        "GET": "login    200      200      404      404      404      404      404",
        "POST": "login    200      200      404      404      404      404      404",
    },
    # /portal/organisaties/<org>/voortgang/nieuw/ (to the report on the year, here A's draft,
    # untouched; without one to the start page: a report is started there)
    "portal:progress-report-create": {
        "GET": "login    redirect redirect 404      404      404      404      404",
        "POST": "login    redirect redirect 404      404      404      404      404",
    },
    # /portal/organisaties/<org>/voortgang/<pk>/verwijderen/
    "portal:progress-report-delete": {
        "GET": "login    200      200      404      404      404      404      404",
        "POST": "login    redirect redirect 404      404      404      404      404",
    },
    # /portal/organisaties/<org>/voortgang/<pk>/
    "portal:progress-report-detail": {
        "GET": "login    200      200      404      404      404      404      404",
        "POST": "login    405      405      404      404      404      404      404",
    },
    # /portal/organisaties/<org>/voortgang/
    "portal:progress-report-list": {
        "GET": "login    200      200      404      404      404      404      404",
        "POST": "login    405      405      404      404      404      404      404",
    },
    # /portal/organisaties/<org>/voortgang/<pk>/terugnemen/
    "portal:progress-report-retract": {
        "GET": "login    405      405      404      404      404      404      404",
        "POST": "login    redirect redirect 404      404      404      404      404",
    },
    # /portal/organisaties/<org>/voortgang/<pk>/nieuwe-versie/
    "portal:progress-report-revise": {
        "GET": "login    405      405      404      404      404      404      404",
        "POST": "login    redirect redirect 404      404      404      404      404",
    },
    # /portal/organisaties/<org>/voortgang/<pk>/stap/<step>/
    "portal:progress-report-step": {
        "GET": "login    200      200      404      404      404      404      404",
        "POST": "login    200      200      404      404      404      404      404",
    },
    # /portal/organisaties/<org>/voortgang/<pk>/offline-halen/ (a draft: nothing to take offline)
    "portal:progress-report-withdraw": {
        "GET": "login    redirect redirect 404      404      404      404      404",
        "POST": "login    redirect redirect 404      404      404      404      404",
    },
    # --- end of report ---
    # --- dashboard ---
    # /beheer/inzicht/ (a contact point sees the figures of their subregions)
    "backoffice:insight": {
        "GET": "login    403      403      403      403      200      200      200",
        "POST": "login    403      403      403      403      405      405      405",
    },
    # /beheer/inzicht/<chart>.csv
    "backoffice:insight-csv": {
        "GET": "login    403      403      403      403      200      200      200",
        "POST": "login    403      403      403      403      405      405      405",
    },
    # --- end of dashboard ---
    # --- numbers ---
    # /in-cijfers/
    "insight:numbers": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # /in-cijfers/<id:year>/ (the year of A's published items: this year)
    "insight:numbers-year": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # --- end of numbers ---
    # --- opendata ---
    # /open-data/
    "opendata:open-data": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # /open-data/<slug:dataset>.<opendata_format:extension> (503: the world has no build yet;
    # opendata/tests/test_downloads.py serves a built one)
    "opendata:download": {
        "GET": "503      503      503      503      503      503      503      503",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # /open-data/stemcharter-open-data.zip (503 as above)
    "opendata:download-all": {
        "GET": "503      503      503      503      503      503      503      503",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # --- end of opendata ---
    # --- api ---
    # The public API (issue 15): anonymous, read-only, the same for everyone (nothing is read
    # of a session); any other method 405.
    # api/v1/
    "api:root": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # api/v1/openapi.json
    "api:openapi": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # api/v1/action-types/
    "api:action-types-list": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # api/v1/action-types/<slug>/
    "api:action-types-detail": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # api/v1/actions/
    "api:actions-list": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # api/v1/actions/<slug>/
    "api:actions-detail": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # api/v1/audiences/
    "api:audiences-list": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # api/v1/audiences/<slug>/
    "api:audiences-detail": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # api/v1/commitments/
    "api:commitments-list": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # api/v1/commitments/<id>/
    "api:commitments-detail": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # api/v1/disciplines/
    "api:disciplines-list": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # api/v1/disciplines/<slug>/
    "api:disciplines-detail": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # api/v1/events/
    "api:events-list": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # api/v1/events/<slug>/
    "api:events-detail": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # api/v1/sectors/
    "api:sectors-list": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # api/v1/sectors/<slug>/
    "api:sectors-detail": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # api/v1/signatories/
    "api:signatories-list": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # api/v1/signatories/<slug>/
    "api:signatories-detail": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # api/v1/stories/
    "api:stories-list": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # api/v1/stories/<slug>/
    "api:stories-detail": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # api/v1/subregions/
    "api:subregions-list": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # api/v1/subregions/<slug>/
    "api:subregions-detail": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # open-data/api/
    "opendata:api-docs": {
        "GET": "200      200      200      200      200      200      200      200",
        "POST": "405      405      405      405      405      405      405      405",
    },
    # --- end of api ---
}
