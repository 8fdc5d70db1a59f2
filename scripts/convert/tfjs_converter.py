"""Runs tensorflowjs 4.22's converter (its `convert`) in .venv-convert.

`--tslit-vocabularies FILE` (tslit's own option, taken out before the converter reads the rest):
when the converted model has StringLookup / TextVectorization layers, their adapted vocabularies
(keras_vocabularies.py) are written to FILE as JSON in the same process, so TensorFlow starts once.
The arguments go to `convert` as a list (tensorflowjs's `pip_main` joins and splits them on
spaces, which breaks paths with spaces).

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
    from tensorflowjs.converters.converter import convert

    args = sys.argv[1:]
    vocabularies = None
    if "--tslit-vocabularies" in args:
        at = args.index("--tslit-vocabularies")
        vocabularies = args[at + 1]
        del args[at:at + 2]
    convert(args)
    if vocabularies is not None:
        import os

        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        from keras_vocabularies import string_layer_vocabularies

        with open(os.path.join(args[-1], "model.json")) as f:
            converted = f.read()
        if '"StringLookup"' in converted or '"TextVectorization"' in converted:
            found = string_layer_vocabularies(args[-2])
            with open(vocabularies, "w") as f:
                f.write(found)
