"""Golden safetensors files written by the reference implementation (Python's safetensors, 0.8.0 here) from
NumPy arrays, for SafeTensorsGoldenTest; run once, the files are committed:

    python3 make_golden.py            # writes reference-all-dtypes.safetensors and reference-f16.safetensors
    python3 make_golden.py --check    # loads adjoint-all-dtypes.safetensors (written by GoldenFiles.java)
                                      # with the reference implementation and compares every value

The arrays are the ones of GoldenFiles.allDtypes() in Java.
"""
import sys

import numpy as np
from safetensors.numpy import load_file, save_file


def all_dtypes():
    return {
        "x": np.array([0.1, -np.inf], dtype=np.float64),
        "y": np.array([1.5, -0.0, np.nan], dtype=np.float32),
        "ids": np.array([0, -1, 2**53 + 1, -2**63, 2**63 - 1], dtype=np.int64),
        "labels": np.array([[-2**31, 2**31 - 1], [7, -7]], dtype=np.int32),
        "mask": np.array([True, False, True], dtype=np.bool_),
        "none": np.zeros((0,), dtype=np.bool_),
        "step": np.array(42, dtype=np.int64),
    }


def same(a, b):
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--check":
        loaded = load_file("adjoint-all-dtypes.safetensors")
        expected = all_dtypes()
        assert sorted(loaded) == sorted(expected), sorted(loaded)
        for name, value in expected.items():
            assert same(loaded[name], value), (name, loaded[name], value)
        print("adjoint-all-dtypes.safetensors: every tensor equal, bit for bit")
    else:
        save_file(all_dtypes(), "reference-all-dtypes.safetensors", metadata={"format": "np"})
        save_file({"half": np.array([1.0, -2.0], dtype=np.float16)}, "reference-f16.safetensors")
