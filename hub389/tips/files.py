"""Files a tip arrives with or an informant adds: at most a few, photos re-encoded without
their GPS and camera metadata before they are stored."""

import io
from collections.abc import Iterable
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from hub389.attachments.services import attach
from hub389.tips.models import (
    Tip,
)

MAX_FILES = 5


def scrub_image(data: bytes) -> bytes | None:
    """Re-encode a photo from its pixels only, so EXIF (GPS, device, author), XMP, IPTC and
    comments are gone; the orientation is applied first. None if `data` is not a photo."""
    try:
        img = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, OSError):
        return None  # not a photo: the attachment check judges it
    try:
        with img:
            fmt = img.format
            if fmt not in {"JPEG", "PNG", "WEBP"}:
                return None
            upright: Image.Image = ImageOps.exif_transpose(img)
            if upright.mode not in {"RGB", "RGBA", "L"}:
                upright = upright.convert(
                    "RGBA" if "A" in upright.getbands() or upright.mode == "P" else "RGB"
                )
            clean = Image.frombytes(upright.mode, upright.size, upright.tobytes())
    except (OSError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("Ảnh bị hỏng hoặc quá lớn, không đọc được.")) from exc
    out = io.BytesIO()
    if fmt == "JPEG":
        clean.convert("RGB").save(out, format="JPEG", quality=90)
    else:
        clean.save(out, format=fmt)
    return out.getvalue()


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
            suffix = name.rsplit(".", 1)[-1].lower()[:5] if "." in name else "bin"
            name = f"tep-nguoi-bao-{batch}-{count + 1}.{suffix}"
        attach(actor, tip, io.BytesIO(data), name)
        count += 1
    return count


def check_files(files: list[Any]) -> None:
    if len(files) > MAX_FILES:
        raise ValidationError(f"Gửi tối đa {MAX_FILES} tệp mỗi lần.")
