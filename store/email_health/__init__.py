"""Email health: the blacklist, the daily check, bounce reports and the sending state.

A school's notices go to patrons' primary emails and their contacts. Addresses that cannot
receive mail are blacklisted (never used for sending); every patron and contact using one
is flagged, and while any such address is in use the school's sending is disabled.
"""

from store.email_health.blacklist import (
    REASONS,
    BlacklistEntry,
    add_by_hand,
    blacklist_warning,
    find_entry,
    is_blacklisted,
    list_blacklist,
    remove_from_blacklist,
)
from store.email_health.bounces import BounceReport, ingest_bounces
from store.email_health.check import CheckReport, check_emails
from store.email_health.uses import (
    AddressUse,
    SendingStatus,
    blacklisted_uses,
    email_alert,
    sending_status,
    uses_by_address,
)

__all__ = [
    "REASONS",
    "AddressUse",
    "BlacklistEntry",
    "BounceReport",
    "CheckReport",
    "SendingStatus",
    "add_by_hand",
    "blacklist_warning",
    "blacklisted_uses",
    "check_emails",
    "email_alert",
    "find_entry",
    "ingest_bounces",
    "is_blacklisted",
    "list_blacklist",
    "remove_from_blacklist",
    "sending_status",
    "uses_by_address",
]
