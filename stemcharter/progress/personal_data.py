"""The references to people in the progress reports, registered with accounts
(stemcharter/accounts/registry.py): the coordinator who decided to show a signatory as not
reported. Deleting the account empties it (``on_delete=SET_NULL``); the decision stays with the
organisation, and the download shows no data through it. The reports' own references (who
started, sent, reviewed) are those of every reviewable (``reviews.personal_data``)."""

from stemcharter.accounts.registry import PersonalData, register_personal_data

register_personal_data(
    PersonalData(
        key="progress_bookkeeping",
        fields=("progress.YearlyReporting.shown_as_not_reported_by",),
    )
)
