"""NumPy's side of bench/io.sh, as a small server so that the two sides run interleaved under the same machine load.
Argument: DIR MB. Prints one JSON line with the versions, then for each line read on stdin (an operation name) runs
that operation once and prints its time in seconds. Operations: np.save / np.load / np.savez / np.load of an .npz,
on a float64 array of MB megabytes and on the files attnlab wrote in DIR."""
import json, os, sys, time
import numpy as np
from numpy_reference import openblas  # the OpenBLAS core NumPy actually runs, read at run time (same dir)

directory, mb = sys.argv[1], int(sys.argv[2])
n = mb * (1 << 20) // 8
a = np.random.default_rng(0).standard_normal(n)
a = a.reshape(-1, 1024, 1024) if n % (1 << 20) == 0 else a
path = lambda name: os.path.join(directory, name)

def loadz():
    with np.load(path('attnlab.npz')) as z:
        return z['x']

def remove(name):
    if os.path.exists(path(name)):
        os.remove(path(name))

# each operation: (prepare, untimed; run, timed)
ops = {'save npy (new)': (lambda: remove('numpy.npy'), lambda: np.save(path('numpy.npy'), a)),
       'save npy (over)': (lambda: None, lambda: np.save(path('numpy.npy'), a)),
       'load npy': (lambda: None, lambda: np.load(path('attnlab.npy'))),
       'savez (new)': (lambda: remove('numpy.npz'), lambda: np.savez(path('numpy.npz'), x=a)),
       'loadz': (lambda: None, loadz)}
unset = [k for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE") if k in os.environ]
print(json.dumps(dict(version=np.__version__, python=sys.version.split()[0], core=openblas()[0],
                      variables=", ".join(f"{k}={os.environ[k]}" for k in unset) or "none set")), flush=True)
for line in sys.stdin:
    prepare, run = ops[line.strip()]
    prepare()
    t = time.perf_counter()
    result = run()
    print(time.perf_counter() - t, flush=True)
    del result
