"""Reference values for tslit's PCA (src/explain/projection/pca.ts).

scikit-learn's PCA(n_components=3, svd_solver='full') on the Palmer penguins' four
measurements, standardised (vega-datasets penguins.json, rows with all four), and on a
seeded random 60 × 12 matrix. Writes test/fixtures/pca-reference.json.

Run: .venv/bin/python scripts/reference/pca_reference.py
"""
import json
import os

import numpy as np
import sklearn
from sklearn.decomposition import PCA

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NUMERIC = ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)']


def case(name, X, k):
    p = PCA(n_components=k, svd_solver='full').fit(X)
    return {'name': name, 'n': X.shape[0], 'd': X.shape[1], 'k': k, 'x': X.ravel().tolist(),
            'components': p.components_.tolist(), 'explainedVariance': p.explained_variance_.tolist(),
            'explainedVarianceRatio': p.explained_variance_ratio_.tolist(), 'projected': p.transform(X).tolist()}


def main():
    with open(os.path.join(ROOT, 'node_modules', 'vega-datasets', 'data', 'penguins.json')) as f:
        raw = json.load(f)
    rows = [r for r in raw if all(isinstance(r.get(k), (int, float)) for k in NUMERIC)]
    X = np.array([[float(r[k]) for k in NUMERIC] for r in rows])
    Xs = (X - X.mean(axis=0)) / X.std(axis=0)
    rng = np.random.default_rng(20261129)
    R = rng.normal(size=(60, 12)) @ rng.normal(size=(12, 12))
    ref = {'sklearn': sklearn.__version__, 'cases': [case('penguins-standardised', Xs, 3), case('random-60x12', R, 3)]}
    dest = os.path.join(ROOT, 'test', 'fixtures', 'pca-reference.json')
    with open(dest, 'w') as f:
        json.dump(ref, f)
    print('wrote', dest)


if __name__ == '__main__':
    main()
