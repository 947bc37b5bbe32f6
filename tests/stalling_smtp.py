#!/usr/bin/env python3
"""SMTP servers that stop answering, on a free loopback port, for `lc remind`'s deadlines.

    stalling_smtp.py MODE

MODE is one of:
  silent  accepts the connection and never says a word
  data    answers until DATA, then says nothing more
  dot     answers DATA with 354, reads the message, and says nothing after its final dot
  drip    answers until MAIL FROM, then drips its answer a byte at a time, never ending it
  slow    answers every command, each after 0.4 s, and accepts every message

It prints `READY <port>` once it listens. When its standard input closes (or after two
minutes, whatever happens) it prints `CONNECTIONS <n> MESSAGES <m>` and exits. Only the
standard library: no aiosmtpd.
"""

import socket
import sys
import threading
import time

MODE = sys.argv[1]
connections = 0
messages = 0
lock = threading.Lock()


def lines(conn):
    """The client's lines, as bytes without their line ends."""
    buffer = b""
    while True:
        data = conn.recv(65536)
        if not data:
            return
        buffer += data
        while b"\r\n" in buffer:
            line, buffer = buffer.split(b"\r\n", 1)
            yield line


def stall():
    time.sleep(600)


def serve(conn):
    global connections, messages
    with lock:
        connections += 1
    try:
        if MODE == "silent":
            stall()
            return

        def say(text):
            if MODE == "slow":
                time.sleep(0.4)
            conn.sendall(text.encode() + b"\r\n")

        say("220 stalling.test ESMTP")
        in_data = False
        for line in lines(conn):
            if in_data:
                if line == b".":
                    in_data = False
                    if MODE == "dot":
                        stall()
                        return
                    with lock:
                        messages += 1
                    say("250 accepted")
                continue
            verb = line.split(b" ", 1)[0].upper()
            if verb == b"EHLO":
                say("250-stalling.test\r\n250 8BITMIME")
            elif verb == b"MAIL" and MODE == "drip":
                while True:
                    conn.sendall(b"2")
                    time.sleep(0.2)
            elif verb == b"DATA":
                if MODE == "data":
                    stall()
                    return
                in_data = True
                say("354 go ahead")
            elif verb == b"QUIT":
                say("221 bye")
                return
            else:
                say("250 ok")
    except OSError:
        pass
    finally:
        conn.close()


def main():
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)

    def accept():
        while True:
            conn, _ = listener.accept()
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    print("READY %d" % listener.getsockname()[1], flush=True)
    watchdog = threading.Thread(target=sys.stdin.read, daemon=True)
    watchdog.start()
    watchdog.join(120)
    with lock:
        print("CONNECTIONS %d MESSAGES %d" % (connections, messages), flush=True)


main()
