"""Files embedded in imported questions (Moodle XML ``@@PLUGINFILE@@``) stored
as Wagtail images (pictures) and documents (anything else), and the texts that
name them pointed at the stored files."""

from __future__ import annotations

import io
import os
from urllib.parse import quote

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from ..interchange import ParsedQuestion
from ..moodle_xml import PLUGINFILE

IMAGE_EXTENSIONS = {".png", ".jpg", ".jpeg", ".gif", ".webp"}


class FileImportError(ValueError):
    pass


def is_image(name: str) -> bool:
    return os.path.splitext(name)[1].lower() in IMAGE_EXTENSIONS


def check_image(name: str, data: bytes) -> None:
    """Refuse a picture Pillow cannot read (before anything is written)."""
    from PIL import Image as PILImage

    try:
        with PILImage.open(io.BytesIO(data)) as picture:
            picture.verify()
    except Exception as exc:  # Pillow raises many kinds for bad data
        raise FileImportError(f"{name}: not a readable image") from exc


class StoredFiles:
    """Creates the files of an import; ``discard`` removes them from storage
    if the import's transaction is rolled back (the rows go with it)."""

    def __init__(self):
        self.stored: list = []

    def store(self, *, name: str, data: bytes, collection=None) -> str:
        if is_image(name):
            check_image(name, data)
            model = get_image_model()
            item = model(title=name[:255], file=ImageFile(ContentFile(data), name=name))
        else:
            model = get_document_model()
            item = model(title=name[:255], file=ContentFile(data, name=name))
        if collection is not None:
            item.collection = collection
        item.save()
        self.stored.append(item.file)
        return item.file.url if is_image(name) else item.url

    def discard(self) -> None:
        for file in self.stored:
            try:
                file.storage.delete(file.name)
            except OSError:
                pass
        self.stored.clear()


def point_at_files(parsed: ParsedQuestion, urls: dict[str, str]) -> None:
    """Replace ``@@PLUGINFILE@@/name`` in every text of ``parsed``."""

    def swap(text: str) -> str:
        if PLUGINFILE not in text:
            return text
        for name, url in urls.items():
            text = text.replace(PLUGINFILE + quote(name), url)
            text = text.replace(PLUGINFILE + name, url)
        return text

    parsed.text = swap(parsed.text)
    parsed.general_feedback = swap(parsed.general_feedback)
    parsed.grader_info = swap(parsed.grader_info)
    for choice in parsed.choices:
        choice.text, choice.feedback = swap(choice.text), swap(choice.feedback)
