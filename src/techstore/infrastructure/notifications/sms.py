"""Text messages: the shipped adapter writes them to the log (logger ``techstore.sms``), so a provider can be
plugged in later behind the same port."""

from __future__ import annotations

import structlog

from techstore.application.notifications.ports import Rendered
from techstore.domain.notifications.messages import Message

log = structlog.get_logger("techstore.sms")


class LoggedSmsSender:
    def send(self, message: Message, rendered: Rendered) -> None:
        log.info("sms", message_id=message.id, to=message.to, template=message.template, text=rendered.text)
