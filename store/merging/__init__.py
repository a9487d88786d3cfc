"""Merge-assist: find likely duplicate patrons, merge them into one, and undo a merge.

`candidates` finds groups of likely duplicates without comparing every pair; `compare`
lines records up side by side with sensible default choices; `merge` merges in one
transaction and keeps what `undo` needs to restore everything as it was.
"""
