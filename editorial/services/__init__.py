"""Editorial writes, by group; each runs in a transaction and writes an audit record
(who, when, before, after) through initiatives.services.record_audit.

This package hands on the public names of its modules, so `editorial.services.merge_initiatives`
and `editorial.services.initiatives.merge_initiatives` are the same function.
"""

from editorial.services.alerts import (
    VIEW_LOOKUPS,
    DigestSection,
    build_digest,
    delete_view,
    save_view,
    send_daily_digests,
    send_digest,
    settings_site_url,
    subscribe,
    unsubscribe,
    view_filter,
)
from editorial.services.articles import (
    mark_irrelevant,
    set_statement_speaker,
    tag_person,
    tag_place,
)
from editorial.services.initiatives import (
    _LINK_RANK,
    EDITABLE_FIELDS,
    add_alias,
    alias_acceptance,
    alias_rate,
    create_initiative_from_article,
    edit_initiative,
    merge_initiatives,
    refine_alias,
    remove_key_figure,
    set_alias_active,
    set_key_figure,
)
from editorial.services.review import BulkResult, bulk_decide, reassign_link

__all__ = [
    "BulkResult",
    "DigestSection",
    "EDITABLE_FIELDS",
    "VIEW_LOOKUPS",
    "_LINK_RANK",
    "add_alias",
    "alias_acceptance",
    "alias_rate",
    "build_digest",
    "bulk_decide",
    "create_initiative_from_article",
    "delete_view",
    "edit_initiative",
    "mark_irrelevant",
    "merge_initiatives",
    "reassign_link",
    "refine_alias",
    "remove_key_figure",
    "save_view",
    "send_daily_digests",
    "send_digest",
    "set_alias_active",
    "set_key_figure",
    "set_statement_speaker",
    "settings_site_url",
    "subscribe",
    "tag_person",
    "tag_place",
    "unsubscribe",
    "view_filter",
]
