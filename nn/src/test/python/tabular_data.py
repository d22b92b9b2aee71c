"""Writes the CSV files of the tabular use-case tests (nn/src/test/resources/tabular/) from the UCI datasets in
/work/shared/data (scikit-learn's plain-text copies; see that folder's README for provenance and licence).

    /usr/bin/python3 nn/src/test/python/tabular_data.py

What it changes, so that the files read like a data scientist's exports:
- a header line naming the columns (scikit-learn's feature names), class labels written as names;
- wine.csv and iris.csv, sorted by class at the source, are put in a fixed random order (NumPy RandomState(0)), so
  that a validation split taken from the end (Keras's validation_split) holds every class;
- patients.csv is the diabetes data with a categorical age band (text) and sex as its category code (1 or 2), and missing
  values put in on purpose: bmi is empty in every 23rd row, bp is "NA" in every 31st row (1-based data rows), sex is empty in
  every 47th row.
"""
import gzip
import os

import numpy as np

SRC = "/work/shared/data"
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "resources", "tabular"))

WINE = ["alcohol", "malic_acid", "ash", "alcalinity_of_ash", "magnesium", "total_phenols", "flavanoids",
        "nonflavanoid_phenols", "proanthocyanins", "color_intensity", "hue", "od280/od315_of_diluted_wines",
        "proline"]
CANCER = [p + f for p in ("mean ", "", "worst ") for f in (
    "radius", "texture", "perimeter", "area", "smoothness", "compactness", "concavity", "concave points",
    "symmetry", "fractal dimension")]
CANCER = CANCER[:10] + [f + " error" for f in ("radius", "texture", "perimeter", "area", "smoothness",
                                               "compactness", "concavity", "concave points", "symmetry",
                                               "fractal dimension")] + CANCER[20:]
IRIS = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
DIABETES = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"]


def sklearn_csv(name):
    with open(os.path.join(SRC, name)) as f:
        first = f.readline().strip().split(",")
        rows = [line.strip().split(",") for line in f if line.strip()]
    return first[2:], rows


def write(name, header, rows):
    with open(os.path.join(OUT, name), "w", newline="") as f:
        f.write(",".join('"%s"' % h if "," in h or "/" in h else h for h in header) + "\n")
        for r in rows:
            f.write(",".join(r) + "\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    classes, rows = sklearn_csv("wine_data.csv")
    order = np.random.RandomState(0).permutation(len(rows))
    write("wine.csv", WINE + ["cultivar"], [rows[i][:-1] + [classes[int(rows[i][-1])]] for i in order])
    classes, rows = sklearn_csv("iris.csv")
    order = np.random.RandomState(0).permutation(len(rows))
    write("iris.csv", IRIS + ["species"], [rows[i][:-1] + [classes[int(rows[i][-1])]] for i in order])
    classes, rows = sklearn_csv("breast_cancer.csv")
    write("breast_cancer.csv", CANCER + ["diagnosis"], [r[:-1] + [classes[int(r[-1])]] for r in rows])
    with gzip.open(os.path.join(SRC, "diabetes_data_raw.csv.gz"), "rt") as f:
        x = [line.split() for line in f if line.strip()]
    with gzip.open(os.path.join(SRC, "diabetes_target.csv.gz"), "rt") as f:
        y = ["%g" % float(line) for line in f if line.strip()]
    write("diabetes.csv", DIABETES + ["progression"], [r + [t] for r, t in zip(x, y)])
    patients = []
    for i, (r, t) in enumerate(zip(x, y), start=1):
        age = float(r[0])
        band = "under 40" if age < 40 else "40-59" if age < 60 else "60+"
        sex = "" if i % 47 == 0 else r[1]
        bmi = "" if i % 23 == 0 else r[2]
        bp = "NA" if i % 31 == 0 else r[3]
        patients.append([band, sex, bmi, bp, r[4], r[8], t])
    write("patients.csv", ["age_band", "sex", "bmi", "bp", "s1", "s5", "progression"], patients)


if __name__ == "__main__":
    main()
