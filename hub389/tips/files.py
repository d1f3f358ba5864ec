"""Files a tip arrives with or an informant adds: at most a few, photos re-encoded without
their GPS and camera metadata before they are stored."""

import io
from collections.abc import Iterable
from typing import IO, Any

from django.core.exceptions import ValidationError

from hub389.attachments.images import scrub_image
from hub389.attachments.services import attach
from hub389.tips.models import (
    Tip,
)

MAX_FILES = 5
# What a file the informant sent is named by: never their own file name (it may identify them).
INFORMANT_FILE_PREFIX = "tep-nguoi-bao-"


def informant_suffix(name: str) -> str:
    """The only part of an informant's file name that is kept: its extension."""
    return name.rsplit(".", 1)[-1].lower()[:5] if "." in name else "bin"


def _attach_files(actor: Any, tip: Tip, files: Iterable[IO[bytes]], *, from_informant: bool) -> int:
    count = 0
    batch = tip.events.count() if from_informant and files else 0
    for upload in files:
        data = upload.read()
        name = getattr(upload, "name", "") or "tep"
        clean = scrub_image(data) if data else None
        if clean is not None:
            data = clean
        if from_informant:
            # The informant's own file names may identify them: keep only the extension.
            name = f"{INFORMANT_FILE_PREFIX}{batch}-{count + 1}.{informant_suffix(name)}"
        attach(actor, tip, io.BytesIO(data), name)
        count += 1
    return count


def check_files(files: list[Any]) -> None:
    if len(files) > MAX_FILES:
        raise ValidationError(f"Gửi tối đa {MAX_FILES} tệp mỗi lần.")
