"""Who may do what with news posts and fixed pages.

The regional centre's coordinators write their region's news and pages; national
administrators write everyone's. The public reads what is published.
"""

from __future__ import annotations

from typing import Any

import rules

from koordynator.accounts.rules import (
    coordinates_region_of,
    has_coordinator_role,
    is_national_administrator,
)

from .models import Post

# The object is the Post.
VIEW_POST = "content.view_post"
CHANGE_POST = "content.change_post"
PUBLISH_POST = "content.publish_post"
DELETE_POST = "content.delete_post"
LIST_POSTS = "content.list_posts"
LIST_PAGES = "content.list_pages"
# The object is a Region (None: the platform, which only national administrators edit).
ADD_POST_IN_REGION = "content.add_post_in_region"
CHANGE_PAGE_IN_REGION = "content.change_page_in_region"


@rules.predicate
def is_public_post(user: Any, post: Post | None) -> bool:
    return post is not None and post.is_public


# A post, a page or a Region; coordinators are the editors (selectors.EDITOR_ROLES).
edits_region_of = is_national_administrator | coordinates_region_of
edits_some_region = is_national_administrator | has_coordinator_role

rules.add_perm(VIEW_POST, is_public_post | edits_region_of)
rules.add_perm(LIST_POSTS, edits_some_region)
rules.add_perm(ADD_POST_IN_REGION, edits_region_of)
rules.add_perm(CHANGE_POST, edits_region_of)
rules.add_perm(PUBLISH_POST, edits_region_of)
rules.add_perm(DELETE_POST, edits_region_of)
rules.add_perm(LIST_PAGES, edits_some_region)
rules.add_perm(CHANGE_PAGE_IN_REGION, edits_region_of)
