"""Outgoing e-mail from the environment: the forms operators write, refusals, a real send."""

from __future__ import annotations

import socketserver
import threading

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured

from config.mail import SMTP, email_settings


def test_an_email_url_with_starttls_gives_host_port_credentials_and_timeout():
    found = email_settings(
        {"EMAIL_URL": "smtp+tls://digest%40ngo.org:p%40ss@mail.ngo.org?timeout=5"}
    )
    assert found["EMAIL_BACKEND"] == SMTP
    assert (found["EMAIL_HOST"], found["EMAIL_PORT"]) == ("mail.ngo.org", 587)
    assert (found["EMAIL_HOST_USER"], found["EMAIL_HOST_PASSWORD"]) == ("digest@ngo.org", "p@ss")
    assert (found["EMAIL_USE_TLS"], found["EMAIL_USE_SSL"]) == (True, False)
    assert found["EMAIL_TIMEOUT"] == 5.0


def test_smtps_means_implicit_tls_on_465_and_a_default_timeout():
    found = email_settings({"EMAIL_URL": "smtps://relay.example.org", "DEFAULT_FROM_EMAIL": "t@x"})
    assert (found["EMAIL_PORT"], found["EMAIL_USE_SSL"], found["EMAIL_USE_TLS"]) == (
        465,
        True,
        False,
    )
    assert found["EMAIL_TIMEOUT"] == 10.0
    assert found["DEFAULT_FROM_EMAIL"] == found["SERVER_EMAIL"] == "t@x"


def test_separate_variables_work_without_a_url():
    found = email_settings(
        {"EMAIL_HOST": "smtp.local", "EMAIL_PORT": "2525", "EMAIL_USE_TLS": "true",
         "EMAIL_HOST_USER": "u", "EMAIL_HOST_PASSWORD": "p", "EMAIL_TIMEOUT": "3"}
    )  # fmt: skip
    assert (found["EMAIL_HOST"], found["EMAIL_PORT"], found["EMAIL_USE_TLS"]) == (
        "smtp.local",
        2525,
        True,
    )
    assert found["EMAIL_TIMEOUT"] == 3.0


def test_with_nothing_set_mail_goes_to_the_console():
    assert email_settings({})["EMAIL_BACKEND"].endswith("console.EmailBackend")


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"EMAIL_URL": "imap://mail.ngo.org"}, "unknown scheme 'imap'"),
        ({"EMAIL_URL": "smtp://"}, "no host"),
        ({"EMAIL_URL": "smtp://mail.ngo.org:twenty"}, "port is not a number"),
        ({"EMAIL_HOST": "m", "EMAIL_USE_TLS": "1", "EMAIL_USE_SSL": "1"}, "not both"),
        ({"EMAIL_HOST": "m", "EMAIL_TIMEOUT": "soon"}, "not a number of seconds"),
    ],
)
def test_a_wrong_setting_is_refused_with_a_message_that_names_it(env, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        email_settings(env)


class _Sink(socketserver.StreamRequestHandler):
    """Just enough SMTP to take one message (127.0.0.1 only)."""

    def handle(self) -> None:
        self.wfile.write(b"220 sink\r\n")
        data = False
        while line := self.rfile.readline():
            if data:
                if line == b".\r\n":
                    data = False
                    self.wfile.write(b"250 queued\r\n")
                else:
                    self.server.received.append(line.decode())
                continue
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                self.wfile.write(b"250 sink\r\n")
            elif verb == b"DATA":
                data = True
                self.wfile.write(b"354 go\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


def test_a_message_reaches_the_smtp_server_the_url_names():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Sink)
    server.received = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        port = server.server_address[1]
        found = email_settings(
            {"EMAIL_URL": f"smtp://127.0.0.1:{port}", "DEFAULT_FROM_EMAIL": "tracker@ngo.org"}
        )
        connection = mail.get_connection(
            found["EMAIL_BACKEND"],
            host=found["EMAIL_HOST"],
            port=found["EMAIL_PORT"],
            timeout=found["EMAIL_TIMEOUT"],
            use_tls=False,
        )
        sent = mail.EmailMessage(
            "Daily digest", "3 new links", found["DEFAULT_FROM_EMAIL"], ["analyst@ngo.org"],
            connection=connection,
        ).send()  # fmt: skip
    finally:
        server.shutdown()
        server.server_close()
    assert sent == 1
    text = "".join(server.received)
    assert "Subject: Daily digest" in text
    assert "From: tracker@ngo.org" in text
    assert "To: analyst@ngo.org" in text
