"""A file is seen by whoever may see the record it is attached to (a case, a tip, a job...)."""

from typing import Any

from hub389 import policy
from hub389.attachments.models import Attachment


@policy.rule("view", Attachment)
def view_attachment(user: Any, attachment: Any) -> bool:
    if isinstance(attachment, type):
        return False
    owner = attachment.owner
    return owner is not None and policy.can(user, "view", owner)
