"""The references to people in events, registered with accounts (stemcharter/accounts/registry.py):
who cancelled an event, bookkeeping only (``on_delete=SET_NULL``)."""

from stemcharter.accounts.registry import PersonalData, register_personal_data

register_personal_data(
    PersonalData(key="events_bookkeeping", fields=("events.Event.cancelled_by",))
)
