"""Public pages: the list of stories ``/verhalen/`` and the page of one story.

Read pages for anyone: they work without JavaScript, set no cookie for anonymous visitors
and use a constant number of queries.
"""

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView

from stemcharter.common.filters import HtmxResultsMixin, catalogue_context
from stemcharter.common.fragments import PAGE_DATA_CACHE, until_content_changes
from stemcharter.common.templatetags.sharing import absolute_url, organisation_json_ld
from stemcharter.images.selectors import image_social
from stemcharter.images.share_images import share_image_meta
from stemcharter.organisations.selectors import subregion_list
from stemcharter.reviews.selectors import review_public_summary

from ..filters import StoryFilterSet
from ..models import Story
from ..selectors import story_card_list, story_catalogue, story_get


class StoryListView(HtmxResultsMixin, TemplateView):
    """``/verhalen/``: search and filter the published stories, newest first."""

    template_name = "stories/story_list.html"
    results_template_name = "stories/includes/_results.html"
    paginate_by = 20

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = StoryFilterSet(
            self.request.GET,
            queryset=story_catalogue(),
            subregions=subregion_list(),
        )
        context.update(
            catalogue_context(
                filterset=filterset,
                request=self.request,
                per_page=self.paginate_by,
                rows=story_card_list,
            )
        )
        context.update(
            {
                "kinds": [{"slug": value, "name": label} for value, label in Story.Kind.choices],
                "is_results_request": self._is_results_request(),
            }
        )
        return context


def story_json_ld(story: Story, *, og_image: dict | None) -> dict:
    """schema.org ``Article``: the story, its author organisation and the site as publisher."""
    url = absolute_url(story.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": story.title[:110],
        "description": story.summary,
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": story.first_published_at,
        "dateModified": story.published_at,
        "author": organisation_json_ld(story.organisation, is_public=story.author_is_public),
        "publisher": {
            "@type": "Organization",
            "name": "STEM-charter",
            "url": absolute_url("/"),
        },
        "about": [action.title for action in story.actions.all()] or None,
    }
    if og_image:
        data["image"] = [absolute_url(og_image["url"])]
    return {key: value for key, value in data.items() if value is not None}


def story_page_data(slug: str) -> dict | None:
    """What the page of the published story ``slug`` shows from the database (``None`` when
    there is none): the story with its relations, its images and the public summary of its
    review."""
    try:
        story = story_get(slug=slug)
    except Story.DoesNotExist:
        return None
    return {
        "story": story,
        "images": list(story.images.all()),
        **review_public_summary(item=story),
    }


class StoryDetailView(DetailView):
    """``/verhalen/<slug>/``: one published story (404 for anything else)."""

    template_name = "stories/story_detail.html"
    context_object_name = "story"

    def get_object(self, queryset=None) -> Story:
        # What the page reads, the same for every visitor: kept until public content changes.
        self.page_data = until_content_changes(
            "story-page",
            lambda: story_page_data(self.kwargs["slug"]),
            self.kwargs["slug"],
            timezone.localdate(),
            store=PAGE_DATA_CACHE,
        )
        if self.page_data is None:
            raise Http404(_("There is no published story at this address."))
        return self.page_data["story"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        story = self.object
        # Link previews show the drawn share image (title, organisation, logo); search
        # engines get the story's own photo when it has one.
        og_image = share_image_meta(
            url=reverse("public:share-image-story", kwargs={"slug": story.slug}),
            alt=story.title,
        )
        context.update(
            {
                "today": timezone.localdate(),
                **self.page_data,
                "og_image": og_image,
                "json_ld": story_json_ld(story, og_image=image_social(item=story) or og_image),
                "share_url": absolute_url(story.get_absolute_url()),
            }
        )
        return context
