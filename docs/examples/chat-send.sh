#!/bin/sh
# An example send_command (docs/channels.md): reads the reply as JSON on stdin and posts it
# to a chat service's HTTP API. Exit 0 = delivered, 75 = try again later, other = failed
# (what it prints on stderr is shown to the agent). The idempotency key is sent along so the
# service drops a second copy of a reply we retried after a crash.
set -eu
reply=$(cat)
key=$(printf '%s' "$reply" | python3 -c 'import json,sys; print(json.load(sys.stdin)["idempotency_key"])')
status=$(printf '%s' "$reply" | curl -sS -o /dev/null -w '%{http_code}' \
    -H "Authorization: Bearer $(cat "$HOME/.config/inbox/chat-token")" \
    -H "Idempotency-Key: $key" -H 'Content-Type: application/json' \
    --data-binary @- https://chat.example.com/api/replies) || exit 75
case "$status" in
    2??) exit 0 ;;
    429|5??) echo "chat API answered $status" >&2; exit 75 ;;
    *) echo "chat API refused the reply ($status)" >&2; exit 1 ;;
esac
