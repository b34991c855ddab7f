"""assetpack: brand kit + product brief -> verified, multilingual marketing asset packs."""

import os

# A build's parallelism is its own worker threads (or a Dask cluster's processes); nothing in
# it needs a multithreaded BLAS. OpenBLAS (numpy's, and OpenCV's own copy) starts a thread
# per core when it loads, and each spins for about 0.1 s before it sleeps: CPU taken from the
# build's first preset and the OCR warm-up on a 2-core machine. Read when OpenBLAS loads, so
# only if assetpack is imported before numpy; a value the user set is kept.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
