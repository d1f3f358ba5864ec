"""Photos stored without what their camera wrote into them (used by the tips' files and the
photos a notice publishes)."""

import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError


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
