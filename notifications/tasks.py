"""The task the queue runs (django-tasks): deliver one message of the outbox by its id."""

from django_tasks import task

from notifications.services import delivery


@task()
def deliver(message_id: int) -> str:
    return delivery.deliver_message(message_id)
