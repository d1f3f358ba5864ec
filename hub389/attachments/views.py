from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import get_object_or_404

from hub389 import policy
from hub389.accounts.http import AuthedRequest
from hub389.attachments.models import Attachment
from hub389.audit import services as audit


@login_required
def download(request: AuthedRequest, pk: int) -> FileResponse:
    """Serve a file to whoever may view the record it belongs to; every download is audited."""
    attachment = get_object_or_404(Attachment, pk=pk)
    policy.require(request.user, "view", attachment.owner)
    audit.record(request.user, "attachment.download", attachment)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
