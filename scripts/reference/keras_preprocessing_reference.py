"""Keras's StringLookup and TextVectorization on fixed inputs, for tslit's tfjs versions of them.

Usage: .venv-convert/bin/python scripts/reference/keras_preprocessing_reference.py test/fixtures/keras-preprocessing.json

Adapts each layer (Keras 3, TF 2.21) on a few texts / island names and writes its config, its
vocabulary (get_vocabulary(): what `tslit convert` would carry) and its outputs on inputs that
include unknown words, punctuation, case and texts longer and shorter than the sequence length.
"""
import json
import sys

import numpy as np
import keras

TRAIN = ["The cat sat on the mat.", "A dog! A DOG? the dog's bone", "Cats, dogs & mats: all-in-one", "won't stop -- can't stop"]
INPUTS = ["the CAT, the dog!", "unknown words here", "", "a dog's cat sat on the mat the end of a long text", "mats... all-in-one?"]
ISLANDS = ["Torgersen", "Biscoe", "Dream", "Biscoe", "Biscoe"]
ISLAND_INPUTS = ["Dream", "Biscoe", "Atlantis", "Torgersen"]


def main(out):
    tv = keras.layers.TextVectorization(max_tokens=20, output_mode="int", output_sequence_length=8)
    tv.adapt(np.array(TRAIN))
    sl = keras.layers.StringLookup()
    sl.adapt(np.array(ISLANDS))
    sl1 = keras.layers.StringLookup(output_mode="one_hot")
    sl1.adapt(np.array(ISLANDS))
    fixture = {
        "keras": keras.__version__,
        "textVectorization": {"config": tv.get_config(), "vocabulary": [str(v) for v in tv.get_vocabulary()],
                              "inputs": INPUTS, "outputs": np.asarray(tv(np.array(INPUTS))).tolist()},
        "stringLookup": {"config": sl.get_config(), "vocabulary": [str(v) for v in sl.get_vocabulary()],
                         "inputs": ISLAND_INPUTS, "outputs": np.asarray(sl(np.array(ISLAND_INPUTS))).tolist()},
        "stringLookupOneHot": {"config": sl1.get_config(), "vocabulary": [str(v) for v in sl1.get_vocabulary()],
                               "inputs": ISLAND_INPUTS, "outputs": np.asarray(sl1(np.array(ISLAND_INPUTS))).tolist()},
    }
    with open(out, "w") as f:
        json.dump(fixture, f, indent=1, default=str)


if __name__ == "__main__":
    main(sys.argv[1])
