"""Reference values for TCAV's numeric parts (src/explain/tcav): Student's t-test as
scipy.stats.ttest_ind (equal_var=True, two-sided) and L2 logistic regression as
sklearn.linear_model.LogisticRegression(C=...) fitted to tight tolerance.

Run: python scripts/reference/tcav_reference.py > test/fixtures/tcav-reference.json
(scikit-learn==1.5.2, numpy==1.26.4, scipy==1.14.1)
"""
import json

import numpy as np
from scipy import stats
from sklearn.linear_model import LogisticRegression

rng = np.random.default_rng(20261205)
out = {"ttest": [], "logistic": []}

samples = [
    (rng.normal(0.7, 0.1, 10), rng.normal(0.5, 0.15, 10)),
    (rng.normal(0.5, 0.2, 5), rng.normal(0.52, 0.2, 8)),
    (np.array([1.0, 1.0, 0.9, 1.0]), np.array([0.4, 0.6, 0.5, 0.55, 0.45])),
    (rng.normal(3, 1, 30), rng.normal(-1, 2, 3)),
]
for a, b in samples:
    r = stats.ttest_ind(a, b)
    out["ttest"].append({"a": a.tolist(), "b": b.tolist(), "t": float(r.statistic), "p": float(r.pvalue)})

for n, d, c, shift in [(40, 5, 1.0, 0.8), (30, 100, 1.0, 0.3), (24, 300, 0.1, 0.2), (50, 3, 10.0, 2.0)]:
    y = np.array([1] * (n // 2) + [0] * (n - n // 2))
    x = np.round(rng.normal(0, 1, (n, d)) + shift * y[:, None] * rng.normal(0, 1, d)[None, :], 5)
    m = LogisticRegression(C=c, tol=1e-12, max_iter=100000, solver="lbfgs").fit(x, y)
    out["logistic"].append({
        "n": n, "d": d, "c": c, "x": x.ravel().tolist(), "y": y.tolist(),
        "coef": m.coef_[0].tolist(), "intercept": float(m.intercept_[0]),
    })

print(json.dumps(out))
