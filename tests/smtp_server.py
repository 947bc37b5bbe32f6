#!/usr/bin/env python3
"""A real SMTP server (aiosmtpd) on a free loopback port, for `lc remind`'s tests.

    smtp_server.py --dir DIR [--auth USER:PASSWORD] [--starttls CERT KEY | --tls CERT KEY]
                   [--refuse ADDRESS]...
    smtp_server.py --parse FILE.eml

Serving, it prints `READY <port>` once it listens, then stores each message it accepts as
DIR/<n>.json: the envelope, whether TLS and a login were used, every header, and the text and
HTML parts decoded by Python's own e-mail parser. It stops when its standard input closes, or
after two minutes whatever happens. `--parse` prints the same JSON for a file.
"""

import argparse
import asyncio
import email
import json
import os
import ssl
import sys
from email import policy


def parse(raw: bytes) -> dict:
    message = email.message_from_bytes(raw, policy=policy.default)
    parts = {}
    for part in message.walk():
        kind = part.get_content_type()
        if kind in ("text/plain", "text/html"):
            parts[kind] = part.get_content()
    return {
        "headers": [[k, str(v)] for k, v in message.items()],
        "content_type": message.get_content_type(),
        "text": parts.get("text/plain"),
        "html": parts.get("text/html"),
    }


class Handler:
    def __init__(self, directory, refuse):
        self.directory = directory
        self.refuse = {a.lower() for a in refuse}
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refuse:
            return "550 5.1.1 <%s>: recipient refused by the test server" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        from aiosmtpd.smtp import LoginPassword

        self.count += 1
        record = parse(envelope.original_content or envelope.content)
        auth = getattr(session, "auth_data", None)
        login = auth.login.decode() if isinstance(auth, LoginPassword) else None
        record.update(
            {
                "mail_from": envelope.mail_from,
                "rcpt_tos": envelope.rcpt_tos,
                "tls": server.transport.get_extra_info("ssl_object") is not None,
                "login": login,
            }
        )
        path = os.path.join(self.directory, "%03d.json" % self.count)
        with open(path + ".part", "w", encoding="utf-8") as f:
            json.dump(record, f, ensure_ascii=False, indent=1)
        os.replace(path + ".part", path)
        return "250 2.0.0 Message accepted"


def context(cert, key):
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert, key)
    return ctx


async def serve(args):
    from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

    handler = Handler(args.dir, args.refuse)
    kwargs = {}
    if args.auth:
        user, password = args.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, data):
            ok = (
                isinstance(data, LoginPassword)
                and data.login.decode() == user
                and data.password.decode() == password
            )
            # handled=False: aiosmtpd answers 535 itself when the login is refused.
            return AuthResult(success=ok, handled=False, auth_data=data if ok else None)

        kwargs.update(
            authenticator=authenticator,
            auth_required=True,
            # A login in the clear is fine on loopback, and lets a test try it without TLS.
            auth_require_tls=bool(args.starttls),
        )
    if args.starttls:
        kwargs.update(tls_context=context(*args.starttls), require_starttls=True)
    implicit = context(*args.tls) if args.tls else None
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(handler, hostname="smtp.test", **kwargs),
        host="127.0.0.1",
        port=0,
        ssl=implicit,
    )
    port = server.sockets[0].getsockname()[1]
    print("READY %d" % port, flush=True)
    # Stop when the test closes our stdin (or dies), and in any case after two minutes.
    stdin_closed = loop.run_in_executor(None, sys.stdin.read)
    await asyncio.wait_for(stdin_closed, timeout=120)
    server.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir")
    parser.add_argument("--auth")
    parser.add_argument("--starttls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--refuse", action="append", default=[])
    parser.add_argument("--parse")
    args = parser.parse_args()
    if args.parse:
        with open(args.parse, "rb") as f:
            json.dump(parse(f.read()), sys.stdout, ensure_ascii=False, indent=1)
        return
    try:
        asyncio.run(serve(args))
    except asyncio.TimeoutError:
        pass
    os._exit(0)


if __name__ == "__main__":
    main()
