"""A real SMTP server for the notifier's tests (aiosmtpd): every message it accepts is
written, as received, to DIR/<n>.eml. Prints "ready" once it listens.

    python3 tests/support/smtp_sink.py PORT DIR
    python3 tests/support/smtp_sink.py PORT --count   (the benchmark: count, keep nothing)
"""

import email
import email.policy
import itertools
import json
import os
import signal
import sys
import threading

from aiosmtpd.controller import Controller


class Count:
    def __init__(self):
        self.n = 0

    async def handle_DATA(self, server, session, envelope):
        self.n += 1
        return "250 OK"


class Save:
    def __init__(self, directory):
        self.directory = directory
        self.counter = itertools.count(1)
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            n = next(self.counter)
        path = os.path.join(self.directory, f"{os.getpid()}-{n:06d}.eml")
        with open(path + ".tmp", "wb") as f:
            f.write(b"X-Envelope-To: " + ", ".join(envelope.rcpt_tos).encode() + b"\r\n")
            f.write(envelope.original_content)
        # The message decoded (headers, text and HTML parts), for tests to read.
        msg = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        text = msg.get_body(("plain",))
        html = msg.get_body(("html",))
        decoded = {
            "to": envelope.rcpt_tos,
            "from": str(msg["From"]),
            "subject": str(msg["Subject"]),
            "message_id": str(msg["Message-ID"]),
            "text": text.get_content() if text else "",
            "html": html.get_content() if html else "",
        }
        with open(path[:-4] + ".json.tmp", "w", encoding="utf-8") as f:
            json.dump(decoded, f, ensure_ascii=False)
        os.rename(path[:-4] + ".json.tmp", path[:-4] + ".json")
        os.rename(path + ".tmp", path)
        return "250 OK"


def main():
    port, directory = int(sys.argv[1]), sys.argv[2]
    if directory == "--count":
        handler = Count()
    else:
        os.makedirs(directory, exist_ok=True)
        handler = Save(directory)
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    done.wait()
    controller.stop()
    if isinstance(handler, Count):
        print(f"received {handler.n}", flush=True)


if __name__ == "__main__":
    main()
