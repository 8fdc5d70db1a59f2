"""Keras's StringLookup and TextVectorization on fixed inputs, for tslit's tfjs versions of them.

Usage: .venv-convert/bin/python scripts/reference/keras_preprocessing_reference.py test/fixtures/keras-preprocessing.json

Adapts each layer (Keras 3, TF 2.21) on a few texts / island names and writes its config, its
vocabulary (get_vocabulary(): what `tslit convert` would carry) and its outputs on inputs that
include unknown words, punctuation, case and texts longer and shorter than the sequence length.

`bagCases`: the bag-of-words and n-gram forms (output_mode tf_idf / multi_hot / count, ngrams,
split 'character' and None, pad_to_max_tokens, a mask token), each described by the converter's
own scripts/convert/keras_vocabularies.py (what `tslit convert` writes into model.json) with
Keras's outputs on inputs holding unknown tokens, repeats, mask tokens and empty texts.
"""
import os
import json
import sys

import numpy as np
import keras

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "convert"))
from keras_vocabularies import describe  # noqa: E402  (the converter's own reading of a layer)

TRAIN = ["The cat sat on the mat.", "A dog! A DOG? the dog's bone", "Cats, dogs & mats: all-in-one", "won't stop -- can't stop"]
INPUTS = ["the CAT, the dog!", "unknown words here", "", "a dog's cat sat on the mat the end of a long text", "mats... all-in-one?"]
ISLANDS = ["Torgersen", "Biscoe", "Dream", "Biscoe", "Biscoe"]
ISLAND_INPUTS = ["Dream", "Biscoe", "Atlantis", "Torgersen"]
# Rows of several categorical columns (a multi-valued feature); '' is the mask token where one is set.
TAGS = [["red", "blue", "red"], ["green", "", "blue"], ["blue", "blue", "blue"], ["red", "green", ""]]
TAG_INPUTS = [["red", "red", "red"], ["violet", "blue", ""], ["", "", ""], ["green", "violet", "violet"], ["blue", "green", "red"]]

TEXT_CASES = [
    ("tfidf", dict(max_tokens=20, output_mode="tf_idf")),
    ("tfidfBigramsPadded", dict(max_tokens=80, output_mode="tf_idf", ngrams=2, pad_to_max_tokens=True)),
    ("multiHotCharacters", dict(output_mode="multi_hot", split="character", standardize="lower")),
    ("countStripOnly", dict(max_tokens=30, output_mode="count", standardize="strip_punctuation")),
    # A text column (n, 1), as a model's Input(shape=(1,), dtype="string") feeds it; on a rank-1 input
    # with split=None Keras counts over the whole batch as one bag.
    ("countUnsplit", dict(output_mode="count", split=None, standardize=None)),
    ("intTrigrams", dict(max_tokens=40, output_mode="int", ngrams=(1, 3), output_sequence_length=12)),
    ("intBigramsCharacters", dict(output_mode="int", ngrams=2, split="character", output_sequence_length=40)),
]
COLUMN_CASES = {"countUnsplit", "multiHotCharacters"}
LOOKUP_CASES = [
    ("multiHotMasked", dict(output_mode="multi_hot", mask_token="")),
    ("count", dict(output_mode="count")),
    ("countMasked", dict(output_mode="count", mask_token="")),
    ("tfidf", dict(output_mode="tf_idf")),
    ("multiHotPadded", dict(output_mode="multi_hot", max_tokens=8, pad_to_max_tokens=True)),
    ("intMasked", dict(output_mode="int", mask_token="")),
]


def bag_case(kind, name, kwargs, train, inputs):
    layer = (keras.layers.TextVectorization if kind == "TextVectorization" else keras.layers.StringLookup)(name=name, **kwargs)
    layer.adapt(np.array(train))
    entry = describe((name,), layer)
    return {"name": name, "class_name": kind, "config": layer.get_config(), "vocabulary": entry["vocabulary"],
            "idf_weights": entry.get("idf_weights"), "inputs": inputs, "outputs": np.asarray(layer(np.array(inputs))).tolist()}


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
        "bagCases": [bag_case("TextVectorization", f"text_{name}", kwargs, TRAIN, [[t] for t in INPUTS] if name in COLUMN_CASES else INPUTS)
                     for name, kwargs in TEXT_CASES]
        + [bag_case("StringLookup", f"lookup_{name}", kwargs, TAGS, TAG_INPUTS) for name, kwargs in LOOKUP_CASES],
    }
    with open(out, "w") as f:
        json.dump(fixture, f, indent=1, default=str)


if __name__ == "__main__":
    main(sys.argv[1])
