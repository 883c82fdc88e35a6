"""The snowball (issue 14): ``/sneeuwbal/`` shows how the movement grows, and
``/sneeuwbal/data.json`` gives the same numbers to whoever wants to draw their own.

Read pages for anyone, like the home page: no cookie for anonymous visitors, the same answer for
every visitor (kept by the page cache, stale at once when a signature is approved: Signature is
public content), and a constant number of queries (``charter.selectors.snowball_data``: two),
kept in each process's memory until public content changes. The charts are SVG drawn on the
server (``common.charts``), each with its data table; the referral tree is a picture with a
nested list of links as its text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from stemcharter.charter.selectors import REFERRAL_INVITATION, snowball_data
from stemcharter.common.charts import TreeNode, bar_chart, indented_tree, line_chart
from stemcharter.common.fragments import until_content_changes
from stemcharter.common.months import month_label


@dataclass
class _Node:
    id: int
    name: str
    slug: str
    channel: str = ""
    children: list[_Node] = field(default_factory=list)


def referral_forest(*, signatories: list[dict], referrals: list[dict]) -> list[_Node]:
    """The referrals as trees: a root is a signatory that brought others in and was brought
    in by nobody shown; children in the order they were approved. Only signatories that
    brought someone in or were brought in. A circle (A brought B in, B later brought A in
    again after A signed anew) is cut at its first-approved member, which becomes a root."""
    by_id = {row["id"]: row for row in signatories}
    order = {row["id"]: index for index, row in enumerate(signatories)}
    parent = {edge["to"]: edge["from"] for edge in referrals}
    channel = {edge["to"]: edge["channel"] for edge in referrals}
    involved = sorted(set(parent) | set(parent.values()), key=order.__getitem__)
    children: dict[int, list[int]] = {}
    for child in involved:
        if child in parent:
            children.setdefault(parent[child], []).append(child)

    nodes: dict[int, _Node] = {}
    roots: list[_Node] = []

    def grow(root_id: int) -> _Node:
        # Without recursion: a chain of hundreds of signatories is fine.
        root = _Node(root_id, by_id[root_id]["name"], by_id[root_id]["slug"])
        nodes[root_id] = root
        stack = [root]
        while stack:
            node = stack.pop()
            for child_id in children.get(node.id, []):
                if child_id in nodes:
                    continue
                child = _Node(
                    child_id, by_id[child_id]["name"], by_id[child_id]["slug"], channel[child_id]
                )
                nodes[child_id] = child
                node.children.append(child)
                stack.append(child)
        return root

    for pk in involved:
        if pk not in parent:
            roots.append(grow(pk))
    for pk in involved:  # what is left is in a circle
        if pk not in nodes:
            roots.append(grow(pk))
    roots.sort(key=lambda node: order[node.id])
    return roots


def channel_label(channel: str) -> str:
    """How a signatory came, in words."""
    if channel == REFERRAL_INVITATION:
        return _("by invitation")
    return _("through a shared link")


def tree_rows(roots: list[_Node]) -> list[dict]:
    """The forest as rows for a nested list in a template, without recursion: each row's
    ``node``, ``depth``, whether it ``opens`` a list of children, and how many lists
    ``closes`` after it (a range, for ``{% for %}``)."""
    flat: list[tuple[int, _Node]] = []
    stack = [(0, root) for root in reversed(roots)]
    while stack:
        depth, node = stack.pop()
        flat.append((depth, node))
        stack.extend((depth + 1, child) for child in reversed(node.children))
    rows = []
    for index, (depth, node) in enumerate(flat):
        following = flat[index + 1][0] if index + 1 < len(flat) else 0
        rows.append(
            {
                "node": node,
                "depth": depth,
                # how it came, for one that was brought in (in the active language)
                "how": channel_label(node.channel) if depth else "",
                "opens": bool(node.children),
                "closes": range(0 if node.children else depth - following),
            }
        )
    return rows


def _to_tree_nodes(roots: list[_Node]) -> list[TreeNode]:
    converted: dict[int, TreeNode] = {}
    stack = list(roots)
    order: list[_Node] = []
    while stack:
        node = stack.pop()
        order.append(node)
        stack.extend(node.children)
    for node in reversed(order):
        converted[node.id] = TreeNode(node.name, [converted[child.id] for child in node.children])
    return [converted[root.id] for root in roots]


def snowball_page_data(*, today) -> dict:
    """What ``/sneeuwbal/`` shows: the numbers, the charts with their tables, the tree."""
    data = snowball_data(today=today)
    signatories = data["signatories"]
    total = len(signatories)
    brought_in_count = len(data["referrals"])
    growth = data["growth"]
    month_labels = [month_label(row["month"]) for row in growth]
    cumulative = line_chart(
        name="growth-chart",
        title=_("Signatories over time"),
        description=_(
            "The number of signatories at the end of each month, from the first signature "
            "until this month. The table below gives the same numbers."
        ),
        x_labels=month_labels,
        series=[(_("Signatories"), [row["total"] for row in growth])],
        label_header=_("Month"),
        x_label_rotation=-45 if len(growth) > 6 else 0,
        show_minor_x_labels=len(growth) <= 12,
        x_labels_major_every=max(1, len(growth) // 6),
        include_x_axis=True,
        min_scale=1,
        max_scale=8,
    )
    categories = data["categories"]
    by_category = bar_chart(
        name="categories-chart",
        title=_("Signatories per category"),
        description=_(
            "How many signatories each of the charter's categories counts. The table below "
            "gives the same numbers."
        ),
        x_labels=[row["label"] for row in categories],
        series=[(_("Signatories"), [row["count"] for row in categories])],
        label_header=_("Category"),
        horizontal=True,
        truncate_label=40,
    )
    subregions = data["subregions"]
    by_subregion = (
        bar_chart(
            name="subregions-chart",
            title=_("Signatories per subregion"),
            description=_(
                "How many signatories are active in each subregion; one that is active in "
                "several counts in each. The table below gives the same numbers."
            ),
            x_labels=[row["name"] for row in subregions],
            series=[(_("Signatories"), [row["count"] for row in subregions])],
            label_header=_("Subregion"),
            horizontal=True,
        )
        if subregions
        else None
    )
    roots = referral_forest(signatories=signatories, referrals=data["referrals"])
    rows = tree_rows(roots)
    tree_svg = (
        indented_tree(
            name="tree-chart",
            title=_("Who brought whom in"),
            description=ngettext(
                "A tree of %(count)d signatory: each one stands under the signatory that "
                "brought it in. The list below says the same, with links.",
                "A tree of %(count)d signatories: each one stands under the signatory that "
                "brought it in. The list below says the same, with links.",
                len(rows),
            )
            % {"count": len(rows)},
            roots=_to_tree_nodes(roots),
        )
        if roots
        else None
    )
    return {
        "total": total,
        "brought_in_count": brought_in_count,
        "referrer_count": len(data["brought_in"]),
        "new_this_month": growth[-1]["new"] if growth else 0,
        "cumulative": cumulative,
        "by_category": by_category,
        "by_subregion": by_subregion,
        "tree_svg": tree_svg,
        "tree_rows": rows,
        "brought_in": data["brought_in"],
    }


class SnowballView(TemplateView):
    """``/sneeuwbal/``: the headline numbers; the signatories over time, per category and per
    subregion, each a chart with its table; the referral tree (a picture and a nested list);
    how many each signatory brought in."""

    template_name = "public/snowball.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context.update(
            until_content_changes("snowball-page", lambda: snowball_page_data(today=today), today)
        )
        return context


def snowball_json(*, today) -> dict:
    """The JSON of ``/sneeuwbal/data.json`` (keys documented on ``snowball_data_view``)."""
    data = snowball_data(today=today)
    signatories = data["signatories"]
    by_id = {row["id"]: row for row in signatories}
    involved = {edge["from"] for edge in data["referrals"]} | {
        edge["to"] for edge in data["referrals"]
    }
    return {
        "total": len(signatories),
        "growth": data["growth"],
        "categories": data["categories"],
        "subregions": data["subregions"],
        "signatories": [
            {
                "slug": row["slug"],
                "name": row["name"],
                "url": reverse("organisations:organisation-detail", kwargs={"slug": row["slug"]}),
            }
            for row in signatories
            if row["id"] in involved
        ],
        "referrals": [
            {
                "from": by_id[edge["from"]]["slug"],
                "to": by_id[edge["to"]]["slug"],
                "channel": edge["channel"],
            }
            for edge in data["referrals"]
        ],
        "brought_in": [
            {"slug": row["slug"], "count": row["count"], "by_invitation": row["by_invitation"]}
            for row in data["brought_in"]
        ],
    }


@require_safe
def snowball_data_view(request: HttpRequest) -> JsonResponse:
    """``/sneeuwbal/data.json``: the numbers of ``/sneeuwbal/`` as JSON, for anyone.

    Keys: ``total`` (public signatories); ``growth`` (per month, Brussels time, from the first
    approval to this month: ``month`` "YYYY-MM", ``new``, ``total``); ``categories``
    (``value``, ``label`` in the URL's language, ``count``; every category); ``subregions``
    (those with a signatory: ``slug``, ``name``, ``province``, ``count``; a signatory active
    in several counts in each); ``signatories`` (those that brought someone in or were
    brought in: ``slug``, ``name``, ``url`` of their page); ``referrals`` (``from`` and ``to``
    slugs, ``channel``: "invitation", a share link's channel such as "linkedin", or "");
    ``brought_in`` (per signatory that brought at least one in: ``slug``, ``count``,
    ``by_invitation``; most first).
    """
    today = timezone.localdate()
    payload = until_content_changes("snowball-json", lambda: snowball_json(today=today), today)
    return JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
