## cmd/index.mk: what index and retrieve have beyond cmd/tools.mk: the
## reference scorer of the tests, the benchmark.

EXTRA_DIST += tests/cli/retrieve_ref.py \
	bench/retrieve bench/retrieve-queries bench/xapian_retrieve.cc \
	bench/numpy_retrieve.py
