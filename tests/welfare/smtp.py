"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps what it receives, for tests of mail that leaves."""

import email
import socket

from aiosmtpd.controller import Controller


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content)
        self.messages.append(
            {"to": envelope.rcpt_tos, "subject": message["Subject"], "body": message.get_payload(decode=True).decode()}
        )
        return "250 OK"

    def to(self, address):
        return [m for m in self.messages if address in m["to"]]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    return controller, inbox
