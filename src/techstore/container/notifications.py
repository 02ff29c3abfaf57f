"""The notifications context's wiring: the outbox (a member of every unit of work, ``uow.outbox``), the
renderer with its attachments, the senders from the settings (no SMTP URL: no mail sender, email stays unsent)
and the use cases."""

from __future__ import annotations

from collections.abc import Callable

from dependency_injector import containers, providers

from techstore.application.notifications.messages import ListMessages, RepairMessages, RetryMessage, SendDueMessages
from techstore.domain.shared.clock import Clock
from techstore.entrypoints.web.mail import TemplateRenderer
from techstore.entrypoints.web.mail_attachments import attachment_renderers
from techstore.infrastructure.members import Members
from techstore.infrastructure.memory.repositories import notifications as memory
from techstore.infrastructure.notifications.sms import LoggedSmsSender
from techstore.infrastructure.notifications.smtp import build_mail_sender
from techstore.infrastructure.sqlalchemy.repositories import notifications as sql
from techstore.settings import Settings

SQL_MEMBERS = Members(repositories=sql.REPOSITORIES)
MEMORY_MEMBERS = Members(repositories=memory.REPOSITORIES)


class NotificationsContainer(containers.DeclarativeContainer):
    uow: providers.Dependency[Callable[[], object]] = providers.Dependency()
    clock: providers.Dependency[Clock] = providers.Dependency()
    settings: providers.Dependency[Settings] = providers.Dependency()

    renderer = providers.Singleton(TemplateRenderer,
                                   attachments=providers.Callable(attachment_renderers, uow=uow, settings=settings))
    mail_sender = providers.Singleton(build_mail_sender, url=settings.provided.smtp_url,
                                      sender=settings.provided.mail_from)
    sms_sender = providers.Singleton(LoggedSmsSender)

    send_due_messages = providers.Singleton(SendDueMessages, uow=uow, clock=clock, renderer=renderer,
                                            mail=mail_sender, sms=sms_sender)
    list_messages = providers.Singleton(ListMessages, uow=uow)
    retry_message = providers.Singleton(RetryMessage, uow=uow, clock=clock)
    repair_messages = providers.Singleton(RepairMessages, uow=uow)
