"""Runs tensorflowjs 4.22's converter (its `main`) in .venv-convert.

Why this wrapper: tensorflowjs imports `tensorflow_decision_forests` (for TFDF SavedModels) and
`jax.experimental.jax2tf` (for `convert_jax`) at module level, and neither resolves beside
TensorFlow 2.21 (TFDF pins an older TF; jax pins other ml_dtypes). tslit converts only Keras
models and plain SavedModels, which need neither, so both names are registered as modules
that fail with a clear message the moment anything from them is actually used.
"""
import sys
import types


class _Absent(types.ModuleType):
    def __getattr__(self, attr):
        if attr.startswith("__"):
            raise AttributeError(attr)
        raise ImportError(
            f"{self.__name__}.{attr} is not installed in .venv-convert: tslit converts Keras models "
            "and SavedModels without TensorFlow Decision Forests or JAX"
        )


def _absent(name):
    module = _Absent(name)
    module.__path__ = []  # a package, so `import a.b` finds the submodule registered below
    sys.modules[name] = module
    return module


if __name__ == "__main__":
    _absent("tensorflow_decision_forests")
    jax = _absent("jax")
    experimental = _absent("jax.experimental")
    jax.experimental = experimental
    experimental.jax2tf = _absent("jax.experimental.jax2tf")
    from tensorflowjs.converters.converter import pip_main

    sys.exit(pip_main())
