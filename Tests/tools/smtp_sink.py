#!/usr/bin/env python3
"""A real SMTP server on loopback for AgentInbox's delivery tests (Debian python3-aiosmtpd).

Prints "PORT <n>" once listening, then stores every accepted message as DIR/new/<n>.eml
(exact bytes) and a line in DIR/envelopes.jsonl. Behaviour flags:
  --defer N        answer the first N DATA with 451 (temporary), then accept
  --reject         answer every DATA with 550 5.7.1 (permanent)
  --hang SECONDS   wait before answering DATA; drop the message if the client left meanwhile
  --tls CERT KEY   offer STARTTLS (required before MAIL when --require-tls)
  --auth USER:PASS offer AUTH PLAIN/LOGIN after TLS and require it
  --oauth2 USER:TOKEN  offer AUTH XOAUTH2 and OAUTHBEARER and require it; only TOKEN for USER
                   passes (a refused token gets the 334 error challenge, then 535)
"""
import argparse, asyncio, base64, binascii, json, os, ssl, sys

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
    ap.add_argument("--oauth2")
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

        async def _oauth2(self, server, args, mechanism):
            if not a.oauth2:
                return AuthResult(success=False, handled=False)
            try:
                if len(args) > 1:
                    raw = base64.b64decode(args[1], validate=True)
                else:
                    # challenge_auth returns the client's answer base64-decoded (or MISSING after "*").
                    raw = await server.challenge_auth("", encode_to_b64=False)
                    if not isinstance(raw, bytes):
                        return AuthResult(success=False, handled=True)
                text = raw.decode()
            except (binascii.Error, UnicodeDecodeError):
                return AuthResult(success=False, handled=False)
            fields = dict(f.split("=", 1) for f in text.split("\x01") if "=" in f)
            user = fields.get("user")
            if mechanism == "OAUTHBEARER":
                gs2 = text.split("\x01", 1)[0]
                user = next((p[2:] for p in gs2.split(",") if p.startswith("a=")), None)
            want_user, want_token = a.oauth2.split(":", 1)
            ok = user == want_user and fields.get("auth") == "Bearer " + want_token
            if not ok:
                error = base64.b64encode(json.dumps({"status": "401", "schemes": "bearer", "scope": "mail"}).encode()).decode()
                # The error challenge; the client answers (empty, or %x01), then gets 535.
                await server.challenge_auth(error, encode_to_b64=False)
                return AuthResult(success=False, handled=False)
            return AuthResult(success=True, auth_data=user)

        async def auth_XOAUTH2(self, server, args):
            return await self._oauth2(server, args, "XOAUTH2")

        async def auth_OAUTHBEARER(self, server, args):
            return await self._oauth2(server, args, "OAUTHBEARER")

    def authenticator(server, session, envelope, mechanism, auth_data):
        if not a.auth:
            return AuthResult(success=False, handled=False)
        user, password = a.auth.split(":", 1)
        ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user and auth_data.password.decode() == password
        # handled=False: aiosmtpd then answers a failure with 535 (its default, handled=True, sends nothing).
        return AuthResult(success=ok, handled=False)

    kwargs = dict(enable_SMTPUTF8=True, decode_data=False, hostname="localhost")
    if a.tls:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(a.tls[0], a.tls[1])
        kwargs.update(tls_context=ctx, require_starttls=a.require_tls)
    if a.auth or a.oauth2:
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
