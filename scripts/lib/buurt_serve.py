"""Starts and stops a real `buurt serve` on a free loopback port (shared by the browser and load tests)."""
import secrets
import signal
import socket
import subprocess
import threading


class Checks:
    """Counts and prints named checks (shared by the browser and load tests)."""

    def __init__(self):
        self.passed, self.failed = 0, 0

    def check(self, cond, what):
        if cond:
            self.passed += 1
            print(f"  ok   {what}")
        else:
            self.failed += 1
            print(f"  FAIL {what}")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`with Server(buurt) as srv:` gives srv.port, srv.token, srv.url(host=True)."""

    def __init__(self, buurt, *args, models="Models"):
        self.buurt, self.args, self.models = buurt, list(args), models
        self.port, self.token, self.proc, self.output = free_port(), "t" + secrets.token_hex(12), None, []

    def __enter__(self):
        cmd = [self.buurt, "serve", "--host", "127.0.0.1", "--port", str(self.port),
               "--token", self.token, "--models", self.models] + self.args
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                     start_new_session=True)
        started = threading.Event()

        def pump():
            # Keeps reading so the server never blocks on a full pipe.
            for line in self.proc.stdout:
                self.output.append(line.rstrip())
                if line.startswith("Press Ctrl-C"):
                    started.set()
            started.set()

        threading.Thread(target=pump, daemon=True).start()
        if started.wait(60) and self.proc.poll() is None:
            return self
        self.stop()
        raise RuntimeError("buurt serve did not start:\n" + "\n".join(self.output))

    def url(self, host=False, path="/"):
        return f"http://127.0.0.1:{self.port}{path}" + (f"?token={self.token}" if host else "")

    def ws(self, host=False):
        return f"ws://127.0.0.1:{self.port}/ws" + (f"?token={self.token}" if host else "")

    def stop(self):
        """Ctrl-C, as a person would; the server must exit 130 within a few seconds."""
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(signal.SIGINT)
        try:
            return self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait()

    def __exit__(self, *exc):
        self.stop()
