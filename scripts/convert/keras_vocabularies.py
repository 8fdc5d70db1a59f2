"""Prints, as JSON, the vocabularies of a Keras model's StringLookup and TextVectorization layers.

Usage: python keras_vocabularies.py MODEL.keras|MODEL.h5   (tslit convert calls it inside
tfjs_converter.py, `--tslit-vocabularies`; run alone it prints the same JSON)

Why: a layer that was `adapt()`ed keeps its vocabulary outside its config (Keras 3 and tf_keras
.keras files: the archive's assets), so tensorflowjs_converter, which copies the config, drops it
and tfjs cannot build the layer. This loads the model with the Keras that wrote it (Keras 3, or
tf_keras for files of Keras 2.x) and reads each such layer's `get_vocabulary()` (OOV and mask
tokens included), inside sub-models too; `tslit convert` writes them into model.json's config.

Output: `[{"path": [sub-model names..., layer name], "class_name", "output_mode", "vocabulary",
"idf_weights" (tf_idf only)}]`. A layer whose file holds no vocabulary (an .h5 file, which cannot
store one) exits with status 2 and a message naming the layer.
"""
import json
import os
import sys
import zipfile

STRING_LAYERS = ("StringLookup", "TextVectorization")


def written_by_keras2(path):
    """True when the file's own metadata says Keras 2.x (tf_keras) wrote it."""
    if path.endswith(".keras"):
        with zipfile.ZipFile(path) as archive:
            return json.loads(archive.read("metadata.json")).get("keras_version", "3").startswith("2.")
    import h5py

    with h5py.File(path, "r") as f:
        version = f.attrs.get("keras_version", "3")
        return (version.decode() if isinstance(version, bytes) else str(version)).startswith("2.")


def load(path):
    if written_by_keras2(path):
        import tf_keras as keras
    else:
        import keras
    return keras, keras.models.load_model(path, compile=False)


def plain(values):
    return [v.decode("utf-8") if isinstance(v, bytes) else str(v) for v in values]


def idf_weights(layer):
    """The adapted inverse document frequencies of a tf_idf layer, or None."""
    for owner in (layer, getattr(layer, "_lookup_layer", None)):
        weights = getattr(owner, "idf_weights", None) if owner is not None else None
        if weights is not None:
            import numpy as np

            return np.asarray(weights).astype("float64").tolist()
    return None


def string_layers(keras, model, path=()):
    for layer in model.layers:
        here = path + (layer.name,)
        if isinstance(layer, keras.Model):
            yield from string_layers(keras, layer, here)
        elif type(layer).__name__ in STRING_LAYERS:
            yield here, layer


def describe(here, layer):
    name = "/".join(here)
    kind = type(layer).__name__
    config = layer.get_config()
    vocabulary = plain(layer.get_vocabulary())
    special = int(config.get("num_oov_indices", 1)) + (1 if config.get("mask_token") is not None or kind == "TextVectorization" else 0)
    if len(vocabulary) <= special:
        raise SystemExit(f"{kind} layer '{name}': the file holds no vocabulary for it (an adapted vocabulary is kept in a .keras "
                         "file's assets, which .h5 cannot store): save the model as .keras")
    entry = {"path": list(here), "class_name": kind, "output_mode": config.get("output_mode"), "vocabulary": vocabulary}
    if config.get("output_mode") == "tf_idf":
        entry["idf_weights"] = idf_weights(layer)
    return entry


def string_layer_vocabularies(path):
    """The JSON list described above, for the model file at `path`."""
    keras, model = load(path)
    return json.dumps([describe(here, layer) for here, layer in string_layers(keras, model)])


def main(path):
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    sys.stdout.write(string_layer_vocabularies(path))


if __name__ == "__main__":
    try:
        main(sys.argv[1])
    except SystemExit as e:
        if isinstance(e.code, str):
            sys.stderr.write(e.code + "\n")
            sys.exit(2)
        raise
