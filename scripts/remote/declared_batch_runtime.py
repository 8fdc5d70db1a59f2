"""An MLServer runtime that answers like mlserver_sklearn.SKLearnModel and declares, in its model
metadata's parameters, the batch size it prefers (`max_batch_size`, from the model settings'
`parameters.extra.max_batch_size`), as servers that give one do. For the remote-model test of
batching into the server's preferred size.
"""
from mlserver.types import Parameters
from mlserver_sklearn import SKLearnModel


class DeclaredBatchSKLearnModel(SKLearnModel):
    async def metadata(self):
        meta = await super().metadata()
        extra = (self.settings.parameters.extra or {}) if self.settings.parameters else {}
        given = meta.parameters.model_dump(exclude_none=True) if meta.parameters else {}
        meta.parameters = Parameters(**given, max_batch_size=int(extra["max_batch_size"]))
        return meta
