"""Every write on a tip: validated (Vietnamese messages, nothing saved on error), checked
against the access policy and the tip's lock, saved and audited in one transaction, by
behaviour: `reception` (a new tip, the informant's replies), `handling` (locks, assignment,
notes, questions, classification, transfer, the identity reveal), `clock` (extensions,
suspension, the procuracy), `closing` (settlement, "not a tip", merging). Each service re-reads
the tip under a row lock and tells the report facts what it changed (`common._save`).

The informant's identity is never passed to the audit log, notifications or e-mails: they carry
the tip's reference and a link; the page behind the link checks access.
"""

from hub389.tips.files import MAX_FILES, check_files, scrub_image
from hub389.tips.services.clock import extend, procuracy_extend, procuracy_notified, resume, suspend
from hub389.tips.services.closing import mark_many_not_tips, mark_not_a_tip, merge, outcomes_for, settle
from hub389.tips.services.common import LOCK_MINUTES
from hub389.tips.services.handling import (
    acquire_lock,
    add_note,
    ask_informant,
    assign,
    assign_many,
    classify,
    note_case_opened,
    release_lock,
    reveal_informant,
    suggested_transfer,
    transfer,
)
from hub389.tips.services.reception import (
    INFORMANT_FIELDS,
    TipInput,
    find_by_receipt,
    informant_reply,
    public_view,
    record_tip,
    submit_public,
)

__all__ = [
    "INFORMANT_FIELDS",
    "LOCK_MINUTES",
    "MAX_FILES",
    "TipInput",
    "acquire_lock",
    "add_note",
    "ask_informant",
    "assign",
    "assign_many",
    "check_files",
    "classify",
    "extend",
    "find_by_receipt",
    "informant_reply",
    "mark_many_not_tips",
    "mark_not_a_tip",
    "merge",
    "note_case_opened",
    "outcomes_for",
    "procuracy_extend",
    "procuracy_notified",
    "public_view",
    "record_tip",
    "release_lock",
    "resume",
    "reveal_informant",
    "scrub_image",
    "settle",
    "submit_public",
    "suggested_transfer",
    "suspend",
    "transfer",
]
