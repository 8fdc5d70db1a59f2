"""An MLServer runtime that answers like mlserver_sklearn.SKLearnModel after a delay per request.

For the remote-model tests' slow server (timeouts, a server stopped mid-way): the delay comes
from the model settings' `parameters.extra.delay` (seconds).
"""
import asyncio

from mlserver_sklearn import SKLearnModel


class SlowSKLearnModel(SKLearnModel):
    async def predict(self, payload):
        extra = (self.settings.parameters.extra or {}) if self.settings.parameters else {}
        await asyncio.sleep(float(extra.get("delay", 1.0)))
        return await super().predict(payload)
