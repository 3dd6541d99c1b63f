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
from wagtail.search.backends import get_search_backends

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
    """Stores the files of an import at once (their URLs go into the texts)
    and writes their image/document rows in bulk at ``flush``; ``discard``
    removes the stored files if the import's transaction is rolled back (the
    rows go with it)."""

    def __init__(self):
        self.stored: list[tuple[object, str]] = []
        self.pending: dict[type, list] = {}

    def store(self, *, name: str, data: bytes) -> str:
        if is_image(name):
            check_image(name, data)
            model = get_image_model()
            content = ImageFile(ContentFile(data), name=name)
            item = model(
                title=name[:255],
                width=content.width,
                height=content.height,
                file_size=len(data),
            )
        else:
            model = get_document_model()
            item = model(title=name[:255], file_size=len(data))
            content = ContentFile(data, name=name)
        field = item.file.field
        stored_name = field.generate_filename(item, name)
        stored_name = field.storage.save(stored_name, content)
        self.stored.append((field.storage, stored_name))
        item.file.name = stored_name
        self.pending.setdefault(model, []).append(item)
        # Documents too are linked by their file's URL: their serve URL needs
        # an id the row only gets at ``flush``; the export reads either.
        return item.file.url

    def flush(self) -> None:
        """Write the pending image and document rows and index them."""
        for model, items in self.pending.items():
            rows = model.objects.bulk_create(items)
            for backend in get_search_backends(with_auto_update=True):
                backend.add_bulk(model, rows)
        self.pending.clear()

    def discard(self) -> None:
        for storage, name in self.stored:
            try:
                storage.delete(name)
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
