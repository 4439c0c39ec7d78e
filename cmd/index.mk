## cmd/index.mk: index and retrieve, their library modules, man pages and
## tests.

# The index file: codec, reader, search (index.c) and writer.
lib_libtextfeat_la_SOURCES += lib/index.c lib/index.h lib/index_impl.h \
	lib/index_write.c

bin_PROGRAMS += index retrieve
index_SOURCES = cmd/index.c
index_LDADD = $(TOOL_LIBS) -lm
retrieve_SOURCES = cmd/retrieve.c
retrieve_LDADD = $(TOOL_LIBS) -lm

UNIT_SUITES += tests/unit/test_index.c
CLI_TESTS += tests/cli/index.sh
EXTRA_DIST += tests/cli/expected/index tests/cli/retrieve_ref.py

dist_man_MANS += man/index.1 man/retrieve.1
