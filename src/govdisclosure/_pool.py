"""A small process pool that survives its workers: dead workers, hung files, memory limits.

``multiprocessing.Pool`` hangs forever when the kernel kills a worker (out of memory)
and has no per-task time limit. This pool gives each worker its own pipe and knows
which file each worker is on, so:

- a worker that dies (killed by the OOM killer, a crash in a C library) costs one
  error row for the file it was reading; the worker is replaced and the run goes on;
- a file over the time limit is stopped inside the worker (``SIGALRM``); if the worker
  does not answer within a grace period (stuck in C code), it is killed and replaced;
- an optional memory limit per worker (``RLIMIT_AS``: address space beyond what the
  worker has mapped when it starts) turns a runaway file into a ``MemoryError`` (an
  error row) instead of a machine out of memory.

Results come back unordered, as ``(task id, result)``; the caller puts them in order
if it needs to.
"""

from __future__ import annotations

import collections
import contextlib
import os
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

__all__ = ["Pool", "death_message"]

Task = tuple[int, str]
Handler = Callable[[str], Any]  # path -> result (runs in the worker)
Failure = Callable[[str, str], Any]  # (path, message) -> result (runs in the parent)


class _TimeLimit(BaseException):
    """Raised in a worker by SIGALRM: the file is over its time limit (BaseException: never swallowed)."""


class _Stopped(BaseException):
    """Raised in a worker by SIGTERM: the parent stops it; ``finally`` blocks run (a conversion's
    LibreOffice is killed, its temporary folder removed) before the worker exits."""


def _alarm(signum: int, frame: Any) -> None:
    raise _TimeLimit


def _term(signum: int, frame: Any) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a second SIGTERM ends the worker at once
    raise _Stopped


def death_message(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        sig = -exitcode
        name = signal.Signals(sig).name if sig in {s.value for s in signal.Signals} else str(sig)
        if sig == signal.SIGKILL:
            return f"worker died: out of memory? (killed by {name} while reading this file)"
        return f"worker died while reading this file (killed by {name})"
    return f"worker died while reading this file (exit code {exitcode})"


def _worker(
    conn: Any,
    handler: Handler,
    failure: Failure,
    init: Callable[[], None] | None,
    timeout: float | None,
    max_memory: int | None,
    close_fds: tuple[int, ...],
    inherited: list[Any],
) -> None:
    """A worker's loop: receive chunks of (id, path), answer (id, result) for each file."""
    parent = os.getppid()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, _term)  # the parent stopping it: clean up on the way out
    try:
        _start(conn, parent, handler, failure, init, timeout, max_memory, close_fds, inherited)
    except _Stopped:
        return


def _start(
    conn: Any,
    parent: int,
    handler: Handler,
    failure: Failure,
    init: Callable[[], None] | None,
    timeout: float | None,
    max_memory: int | None,
    close_fds: tuple[int, ...],
    inherited: list[Any],
) -> None:
    # A forked worker holds copies of the parent's ends of every pipe, and of the OUTDIR
    # lock: close them, or a parent killed with SIGKILL leaves workers waiting forever
    # (no end of file) and its folder locked.
    for c in inherited:
        with contextlib.suppress(OSError):
            c.close()
    for fd in close_fds:
        with contextlib.suppress(OSError):
            os.close(fd)
    if max_memory:
        import resource

        limit = _mapped() + max_memory  # beyond what the worker has mapped when it starts
        # The soft limit only: a program the worker runs (LibreOffice for a .doc) raises it back for
        # itself, instead of failing to start and the file being called damaged.
        hard = resource.getrlimit(resource.RLIMIT_AS)[1]
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    if init is not None:
        init()
    if not hasattr(signal, "setitimer"):  # pragma: no cover - Windows: the parent's limit only
        timeout = None
    if timeout:
        signal.signal(signal.SIGALRM, _alarm)
    conn.send(("ready", os.getpid()))
    _serve(conn, parent, handler, failure, timeout)


def _serve(conn: Any, parent: int, handler: Handler, failure: Failure, timeout: float | None) -> None:
    while True:
        try:
            while not conn.poll(1.0):
                if os.getppid() != parent:
                    return  # the parent is gone
            chunk = conn.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        if chunk is None:
            return
        for task_id, path in chunk:
            try:
                if timeout:
                    signal.setitimer(signal.ITIMER_REAL, timeout)
                try:
                    result = handler(path)
                finally:
                    if timeout:
                        signal.setitimer(signal.ITIMER_REAL, 0)
            except _TimeLimit:
                result = failure(path, f"took longer than the time limit of {timeout:g} s; stopped")
            except MemoryError:
                result = failure(path, "out of memory (over the per-worker memory limit)")
            try:
                conn.send((task_id, result))
            except (EOFError, OSError):
                return


def _mapped() -> int:
    """Bytes of address space this process has mapped (0 where /proc does not tell)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


# Seconds a worker stopped with SIGTERM has to clean up (kill a conversion's process group and wait for it,
# up to 5 s, remove its folder) before SIGKILL; an idle worker exits at once.
_CLEANUP_GRACE = 10.0


class _Slot:
    """The parent's view of one worker."""

    def __init__(self, process: Any, conn: Any) -> None:
        self.process = process
        self.conn = conn
        self.ready = False
        self.outstanding: collections.deque[Task] = collections.deque()
        self.since = time.monotonic()  # when the file now in the worker started (roughly)


class Pool:
    """``workers`` processes running ``handler(path)``; see the module docstring."""

    def __init__(
        self,
        workers: int,
        handler: Handler,
        failure: Failure,
        *,
        init: Callable[[], None] | None = None,
        timeout: float | None = None,
        max_memory: int | None = None,
        close_fds: tuple[int, ...] = (),
        chunksize: int = 8,
    ) -> None:
        import multiprocessing

        self.ctx: Any = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
        self.workers = workers
        self.handler, self.failure, self.init = handler, failure, init
        self.timeout = timeout
        self.grace = None if not timeout else min(30.0, max(2.0, timeout / 2))
        self.max_memory = max_memory
        self.close_fds = close_fds
        self.chunksize = max(1, chunksize)
        self.slots: list[_Slot] = []
        self.failed_starts = 0

    def _start(self) -> _Slot:
        here, there = self.ctx.Pipe()
        forked = self.ctx.get_start_method() == "fork"
        p = self.ctx.Process(
            target=_worker,
            args=(
                there,
                self.handler,
                self.failure,
                self.init,
                self.timeout,
                self.max_memory,
                self.close_fds if forked else (),  # descriptors mean nothing in a spawned process
                [here, *(s.conn for s in self.slots)] if forked else [],
            ),
            daemon=True,
        )
        p.start()
        there.close()
        return _Slot(p, here)

    def _stop(self, slot: _Slot, kill: bool, grace: float = _CLEANUP_GRACE) -> None:
        if kill and slot.process.is_alive():
            self._terminate(slot, grace)
        slot.process.join(5)
        if slot.process.is_alive():  # pragma: no cover - a worker that ignored its end
            slot.process.kill()
            slot.process.join()
        slot.conn.close()

    def close(self) -> None:
        for slot in self.slots:
            with contextlib.suppress(OSError, ValueError):
                slot.conn.send(None)
        for slot in self.slots:
            self._stop(slot, kill=False)
        self.slots = []

    @staticmethod
    def _terminate(slot: _Slot, grace: float = _CLEANUP_GRACE) -> None:
        """SIGTERM (the worker cleans up: kills a conversion it runs), then SIGKILL past ``grace``."""
        with contextlib.suppress(OSError):
            slot.process.terminate()
        slot.process.join(grace)
        if slot.process.is_alive():  # stuck in C code: it cannot clean up
            slot.process.kill()

    def terminate(self) -> None:
        for slot in self.slots:  # all asked at once, then each waited for
            if slot.process.is_alive():
                with contextlib.suppress(OSError):
                    slot.process.terminate()
        deadline = time.monotonic() + _CLEANUP_GRACE
        for slot in self.slots:  # one grace for all
            slot.process.join(max(0.0, deadline - time.monotonic()))
        for slot in self.slots:
            self._stop(slot, kill=True)
        self.slots = []

    def run(self, tasks: Iterable[Task]) -> Iterator[tuple[int, Any]]:
        """Every task's (id, result), in the order they finish."""
        from multiprocessing.connection import wait

        queue: collections.deque[Task] = collections.deque(tasks)
        if not queue:
            return
        try:
            while len(self.slots) < min(self.workers, len(queue)):
                self.slots.append(self._start())
            while queue or any(s.outstanding for s in self.slots):
                for slot in self.slots:  # keep every ready worker one chunk ahead
                    if slot.ready and queue and len(slot.outstanding) < self.chunksize:
                        chunk = [queue.popleft() for _ in range(min(self.chunksize, len(queue)))]
                        if not slot.outstanding:
                            slot.since = time.monotonic()
                        slot.outstanding.extend(chunk)
                        slot.conn.send(chunk)
                waits: list[Any] = [s.conn for s in self.slots] + [s.process.sentinel for s in self.slots]
                ready = set(wait(waits, timeout=self._next_deadline()))
                for slot in list(self.slots):
                    if slot.conn in ready:
                        yield from self._receive(slot)
                    if slot.process.sentinel in ready or not slot.process.is_alive():
                        yield from self._receive(slot)  # whatever it sent before dying
                        slot.process.join(5)  # reaped: its exit code is known
                        yield from self._replace(slot, death_message(slot.process.exitcode), queue)
                    elif self.timeout and slot.outstanding:
                        assert self.grace is not None
                        if time.monotonic() - slot.since > self.timeout + self.grace:
                            yield from self._receive(slot)  # an answer that came in just now
                        if slot.outstanding and time.monotonic() - slot.since > self.timeout + self.grace:
                            msg = f"took longer than the time limit of {self.timeout:g} s; its worker was stopped"
                            yield from self._replace(slot, msg, queue, kill=True)
        except BaseException:
            self.terminate()
            raise
        self.close()

    def _next_deadline(self) -> float | None:
        if not self.timeout:
            return None
        assert self.grace is not None
        now = time.monotonic()
        ends = [s.since + self.timeout + self.grace - now for s in self.slots if s.outstanding]
        return max(0.05, min(ends)) if ends else None

    def _receive(self, slot: _Slot) -> Iterator[tuple[int, Any]]:
        try:
            while slot.conn.poll():
                msg = slot.conn.recv()
                if msg[0] == "ready":
                    slot.ready = True
                    self.failed_starts = 0
                    continue
                task_id, result = msg
                if slot.outstanding and slot.outstanding[0][0] == task_id:
                    slot.outstanding.popleft()
                slot.since = time.monotonic()
                yield task_id, result
        except (EOFError, OSError):
            return

    def _replace(
        self, slot: _Slot, message: str, queue: collections.deque[Task], kill: bool = False
    ) -> Iterator[tuple[int, Any]]:
        """The worker is dead or hung: its current file gets ``message``, the rest go back in the queue."""
        # A worker past its time limit and grace did not answer its alarm (stuck in C code): it cannot
        # run a SIGTERM handler either, so it gets a second, then SIGKILL.
        self._stop(slot, kill=True if kill else slot.process.is_alive(), grace=1.0)
        if slot.outstanding:
            task_id, path = slot.outstanding.popleft()
            queue.extendleft(reversed(slot.outstanding))
            yield task_id, self.failure(path, message)
        elif not slot.ready:
            self.failed_starts += 1
            if self.failed_starts >= 3:
                from .exceptions import GovDisclosureError

                raise GovDisclosureError(f"batch workers cannot start (exit code {slot.process.exitcode})")
        i = self.slots.index(slot)
        if queue or any(s.outstanding for s in self.slots if s is not slot):
            self.slots[i] = self._start()
        else:
            del self.slots[i]
