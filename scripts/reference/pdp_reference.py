"""Reference values for tslit's partial dependence (src/explain/partial-dependence).

Fits scikit-learn models on the Palmer penguins (vega-datasets penguins.json, rows with all
four measurements) and runs sklearn.inspection.partial_dependence (kind='both', method
'brute') on them. The models are simple enough to re-implement exactly in TypeScript from
the exported coefficients (multinomial LogisticRegression: softmax(X W^T + b); LinearRegression:
X w + b), so test/partial-dependence compares tslit's PDP/ICE with sklearn's to 1e-9.

Run: .venv/bin/python scripts/reference/pdp_reference.py
Writes: test/fixtures/pdp-reference.json
"""
import json
import os

import numpy as np
import sklearn
from sklearn.inspection import partial_dependence
from sklearn.linear_model import LinearRegression, LogisticRegression

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NUMERIC = ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)']
CLASSES = ['Adelie', 'Chinstrap', 'Gentoo']
ICE_ROWS = list(range(0, 342, 17))


def load():
    with open(os.path.join(ROOT, 'node_modules', 'vega-datasets', 'data', 'penguins.json')) as f:
        raw = json.load(f)
    rows = [r for r in raw if all(isinstance(r.get(k), (int, float)) for k in NUMERIC)]
    X = np.array([[float(r[k]) for k in NUMERIC] for r in rows])
    y = np.array([CLASSES.index(r['Species']) for r in rows])
    return X, y


def cases(model, X, features, grid_resolution, percentiles):
    out = []
    for j in features:
        r = partial_dependence(model, X, [j], kind='both', grid_resolution=grid_resolution, percentiles=percentiles, method='brute')
        out.append({
            'feature': NUMERIC[j],
            'gridResolution': grid_resolution,
            'percentiles': list(percentiles),
            'grid': r['grid_values'][0].tolist(),
            # average: [outputs, grid]; individual: [outputs, rows, grid] for the rows in
            # ICE_ROWS only (the whole table would make a 2 MB fixture).
            'average': r['average'].tolist(),
            'iceRows': ICE_ROWS,
            'individual': r['individual'][:, ICE_ROWS, :].tolist(),
        })
    return out


def main():
    X, y = load()
    # Scaled columns keep lbfgs well conditioned; the TS model applies the same scaling.
    mean, std = X.mean(axis=0), X.std(axis=0)
    Xs = (X - mean) / std
    clf = LogisticRegression(max_iter=2000, C=1.0).fit(Xs, y)
    W, b = clf.coef_, clf.intercept_
    # Unscaled coefficients so the model works on raw features: z = X (W/std)^T + (b - W mean/std).
    W_raw = W / std
    b_raw = b - (W * mean / std).sum(axis=1)

    class RawLogistic:
        """The same classifier on raw features (sklearn's partial_dependence needs an estimator)."""
        _estimator_type = 'classifier'
        classes_ = np.arange(3)

        def fit(self, *_):
            return self

        def predict_proba(self, Z):
            logits = Z @ W_raw.T + b_raw
            logits -= logits.max(axis=1, keepdims=True)
            e = np.exp(logits)
            return e / e.sum(axis=1, keepdims=True)

        def __sklearn_is_fitted__(self):
            return True

    raw = RawLogistic()
    assert np.allclose(raw.predict_proba(X), clf.predict_proba(Xs), atol=1e-12)

    # Regression: body mass from the other three measurements.
    reg = LinearRegression().fit(X[:, :3], X[:, 3])

    ref = {
        'sklearn': sklearn.__version__,
        'rows': X.tolist(),
        'logistic': {'classes': CLASSES, 'coef': W_raw.tolist(), 'intercept': b_raw.tolist(),
                     'cases': cases(raw, X, [0, 2], 20, (0.05, 0.95)) + cases(raw, X, [2], 100, (0.05, 0.95))},
        'linear': {'features': NUMERIC[:3], 'coef': reg.coef_.tolist(), 'intercept': float(reg.intercept_),
                   'cases': cases(reg, X[:, :3], [1], 15, (0.1, 0.9))},
    }
    dest = os.path.join(ROOT, 'test', 'fixtures', 'pdp-reference.json')
    with open(dest, 'w') as f:
        json.dump(ref, f)
    print('wrote', dest, 'rows', len(X))


if __name__ == '__main__':
    main()
