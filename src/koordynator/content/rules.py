"""Who may do what with news posts and fixed pages.

The regional centre's coordinators write their region's news and pages; national
administrators write everyone's. The public reads what is published.
"""

from __future__ import annotations

from typing import Any

import rules

from koordynator.accounts.rules import is_national_administrator

from .models import Page, Post
from .selectors import editor_region_ids


@rules.predicate
def is_public_post(user: Any, post: Post | None) -> bool:
    return post is not None and post.is_public


@rules.predicate
def edits_region_of(user: Any, obj: Post | Page | None) -> bool:
    if obj is None:
        return False
    region_ids = editor_region_ids(user)
    if region_ids is None:
        return True
    return obj.region_id is not None and obj.region_id in region_ids


@rules.predicate
def edits_region(user: Any, region: Any) -> bool:
    """The object is a Region (None: the platform, which only national administrators edit)."""
    region_ids = editor_region_ids(user)
    if region_ids is None:
        return True
    return region is not None and region.pk in region_ids


@rules.predicate
def edits_some_region(user: Any) -> bool:
    region_ids = editor_region_ids(user)
    return region_ids is None or bool(region_ids)


rules.add_perm("content.view_post", is_public_post | edits_region_of)
rules.add_perm("content.list_posts", is_national_administrator | edits_some_region)
rules.add_perm("content.add_post_in_region", edits_region)
rules.add_perm("content.change_post", edits_region_of)
rules.add_perm("content.publish_post", edits_region_of)
rules.add_perm("content.delete_post", edits_region_of)
rules.add_perm("content.list_pages", is_national_administrator | edits_some_region)
rules.add_perm("content.change_page_in_region", edits_region)
