## cmd/index.mk: index and retrieve, their man pages and tests.

bin_PROGRAMS += index retrieve
index_SOURCES = cmd/index.c
index_LDADD = $(TOOL_LIBS) -lm
retrieve_SOURCES = cmd/retrieve.c
retrieve_LDADD = $(TOOL_LIBS) -lm

CLI_TESTS += tests/cli/index.sh
EXTRA_DIST += tests/cli/expected/index tests/cli/retrieve_ref.py \
	bench/retrieve bench/retrieve-queries bench/xapian_retrieve.cc \
	bench/numpy_retrieve.py

dist_man_MANS += man/index.1 man/retrieve.1
