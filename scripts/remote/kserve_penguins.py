"""Serves the penguin classifier of serve_penguins.py with KServe's Python model server.

Usage: .venv-kserve/bin/python scripts/remote/kserve_penguins.py HTTP_PORT

KServe's REST endpoint speaks the Open Inference Protocol with its binary tensor extension
(requests and answers with an `Inference-Header-Content-Length` JSON header followed by raw
tensor bytes), which MLServer's REST endpoint does not offer; the remote-model tests use it for
that extension. The model is the one serve_penguins.py trains (same data, same seed), served by
a custom `kserve.Model` as a person would write one; it listens on 127.0.0.1 only.
"""
import sys
import uuid
from pathlib import Path

import numpy as np
import uvicorn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serve_penguins import FEATURES, classifier, load  # noqa: E402

# KServe's REST server binds 0.0.0.0 with no option to change it: keep the test server on loopback.
_config_init = uvicorn.Config.__init__


def _loopback_config(self, *args, **kwargs):
    kwargs["host"] = "127.0.0.1"
    _config_init(self, *args, **kwargs)


uvicorn.Config.__init__ = _loopback_config

import kserve  # noqa: E402
from kserve import InferOutput, InferRequest, InferResponse  # noqa: E402


class Penguins(kserve.Model):
    def __init__(self, name, model, classes):
        super().__init__(name)
        self.model = model
        self.classes = classes
        self.ready = True

    def get_input_types(self):
        return [{"name": "features", "datatype": "FP32", "shape": [-1, len(FEATURES)]}]

    def get_output_types(self):
        return [{"name": "predict_proba", "datatype": "FP64", "shape": [-1, self.classes]}]

    async def predict(self, payload: InferRequest, headers=None, response_headers=None) -> InferResponse:
        x = payload.inputs[0].as_numpy().astype(np.float32)
        proba = self.model.predict_proba(x).astype(np.float64)
        out = InferOutput(name="predict_proba", shape=list(proba.shape), datatype="FP64")
        out.set_data_from_numpy(proba, binary_data=payload.use_binary_outputs)
        return InferResponse(model_name=self.name, infer_outputs=[out], response_id=payload.id or str(uuid.uuid4()),
                             use_binary_outputs=payload.use_binary_outputs, requested_outputs=payload.request_outputs)


def main():
    port = int(sys.argv[1])
    x, y = load()
    model = classifier().fit(x, y)
    kserve.ModelServer(http_port=port, grpc_port=port + 1, enable_grpc=False, workers=1).start([Penguins("penguins", model, 3)])


if __name__ == "__main__":
    main()
