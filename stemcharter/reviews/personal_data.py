"""The references to people in the review workflow, registered with accounts
(stemcharter/accounts/registry.py) by ``ReviewsConfig.ready``: who created or sent an item, who
reviews it, who wrote a review or a criteria set. Deleting the account empties them
(``on_delete=SET_NULL``); the download shows no data through them. The fields of ``Reviewable``
are those of every content type (actions, stories, ...)."""

from stemcharter.accounts.registry import PersonalData, register_personal_data

register_personal_data(
    PersonalData(
        key="reviews_bookkeeping",
        fields=(
            "reviews.Reviewable.created_by",
            "reviews.Reviewable.submitted_by",
            "reviews.Reviewable.reviewer",
            "reviews.Review.reviewer",
            "reviews.CriteriaSet.created_by",
        ),
    )
)
