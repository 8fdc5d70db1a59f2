# Installed by scripts/setup.mjs into the project's venv (etc/jupyter), so `npm start`, the
# browser tests and `tslit export` use it.
#
# Turns off Nagle's algorithm on kernel websockets. Tornado leaves it on, so a small widget
# message sent right after another waits for the browser's delayed ACK (~40 ms); with it off,
# an edit-to-prediction round trip drops from ~63 ms to ~32 ms median (BENCHMARKS.md).
from jupyter_server.services.kernels.websocket import KernelWebsocketHandler

_open = KernelWebsocketHandler.open


async def _open_nodelay(self, *args, **kwargs):
    self.set_nodelay(True)
    return await _open(self, *args, **kwargs)


KernelWebsocketHandler.open = _open_nodelay
