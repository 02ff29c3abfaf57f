"""Message bodies from templates (``templates/mail/<template>.txt``, and ``.html`` when there is one), and
attachments rendered when the message is sent.

The text is not escaped (it is plain text); the HTML is autoescaped. Attachments are rendered by a registry
``{kind: render(document_id) -> bytes}`` (``mail_attachments.py`` builds the one the app uses); the content
type comes from the file name.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable, Mapping
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateNotFound

from techstore.application.notifications.ports import Rendered, RenderedFile
from techstore.domain.notifications.messages import Message
from techstore.entrypoints.web.templates import TEMPLATES_DIR

MAIL_DIR = TEMPLATES_DIR / "mail"
AttachmentRenderer = Callable[[int], bytes]


class UnknownAttachment(LookupError):
    """A message names an attachment kind nobody renders."""


def _environment(*, html: bool) -> Environment:
    return Environment(loader=FileSystemLoader(str(MAIL_DIR)), autoescape=html, undefined=StrictUndefined,
                       keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)


class TemplateRenderer:
    """The ``MessageRenderer`` of the app."""

    def __init__(self, attachments: Mapping[str, AttachmentRenderer]) -> None:
        self._attachments = dict(attachments)
        self._text = _environment(html=False)
        self._html = _environment(html=True)

    def render(self, message: Message) -> Rendered:
        facts: dict[str, Any] = {**message.facts, "subject": message.subject}
        text = self._text.get_template(f"{message.template}.txt").render(facts)
        try:
            html: str | None = self._html.get_template(f"{message.template}.html").render(facts)
        except TemplateNotFound:
            html = None
        files = tuple(self._file(a.kind, a.document_id, a.filename) for a in message.attachments)
        return Rendered(text, html, files)

    def _file(self, kind: str, document_id: int, filename: str) -> RenderedFile:
        render = self._attachments.get(kind)
        if render is None:
            raise UnknownAttachment(f"no renderer for attachments of kind {kind!r}")
        content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        return RenderedFile(filename, content_type, render(document_id))
