#!/usr/bin/env python3
"""A real SMTP server on loopback for AgentInbox's delivery tests (Debian python3-aiosmtpd).

Prints "PORT <n>" once listening, then stores every accepted message as DIR/new/<n>.eml
(exact bytes) and a line in DIR/envelopes.jsonl. Behaviour flags:
  --defer N        answer the first N DATA with 451 (temporary), then accept
  --reject         answer every DATA with 550 5.7.1 (permanent)
  --hang SECONDS   wait before answering DATA; drop the message if the client left meanwhile
  --tls CERT KEY   offer STARTTLS (required before MAIL when --require-tls)
  --auth USER:PASS offer AUTH PLAIN/LOGIN after TLS and require it
"""
import argparse, asyncio, json, os, ssl, sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--defer", type=int, default=0)
    ap.add_argument("--reject", action="store_true")
    ap.add_argument("--hang", type=float, default=0)
    ap.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    ap.add_argument("--require-tls", action="store_true")
    ap.add_argument("--auth")
    a = ap.parse_args()
    os.makedirs(os.path.join(a.dir, "new"), exist_ok=True)
    state = {"deferred": 0, "stored": 0}

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            if a.hang:
                await asyncio.sleep(a.hang)
                if server.transport is None or server.transport.is_closing():
                    return "451 client went away"
            if a.reject:
                return "550 5.7.1 Relaying denied for this sender"
            if state["deferred"] < a.defer:
                state["deferred"] += 1
                return "451 4.3.0 Try again later, greylisted"
            state["stored"] += 1
            n = len(os.listdir(os.path.join(a.dir, "new"))) + 1
            path = os.path.join(a.dir, "new", "%04d.eml" % n)
            with open(path + ".tmp", "wb") as f:
                f.write(envelope.original_content)
            os.rename(path + ".tmp", path)
            with open(os.path.join(a.dir, "envelopes.jsonl"), "a") as f:
                f.write(json.dumps({
                    "mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                    "smtputf8": "SMTPUTF8" in [o.upper() for o in envelope.mail_options],
                    "tls": session.ssl is not None, "auth": bool(session.authenticated),
                    "file": os.path.basename(path)}) + "\n")
            return "250 OK queued as %d" % n

    def authenticator(server, session, envelope, mechanism, auth_data):
        user, password = a.auth.split(":", 1)
        ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user and auth_data.password.decode() == password
        return AuthResult(success=ok)

    kwargs = dict(enable_SMTPUTF8=True, decode_data=False, hostname="localhost")
    if a.tls:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(a.tls[0], a.tls[1])
        kwargs.update(tls_context=ctx, require_starttls=a.require_tls)
    if a.auth:
        kwargs.update(authenticator=authenticator, auth_required=True, auth_require_tls=bool(a.tls))

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    server = loop.run_until_complete(
        loop.create_server(lambda: SMTP(Handler(), loop=loop, **kwargs), host="127.0.0.1", port=a.port))
    print("PORT %d" % server.sockets[0].getsockname()[1], flush=True)
    try:
        loop.run_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
