#!/usr/bin/env python3
"""A token-introspection endpoint (RFC 7662) on loopback for AgentInbox's OAuth2 tests.

Dovecot's oauth2 passdb asks it whether an access token is valid. Prints "PORT <n>" once
listening. Tokens are given as --token TOKEN=USER (repeatable); any other token is inactive.
  POST /introspect   form body token=...          (introspection_mode = post)
  GET  /introspect?access_token=...                (introspection_mode = get)
Every request is appended to DIR/requests.log (the token replaced by "valid" or "invalid").
"""
import argparse, json, os, sys, urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--token", action="append", default=[])
    a = ap.parse_args()
    tokens = dict(t.split("=", 1) for t in a.token)
    os.makedirs(a.dir, exist_ok=True)

    class Handler(BaseHTTPRequestHandler):
        def answer(self, token):
            user = tokens.get(token or "")
            body = {"active": True, "username": user, "scope": "mail"} if user else {"active": False}
            with open(os.path.join(a.dir, "requests.log"), "a") as f:
                f.write("%s %s\n" % (self.command, "valid" if user else "invalid"))
            data = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            query = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query)
            token = (query.get("access_token") or query.get("token") or [None])[0]
            if token is None:
                auth = self.headers.get("Authorization", "")
                token = auth[7:] if auth.lower().startswith("bearer ") else None
            self.answer(token)

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            form = urllib.parse.parse_qs(self.rfile.read(length).decode())
            token = (form.get("token") or [None])[0]
            if token is None:
                auth = self.headers.get("Authorization", "")
                token = auth[7:] if auth.lower().startswith("bearer ") else None
            self.answer(token)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", a.port), Handler)
    print("PORT %d" % server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
